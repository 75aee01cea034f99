"""The exercise engine: every kind of answer gets a plain message, never a traceback or the answer."""
import datetime as dt
import math

import numpy as np
import pandas as pd
import pytest

from qantar.exercises import engine
from qantar.exercises.engine import (ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED, ChoiceQuestion,
                                     FunctionQuestion, QuestionSet, ValueQuestion, WrittenQuestion, ____)


def number_q(expected=238, **kw):
    return ValueQuestion("q1", "deaths", "How many?", expected=expected, hints=["h1", "h2"],
                         solution_code="deaths = 238", explanation="Because.", **kw)


class Unfriendly:
    """An object whose comparisons and conversions all raise."""

    def __eq__(self, other):
        raise RuntimeError("no comparing")

    def __float__(self):
        raise RuntimeError("no float")

    def __len__(self):
        raise RuntimeError("no len")

    __hash__ = object.__hash__


BAD_NUMBER_ANSWERS = [
    None, float("nan"), "238 people", "", "   ", [238, 1], (1, 2, 3), {238}, {"a": 238},
    pd.DataFrame({"a": [1, 2]}), pd.Series([238]), pd.Series([1, 2]), np.array([238]), True,
    1e308 * 10, -1e308 * 10, complex(238, 1), Unfriendly(), object(), len, b"238", dt.date(2022, 1, 5),
    237, 0.238, 238000, -238, "238",
]


@pytest.mark.parametrize("answer", BAD_NUMBER_ANSWERS, ids=lambda a: type(a).__name__)
def test_bad_number_answers_get_a_message_not_a_traceback(answer):
    result = number_q().evaluate(answer)
    assert result.status in (INCORRECT, ERROR)
    assert result.message
    if "238" not in repr(answer):  # never leaks the answer (it may echo the student's own text)
        assert "238" not in result.message


def test_at_least_twenty_kinds_of_bad_answer_are_tried():
    assert len({type(a).__name__ for a in BAD_NUMBER_ANSWERS}) >= 15 and len(BAD_NUMBER_ANSWERS) >= 20


@pytest.mark.parametrize("answer", [238, 238.0, np.int64(238), np.float32(238), pd.DataFrame({"x": [238]})])
def test_equivalent_numbers_are_correct(answer):
    assert number_q().evaluate(answer).status == CORRECT


def test_placeholder_means_not_attempted():
    result = number_q().evaluate(____)
    assert result.status == NOT_ATTEMPTED and "____" in result.message


@pytest.mark.parametrize("answer, words", [
    (238000, "1,000"), (0.238, "1,000"), (23800, "100"), (238_000_000, "million"), (-238, "sign"),
    (240, "Close"), ("238", "without quotes"), (pd.Series([238]), "iloc[0]"), (None, "None"),
    (float("nan"), "NaN"), (True, "True/False"), (pd.DataFrame({"a": [1, 2]}), "table"),
])
def test_messages_name_the_likely_mistake(answer, words):
    assert words in number_q().evaluate(answer).message


@pytest.mark.parametrize("answer", [0.30, 0.2, 1.5, 2.4])
def test_a_small_target_does_not_give_factor_advice_to_a_plain_miss(answer):
    q = number_q(expected=0.36, abs_tol=0.01)
    assert "factor" not in q.evaluate(answer).message
    assert "1,000" in q.evaluate(360).message


def test_tolerance_is_respected():
    q = number_q(expected=1.5, abs_tol=0.01)
    assert q.evaluate(1.505).status == CORRECT
    assert q.evaluate(1.52).status == INCORRECT


def test_expected_may_be_computed_lazily_and_once():
    calls = []

    def expected():
        calls.append(1)
        return 7

    q = number_q(expected=expected)
    assert calls == []
    q.evaluate(7), q.evaluate(8)
    assert calls == [1]


def test_text_answers_ignore_case_space_and_punctuation_and_accept_alternatives():
    q = ValueQuestion("q2", "capital", "?", expected="Nur-Sultan", accept=["Nursultan"])
    for good in ["Nur-Sultan", "nur sultan", " NUR-SULTAN ", "Nursultan"]:
        assert q.evaluate(good).status == CORRECT, good
    for bad in ["Astana", "", 5, None, ["Nur-Sultan", "x"]]:
        result = q.evaluate(bad)
        assert result.status == INCORRECT and "Nur" not in result.message


@pytest.mark.parametrize("answer", ["2022-01-05", "5 January 2022", dt.date(2022, 1, 5),
                                    pd.Timestamp("2022-01-05"), dt.datetime(2022, 1, 5, 14, 0)])
def test_dates_in_many_forms_are_accepted(answer):
    q = ValueQuestion("q3", "day", "?", expected=pd.Timestamp("2022-01-05"))
    assert q.evaluate(answer).status == CORRECT


@pytest.mark.parametrize("answer, words", [("05/01/2022", "YYYY-MM-DD"), ("yesterday", "YYYY-MM-DD"),
                                           (20220105, "date"), ("2022-01-06", "expected date")])
def test_bad_dates_say_how_to_write_one(answer, words):
    q = ValueQuestion("q3", "day", "?", expected=dt.date(2022, 1, 5))
    result = q.evaluate(answer)
    assert result.status == INCORRECT and words in result.message
    assert "2022-01-05" not in result.message  # the example of how to write a date is never the answer


def test_collections_ignore_order_unless_asked():
    q = ValueQuestion("q4", "cities", "?", expected=["Aktau", "Zhanaozen"])
    assert q.evaluate(["zhanaozen", "Aktau"]).status == CORRECT
    assert q.evaluate(pd.Series(["Aktau", "Zhanaozen"])).status == CORRECT
    assert "not the right number" in q.evaluate(["Aktau"]).message
    assert "should not be there" in q.evaluate(["Aktau", "Almaty"]).message
    assert q.evaluate("Aktau").status == INCORRECT
    ordered = ValueQuestion("q5", "order", "?", expected=[1, 2, 3], ordered=True)
    assert "order" in ordered.evaluate([3, 2, 1]).message


def test_booleans():
    q = ValueQuestion("q6", "flag", "?", expected=True)
    assert q.evaluate(np.bool_(True)).status == CORRECT
    assert q.evaluate("True").status == INCORRECT
    assert q.evaluate(False).status == INCORRECT


def test_choice_accepts_the_key_and_defensible_alternatives():
    q = ChoiceQuestion("q7", "kind", "?", options=["fact", "opinion", "appeal"], answer="opinion",
                       alternatives=["appeal"], alternative_note="It also asks for action.")
    assert q.evaluate("Opinion").status == CORRECT
    alt = q.evaluate("appeal")
    assert alt.status == CORRECT and "defensible" in alt.message
    assert q.evaluate("fact").status == INCORRECT
    assert "not one of the options" in q.evaluate("facts").message
    assert q.evaluate(3).status == INCORRECT


def test_written_answers_are_recorded_not_graded():
    q = WrittenQuestion("q8", "essay", "?", model_answer="A model.", rubric=["weak", "ok", "good"], min_words=5)
    assert q.evaluate("").status == NOT_ATTEMPTED
    assert q.evaluate("too short").status == INCORRECT
    result = q.evaluate("This answer has more than five words in it.")
    assert result.status == ANSWERED and result.points == 0 and result.max_points == 0
    assert q.evaluate(42).status == INCORRECT
    assert "A model." in str(q.model()) and "3. good" in str(q.show_rubric())
    assert "A model." not in str(q.solution()) and "3. good" in str(q.solution())


def test_function_questions_run_the_students_function_safely():
    q = FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.0), ((860,), 2.0)], abs_tol=0.01)
    assert q.evaluate(lambda kzt: kzt / 430).status == CORRECT
    assert "to_usd(860)" in q.evaluate(lambda kzt: 1.0).message
    assert "ZeroDivisionError" in q.evaluate(lambda kzt: 1 / 0).message
    assert q.evaluate(5).status == INCORRECT


def test_hints_are_graduated_and_out_of_range_is_friendly():
    q = number_q()
    assert "Hint 1 of 2" in str(q.hint()) and "h1" in str(q.hint())
    assert "h2" in str(q.hint(2))
    for bad in (0, 3, "two", None):
        assert "hints 1 to 2" in str(q.hint(bad)) or "Hint 1" in str(q.hint(bad))


def test_solution_shows_code_and_reasoning():
    text = str(number_q().solution())
    assert "deaths = 238" in text and "Because." in text


def test_check_reads_the_callers_variable_and_records_the_result():
    q = number_q()
    QuestionSet("demo", "Demo", [q])
    globals()["deaths"] = 238
    try:
        assert q.check().status == CORRECT
    finally:
        del globals()["deaths"]
    assert engine.RESULTS[("demo", "q1")].status == CORRECT
    assert q.check().status == NOT_ATTEMPTED


def test_question_set_grades_a_namespace_and_reports_missing_variables():
    qs = QuestionSet("demo2", "Demo", [number_q(), ValueQuestion("q2", "city", "?", expected="Aktau")])
    results = qs.grade({"deaths": 238})
    assert [r.status for r in results] == [CORRECT, NOT_ATTEMPTED]
    assert "not found" in results[1].message
    summary = qs.summary({"deaths": 238, "city": "Aktau"})
    assert summary.all_correct and summary.score == (2, 2)


def test_question_sets_refuse_duplicate_variables():
    with pytest.raises(ValueError):
        QuestionSet("dup", "Dup", [number_q(), number_q()])


def test_results_render_as_html_and_text():
    result = number_q().evaluate(5)
    assert "q1" in repr(result) and "<div" in result._repr_html_()
    assert not math.isnan(result.points)


# ---------------------------------------------------------------------------------------------
# Odd input: objects that raise from anything, odd arguments, huge answers (issue 18, section 3)


class StudentStop(BaseException):
    """A student's exception that is not an Exception (as `class Stop(BaseException)` would be)."""


class LenRaisesList(list):
    def __len__(self):
        raise RuntimeError("no len")


class LenRaisesDict(dict):
    def __len__(self):
        raise RuntimeError("no len")


class ClassRaises:
    @property
    def __class__(self):
        raise RuntimeError("no class")


class EqRaises:
    def __eq__(self, other):
        raise StudentStop("no eq")

    __hash__ = object.__hash__


class ReprRaises:
    def __repr__(self):
        raise RuntimeError("no repr")

    __str__ = __repr__


class HashRaises:
    def __hash__(self):
        raise RuntimeError("no hash")


class IterRaises(list):
    def __iter__(self):
        raise RuntimeError("no iter")


class TextRaises(str):
    """Text whose every method a check might use raises."""

    def __str__(self):
        raise RuntimeError("no str")

    __repr__ = __str__

    def __eq__(self, other):
        raise RuntimeError("no eq")

    def __hash__(self):
        raise RuntimeError("no hash")


class ExitOnLen(list):
    def __len__(self):
        raise SystemExit(1)


# Made inside each test: pytest itself would trip over an object whose __class__ raises.
HOSTILE_ANSWERS = {"len raises (list)": lambda: LenRaisesList([1]), "len raises (dict)": lambda: LenRaisesDict(a=1),
                   "__class__ raises": ClassRaises, "__eq__ raises BaseException": EqRaises,
                   "__repr__ and __str__ raise": ReprRaises, "__hash__ raises": HashRaises,
                   "__iter__ raises": lambda: IterRaises([1, 2]),
                   "text whose methods raise": lambda: TextRaises("Aktau"),
                   "len raises SystemExit": lambda: ExitOnLen([1]), "list of __eq__ raises": lambda: [EqRaises()],
                   "list of __repr__ raises": lambda: [ReprRaises(), 1]}


# Every kind of question, with what its messages must never show (a choice's options are public).
EVERY_KIND = [
    (number_q(), ["238"]), (ValueQuestion("q2", "city", "?", expected="Aktau"), ["Aktau"]),
    (ValueQuestion("q3", "flag", "?", expected=True), []),
    (ValueQuestion("q4", "day", "?", expected=dt.date(2022, 1, 5)), ["2022-01-05", "5 January"]),
    (ValueQuestion("q5", "cities", "?", expected=["Aktau", "Zhanaozen"]), ["Aktau", "Zhanaozen"]),
    (ValueQuestion("q6", "order", "?", expected=["Aktau", "Zhanaozen"], ordered=True), ["Aktau", "Zhanaozen"]),
    (ChoiceQuestion("q7", "kind", "?", options=["fact", "opinion"], answer="opinion", explanation="Why."),
     ["answer key", "Why."]),
    (WrittenQuestion("q8", "essay", "?", model_answer="A model."), ["A model."]),
    (FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.25)]), ["1.25"]),
]


@pytest.mark.parametrize("make", HOSTILE_ANSWERS.values(), ids=HOSTILE_ANSWERS.keys())
@pytest.mark.parametrize("question, secrets", EVERY_KIND, ids=[q.name for q, _ in EVERY_KIND])
def test_an_object_that_raises_from_anything_gets_a_message_not_a_traceback(question, secrets, make):
    result = question.evaluate(make())  # raising here is the traceback a student would see
    assert result.status in (INCORRECT, ERROR)
    assert result.message and "Traceback" not in result.message
    for secret in secrets:
        assert secret not in result.message


def test_the_message_for_an_object_that_cannot_be_checked_names_its_type_only():
    result = number_q().evaluate(ClassRaises())
    assert result.status == ERROR
    assert result.message == ("Your answer is an object of type ClassRaises and could not be checked "
                              "(RuntimeError). Try a simpler value: a number, some text or a list.")
    assert "an object of type LenRaisesList" in number_q().evaluate(LenRaisesList([1])).message


def test_check_takes_the_value_as_a_keyword_too():
    q = number_q()
    QuestionSet("demo3", "Demo", [q])
    assert q.check(answer=238).status == CORRECT
    assert q.check(deaths=5).status == INCORRECT
    assert engine.RESULTS[("demo3", "q1")].status == INCORRECT


def test_check_with_two_values_says_how_to_call_it_and_records_nothing():
    q = number_q()
    QuestionSet("demo4", "Demo", [q])
    result = q.check(238, answer=238)
    assert result.status == ERROR
    assert result.message == ("Give check() one value at most: `q1.check()` checks your variable `deaths`, "
                              "`q1.check(value)` checks a value.")
    assert ("demo4", "q1") not in engine.RESULTS


@pytest.mark.parametrize("n", [float("inf"), float("-inf"), float("nan"), -1, 0, 3, 2.5, "two", "", "9" * 5000,
                               None, True, 10 ** 100, [2]])
def test_a_hint_number_that_is_not_one_gives_the_range(n):
    assert str(number_q().hint(n)) == "**q1** has hints 1 to 2: try `q1.hint(1)`."


@pytest.mark.parametrize("make", [ClassRaises, ReprRaises, lambda: TextRaises("two")])
def test_a_hint_number_that_raises_gives_the_range(make):
    assert str(number_q().hint(make())) == "**q1** has hints 1 to 2: try `q1.hint(1)`."


@pytest.mark.parametrize("call", [lambda q: q.hint(2), lambda q: q.hint("2"), lambda q: q.hint(" 2 "),
                                  lambda q: q.hint(2.0), lambda q: q.hint(np.int64(2)), lambda q: q.hint(n=2),
                                  lambda q: q.hint(number=2)])
def test_hint_two_however_it_is_asked_for(call):
    assert str(call(number_q())) == "**Hint 2 of 2**: h2"


def test_more_than_one_hint_number_gives_the_range():
    assert "hints 1 to 2" in str(number_q().hint(1, 2))


def test_solution_ignores_stray_arguments():
    assert "deaths = 238" in str(number_q().solution(2))
    q = WrittenQuestion("q8", "essay", "?", model_answer="A model.")
    assert "Rubric" in str(q.solution(x=1))


@pytest.mark.parametrize("error", [StudentStop("stop"), GeneratorExit("gen"), RuntimeError("run")],
                         ids=lambda e: type(e).__name__)
def test_a_students_function_raising_any_exception_gets_a_message(error):
    def to_usd(kzt):
        raise error

    q = FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.0)])
    result = q.evaluate(to_usd)
    assert result.status == INCORRECT
    assert result.message == f"Calling to_usd(430) stopped with {type(error).__name__}: {error}"


def test_a_students_function_calling_exit_is_told_to_return_instead():
    def to_usd(kzt):
        raise SystemExit(0)

    result = FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.0)]).evaluate(to_usd)
    assert result.status == INCORRECT
    assert result.message == ("Calling to_usd(430) called exit(), which stops Python: a function should "
                              "return its result instead.")


def test_interrupt_still_stops_a_check():
    """Interrupt in Jupyter (and the grader's time limit, a KeyboardInterrupt) must stop a check that runs
    a student's function forever: the engine lets KeyboardInterrupt through and nothing else."""

    class TimeLimit(KeyboardInterrupt):
        pass

    def to_usd(kzt):
        raise TimeLimit()

    with pytest.raises(TimeLimit):
        FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.0)]).evaluate(to_usd)


def test_an_error_whose_text_raises_or_is_huge_is_shown_briefly():
    class Silent(Exception):
        def __str__(self):
            raise RuntimeError("no text")

    q = FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.0)])

    def silent(kzt):
        raise Silent()

    def loud(kzt):
        raise ValueError("x" * 1_000_000)

    assert q.evaluate(silent).message == "Calling to_usd(430) stopped with Silent"
    message = q.evaluate(loud).message
    assert len(message) < 200 and message.endswith("x\u2026 (1,000,000 characters)")


def test_a_function_returning_an_object_that_raises_gets_a_message():
    result = FunctionQuestion("q9", "to_usd", "?", cases=[((430,), 1.0)]).evaluate(lambda kzt: ClassRaises())
    assert result.status == INCORRECT and result.message.startswith("For to_usd(430): Your answer is an object")


BIG = "opinion" + "x" * 19_999_994  # 20,000,001 characters


@pytest.mark.parametrize("question, answer, start", [
    (ChoiceQuestion("q7", "kind", "?", options=["fact", "opinion"], answer="opinion"), BIG, "'opinionxxx"),
    (number_q(), "2" + "3" * 20_000_000, "Your answer is text ('2333"),
])
def test_an_echoed_answer_is_cut_to_80_characters(question, answer, start):
    message = question.evaluate(answer).message
    assert message.startswith(start)
    assert len(message) < 300 and "\u2026 (20,000,001 characters)" in message
    assert f"'{answer[:80]}'\u2026" in message


def test_a_short_answer_is_echoed_whole():
    q = ChoiceQuestion("q7", "kind", "?", options=["fact", "opinion"], answer="opinion")
    assert q.evaluate("facts").message.startswith("'facts' is not one of the options.")
    message = number_q().evaluate("1,200").message
    assert message == "Your answer is text ('1,200'). Give it as a number, without quotes."
