"""Questions without their answers, for assessed work: what a student notebook built by ``qantar assign``
imports instead of an exercise set.

    from qantar.exercises.assessed import ____, assignment
    q1, q2, q3 = assignment({...})   # the questions' public parts: prompts, hints, options, rubrics

A question here knows what an answer should look like (a number, a date, one of the options, a function,
some words) and nothing of what the answer is: no expected value, no solution code, no model answer is
held by the object, its class or this module, so ``dir(q)``, ``vars(q)``, ``inspect`` and ``gc`` find
none. ``check()`` says when an answer has the wrong form ("this question wants a number") and otherwise
records it: the teacher's grader marks it with the key, which stays on the teacher's computer
(``qantar grade DIR --key KEY``). ``solution()`` says the solutions are not released; once the teacher
releases them (``qantar release``), the released notebook's questions carry their solutions and show them.

This module imports the engine (its messages and the blank) and nothing of any exercise set.
"""
from __future__ import annotations

import math
import numbers

from .engine import (_COLOURS, _LABELS, ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED, RESULTS, Placeholder,
                     Result, Summary, Text, ____, _caller_namespace, _describe, _echo, _hint_number, _judge_bool,
                     _judge_collection, _judge_date, _judge_number, _judge_text, _normalise)

__all__ = ["____", "assignment", "AssessedQuestion", "AssessedSet"]

# What a value question's answer should be, as the spec names it, and the words a message uses.
WANTS = {"number": "a number", "text": "text", "date": "a date", "list": "a list", "true/false": "True or False",
         "any": "a value"}


def _form_problem(wants: str, answer) -> str:
    """Why ``answer`` does not have the form ``wants`` asks for, or ''. The engine's own judges give the
    messages: judged against the answer itself, a value of the right form can only be 'correct'."""
    if wants == "number":
        if isinstance(answer, numbers.Number) and not isinstance(answer, (bool, complex)):
            value = float(answer)
            if math.isnan(value) or math.isinf(value):
                return _judge_number(answer, 0, 0, 0)[1]
            return ""
        status, message = _judge_number(answer, 1, 0, 0)
        return "" if status == CORRECT else message
    judges = {"text": lambda a: _judge_text(a, [a if isinstance(a, str) else ""]),
              "date": lambda a: _judge_date(a, a),
              "true/false": lambda a: _judge_bool(a, a),
              "list": lambda a: _judge_collection(a, _listed(a), False, 0.0, 0.0)}
    if wants not in judges:
        return ""
    status, message = judges[wants](answer)
    return "" if status == CORRECT else message


def _listed(answer) -> list:
    try:
        return list(answer) if not isinstance(answer, (str, bytes, dict)) else []
    except Exception:  # noqa: BLE001 - an object that cannot be listed fails the form check itself
        return []


class AssessedQuestion:
    """A question of an assessed notebook: its public parts only (``__slots__``: no instance dictionary)."""

    __slots__ = ("name", "var", "prompt", "kind", "exercise_set", "wants", "options", "rubric", "min_words",
                 "items", "labels", "_hints", "_released")

    def __init__(self, exercise_set: str, spec: dict):
        self.exercise_set = exercise_set
        self.name, self.var, self.prompt = spec["name"], spec["var"], spec.get("prompt", "")
        self.kind = spec.get("kind", "value")
        self.wants = spec.get("wants", "any")
        self.options = list(spec.get("options", []))
        self.rubric = list(spec.get("rubric", []))
        self.min_words = int(spec.get("min_words", 15))
        self.items = dict(spec.get("items", {}))
        self.labels = dict(spec.get("labels", {}))
        self._hints = list(spec.get("hints", []))
        self._released = spec.get("released", "")  # the solution, in a notebook built after the release

    def __repr__(self) -> str:
        return f"{self.name} ({self.kind}): {self.prompt}"

    # --- what students call ------------------------------------------------------------------
    def check(self, /, *args, **kwargs) -> Result:
        """Check the form of your variable (or of a value, ``q1.check(x)``) and record it; your teacher
        marks it."""
        values = [*args, *kwargs.values()]
        if len(values) > 1:
            return self._result(ERROR, f"Give check() one value at most: `{self.name}.check()` checks your "
                                       f"variable `{self.var}`.")
        answer = values[0] if values else _caller_namespace().get(self.var, ____)
        result = self._evaluate(answer)
        RESULTS[(self.exercise_set, self.name)] = result
        return result

    def hint(self, /, *args, **kwargs) -> Text:
        """Hint n: ``q1.hint()``, ``q1.hint(2)``. Your teacher sees which hints your notebook reads."""
        if not self._hints:
            return Text(f"**{self.name}** has no hints. Re-read the question and the section above it.")
        values = [*args, *kwargs.values()]
        n = 1 if not values else _hint_number(values[0]) if len(values) == 1 else None
        if n is None or not 1 <= n <= len(self._hints):
            return Text(f"**{self.name}** has hints 1 to {len(self._hints)}: try `{self.name}.hint(1)`.")
        more = f" (more: `{self.name}.hint({n + 1})`)" if n < len(self._hints) else ""
        if self._hints[n - 1] is None:
            return Text(f"**Hint {n} of {len(self._hints)}** shows the code of the solution, so it is not given in "
                        "assessed work: ask your teacher, or work from the earlier hints.")
        return Text(f"**Hint {n} of {len(self._hints)}**{more}: {self._hints[n - 1]}")

    def solution(self, /, *_ignored, **_also_ignored) -> Text:
        if self._released:
            return Text(self._released)
        rubric = f"\n\n{self.show_rubric()}" if self.rubric else ""
        return Text(f"**{self.name}**: this is assessed work, so the solutions are not in this notebook. Your "
                    f"teacher marks it and releases the solutions afterwards.{rubric}")

    def show_rubric(self) -> Text:
        if not self.rubric:
            return Text(f"**{self.name}** has no rubric: it is checked against an answer key.")
        levels = "\n".join(f"{i}. {level}" for i, level in enumerate(self.rubric, start=1))
        return Text(f"**Rubric for {self.name}** (from weakest to strongest): what your teacher marks against\n\n"
                    f"{levels}")

    def show_items(self) -> Text:
        rows = "\n".join(f"| `{item}` | {text} |" for item, text in self.items.items())
        meanings = "\n".join(f"- `{label}`: {meaning}" for label, meaning in self.labels.items())
        return Text(f"**{self.name}: judge each item**\n\n| item | what it says |\n|---|---|\n{rows}\n\n"
                    f"Choose from:\n\n{meanings}")

    def template(self) -> dict:
        return {item: "" for item in self.items}

    def compare(self, /, *_ignored, **_also_ignored) -> Text:
        return Text(f"**{self.name}**: in assessed work the kit's own judgements are shown when your teacher "
                    "releases the solutions. Your judgements are recorded.")

    def attempted(self) -> bool:
        result = RESULTS.get((self.exercise_set, self.name))
        return result is not None and result.status == ANSWERED

    # --- the form of an answer -----------------------------------------------------------------
    def _evaluate(self, answer) -> Result:
        if issubclass(type(answer), Placeholder):
            return self._result(NOT_ATTEMPTED, f"Replace ____ in `{self.var} = ____` with your answer, run that "
                                               "cell, then run this check again.")
        try:
            problem = self._problem(answer)
        except KeyboardInterrupt:
            raise
        except BaseException:  # noqa: BLE001 - a student's object may raise anything
            problem = f"Your answer is {_describe(answer)}; try a simpler value: a number, some text or a list."
        if problem:
            return self._result(INCORRECT, problem)
        if self.kind == "function" and "____" in getattr(getattr(answer, "__code__", None), "co_names", ()):
            return self._result(NOT_ATTEMPTED, f"Your function `{self.var}` still has ____ in it: write its body, "
                                               "run that cell, then run this check again.")
        return self._result(ANSWERED, f"Your answer is {self._shown(answer)}, the form this question wants. "
                                      "Your teacher marks it with the answer key, which is not in this notebook.")

    def _problem(self, answer) -> str:
        if self.kind == "choice":
            if not isinstance(answer, str):
                return (f"Your answer is {_describe(answer)}. Choose one of the options, as text in quotes: "
                        f"{', '.join(repr(o) for o in self.options)}.")
            if _normalise(answer) not in {_normalise(o) for o in self.options}:
                return (f"{_echo(answer)} is not one of the options. Choose one of: "
                        f"{', '.join(repr(o) for o in self.options)} (spelling matters).")
            return ""
        if self.kind == "written":
            if not isinstance(answer, str):
                return f'Your answer is {_describe(answer)}. Write your answer as text between triple quotes: """ ... """.'
            words = len(answer.split())
            if words < self.min_words:
                return f"Your answer has {words} words; aim for at least {self.min_words}, with evidence from the sources."
            return ""
        if self.kind == "function":
            return "" if callable(answer) else f"`{self.var}` should be a function (def ...), but it is {_describe(answer)}."
        if self.kind == "judgement":
            if not isinstance(answer, dict):
                return f"Your answer is {_describe(answer)}. Write a dictionary, one judgement per item."
            blank = [item for item in self.items if not str(answer.get(item, "")).strip()]
            if blank:
                return f"Still to judge: {', '.join(blank)}."
            labels = {_normalise(label) for label in self.labels}
            odd = [item for item in self.items if _normalise(answer[item]) not in labels]
            return f"The judgement for {odd[0]} is not one of: {', '.join(self.labels)}." if odd else ""
        if self.kind == "chart":
            if not isinstance(answer, dict) or not {"title", "counted axis", "bars", "description"} <= set(answer):
                return (f"Your answer is {_describe(answer)}. Draw the chart on `ax`, then set "
                        f"`{self.var} = what_it_shows(ax)`.")
            return ""
        return _form_problem(self.wants, answer)

    def _shown(self, answer) -> str:
        """What the answer is, in the words of the message 'Your answer is ..., the form this question wants'."""
        if self.kind == "written":
            return f"{len(answer.split())} words long"
        shown = {"choice": "one of the options", "judgement": "a judgement for each item",
                 "function": "a function", "chart": "what your chart shows"}
        if self.kind in shown:
            return shown[self.kind]
        return WANTS.get(self.wants, "a value") if self.wants != "any" else _describe(answer)

    def _result(self, status: str, message: str) -> Result:
        return Result(self.name, status, message, 0.0, 0.0, self.exercise_set)


class FormSummary(Summary):
    """Every question's status in an assessed notebook: no score, which only the teacher's key gives."""

    def _counted(self) -> str:
        done = sum(r.status == ANSWERED for r in self.results)
        return (f"{done} of {len(self.results)} answers have the form their question wants. Your teacher marks "
                "them with the answer key.")

    def __repr__(self) -> str:
        return "\n".join([f"{r.question}: {_LABELS[r.status]}" for r in self.results] + [self._counted()])

    def _repr_html_(self) -> str:
        rows = "".join(f"<tr><td>{r.question}</td><td style='color:{_COLOURS[r.status]}'>{_LABELS[r.status]}"
                       "</td></tr>" for r in self.results)
        return f"<table><tr><th>question</th><th>status</th></tr>{rows}</table><p>{self._counted()}</p>"


class AssessedSet(list):
    """The questions of an assessed notebook, in order (unpack them: ``q1, q2 = QUESTIONS``)."""

    def summary(self, namespace: dict | None = None) -> FormSummary:
        """A table of every question: answered in the right form, or what to look at."""
        namespace = namespace if namespace is not None else _caller_namespace()
        return FormSummary([q._evaluate(namespace.get(q.var, ____)) for q in self])


def assignment(spec: dict) -> AssessedSet:
    """The questions of an assessed notebook, in order, from their public parts (the notebook's set-up
    cell). ``spec``: ``{"exercise_set": name, "questions": [{"name", "var", "prompt", "kind", ...}]}``."""
    return AssessedSet(AssessedQuestion(spec["exercise_set"], question) for question in spec["questions"])
