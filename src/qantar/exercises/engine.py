"""The exercise engine: question kinds, the placeholder ``____``, results, and their record.

A question is a declarative record (see exercises/start.py). Students set the question's variable and
call ``qN.check()``; ``qN.hint()``, ``qN.hint(2)`` and ``qN.solution()`` help them. ``check()`` never
raises (but for Interrupt) and never reveals the answer: whatever the student wrote, it returns a Result
whose message says in plain words what to look at. Every check is recorded in ``RESULTS`` for the grader.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re
import sys
from dataclasses import dataclass, field
from typing import Any, Callable

NOT_ATTEMPTED = "not attempted"
CORRECT = "correct"
INCORRECT = "incorrect"
ANSWERED = "answered"
ERROR = "error"


class Placeholder:
    """The blank a student replaces: ``answer = ____``."""

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False


____ = Placeholder()


class Text:
    """Text shown in a notebook as Markdown (a hint, a solution), and as plain text elsewhere."""

    def __init__(self, markdown: str):
        self.markdown = markdown.strip()

    def _repr_markdown_(self) -> str:
        return self.markdown

    def __repr__(self) -> str:
        return self.markdown

    def __str__(self) -> str:
        return self.markdown


_COLOURS = {CORRECT: "#009E73", INCORRECT: "#D55E00", NOT_ATTEMPTED: "#666666", ANSWERED: "#0072B2",
            ERROR: "#D55E00"}
_LABELS = {CORRECT: "Correct", INCORRECT: "Not yet", NOT_ATTEMPTED: "Not attempted",
           ANSWERED: "Answer recorded", ERROR: "Could not check"}


@dataclass
class Result:
    """The outcome of one check."""

    question: str
    status: str
    message: str
    points: float = 0.0
    max_points: float = 1.0
    exercise_set: str = ""

    def as_dict(self) -> dict:
        return {"exercise_set": self.exercise_set, "question": self.question, "status": self.status,
                "points": self.points, "max_points": self.max_points, "message": self.message}

    def __repr__(self) -> str:
        return f"{self.question}: {_LABELS[self.status]}. {self.message}"

    def _repr_html_(self) -> str:
        colour = _COLOURS[self.status]
        return (f'<div style="border-left:4px solid {colour};padding:2px 8px">'
                f'<b style="color:{colour}">{html.escape(self.question)}: {_LABELS[self.status]}.</b> '
                f"{html.escape(self.message)}</div>")


# The latest result of each question checked in this kernel: {(exercise_set, question): Result}.
RESULTS: dict[tuple[str, str], Result] = {}


ECHO_LIMIT = 80  # characters of a student's text a message repeats (an answer may be megabytes)


def _echo(text: str, quote: bool = True) -> str:
    """A student's text as every message repeats it: at most ECHO_LIMIT characters, then an ellipsis."""
    text = str.__str__(text)  # a plain copy: a subclass of str may change how it shows itself
    shown = repr(text[:ECHO_LIMIT]) if quote else text[:ECHO_LIMIT]
    if len(text) > ECHO_LIMIT:
        shown += f"… ({len(text):,} characters)"
    return shown


def _type_name(value) -> str:
    # type(), not value.__class__: a student's object may make __class__ raise.
    return _echo(type(value).__name__, quote=False)


def _error_text(err: BaseException) -> str:
    """'ValueError: what it said', capped; safe even when the error's own __str__ raises."""
    try:
        said = _echo(str(err), quote=False)
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001
        said = ""
    return f"{_type_name(err)}: {said}" if said else _type_name(err)


def _describe(value) -> str:
    """A short description of a value's kind, for messages. Never raises: a student's object may raise
    from len(), __class__ or anything else it defines."""
    try:
        return _kind_of(value)
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001
        return f"an object of type {_type_name(value)}"


def _kind_of(value) -> str:
    try:
        import pandas as pd

        if isinstance(value, pd.DataFrame):
            return f"a table (DataFrame) with {len(value)} rows and {len(value.columns)} columns"
        if isinstance(value, pd.Series):
            return f"a column (Series) of {len(value)} values"
        if isinstance(value, pd.Index):
            return f"an index of {len(value)} values"
    except Exception:  # noqa: BLE001
        pass
    if value is None:
        return "None (nothing)"
    if isinstance(value, bool):
        return f"True/False ({value})"
    if isinstance(value, str):
        return "text" if value.strip() else "empty text"
    if isinstance(value, (list, tuple, set, frozenset)):
        return f"a {_type_name(value)} of {len(value)} items"
    if isinstance(value, dict):
        return f"a dictionary of {len(value)} items"
    if isinstance(value, numbers.Number):
        return "a number"
    if callable(value):
        return "a function (did you forget to call it with ()?)"
    return f"an object of type {_type_name(value)}"


# ---------------------------------------------------------------------------------------------
# Questions


@dataclass
class Question:
    """What every question has. Subclasses decide how an answer is judged (``judge``)."""

    name: str  # q1, q2, ...
    var: str  # the variable the student sets
    prompt: str  # the question, one or two sentences
    hints: list[str] = field(default_factory=list)  # a nudge first, then closer to the method; never the answer
    solution_code: str = ""  # code that sets the variable (the teacher notebook's solution cell has the same)
    explanation: str = ""  # why the solution works: the reasoning, in prose
    points: float = 1.0
    exercise_set: str = ""  # set by QuestionSet
    # Predictable wrong answers and why each is wrong: {answer: reason}. The reason says what went wrong
    # (the units, the month, the old name), never the right answer. A function of no arguments may
    # return the map (answers computed from the data).
    mistakes: Any = field(default_factory=dict)
    # Why this question's answer may be on its lesson's page (tests/test_lesson_pages.py); empty: it is not.
    on_page_because: str = ""
    kind = "value"
    scored = True  # False: recorded for the teacher, not marked (written answers, judge-first tasks)

    # --- what students call ------------------------------------------------------------------
    def check(self, /, *args, **kwargs) -> Result:
        """Check the student's variable, or a value passed directly (``q1.check(x)``, also as
        ``q1.check(answer=x)``). Never raises."""
        values = [*args, *kwargs.values()]
        if len(values) > 1:  # not recorded: no answer was checked
            return self._result(ERROR, f"Give check() one value at most: `{self.name}.check()` checks your "
                                       f"variable `{self.var}`, `{self.name}.check(value)` checks a value.")
        answer = values[0] if values else _caller_namespace().get(self.var, ____)
        result = self.evaluate(answer)
        RESULTS[(self.exercise_set, self.name)] = result
        return result

    def hint(self, /, *args, **kwargs) -> Text:
        """Hint n: ``q1.hint()``, ``q1.hint(2)``. Any other value gets the range of hints, not an error."""
        if not self.hints:
            return Text(f"**{self.name}** has no hints. Re-read the question and the section above it.")
        values = [*args, *kwargs.values()]
        n = 1 if not values else _hint_number(values[0]) if len(values) == 1 else None
        if n is None or not 1 <= n <= len(self.hints):
            return Text(f"**{self.name}** has hints 1 to {len(self.hints)}: try `{self.name}.hint(1)`.")
        more = f" (more: `{self.name}.hint({n + 1})`)" if n < len(self.hints) else ""
        return Text(f"**Hint {n} of {len(self.hints)}**{more}: {self.hints[n - 1]}")

    def solution(self, /, *_ignored, **_also_ignored) -> Text:
        parts = [f"**Solution to {self.name}**"]
        if self.solution_code:
            parts.append(f"```python\n{self.solution_code.strip()}\n```")
        if self.explanation:
            parts.append(self.explanation)
        return Text("\n\n".join(parts))

    # --- judging -------------------------------------------------------------------------------
    def evaluate(self, answer) -> Result:
        """Judge an answer; any surprise becomes an 'error' result with a plain message.

        Whatever a student's object raises (even SystemExit or another BaseException) becomes that
        message. KeyboardInterrupt alone goes through: it is how Interrupt, and the grader's time limit,
        stop a check that runs too long.
        """
        if issubclass(type(answer), Placeholder):  # not isinstance: it reads a student's __class__
            return self._result(NOT_ATTEMPTED, f"Replace ____ in `{self.var} = ____` with your answer, "
                                               "run that cell, then run this check again.")
        try:
            status, message = self.judge(answer)
            if status == INCORRECT:
                message = self.known_mistake(answer) or message
        except KeyboardInterrupt:
            raise
        except BaseException as err:  # noqa: BLE001 - a student must never see a traceback from a check
            status, message = ERROR, (f"Your answer is {_describe(answer)} and could not be checked "
                                      f"({_type_name(err)}). Try a simpler value: a number, "
                                      "some text or a list.")
        return self._result(status, message)

    def judge(self, answer) -> tuple[str, str]:
        raise NotImplementedError

    def known_mistake(self, answer) -> str | None:
        """The reason given for ``answer`` in ``mistakes``, if it is one of them."""
        mistakes = self.mistakes() if callable(self.mistakes) else self.mistakes
        for wrong, reason in mistakes.items():
            probe = ValueQuestion(self.name, self.var, "", expected=wrong,
                                  abs_tol=getattr(self, "abs_tol", 0.0), rel_tol=getattr(self, "rel_tol", 1e-9))
            if probe.judge(answer)[0] == CORRECT:
                return reason
        return None

    def _result(self, status: str, message: str) -> Result:
        points = self.points if status in (CORRECT, ANSWERED) and self.scored else 0.0
        max_points = self.points if self.scored else 0.0
        return Result(self.name, status, message, points, max_points, self.exercise_set)

    def __repr__(self) -> str:
        return f"{self.name} ({self.kind}): {self.prompt}"


@dataclass(repr=False)
class ValueQuestion(Question):
    """An answer compared with an expected value: a number, text, a date, True/False or a collection.

    ``expected`` may be a function of no arguments (computed from the data when first needed).
    ``accept`` lists other answers that also count (other spellings). Numbers match within
    ``abs_tol`` or ``rel_tol``; collections ignore order unless ``ordered``.
    """

    expected: Any = None
    accept: list = field(default_factory=list)
    abs_tol: float = 0.0
    rel_tol: float = 1e-9
    ordered: bool = False
    _cache: Any = field(default=None, init=False, repr=False)

    def expected_value(self):
        if self._cache is None:
            self._cache = (self.expected() if callable(self.expected) else self.expected,)
        return self._cache[0]

    def judge(self, answer):
        expected = self.expected_value()
        if isinstance(expected, bool):
            return _judge_bool(answer, expected)
        if isinstance(expected, numbers.Number):
            return _judge_number(answer, expected, self.abs_tol, self.rel_tol)
        if _is_date(expected):
            return _judge_date(answer, expected)
        if isinstance(expected, str):
            return _judge_text(answer, [expected, *self.accept])
        if isinstance(expected, (list, tuple, set, frozenset)):
            return _judge_collection(answer, list(expected), self.ordered, self.abs_tol, self.rel_tol)
        raise TypeError(f"unsupported expected value {type(expected).__name__}")


@dataclass(repr=False)
class ChoiceQuestion(Question):
    """Pick one of ``options``. ``answer`` is the key's choice; ``alternatives`` are defensible too."""

    kind = "choice"
    options: list[str] = field(default_factory=list)
    answer: Any = None
    alternatives: list[str] = field(default_factory=list)
    alternative_note: str = ""  # why an alternative is defensible, shown when a student picks one
    # Why each wrong option does not fit this item, {option: reason}, shown when a student picks it. Say
    # what the option means and what in the item speaks against it; never name the key's option.
    option_reasons: dict = field(default_factory=dict)

    def judge(self, answer):
        key = self.answer() if callable(self.answer) else self.answer
        alternatives = self.alternatives() if callable(self.alternatives) else self.alternatives
        if not isinstance(answer, str):
            return INCORRECT, (f"Your answer is {_describe(answer)}. Choose one of the options, as text "
                               f"in quotes: {', '.join(repr(o) for o in self.options)}.")
        given = _normalise(answer)
        if given not in {_normalise(o) for o in self.options}:
            return INCORRECT, (f"{_echo(answer)} is not one of the options. Choose one of: "
                               f"{', '.join(repr(o) for o in self.options)} (spelling matters).")
        if given == _normalise(key):
            return CORRECT, "That matches the answer key."
        if given in {_normalise(a) for a in alternatives}:
            note = f" {self.alternative_note}" if self.alternative_note else ""
            return CORRECT, f"Accepted: a defensible reading, though not the key's first choice.{note}"
        for option, reason in self.option_reasons.items():
            if _normalise(option) == given:
                return INCORRECT, f"Not this one: {reason}"
        return INCORRECT, "That option does not fit. Re-read the passage and the definitions of the options."


@dataclass(repr=False)
class WrittenQuestion(Question):
    """A written answer: recorded, not marked. Students see the rubric (``show_rubric()``, and
    ``solution()`` shows it too); the model answer is the teacher's (teacher notebook, ``model()``,
    the grader's written_answers/)."""

    kind = "written"
    scored = False
    model_answer: str = ""
    rubric: list[str] = field(default_factory=list)  # levels, from weakest to strongest
    min_words: int = 15

    def judge(self, answer):
        if not isinstance(answer, str):
            return INCORRECT, (f"Your answer is {_describe(answer)}. Write your answer as text between "
                               'triple quotes: """ ... """.')
        words = len(answer.split())
        if words == 0:
            return NOT_ATTEMPTED, "Your answer is empty. Write a few sentences between the quotes."
        if words < self.min_words:
            return INCORRECT, (f"Your answer has {words} words; aim for at least {self.min_words}, with "
                               "evidence from the sources.")
        return ANSWERED, (f"Recorded ({words} words). Your teacher reads written answers. Check yours "
                          f"against the rubric, level by level: {self.name}.show_rubric().")

    def solution(self, /, *_ignored, **_also_ignored) -> Text:
        return Text(f"{self.show_rubric()}\n\nA written question has no single right answer: your teacher "
                    "reads yours against these levels.")

    def model(self) -> Text:
        """The model answer, for the teacher's notebook."""
        text = f"**Model answer to {self.name}**\n\n{self.model_answer.strip()}"
        if self.explanation:
            text += f"\n\n{self.explanation}"
        return Text(text)

    def show_rubric(self) -> Text:
        levels = "\n".join(f"{i}. {level}" for i, level in enumerate(self.rubric, start=1))
        return Text(f"**Rubric for {self.name}** (from weakest to strongest)\n\n{levels}")


@dataclass(repr=False)
class FunctionQuestion(Question):
    """The student writes a function; ``cases`` are (arguments tuple, expected result) pairs."""

    kind = "function"
    cases: list = field(default_factory=list)
    abs_tol: float = 0.0
    rel_tol: float = 1e-9

    def judge(self, answer):
        if not callable(answer):
            return INCORRECT, f"`{self.var}` should be a function (def ...), but it is {_describe(answer)}."
        cases = self.cases() if callable(self.cases) else self.cases
        for args, expected in cases:
            shown = ", ".join(_echo(repr(a), quote=False) for a in args)  # a table argument stays short
            try:
                got = answer(*args)
            except KeyboardInterrupt:
                raise  # Interrupt, or the grader's time limit on a function that loops forever
            except SystemExit:
                return INCORRECT, (f"Calling {self.var}({shown}) called exit(), which stops Python: a "
                                   "function should return its result instead.")
            except BaseException as err:  # noqa: BLE001 - a student's function may raise anything
                return INCORRECT, f"Calling {self.var}({shown}) stopped with {_error_text(err)}"
            checker = ValueQuestion(self.name, self.var, "", expected=expected, abs_tol=self.abs_tol,
                                    rel_tol=self.rel_tol)
            result = checker.evaluate(got)  # the result may be an object that raises too
            if result.status != CORRECT:
                return INCORRECT, f"For {self.var}({shown}): {result.message}"
        return CORRECT, f"Your function gives the right result in all {len(cases)} test cases."


# ---------------------------------------------------------------------------------------------
# Judging helpers


def _normalise(text: str) -> str:
    text = re.sub(r"[\s_\-–—]+", " ", str(text).casefold())
    return re.sub(r"[^\w ]", "", text).strip()


def _hint_number(value) -> int | None:
    """The hint asked for: 2, 2.0 and '2' mean hint 2; anything else (inf, 'two', 2.5, None) None."""
    try:
        kind = type(value)
        if issubclass(kind, bool):
            return None
        if issubclass(kind, str):
            text = str.__str__(value).strip()
            return int(text) if len(text) < 10 else None
        if isinstance(value, numbers.Integral):
            return int(value)
        if isinstance(value, numbers.Real):
            number = float(value)
            return int(number) if math.isfinite(number) and number.is_integer() else None
    except KeyboardInterrupt:
        raise
    except BaseException:  # noqa: BLE001 - int('two'), or a student's object that raises
        return None
    return None


def _is_date(value) -> bool:
    return isinstance(value, (dt.date, dt.datetime)) or type(value).__name__ == "Timestamp"


def _as_single(answer):
    """Unwrap a one-value container; return (value, note) or raise a message for many values."""
    try:
        import numpy as np
        import pandas as pd

        if isinstance(answer, (pd.DataFrame,)):
            if answer.shape == (1, 1):
                return answer.iat[0, 0], ""
            return None, (f"Your answer is {_describe(answer)}; the question wants a single value. "
                          "Pick it out of the table, for example with .loc, .iloc or .sum().")
        if isinstance(answer, (pd.Series, pd.Index, np.ndarray, list, tuple)):
            if len(answer) == 1:
                return None, (f"Your answer is {_describe(answer)} holding one value; the question wants "
                              "the value itself. Take it out, for example with .iloc[0] or [0].")
            return None, (f"Your answer is {_describe(answer)}; the question wants a single value.")
        if isinstance(answer, np.generic):
            return answer.item(), ""
    except ImportError:  # pragma: no cover
        pass
    return answer, ""


def _judge_number(answer, expected, abs_tol, rel_tol):
    answer, problem = _as_single(answer)
    if problem:
        return INCORRECT, problem
    if isinstance(answer, bool):
        return INCORRECT, "Your answer is True/False; this question wants a number."
    if isinstance(answer, (bytes, bytearray)):
        return INCORRECT, "Your answer is bytes (b'...'); this question wants a number, without quotes."
    if isinstance(answer, str):
        cleaned = answer.replace(",", "").strip()
        try:
            float(cleaned)
        except ValueError:
            return INCORRECT, "Your answer is text; this question wants a number (no quotes)."
        return INCORRECT, f"Your answer is text ({_echo(answer)}). Give it as a number, without quotes."
    if answer is None:
        return INCORRECT, ("Your answer is None. Did you assign the result (a function that prints "
                           "instead of returning gives None)?")
    if isinstance(answer, complex):
        return INCORRECT, "Your answer is a complex number; this question wants an ordinary number."
    if not isinstance(answer, numbers.Number):
        try:
            answer = float(answer)
        except (TypeError, ValueError):
            return INCORRECT, f"Your answer is {_describe(answer)}; this question wants a number."
    value = float(answer)
    if math.isnan(value):
        return INCORRECT, ("Your answer is NaN (not a number). That often comes from a filter that "
                           "matched no rows, or a missing value.")
    if math.isinf(value):
        return INCORRECT, "Your answer is infinite: did you divide by zero?"
    target = float(expected)
    if math.isclose(value, target, abs_tol=abs_tol, rel_tol=rel_tol):
        return CORRECT, "Well done."
    if target and value and math.isclose(value * target, 1, rel_tol=max(rel_tol, 1e-6)):
        return INCORRECT, ("Your answer is the right ratio upside down: check which number you divided by "
                           "which.")
    for factor, advice in ((1000, "a factor of 1,000: check the units (thousands, millions, billions)"),
                           (1_000_000, "a factor of a million: check the units (millions or billions?)"),
                           (1_000_000_000, "a factor of a billion: is one figure in billions and the other "
                                           "in units?"),
                           (12, "a factor of 12: is one figure per month and the other per year?"),
                           (100, "a factor of 100: a percentage versus a fraction?")):
        for candidate in (value * factor, value / factor):
            # The tolerance is in the target's units: a scaled answer must land as close as a right one.
            if target and math.isclose(candidate, target, abs_tol=abs_tol, rel_tol=max(rel_tol, 1e-6)):
                return INCORRECT, f"Your answer is off by {advice}" + ("" if advice.endswith("?") else ".")
    if target and abs(value - target) <= max(abs(target) * 0.05, abs_tol * 5):
        return INCORRECT, ("Close, but not within the tolerance. Check your rounding and which rows you "
                           "included.")
    if target and math.isclose(value, -target, rel_tol=1e-9):
        return INCORRECT, "The size looks right but the sign is not: subtract the other way round."
    return INCORRECT, "That is not the expected number. Re-read the question and check your steps."


def _judge_bool(answer, expected):
    answer, problem = _as_single(answer)
    if problem:
        return INCORRECT, problem
    try:
        import numpy as np

        if isinstance(answer, np.bool_):
            answer = bool(answer)
    except ImportError:  # pragma: no cover
        pass
    if not isinstance(answer, bool):
        return INCORRECT, f"Your answer is {_describe(answer)}; this question wants True or False."
    return (CORRECT, "Well done.") if answer == expected else (INCORRECT, "Not quite: look at the data again.")


def _judge_text(answer, accepted):
    answer, problem = _as_single(answer)
    if problem:
        return INCORRECT, problem
    if not isinstance(answer, str):
        return INCORRECT, f"Your answer is {_describe(answer)}; this question wants text, in quotes."
    if not answer.strip():
        return INCORRECT, "Your answer is empty text: write it between the quotes."
    if _normalise(answer) in {_normalise(a) for a in accepted}:
        return CORRECT, "Well done."
    return INCORRECT, "That is not the expected answer. Check the spelling against the data, or re-read the question."


def _to_date(value):
    from qantar.data import as_date

    return as_date(value)


def _judge_date(answer, expected):
    answer, problem = _as_single(answer)
    if problem:
        return INCORRECT, problem
    if answer is None or (isinstance(answer, float) and math.isnan(answer)):
        return INCORRECT, f"Your answer is {_describe(answer)}; this question wants a date."
    try:
        given = _to_date(answer)
    except ValueError:
        # The example is a pattern, not a date: a date from the events could be the answer itself.
        return INCORRECT, "Your answer could not be read as a date: write it as 'YYYY-MM-DD' (year-month-day)."
    except TypeError:
        return INCORRECT, f"Your answer is {_describe(answer)}; this question wants a date, like 'YYYY-MM-DD'."
    if given == _to_date(expected):
        return CORRECT, "Well done."
    return INCORRECT, "That is not the expected date. Check which rows you looked at."


def _judge_collection(answer, expected, ordered, abs_tol, rel_tol):
    try:
        import numpy as np
        import pandas as pd

        if isinstance(answer, pd.DataFrame):
            return INCORRECT, (f"Your answer is {_describe(answer)}; the question wants a list of values. "
                               "Take one column, then .tolist().")
        if isinstance(answer, (pd.Series, pd.Index, np.ndarray)):
            answer = list(answer)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(answer, str) or not isinstance(answer, (list, tuple, set, frozenset)):
        return INCORRECT, f"Your answer is {_describe(answer)}; this question wants a list, like ['a', 'b']."
    given = list(answer)

    def key(v):
        if isinstance(v, str):
            return _normalise(v)
        if _is_date(v):
            return _to_date(v)
        if isinstance(v, numbers.Number) and not isinstance(v, bool):
            return round(float(v), 9)
        return v

    if len(given) != len(expected):
        items = "item" if len(given) == 1 else "items"
        return INCORRECT, f"Your list has {len(given)} {items}, which is not the right number."
    if ordered:
        if [key(v) for v in given] == [key(v) for v in expected]:
            return CORRECT, "Well done."
        if sorted(map(str, map(key, given))) == sorted(map(str, map(key, expected))):
            return INCORRECT, "The right items, but not in the right order."
        return INCORRECT, "Some items are not right. Check your filter."
    want = [key(v) for v in expected]
    wrong = 0
    for v in given:
        k = key(v)
        if k in want:
            want.remove(k)
        else:
            wrong += 1
    if wrong == 0:
        return CORRECT, "Well done."
    return INCORRECT, f"{wrong} of your {len(given)} items should not be there. Check your filter."


def _caller_namespace() -> dict:
    """The student's variables: IPython's user namespace, or the calling module's globals."""
    try:
        from IPython import get_ipython

        shell = get_ipython()
        if shell is not None:
            return shell.user_ns
    except ImportError:  # pragma: no cover
        pass
    frame = sys._getframe(2)
    return frame.f_globals


# ---------------------------------------------------------------------------------------------
# Question sets


class QuestionSet:
    """The questions of one exercise notebook, in order. Iterate to bind q1, q2, ... in a module."""

    def __init__(self, name: str, title: str, questions: list[Question]):
        self.name = name
        self.title = title
        self.questions = questions
        names = [q.name for q in questions]
        variables = [q.var for q in questions]
        if len(set(names)) != len(names) or len(set(variables)) != len(variables):
            raise ValueError(f"question set {name}: question names and variables must be unique")
        for q in questions:
            q.exercise_set = name

    def __iter__(self):
        return iter(self.questions)

    def __len__(self) -> int:
        return len(self.questions)

    def __getitem__(self, name: str) -> Question:
        for q in self.questions:
            if q.name == name:
                return q
        raise KeyError(name)

    @property
    def variables(self) -> list[str]:
        return [q.var for q in self.questions]

    def grade(self, namespace: dict) -> list[Result]:
        """Recompute every question from a namespace of the student's variables."""
        results = []
        for q in self.questions:
            if q.var not in namespace:
                results.append(q._result(NOT_ATTEMPTED, f"The variable `{q.var}` was not found: was the "
                                                        "answer cell deleted or renamed?"))
            else:
                results.append(q.evaluate(namespace[q.var]))
        return results

    def summary(self, namespace: dict | None = None) -> "Summary":
        """A table of every question's status (from a namespace, or the caller's variables)."""
        return Summary(self.grade(namespace if namespace is not None else _caller_namespace()))


class Summary:
    """Results of a whole set, shown as a table."""

    def __init__(self, results: list[Result]):
        self.results = results

    @property
    def all_correct(self) -> bool:
        """True when every auto-checked question is correct and every written one answered."""
        return all(r.status in (CORRECT, ANSWERED) for r in self.results)

    @property
    def score(self) -> tuple[float, float]:
        return sum(r.points for r in self.results), sum(r.max_points for r in self.results)

    def __repr__(self) -> str:
        got, total = self.score
        lines = [f"{r.question}: {_LABELS[r.status]}" for r in self.results]
        return "\n".join(lines + [f"Score: {got:g} of {total:g} auto-checked points"])

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r.question}</td><td style='color:{_COLOURS[r.status]}'>"
                       f"{_LABELS[r.status]}</td></tr>" for r in self.results)
        got, total = self.score
        return (f"<table><tr><th>question</th><th>status</th></tr>{rows}</table>"
                f"<p>Score: {got:g} of {total:g} auto-checked points</p>")
