"""Written marks: the template the grader writes in written_answers/, what a teacher types in it surviving a
second grading, and `qantar grade --merge-written` putting the levels into the gradebook (cells, score,
total, comments), bad rows one line each. Gradebooks are built from Graded records, without a kernel; one
test grades real notebooks to see the template appear."""
import csv
from pathlib import Path

import pytest

from qantar import cli
from qantar.exercises.engine import QuestionSet, ValueQuestion, WrittenQuestion
from qantar.grading import marks as marking
from qantar.grading.records import Graded, Submission
from qantar.grading.write import write_gradebook

QSET = QuestionSet("classroom", "Classroom", [
    ValueQuestion(name="q1", var="a", prompt="How many?", expected=19),
    ValueQuestion(name="q2", var="b", prompt="Which city?", expected="Almaty"),
    WrittenQuestion(name="q3", var="c", prompt="Why?", points=2,
                    rubric=["Retells.", "Names who.", "Compares.", "Explains the difference."]),
    WrittenQuestion(name="q4", var="d", prompt="How sure?", rubric=["Asserts.", "Attributes.", "Weighs."]),
])


def graded(student, file, statuses, status="ok"):
    sub = Submission(path=Path(file), file=file, student=student, exercise_set="classroom")
    if statuses is None:
        return Graded(sub, status)
    results = [{"question": q.name, "status": s, "points": q.points if s == "correct" and q.scored else 0,
                "max_points": q.points if q.scored else 0, "message": ""} for q, s in zip(QSET, statuses)]
    return Graded(sub, status, results=results)


def class_rows():
    return [graded("Aliya Nurlanovna", "aliya.ipynb", ["correct", "correct", "answered", "answered"]),
            graded("Ben Jones", "ben/ben.ipynb", ["correct", "incorrect", "answered", "not attempted"]),
            graded("Cara", "cara.ipynb", ["incorrect", "correct", "incorrect", "answered"]),
            graded("Dan", "dan.ipynb", None, status="kernel died")]


def read(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def write_marks(path, rows, extra=()):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=[*marking.MARKS_COLUMNS, *extra])
        writer.writeheader()
        writer.writerows(rows)


def fill(path, levels: dict, comments: dict | None = None):
    """Type levels (and comments) into the marks file, as a teacher would: {(file, question): level}."""
    rows = read(path)
    for row in rows:
        key = (row["file"], row["question"])
        row["level"] = levels.get(key, row["level"])
        row["comment"] = (comments or {}).get(key, row["comment"])
    columns = list(rows[0].keys())
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def book(tmp_path):
    """A gradebook of four students and its marks template: (gradebook path, marks path)."""
    rows = class_rows()
    gradebook = tmp_path / "gradebook.csv"
    write_gradebook(rows, QSET, gradebook)
    template = marking.write_marks_template(rows, QSET, tmp_path / "written_answers")
    return gradebook, template.path


def by_file(path):
    return {row["file"]: row for row in read(path)}


def test_the_template_has_one_row_per_student_and_written_question_of_each_notebook_that_ran(book):
    _, marks = book
    rows = read(marks)
    assert list(rows[0].keys()) == marking.MARKS_COLUMNS
    assert [(r["student"], r["file"], r["question"]) for r in rows] == [
        ("Aliya Nurlanovna", "aliya.ipynb", "q3"), ("Aliya Nurlanovna", "aliya.ipynb", "q4"),
        ("Ben Jones", "ben/ben.ipynb", "q3"), ("Ben Jones", "ben/ben.ipynb", "q4"),
        ("Cara", "cara.ipynb", "q3"), ("Cara", "cara.ipynb", "q4")]  # Dan's notebook never ran
    assert all(r["level"] == r["points"] == r["comment"] == "" for r in rows)


def test_a_level_is_worth_an_equal_step_of_the_questions_points():
    q3, q4 = QSET["q3"], QSET["q4"]
    assert [marking.level_points(q3, n) for n in range(5)] == [0, 0.5, 1, 1.5, 2]
    assert marking.level_points(q4, 3) == 1 and round(marking.level_points(q4, 1), 2) == 0.33


def test_grading_again_keeps_every_level_comment_and_column_the_teacher_typed(book, tmp_path):
    _, marks = book
    fill(marks, {("aliya.ipynb", "q3"): "4", ("cara.ipynb", "q4"): "2"},
         {("cara.ipynb", "q4"): "Good, but who said it?"})
    rows = read(marks)
    for row in rows:
        row["my notes"] = "re-read" if row["file"] == "ben/ben.ipynb" and row["question"] == "q3" else ""
    write_marks(marks, rows, extra=["my notes"])
    # The second grading: Cara's notebook is gone (handed in under another name), Emil's is new.
    again = [r for r in class_rows() if r.submission.file != "cara.ipynb"]
    again.append(graded("Emil", "emil.ipynb", ["correct", "correct", "answered", "answered"]))
    template = marking.write_marks_template(again, QSET, marks.parent)
    assert template.path == marks and template.kept == 3
    rows = {(r["file"], r["question"]): r for r in read(marks)}
    assert rows[("aliya.ipynb", "q3")]["level"] == "4" and rows[("aliya.ipynb", "q3")]["points"] == "2"
    assert rows[("ben/ben.ipynb", "q3")]["my notes"] == "re-read"
    assert rows[("cara.ipynb", "q4")]["comment"] == "Good, but who said it?"  # kept, though the notebook is gone
    assert ("cara.ipynb", "q3") not in rows  # nothing was typed there: dropped with the notebook
    assert rows[("emil.ipynb", "q3")]["level"] == ""


def test_a_marks_file_that_cannot_be_read_is_left_alone_and_the_template_goes_beside_it(book):
    _, marks = book
    marks.write_bytes("student,file,question,level\nBéatrice,b.ipynb,q3,3\n".encode("latin-1"))
    before = marks.read_bytes()
    template = marking.write_marks_template(class_rows(), QSET, marks.parent)
    assert marks.read_bytes() == before
    assert template.path == marks.parent / "marks.new.csv" and "not UTF-8" in template.note


def test_merging_puts_levels_in_the_cells_and_counts_them_in_score_and_total(book):
    gradebook, marks = book
    fill(marks, {("aliya.ipynb", "q3"): "4", ("aliya.ipynb", "q4"): "3", ("ben/ben.ipynb", "q3"): "1",
                 ("cara.ipynb", "q3"): "0", ("cara.ipynb", "q4"): "Level 2"},
         {("ben/ben.ipynb", "q3"): "=Say who said it; then compare."})
    report = marking.merge_written(gradebook, marks, qset=QSET)
    assert report.problems == [] and report.merged == 5 and report.total == 5
    rows = by_file(gradebook)
    assert rows["aliya.ipynb"]["q3"] == "answered; level 4 of 4: 2 points"
    assert rows["aliya.ipynb"]["q4"] == "answered; level 3 of 3: 1 point"
    assert rows["cara.ipynb"]["q3"] == "incorrect; level 0 of 4: 0 points"
    assert [rows[f]["score"] for f in ("aliya.ipynb", "ben/ben.ipynb", "cara.ipynb", "dan.ipynb")] == \
        ["5", "1.5", "1.67", ""]
    assert {r["total"] for r in rows.values()} == {"5"}
    assert rows["ben/ben.ipynb"]["q4"] == "not attempted"
    assert rows["ben/ben.ipynb"]["notes"] == "teacher's comment on q3: =Say who said it, then compare."


def test_merging_again_gives_the_same_gradebook_and_a_changed_level_replaces_the_old(book):
    gradebook, marks = book
    fill(marks, {("aliya.ipynb", "q3"): "4", ("cara.ipynb", "q4"): "1"}, {("cara.ipynb", "q4"): "Attribute it."})
    marking.merge_written(gradebook, marks, qset=QSET)
    once = gradebook.read_bytes()
    marking.merge_written(gradebook, marks, qset=QSET)
    assert gradebook.read_bytes() == once
    fill(marks, {("cara.ipynb", "q4"): "2", ("aliya.ipynb", "q3"): ""}, {("cara.ipynb", "q4"): ""})
    marking.merge_written(gradebook, marks, qset=QSET)
    rows = by_file(gradebook)
    assert rows["aliya.ipynb"]["q3"] == "answered" and rows["aliya.ipynb"]["score"] == "2"
    assert rows["cara.ipynb"]["q4"] == "answered; level 2 of 3: 0.67 points"
    assert rows["cara.ipynb"]["score"] == "1.67" and rows["cara.ipynb"]["notes"] == ""


def test_each_bad_row_gets_one_line_and_the_rest_is_merged(book):
    gradebook, marks = book
    rows = read(marks)
    rows[0]["level"] = "5"  # aliya q3: beyond the rubric
    rows[1]["level"] = "two"  # aliya q4: not a number
    rows[2]["student"], rows[2]["level"] = "Ben Jnes", "3"  # ben q3: a mistyped name on the right file
    rows[3]["points"] = "1"  # ben q4: not attempted, but a points value typed without a level
    rows[4]["level"] = ""  # cara q3: answered (too short) and not marked yet
    rows[5]["level"] = "2"  # cara q4: good
    rows.append({"student": "Aliya Nurlanovnaa", "file": "", "question": "q4", "level": "3"})
    rows.append({"student": "Cara", "file": "", "question": "q9", "level": "3"})
    rows.append({"student": "Cara", "file": "cara.ipynb", "question": "q4", "level": "1"})
    write_marks(marks, rows)
    report = marking.merge_written(gradebook, marks, qset=QSET)
    assert report.merged == 1
    assert by_file(gradebook)["cara.ipynb"]["q4"] == "answered; level 2 of 3: 0.67 points"
    problems = report.problems
    assert len(problems) == 8, problems
    assert problems[0].startswith("marks.csv line 2 (Aliya Nurlanovna, q3): level '5' is not a level of q3's rubric")
    assert "level 'two' is not a level of q4's rubric (a whole number from 1 to 3" in problems[1]
    assert "the name 'Ben Jnes' is not that of 'ben/ben.ipynb', 'Ben Jones'" in problems[2]
    assert problems[3].endswith("no level yet (a points value is not enough: type the level)")
    assert problems[4] == "marks.csv line 6 (Cara, q3): no level yet"
    assert "no student 'Aliya Nurlanovnaa' in the gradebook (did you mean 'Aliya Nurlanovna'?)" in problems[5]
    assert "'q9' is not a written question of this gradebook (written questions: q3, q4)" in problems[6]
    assert "a second row for this student and question (the first, line 7, is the one merged)" in problems[7]
    assert all("\n" not in p for p in problems)


def test_a_name_that_looks_like_a_formula_is_neutralised_and_still_matches(tmp_path):
    rows = [graded("=HYPERLINK(1)", "=x.ipynb", ["correct", "correct", "answered", "answered"])]
    write_gradebook(rows, QSET, tmp_path / "gradebook.csv")
    marks = marking.write_marks_template(rows, QSET, tmp_path).path
    assert read(marks)[0]["student"] == "'=HYPERLINK(1)" and read(marks)[0]["file"] == "'=x.ipynb"
    fill(marks, {("'=x.ipynb", "q3"): "2"}, {("'=x.ipynb", "q3"): "=a comment the teacher typed"})
    marking.write_marks_template(rows, QSET, tmp_path)  # grading again: the teacher's typing stays as typed
    assert read(marks)[0]["comment"] == "=a comment the teacher typed"
    report = marking.merge_written(tmp_path / "gradebook.csv", marks, qset=QSET)
    assert report.merged == 1 and report.problems == ["marks.csv line 3 ('=HYPERLINK(1), q4): no level yet"]
    assert by_file(tmp_path / "gradebook.csv")["'=x.ipynb"]["q3"] == "answered; level 2 of 4: 1 point"


def test_a_gradebook_with_student_ids_and_flags_keeps_them(tmp_path):
    gradebook = tmp_path / "gradebook.csv"
    columns = ["student", "student_id", "file", "exercise_set", "status", "q1", "q2", "q3", "q4", "score",
               "total", "notes", "flags"]
    with open(gradebook, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        writer.writerow(["Ben Jones", "4411", "Ben Jones_4411_assignsubmission_file_/ex.ipynb", "classroom", "ok",
                         "correct", "correct", "answered", "answered", "2", "2", "ran in 3 s",
                         "same answers as Cara; answer shown by the code for q2"])
    marks = tmp_path / "marks.csv"
    write_marks(marks, [{"student": "Jones, Ben", "file": "", "question": "Q3", "level": "2", "comment": "ok"}])
    report = marking.merge_written(gradebook, marks, qset=QSET)
    assert report.problems == [] and report.merged == 1
    [row] = read(gradebook)
    assert list(row) == columns
    assert row["student_id"] == "4411" and row["flags"] == "same answers as Cara; answer shown by the code for q2"
    assert row["score"] == "3" and row["total"] == "5"
    assert row["notes"] == "ran in 3 s; teacher's comment on q3: ok"


def test_the_merge_command(book, capsys, monkeypatch):
    gradebook, marks = book
    monkeypatch.setattr(marking, "_load_questions", lambda gradebook, qset: QSET)
    fill(marks, {("aliya.ipynb", "q3"): "3", ("aliya.ipynb", "q4"): "9"})
    assert cli.main(["grade", "--merge-written", "--out", str(gradebook)]) == 1
    out = capsys.readouterr().out
    assert f"Merged 1 written mark(s) from {marks} into {gradebook}" in out
    assert "(Aliya Nurlanovna, q4): level '9' is not a level" in out
    assert by_file(gradebook)["aliya.ipynb"]["score"] == "3.5"
    other = str(marks.with_name("x.csv"))
    assert cli.main(["grade", "--merge-written", "--out", str(gradebook), "--marks", other]) == 2
    assert capsys.readouterr().out == f"Cannot merge the written marks: the marks file {marks.with_name('x.csv')} " \
                                      "does not exist\n"
    assert cli.main(["grade", "--out", str(gradebook)]) == 2
    assert "give the folder of submitted notebooks" in capsys.readouterr().out


def test_an_unknown_exercise_set_is_one_line(book, capsys):
    gradebook, _ = book  # "classroom" is a set of this test, not of the kit
    assert cli.main(["grade", "--merge-written", "--out", str(gradebook)]) == 2
    assert capsys.readouterr().out.count("\n") == 1


def test_grading_writes_the_template_and_grading_again_keeps_and_merges_the_levels(tmp_path, monkeypatch, capsys):
    from test_grading import CLASSROOM, SOLVED, _set_module, classroom_notebook, grade_notebooks

    _set_module(tmp_path, "classroom", CLASSROOM, monkeypatch)
    # "Ben K." in ben's metadata is only a flag now: the name comes from the file
    notebooks = {"ana.ipynb": classroom_notebook(SOLVED), "ben.ipynb": classroom_notebook({}, "Ben K.")}
    report, _ = grade_notebooks(tmp_path, notebooks, jobs=1)
    marks = tmp_path / "out" / "written_answers" / "marks.csv"
    assert report.marks.path == marks
    assert [(r["student"], r["question"]) for r in read(marks)] == [("ana", "q4"), ("ben", "q4")]
    fill(marks, {("ana.ipynb", "q4"): "3"}, {("ana.ipynb", "q4"): "Clear."})
    gradebook = tmp_path / "out" / "gradebook.csv"
    assert cli.main(["grade", str(tmp_path / "subs"), "--out", str(gradebook), "--merge-written", "--jobs", "1",
                     "--quiet", "--sandbox", "off", "--timeout", "30"]) == 0
    out = capsys.readouterr().out
    assert "kept: 1 you had typed in already" in out and "Merged 1 written mark(s)" in out
    assert read(marks)[0]["level"] == "3" and read(marks)[0]["comment"] == "Clear."
    ana = by_file(gradebook)["ana.ipynb"]
    assert ana["q4"] == "answered; level 3 of 3: 1 point" and ana["score"] == "4" and ana["total"] == "4"
