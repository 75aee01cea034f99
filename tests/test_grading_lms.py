"""`qantar export`: a gradebook as the files Moodle and Canvas import, and a sheet for Google Classroom.

The layouts tested are the documented ones (see the sources in src/qantar/grading/lms.py):
- Moodle's offline grading worksheet: the importer (mod/assign/feedback/offline/importgradeslib.php) finds
  the columns headed "Identifier", "Grade" and "Last modified (grade)" (and "Feedback comments"), and takes
  the participant number as what follows "Participant " in the Identifier.
- Canvas's Gradebook import (app/models/gradebook_importer.rb): the first heading contains "Student", the
  second "ID", then "SIS User ID", "SIS Login ID", and the last student column "Section"; a row starting
  "Points Possible" gives each assignment's points; an assignment heading "Name (id)" names an existing one.
"""
import csv
import datetime as dt

import pytest

from qantar import cli
from qantar.grading import lms

NOW = dt.datetime(2026, 12, 3, 12, 30, tzinfo=dt.timezone.utc)
NEW = ["student", "student_id", "file", "exercise_set", "status", "q1", "q2", "q3", "score", "total", "notes", "flags"]
OLD = ["student", "file", "exercise_set", "status", "q1", "q2", "q3", "score", "total", "notes"]


def write_book(path, columns, rows):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def row(student, score, student_id="", q3="answered; level 2 of 4: 0.5 points", notes="", status="ok"):
    return {"student": student, "student_id": student_id, "file": f"{student}.ipynb", "exercise_set": "timeline",
            "status": status, "q1": "correct", "q2": "incorrect", "q3": q3, "score": score, "total": "3",
            "notes": notes, "flags": ""}


@pytest.fixture
def moodle_book(tmp_path):
    return write_book(tmp_path / "gradebook.csv", NEW, [
        row("Ben Jones", "1.5", "4411", notes="ran in 2 s; teacher's comment on q3: Say who said it."),
        row("Aliya Nurlanovna", "3", "4412", q3="answered; level 4 of 4: 1 point"),
        row("Cara Smith", "", "4413", q3="", status="kernel died"),
        row("=HYPERLINK(1)", "0.5", "")])


def read_rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def test_moodle_worksheet_has_the_columns_its_importer_looks_for(moodle_book):
    result = lms.export(moodle_book, "moodle", out_of="100", now=NOW)
    header, *rows = read_rows(result.path)
    assert result.path == moodle_book.with_name("gradebook.moodle.csv")
    for heading in ("Identifier", "Grade", "Last modified (grade)"):  # init() fails without any of them
        assert heading in header
    cells = [dict(zip(header, r)) for r in rows]
    participants = [c["Identifier"][len("Participant "):] for c in cells]  # what next() strips
    assert participants == ["", "4412", "4411"]  # by name; Cara's notebook never ran: left out
    assert [c["Grade"] for c in cells] == ["16.67", "100", "50"]
    assert {c["Maximum Grade"] for c in cells} == {"100"}
    assert {c["Last modified (grade)"] for c in cells} == {"2026-12-03 12:30:00 UTC"}
    assert cells[0]["Full name"] == "'=HYPERLINK(1)"  # a spreadsheet must not run a student's name
    assert "Feedback comments" not in header
    assert any("never ran (no score): Cara Smith" in n for n in result.notes)
    assert any("No Moodle participant number for =HYPERLINK(1)" in n for n in result.notes)


def test_moodle_comments_come_from_the_merged_written_marks_only_when_asked(moodle_book):
    header, *rows = read_rows(lms.export(moodle_book, "moodle", comments=True, now=NOW).path)
    comments = {r[header.index("Full name")]: r[header.index("Feedback comments")] for r in rows}
    assert comments["Ben Jones"] == "q3: Say who said it." and comments["Aliya Nurlanovna"] == ""
    assert [r[header.index("Grade")] for r in rows] == ["0.5", "3", "1.5"]  # raw points out of the total


def canvas_layout_problems(header, points_row) -> list[str]:
    """Canvas's header checks (row_has_student_headers? and update_column_count), as the importer runs them."""
    problems = []
    if not (len(header) > 3 and "Student" in header[0] and "ID" in header[1]):
        problems.append("no Student and ID columns first")
    columns = 3
    if "SIS User ID" in header[2] and "SIS Login ID" in header[3]:
        columns += 2
    if "Section" not in header[columns - 1]:
        problems.append("the last student column is not Section")
    if not points_row[0].startswith("Points Possible"):
        problems.append("no Points Possible row")
    return problems


def test_canvas_import_has_the_student_columns_points_row_and_one_assignment_column(moodle_book, tmp_path):
    out = tmp_path / "to_canvas.csv"
    result = lms.export(moodle_book, "canvas", out=out, assignment="Timeline exercises (1234)", out_of=10)
    header, points, *rows = read_rows(out)
    assert result.path == out and result.rows == 3
    assert canvas_layout_problems(header, points) == []
    assert header == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Timeline exercises (1234)"]
    assert points == ["Points Possible", "", "", "", "", "10"]
    assert rows == [["'=HYPERLINK(1)", "", "", "", "", "1.67"], ["Aliya Nurlanovna", "4412", "", "", "", "10"],
                    ["Ben Jones", "4411", "", "", "", "5"]]
    assert any("matched by the student's name" in n for n in result.notes)


def test_a_gradebook_without_student_ids_or_flags_exports_too(tmp_path):
    book = write_book(tmp_path / "old.csv", OLD, [row("Dana", "2"), row("Emil Abenov", "1")])
    header, points, *rows = read_rows(lms.export(book, "canvas").path)
    assert header[-1] == "Qantar 2022: timeline" and rows == [["Dana", "", "", "", "", "2"],
                                                              ["Emil Abenov", "", "", "", "", "1"]]
    assert canvas_layout_problems(header, points) == []


def test_google_sheet_is_by_surname_and_says_classroom_imports_no_grades(moodle_book):
    result = lms.export(moodle_book, "google", out_of=20)
    header, *rows = read_rows(result.path)
    assert header == ["Student", "Grade", "Out of", "Percent"]
    assert rows == [["'=HYPERLINK(1)", "3.33", "20", "16.7"], ["Ben Jones", "10", "20", "50"],
                    ["Aliya Nurlanovna", "20", "20", "100"], ["Cara Smith", "", "20", ""]]
    assert any("Google Classroom has no file import for grades" in n for n in result.notes)


def test_unmarked_written_answers_are_named_before_export(tmp_path):
    book = write_book(tmp_path / "gradebook.csv", NEW, [row("Dana", "2", q3="answered"),
                                                        row("Emil", "1", q3="not attempted")])
    notes = lms.export(book, "canvas").notes
    assert notes[0].startswith("1 written answer(s) have no mark in the gradebook yet")


@pytest.mark.parametrize("value", ["0", "-5", "lots", "nan", "1e9"])
def test_a_bad_out_of_is_one_line(moodle_book, capsys, value):
    assert cli.main(["export", str(moodle_book), "--lms", "moodle", "--out-of", value]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Cannot export: --out-of must be") and out.count("\n") == 1


def test_the_export_command(moodle_book, capsys, tmp_path):
    assert cli.main(["export", str(moodle_book), "--lms", "canvas"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"Wrote {moodle_book.with_name('gradebook.canvas.csv')}: 3 student(s) for Canvas.")
    assert cli.main(["export", str(tmp_path / "missing.csv"), "--lms", "canvas"]) == 2
    assert capsys.readouterr().out == f"Cannot export: the gradebook {tmp_path / 'missing.csv'} does not exist\n"
    (tmp_path / "not_a_book.csv").write_text("name,mark\nDana,3\n", encoding="utf-8")
    assert cli.main(["export", str(tmp_path / "not_a_book.csv"), "--lms", "google"]) == 2
    assert "has no 'student', 'file', 'exercise_set', 'status', 'score', 'total' column" in capsys.readouterr().out
