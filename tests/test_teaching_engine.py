"""The engine's teaching parts (issue 14): feedback for predictable mistakes, rubric-first written
questions, and judge first, then compare."""
from __future__ import annotations

import datetime as dt

import pytest

from qantar.exercises.engine import (ANSWERED, CORRECT, INCORRECT, NOT_ATTEMPTED, RESULTS, ChoiceQuestion,
                                     QuestionSet, ValueQuestion, WrittenQuestion)
from qantar.exercises.judge_first import JudgeFirstQuestion


def _value(expected, **kw):
    q = ValueQuestion("q1", "x", "?", expected=expected, **kw)
    QuestionSet("test", "t", [q])
    return q


@pytest.mark.parametrize("answer, says", [
    (2.5e12, "factor of a billion"),      # in units, the question is in billions
    (2500 * 12, "factor of 12"),          # a monthly figure taken as yearly
    (1 / 2500, "upside down"),            # divided the other way round
    (2.5, "factor of 1,000"),
])
def test_the_number_judge_names_the_predictable_slip(answer, says):
    result = _value(2500).evaluate(answer)
    assert result.status == INCORRECT and says in result.message and "2500" not in result.message


def test_a_named_mistake_gets_its_own_reason_and_the_rest_the_general_message():
    q = _value("Nur-Sultan", mistakes={"Astana": "Astana is the name the city took back in September 2022; "
                                                 "the question asks about January 2022."})
    assert "September 2022" in q.evaluate("astana").message
    assert "September 2022" not in q.evaluate("Almaty").message
    assert q.evaluate("Nur-Sultan").status == CORRECT


def test_mistakes_may_be_numbers_dates_or_computed():
    q = _value(dt.date(2022, 1, 5), mistakes=lambda: {dt.date(2022, 1, 2): "That is when the protests began."})
    assert q.evaluate("2022-01-02").message == "That is when the protests began."
    number = _value(238, mistakes={225: "225 was the toll announced on 15 January, before later updates."})
    assert "15 January" in number.evaluate(225.0).message


def test_a_wrong_option_gets_its_reason_without_the_key():
    q = ChoiceQuestion("q2", "kind", "?", options=["fact", "opinion", "loaded"], answer="loaded",
                       option_reasons={"fact": "a fact can be checked; 'heroic' cannot.",
                                       "opinion": "an opinion is stated as one ('I think'); this is not."})
    QuestionSet("test2", "t", [q])
    message = q.evaluate("Fact").message
    assert message.startswith("Not this one:") and "'heroic' cannot" in message and "loaded" not in message


def test_a_written_question_shows_its_rubric_never_its_model_answer_to_students():
    q = WrittenQuestion("q3", "essay", "Why?", model_answer="THE MODEL ANSWER", rubric=["names a cause",
                                                                                      "weighs two causes"])
    QuestionSet("test3", "t", [q])
    for shown in (q.solution(), q.evaluate("word " * 20).message, q.show_rubric()):
        assert "THE MODEL ANSWER" not in str(shown)
    assert "weighs two causes" in str(q.solution())
    assert "THE MODEL ANSWER" in str(q.model())
    assert q.evaluate("word " * 20).max_points == 0


def _task():
    q = JudgeFirstQuestion("q4", "my_verdicts", "Judge each claim.",
                           items={"c1": "Claim one", "c2": "Claim two"},
                           labels={"supported": "the evidence confirms it", "unsupported": "it does not"},
                           kit=lambda: {"c1": ("supported", "Two independent sources."),
                                        "c2": ("unsupported", "No source gives it.")})
    QuestionSet("judging", "t", [q])
    RESULTS.pop(("judging", "q4"), None)
    return q


def test_the_kit_keeps_its_judgements_hidden_until_an_attempt_is_recorded():
    q = _task()
    before = q.compare()
    assert "Judge first" in str(before) and "Two independent sources" not in str(before)
    assert "unsupported" not in str(q.show_items()).split("Choose from")[0]


@pytest.mark.parametrize("answer, status, says", [
    ({"c1": "", "c2": ""}, NOT_ATTEMPTED, "Give each item"),
    ({"c1": "supported"}, INCORRECT, "Still to judge: c2"),
    ({"c1": "supported", "c2": "maybe"}, INCORRECT, "not one of: supported, unsupported"),
    ({"c9": "supported"}, INCORRECT, "not one of the items"),
    (["supported"], INCORRECT, "Write a dictionary"),
])
def test_an_incomplete_or_odd_attempt_is_not_recorded_and_says_why(answer, status, says):
    q = _task()
    result = q.evaluate(answer)
    assert result.status == status and says in result.message


def test_after_an_attempt_the_comparison_shows_both_and_the_kits_reasons():
    q = _task()
    mine = {"c1": "supported", "c2": "Supported"}
    assert q.check(mine).status == ANSWERED
    shown = q.compare(mine)
    assert shown.agreed == 1
    assert "No source gives it." in shown._repr_html_() and "differ on 1 of 2" in repr(shown)
    assert q.evaluate(mine).max_points == 0  # recorded, not marked
