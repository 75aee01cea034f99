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


@pytest.mark.parametrize("answer, words", [("05/01/2022", "2022-01-05"), ("yesterday", "2022-01-05"),
                                           (20220105, "date"), ("2022-01-06", "expected date")])
def test_bad_dates_say_how_to_write_one(answer, words):
    q = ValueQuestion("q3", "day", "?", expected=dt.date(2022, 1, 5))
    result = q.evaluate(answer)
    assert result.status == INCORRECT and words in result.message


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
    assert "A model." in str(q.solution()) and "3. good" in str(q.show_rubric())


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
