"""A gradebook's scores as a file the school's LMS imports.

    qantar export gradebook.csv --lms moodle|canvas|google [--out FILE] [--out-of N] [--assignment NAME]

- **Moodle**: the assignment's *offline grading worksheet* (Assignment settings > Feedback types >
  Offline grading worksheet; then "Upload grading worksheet" on the submissions page; MoodleDocs,
  https://docs.moodle.org/en/Assignment_settings). Moodle finds its columns by their English headings:
  ``Identifier`` (``Participant <n>``), ``Grade`` and ``Last modified (grade)`` are required, and
  ``Feedback comments`` is read when that feedback type is on (moodle/moodle,
  mod/assign/feedback/offline/importgradeslib.php, init() and next(); the headings are the strings
  recordid, grade, lastmodifiedgrade and hiddenuser of mod/assign/lang/en/assign.php). ``<n>`` is the
  participant number Moodle puts in the folder of each submission it downloads
  (``Ben Jones_4411_assignsubmission_file_``; both are the assignment's get_uniqueid_for_user, as
  mod/assign/feedback/file/tests/importzip_test.php spells out): the gradebook's ``student_id``. Moodle keeps a grade
  changed in Moodle after the worksheet's ``Last modified (grade)`` unless the teacher ticks "Allow
  updating records that have been modified more recently in Moodle". Moodle's gradebook import ("Import
  grades from CSV") needs an email, username or ID number per student, which a download does not carry,
  so the worksheet is the route that matches students by what the grader knows.
- **Canvas**: the Gradebook's CSV import (Gradebook > Import; Instructure's guide "How do I import grades
  in the Gradebook?",
  https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807).
  The header is ``Student, ID, SIS User ID, SIS Login ID, Section``, then one column per assignment
  (``Name (assignment id)`` updates that assignment; a new name creates one); a second row starting
  ``Points Possible`` gives its points. Canvas matches a row by ``ID`` (the Canvas user id, which Canvas
  puts in each downloaded file's name: the gradebook's ``student_id``), then by SIS ids, then by name
  (instructure/canvas-lms, app/models/gradebook_importer.rb: row_has_student_headers?,
  update_column_count, process_student; its fixtures, spec/fixtures/gradebooks/, have this layout).
  A blank cell would clear a score already in Canvas, so a notebook that never ran is left out.
- **Google Classroom** has no file import for grades (they are typed on the Grades page, or synced from a
  school's information system). The sheet it gets is the names and grades, sorted by surname as the Grades
  page lists students by default, to open in Google Sheets beside Classroom and copy across.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..exercises.engine import ANSWERED, INCORRECT
from .gradebook import Gradebook, number, plain_number, read_gradebook, shown_name
from .marks import COMMENT_PREFIX, parse_written_cell
from .write import _safe_cell, write_atomically

LMS_NAMES = {"moodle": "Moodle", "canvas": "Canvas", "google": "Google Classroom"}
MOODLE_COLUMNS = ["Identifier", "Full name", "Grade", "Maximum Grade", "Last modified (grade)"]
MOODLE_COMMENTS = "Feedback comments"
MOODLE_PARTICIPANT = "Participant "
CANVAS_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
CANVAS_POINTS_ROW = "Points Possible"
GOOGLE_COLUMNS = ["Student", "Grade", "Out of", "Percent"]
MAX_OUT_OF = 10_000


class ExportProblem(ValueError):
    """The export cannot be written (a bad value, a gradebook without totals): one line."""


@dataclass
class Export:
    path: Path
    lms: str
    rows: int
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"Wrote {self.path}: {self.rows} student(s) for {LMS_NAMES[self.lms]}.", *self.notes]


def default_path(gradebook_path, lms: str) -> Path:
    gradebook_path = Path(gradebook_path)
    return gradebook_path.with_name(f"{gradebook_path.stem}.{lms}.csv")


def _out_of(value, total: float) -> float:
    if value is None:
        return total
    scale = number(value)
    if scale is None or not 0 < scale <= MAX_OUT_OF:
        raise ExportProblem(f"--out-of must be the LMS's maximum grade, a number above 0 and at most {MAX_OUT_OF}, "
                            f"like 100, not {value!r}")
    return scale


def _comments(row: dict) -> str:
    """The teacher's comments on written answers, from the notes the merge wrote."""
    notes = shown_name(row.get("notes", "")).split("; ")
    return "; ".join(n[len(COMMENT_PREFIX):] for n in notes if n.startswith(COMMENT_PREFIX))


def unmarked_written(gradebook: Gradebook) -> int:
    """Written answers handed in but not yet given a level in the gradebook."""
    columns = [q for q in gradebook.questions
               if any(r.get(q) == ANSWERED or parse_written_cell(r.get(q, "")) for r in gradebook.rows)]
    return sum(1 for r in gradebook.rows for q in columns if r.get(q) in (ANSWERED, INCORRECT))


def surname_first(name: str) -> tuple[str, str]:
    parts = name.split()
    return (parts[-1].casefold() if parts else "", name.casefold())


def export(gradebook_path, lms: str, out=None, assignment: str | None = None, out_of=None, comments: bool = False,
           now: dt.datetime | None = None) -> Export:
    """Write ``gradebook_path``'s scores in ``lms``'s layout to ``out`` (default: gradebook.<lms>.csv)."""
    if lms not in LMS_NAMES:
        raise ExportProblem(f"unknown LMS {lms!r}; known: {', '.join(LMS_NAMES)}")
    gradebook = read_gradebook(gradebook_path)
    totals = {number(r.get("total", "")) for r in gradebook.rows} - {None}
    if len(totals) != 1 or not 0 < next(iter(totals)) <= MAX_OUT_OF:
        raise ExportProblem(f"the gradebook {gradebook_path} has no single total to scale the scores by "
                            f"(totals found: {', '.join(map(str, sorted(totals))) or 'none'})")
    total = next(iter(totals))
    scale = _out_of(out_of, total)
    scored, unscored = [], []
    for row in gradebook.rows:
        score = number(row.get("score", ""))
        (unscored if score is None else scored).append((row, score))
    share = {id(row): score / total for row, score in scored}
    grade = {key: plain_number(round(value * scale, 2)) for key, value in share.items()}
    notes = []
    waiting = unmarked_written(gradebook)
    if waiting:
        notes.append(f"{waiting} written answer(s) have no mark in the gradebook yet, so they count 0: type their "
                     "levels in the marks file and run qantar grade --merge-written first.")
    if unscored:
        notes.append(f"Left out, as their notebooks never ran (no score): "
                     f"{', '.join(shown_name(r['student']) for r, _ in unscored)}." if lms != "google" else
                     f"{len(unscored)} student(s) have no score (their notebooks never ran): their grade is blank.")
    names = Counter(shown_name(r["student"]).casefold() for r, _ in scored)
    twice = sorted({shown_name(r["student"]) for r, _ in scored if names[shown_name(r["student"]).casefold()] > 1})
    if twice:
        notes.append(f"More than one notebook for {', '.join(twice)}: each has a row, and the LMS keeps the last; "
                     "delete the rows you do not want.")
    if lms == "moodle":
        header, rows = _moodle(scored, grade, scale, comments, now, notes)
    elif lms == "canvas":
        name = assignment or f"Qantar 2022: {gradebook.exercise_set or 'exercises'}"
        header, rows = _canvas(scored, grade, scale, name, notes)
    else:
        header, rows = _google(scored + unscored, grade, share, scale)
        notes.append("Google Classroom has no file import for grades: open this file in Google Sheets beside "
                     "Classroom's Grades page (students are in the same order, by surname) and copy each grade "
                     "across.")
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(header)
    for cells in rows:
        writer.writerow([_safe_cell(c) if isinstance(c, str) else c for c in cells])
    path = Path(out) if out else default_path(gradebook_path, lms)
    write_atomically(path, buffer.getvalue())
    students = len(rows) - (1 if lms == "canvas" else 0)
    return Export(path, lms, students, notes)


def _moodle(scored, grade, scale, comments, now, notes):
    stamp = (now or dt.datetime.now(dt.timezone.utc)).astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S UTC")
    header = MOODLE_COLUMNS + ([MOODLE_COMMENTS] if comments else [])
    rows, no_id = [], []
    for row, _ in sorted(scored, key=lambda pair: shown_name(pair[0]["student"]).casefold()):
        student_id = row.get("student_id", "").strip()
        if not student_id:
            no_id.append(shown_name(row["student"]))
        cells = [f"{MOODLE_PARTICIPANT}{student_id}" if student_id else "", shown_name(row["student"]),
                 grade[id(row)], plain_number(scale), stamp]
        rows.append(cells + ([_comments(row)] if comments else []))
    if no_id:
        notes.append(f"No Moodle participant number for {', '.join(no_id)} (their files were not named by Moodle's "
                     "download): Moodle skips a row without one; copy the Identifier from Moodle's own worksheet.")
    notes.append(f"In Moodle: the assignment's maximum grade must be {plain_number(scale)} (or export with "
                 "--out-of set to it), and the Offline grading worksheet feedback type on; then "
                 "View all submissions > Upload grading worksheet.")
    return header, rows


def _canvas(scored, grade, scale, name, notes):
    header = [*CANVAS_COLUMNS, name]
    rows = [[CANVAS_POINTS_ROW, "", "", "", "", plain_number(scale)]]
    for row, _ in sorted(scored, key=lambda pair: shown_name(pair[0]["student"]).casefold()):
        rows.append([shown_name(row["student"]), row.get("student_id", "").strip(), "", "", "", grade[id(row)]])
    if any(not cells[1] for cells in rows[1:]):
        notes.append("Rows without a Canvas user id are matched by the student's name as Canvas spells it.")
    notes.append(f"In Canvas: Grades > Import, choose this file. The column {name!r} creates that assignment; to "
                 "fill one that exists, export again with --assignment set to its heading in Canvas's own "
                 "export, like 'Timeline exercises (1234)'.")
    return header, rows


def _google(rows, grade, share, scale):
    out = []
    for row, _ in sorted(rows, key=lambda pair: surname_first(shown_name(pair[0]["student"]))):
        percent = plain_number(round(100 * share[id(row)], 1)) if id(row) in share else ""
        out.append([shown_name(row["student"]), grade.get(id(row), ""), plain_number(scale), percent])
    return GOOGLE_COLUMNS, out
