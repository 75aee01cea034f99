"""Flags, never accusations: what the grader flags for the teacher (shared wrong answers, overlapping
written answers, solution() calls, names), what it leaves alone (right answers, blanks, common mistakes,
quoting the question), and that no student's feedback shows a flag or another student's name. Also the
answers file beside the gradebook. Rows are built here: no kernel runs."""
import csv
import os

import pytest

from qantar import grading
from qantar.exercises.engine import QuestionSet, ValueQuestion, WrittenQuestion
from qantar.grading import flags

MODEL = ("The two sources disagree because each was written by someone with a purpose, for an audience, "
         "at a time when the count of the dead was still changing.")
PROMPT = "Why do the two sources give different numbers of deaths?"


@pytest.fixture
def qset():
    return QuestionSet("flagset", "Practice", [
        ValueQuestion(name="q1", var="a", prompt="How many?", expected=19),
        ValueQuestion(name="q2", var="b", prompt="Which city?", expected="Almaty"),
        ValueQuestion(name="q3", var="c", prompt="Which year?", expected=2022),
        ValueQuestion(name="q4", var="d", prompt="How many days?", expected=5),
        WrittenQuestion(name="w1", var="why", prompt=PROMPT, model_answer=MODEL, min_words=5,
                        rubric=["Restates.", "Names a reason.", "Reasons with evidence."]),
    ])


def row(name, answers=None, written="", file=None, **extra):
    """A graded row: ``answers`` maps question -> (status, echoed answer)."""
    sub = grading.Submission(path=None, file=file or f"{name.lower()}.ipynb", student=name, exercise_set="flagset")
    for key, value in extra.items():
        setattr(sub, key, value)
    answers = answers or {}
    results = [{"question": q, "status": answers.get(q, ("not attempted", ""))[0], "points": 0.0, "max_points": 1.0,
                "message": "", "exercise_set": "flagset"} for q in ("q1", "q2", "q3", "q4")]
    results.append({"question": "w1", "status": "answered" if written else "not attempted", "points": 0.0,
                    "max_points": 0.0, "message": "", "exercise_set": "flagset"})
    graded = grading.Graded(sub, "ok", results=results, written={"w1": written} if written else {})
    graded.answers = {q: echo for q, (_, echo) in answers.items()}
    return graded


RIGHT = {"q1": ("correct", "19"), "q2": ("correct", "'Almaty'"), "q3": ("correct", "2022"), "q4": ("correct", "5")}
ODD = {"q1": ("incorrect", "91"), "q2": ("incorrect", "'Almatty'"), "q3": ("correct", "2022"), "q4": ("correct", "5")}


def flagged(rows, qset):
    flags.add_flags(rows, qset)
    return {r.submission.student: r.flags for r in rows}


def test_the_same_unusual_wrong_answers_are_flagged_on_both_rows(qset):
    rows = [row("Ana", ODD), row("Ben", ODD), row("Cara", RIGHT), row("Dan", RIGHT), row("Eli", {})]
    got = flagged(rows, qset)
    assert got["Ana"] == ["the same wrong answers as Ben (ben.ipynb) to q1, q2"]
    assert got["Ben"] == ["the same wrong answers as Ana (ana.ipynb) to q1, q2"]
    assert got["Cara"] == got["Dan"] == got["Eli"] == []  # all right, or all blank: nothing telling


def test_one_shared_wrong_answer_or_a_common_mistake_is_not_flagged(qset):
    one = {**RIGHT, "q1": ("incorrect", "91")}
    common = {**RIGHT, "q1": ("incorrect", "18"), "q2": ("incorrect", "'Astana'")}
    # In a class of 20, four students making one mistake is more than a tenth: a common mistake.
    rows = [row("Ana", one), row("Ben", one), *(row(n, common) for n in ("Cara", "Dan", "Eli", "Fay")),
            *(row(f"S{i}", RIGHT) for i in range(14))]
    assert all(f == [] for f in flagged(rows, qset).values())


@pytest.mark.parametrize("size", [5, 10, 30])
def test_three_students_sharing_wrong_answers_are_flagged_in_any_class(qset, size):
    rows = [row(f"S{i:02d}", ODD if i < 3 else RIGHT) for i in range(size)]
    got = flagged(rows, qset)
    assert [name for name, f in got.items() if f] == ["S00", "S01", "S02"]
    assert len(got["S00"]) == 2  # one flag for each of the other two


def test_written_answers_that_copy_the_model_answer_or_each_other(qset):
    own = ("Official figures were announced while the fighting went on; the independent count came later, "
           "after families were asked, so the two lists cover different days.")
    pasted = "I think " + MODEL
    rows = [row("Ana", written=own), row("Ben", written=pasted), row("Cara", written=own + " I agree."),
            row("Dan", written=f"{PROMPT} Counts were made twice."),
            row("Fay", written=f"{PROMPT} Officials hid some."),
            row("Eli", written="Too short to compare.")]
    got = flagged(rows, qset)
    assert got["Ben"] == ["w1: the written answer overlaps the model answer (100% of the shorter text's 5-word "
                          "runs in common)"]
    assert got["Ana"] == ["w1: the written answer overlaps Cara (cara.ipynb)'s (100% of the shorter text's 5-word "
                          "runs in common)"]
    assert got["Cara"] == ["w1: the written answer overlaps Ana (ana.ipynb)'s (100% of the shorter text's 5-word "
                           "runs in common)"]
    assert got["Dan"] == got["Fay"] == got["Eli"] == []  # quoting the question is not copying; short texts are
    # left alone


def test_overlap_is_the_share_of_the_shorter_texts_word_runs():
    a, b = flags.word_runs("one two three four five six"), flags.word_runs("One, two, three four five! seven")
    assert (len(a), len(b), flags.overlap(a, b)) == (2, 2, 0.5)
    assert flags.overlap(a, set()) == 0.0


def test_solution_calls_are_flagged_when_the_submission_records_them(qset):
    rows = [row("Ana", RIGHT, solutions_read={"q2": 1, "q4": 3}), row("Ben", RIGHT)]
    got = flagged(rows, qset)
    assert got == {"Ana": ["answer shown by the code for q2, q4 (3 times)"], "Ben": []}


def test_names_twice_and_names_in_the_metadata(qset):
    rows = [row("Dana", RIGHT, file="a/dana.ipynb"), row("dana", RIGHT, file="b/dana.ipynb"),
            row("leedana", RIGHT, metadata_student="Dana Lee"), row("Emil", RIGHT, metadata_student="Ana Smith")]
    got = flagged(rows, qset)
    assert got["Dana"] == ["named 'Dana' like 1 other submission(s) (b/dana.ipynb): check which is whose"]
    assert got["dana"] == ["named 'dana' like 1 other submission(s) (a/dana.ipynb): check which is whose"]
    assert got["leedana"] == []  # Canvas's spelling of Dana Lee
    assert got["Emil"] == ["the notebook's metadata names 'Ana Smith'"]


def test_no_feedback_shows_a_flag_or_another_students_name(qset, tmp_path):
    rows = [row("Ana Smith", ODD, written="I think " + MODEL, solutions_read={"q1": 1}), row("Ben Jones", ODD)]
    flags.add_flags(rows, qset)
    assert all(r.flags for r in rows)
    written = grading.write_feedback(rows, qset, tmp_path / "fb")
    for path in written:
        text = path.read_text(encoding="utf-8")
        other = "Ben Jones" if "Ana Smith" in text else "Ana Smith"
        assert other not in text and "flag" not in text.casefold() and "overlap" not in text


def test_the_summary_counts_the_rows_with_flags(qset, tmp_path):
    rows = [row("Ana", ODD), row("Ben", ODD), row("Cara", RIGHT)]
    flags.add_flags(rows, qset)
    report = grading.GradeReport("flagset", rows, tmp_path / "g.csv", None, [], 1.0)
    assert "Flags: 2 row(s) of the gradebook carry flags" in grading.summary_text(report)
    report.rows = [row("Cara", RIGHT)]
    assert "Flags" not in grading.summary_text(report)


def test_the_answers_file_neutralises_every_text_cell_and_replaces_atomically(qset, tmp_path):
    rows = [row("=cmd|' /C calc'!A0", {"q1": ("incorrect", "-5"), "q2": ("incorrect", "'=HYPERLINK(1)'")},
                written="Some words of mine.", student_id="@12", file="ana.ipynb"),
            row("Ben", RIGHT)]
    path = grading.answers_path(tmp_path / "book.csv")
    assert path.name == "book.answers.csv"
    path.write_text("last week's answers\n")
    grading.write_answers(rows, qset, path)
    with open(path, newline="", encoding="utf-8") as handle:
        table = list(csv.reader(handle))
    assert table[0] == ["student", "student_id", "file", "question", "kind", "status", "answer"]
    assert len(table) == 1 + 2 * 5
    for cells in table[1:]:
        assert not cells[0].startswith(("=", "+", "-", "@")) and not cells[1].startswith("@")
    first = {cells[3]: cells for cells in table[1:] if cells[2] == "ana.ipynb"}
    assert first["q1"][:2] == ["'=cmd|' /C calc'!A0", "'@12"]
    assert first["q1"][4:] == ["value", "incorrect", "'-5"]
    assert first["q2"][6] == "'=HYPERLINK(1)'"  # the echo's own quote already keeps it text
    assert first["q3"][5:] == ["not attempted", ""] and first["w1"][4:] == ["written", "answered", ""]
    assert [p.name for p in tmp_path.iterdir()] == ["book.answers.csv"]  # no temporary file left behind
