"""Written answers marked by the teacher, and back into the gradebook.

The grader writes ``written_answers/marks.csv`` beside the gradebook: one row per student and written
question, columns ``student, student_id, file, question, level, points, comment``. The teacher reads the
answers (the Markdown files in the same folder, with the rubric at the top) and types a level in each
row, and a comment if they like. A level is a rubric level, 1 (the weakest) to the rubric's last (the
strongest); 0 means nothing reached level 1. It is worth ``q.points * level / levels``: the strongest level
earns the question's points, each level below it an equal step less (the engine's rubrics are ordered
from weakest to strongest, and a written question's ``points`` is what it is worth once marked).

Grading again never loses what the teacher typed: the template is merged with the file already there
(rows are matched by file and question; a typed row whose notebook is gone is kept at the end).

``qantar grade --merge-written`` then folds the levels into the gradebook: each written question's cell
keeps its status and gains the mark (``answered; level 3 of 4: 0.75 points``), ``score`` and ``total``
include the written questions, and each comment joins the notes. Merging again (after changing a level)
gives the same gradebook as merging once. A bad row (a level out of range, a name or question that is not
in the gradebook, a missing level) gets one line, and every other row is merged.
"""
from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from ..exercises.engine import NOT_ATTEMPTED
from .gradebook import (CsvProblem, Gradebook, number, plain_number, read_csv, read_gradebook, shown_name,
                        student_key)
from .write import _safe_cell, write_atomically

MARKS_COLUMNS = ["student", "student_id", "file", "question", "level", "points", "comment"]
MARKS_FILE = "marks.csv"
STUDENT_COLUMNS = ("student", "student_id", "file", "question")
COMMENT_PREFIX = "teacher's comment on "  # how a comment is told apart from the grader's notes
_WRITTEN_CELL = re.compile(r"^(?P<status>.*?); level (?P<level>\d+) of (?P<levels>\d+): "
                           r"(?P<points>[0-9.]+) points?$")
_LEVEL = re.compile(r"^(?:level\s*)?(\d+)(?:[.,]0+)?$", re.IGNORECASE)


def levels(question) -> int:
    return max(1, len(question.rubric))


def level_points(question, level: int) -> float:
    """What ``level`` of ``question``'s rubric is worth."""
    return question.points * level / levels(question)


def written_cell(status: str, question, level: int) -> str:
    points = plain_number(level_points(question, level))
    return f"{status}; level {level} of {levels(question)}: {points} point{'' if points == 1 else 's'}"


def parse_written_cell(cell: str) -> dict | None:
    """The parts of a merged written cell (status, level, levels, points), or None for a plain status."""
    found = _WRITTEN_CELL.match(str(cell))
    if not found:
        return None
    return {"status": found["status"], "level": int(found["level"]), "levels": int(found["levels"]),
            "points": float(found["points"])}


def parse_level(text: str) -> int | None:
    found = _LEVEL.match(str(text).strip())
    return int(found.group(1)) if found else None


def marks_path(gradebook_path, written_dir=None) -> Path:
    """Where the marks file of a gradebook is: in the written answers folder (``--written``, or
    ``written_answers/`` beside the gradebook)."""
    folder = Path(written_dir) if written_dir else Path(gradebook_path).parent / "written_answers"
    return folder / MARKS_FILE


# ---------------------------------------------------------------------------------------------
# The template, written at the end of grading


@dataclass
class MarksTemplate:
    path: Path | None
    rows: int = 0
    kept: int = 0  # rows the teacher had typed something in, carried over
    note: str = ""  # what the teacher must know (their file could not be read, so it was left alone)


def _typed(row: dict) -> bool:
    return any(str(row.get(c, "")).strip() for c in ("level", "points", "comment")) or any(
        str(v).strip() for k, v in row.items() if k not in MARKS_COLUMNS and k is not None)


def write_marks_template(rows, qset, folder) -> MarksTemplate:
    """Write (or bring up to date) ``folder/marks.csv`` for the written questions of ``qset``, one row per
    graded submission and written question, keeping every level, comment and column the teacher typed."""
    written = [q for q in qset if q.kind == "written"]
    folder = Path(folder)
    target = folder / MARKS_FILE
    if not written:
        return MarksTemplate(None)
    existing, extra_columns, note = {}, [], ""
    if target.exists():
        try:
            columns, old_rows = read_csv(target, required=("file", "question", "level"), what="marks file")
        except CsvProblem as problem:
            # Never overwrite a file the teacher may have typed in: the fresh template goes beside it.
            target = folder / "marks.new.csv"
            note = (f"{problem}; it was left as it was, and a fresh template is in {target} (copy your "
                    "levels across, or fix the file and grade again)")
        else:
            extra_columns = [c for c in columns if c not in MARKS_COLUMNS]
            for row in old_rows:
                row.pop(None, None)
                key = (shown_name(row.get("file", "")), row.get("question", "").strip().casefold())
                existing.setdefault(key, row)
    out_rows, used = [], set()
    for graded in sorted(rows, key=lambda r: (r.submission.student.casefold(), r.submission.file)):
        if graded.results is None:
            continue  # the notebook never ran: there is no written answer to mark
        sub = graded.submission
        for q in written:
            key = (sub.file, q.name.casefold())
            old = existing.get(key, {})
            used.add(key)
            row = {**old, "student": sub.student, "student_id": getattr(sub, "student_id", "") or "",
                   "file": sub.file, "question": q.name}
            level = parse_level(old.get("level", ""))
            if level is not None and 0 <= level <= levels(q):
                row["points"] = plain_number(level_points(q, level))
            out_rows.append(row)
    kept = [row for key, row in existing.items() if key not in used and _typed(row)]
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    columns = MARKS_COLUMNS + extra_columns
    writer.writerow(columns)
    for row in out_rows + kept:
        # What came from students is neutralised for spreadsheets; what the teacher typed stays as typed.
        writer.writerow([_safe_cell(row.get(c, "")) if c in STUDENT_COLUMNS and row.get(c, "") != "" else
                         row.get(c, "") for c in columns])
    try:
        write_atomically(target, buffer.getvalue())
    except OSError as err:  # e.g. the file is open in a spreadsheet that locks it
        return MarksTemplate(None, note=f"the marks file {target} could not be written "
                                        f"({err.strerror or err.__class__.__name__}): close it and grade again")
    carried = sum(1 for key in used if key in existing and _typed(existing[key])) + len(kept)
    return MarksTemplate(target, len(out_rows) + len(kept), carried, note)


# ---------------------------------------------------------------------------------------------
# Merging the typed levels into the gradebook


@dataclass
class MergeReport:
    gradebook: Path
    marks: Path
    merged: int = 0
    problems: list[str] = field(default_factory=list)
    total: float = 0
    not_in_marks: int = 0  # written answers that have no row in the marks file at all

    def lines(self) -> list[str]:
        lines = [f"Merged {self.merged} written mark(s) from {self.marks} into {self.gradebook}: score and total "
                 f"now count the written questions (total {plain_number(self.total)} points)."]
        if self.problems:
            lines.append(f"{len(self.problems)} row(s) of the marks file were not merged; fix them and merge again:")
            lines += [f"  {p}" for p in self.problems]
        if self.not_in_marks:
            lines.append(f"{self.not_in_marks} written answer(s) have no row in the marks file: grade the folder "
                         "again to add their rows (what you typed stays).")
        return lines


class MarksProblem(ValueError):
    """The merge cannot start (no gradebook, no marks file, an unknown exercise set): one line."""


def _load_questions(gradebook: Gradebook, qset):
    if qset is not None:
        return qset
    from ..exercises import SET_MODULES, load_set

    name = gradebook.exercise_set
    if name not in SET_MODULES:
        raise MarksProblem(f"the gradebook's exercise set {name or '(none)'!r} is not one of the kit's sets "
                           f"({', '.join(SET_MODULES)}), so its rubrics are unknown")
    return load_set(name)


def _closest(name: str, names) -> str:
    close = difflib.get_close_matches(name, list(names), n=1, cutoff=0.6)
    return f" (did you mean {close[0]!r}?)" if close else ""


def merge_written(gradebook_path, marks_file=None, qset=None) -> MergeReport:
    """Fold the levels of ``marks_file`` (default: written_answers/marks.csv beside the gradebook) into the
    gradebook at ``gradebook_path``, in place. Raises MarksProblem or CsvProblem (one line) when it cannot
    start; bad rows are listed in the report and left out."""
    gradebook = read_gradebook(gradebook_path)
    marks_file = Path(marks_file) if marks_file else marks_path(gradebook_path)
    qset = _load_questions(gradebook, qset)
    written = {q.name: q for q in qset if q.kind == "written" and q.name in gradebook.questions}
    if not written:
        raise MarksProblem(f"the gradebook {gradebook_path} has no written question to merge marks into")
    _, mark_rows = read_csv(marks_file, required=("student", "file", "question", "level"), what="marks file")
    report = MergeReport(Path(gradebook_path), marks_file)
    by_file = {shown_name(row["file"]): row for row in gradebook.rows}
    by_name: dict[str, list[dict]] = {}
    for row in gradebook.rows:
        by_name.setdefault(student_key(shown_name(row["student"])), []).append(row)
    chosen: dict[tuple[str, str], tuple[int, str]] = {}  # (file, question) -> (level, comment)
    seen_lines: dict[tuple[str, str], int] = {}
    for line, mark in enumerate(mark_rows, start=2):  # line 1 is the header
        name, question_text = mark.get("student", ""), mark.get("question", "")
        where = f"{marks_file.name} line {line} ({name or mark.get('file') or 'no name'}, {question_text or '?'})"
        row, why = _find_row(mark, by_file, by_name)
        if row is None:
            report.problems.append(f"{where}: {why}")
            continue
        question = next((q for n, q in written.items() if n.casefold() == question_text.strip().casefold()), None)
        if question is None:
            known = ", ".join(written)
            report.problems.append(f"{where}: {question_text!r} is not a written question of this gradebook "
                                   f"(written questions: {known})")
            continue
        key = (row["file"], question.name)
        if key in seen_lines:
            report.problems.append(f"{where}: a second row for this student and question (the first, line "
                                   f"{seen_lines[key]}, is the one merged)")
            continue
        seen_lines[key] = line
        status = _status(row.get(question.name, ""))
        level_text = mark.get("level", "").strip()
        if not level_text:
            typed_points = mark.get("points", "").strip()
            if status not in ("", NOT_ATTEMPTED) or typed_points or mark.get("comment", "").strip():
                extra = " (a points value is not enough: type the level)" if typed_points else ""
                report.problems.append(f"{where}: no level yet{extra}")
            continue
        level = parse_level(level_text)
        if level is None or not 0 <= level <= levels(question):
            report.problems.append(f"{where}: level {level_text!r} is not a level of {question.name}'s rubric "
                                   f"(a whole number from 1 to {levels(question)}, or 0 for none)")
            continue
        chosen[key] = (level, mark.get("comment", "").strip())
    report.not_in_marks = sum(1 for row in gradebook.rows for q in written if (row["file"], q) not in seen_lines
                              and _status(row.get(q, "")) not in ("", NOT_ATTEMPTED))
    auto_total = sum(q.points for q in qset if q.scored)
    report.total = auto_total + sum(q.points for q in written.values())
    for row in gradebook.rows:
        report.merged += _apply(row, written, chosen, report.total)
    gradebook.write()
    return report


def _find_row(mark: dict, by_file: dict, by_name: dict) -> tuple[dict | None, str]:
    name, file = shown_name(mark.get("student", "").strip()), shown_name(mark.get("file", "").strip())
    if file:
        row = by_file.get(file)
        if row is None:
            return None, f"no notebook {file!r} in the gradebook{_closest(file, by_file)}"
        if name and student_key(name) != student_key(shown_name(row["student"])):
            return None, (f"the name {name!r} is not that of {file!r}, {shown_name(row['student'])!r}: fix the name "
                          "or the file")
        return row, ""
    if not name:
        return None, "neither a student nor a file: say whose answer this is"
    rows = by_name.get(student_key(name), [])
    if not rows:
        names = [shown_name(r["student"]) for r in by_file.values()]
        return None, f"no student {name!r} in the gradebook{_closest(name, names)}"
    if len(rows) > 1:
        return None, f"{len(rows)} notebooks in the gradebook are {name!r}'s: give the file"
    return rows[0], ""


def _status(cell: str) -> str:
    merged = parse_written_cell(cell)
    return merged["status"] if merged else cell


def _apply(row: dict, written: dict, chosen: dict, total: float) -> int:
    """Put the chosen marks in one gradebook row (idempotent); return how many it took."""
    if row.get("total", "") != "":
        row["total"] = plain_number(total)
    score = number(row.get("score", ""))
    if score is None:
        return 0  # the notebook never ran: no score to add to
    notes = [n for n in shown_name(row.get("notes", "")).split("; ") if n and not n.startswith(COMMENT_PREFIX)]
    taken = 0
    for name, question in written.items():
        before = parse_written_cell(row.get(name, ""))
        status = before["status"] if before else row.get(name, "")
        if before:  # the mark of an earlier merge comes out before the new one goes in
            score = round(score - level_points(question, before["level"]), 2)
        row[name] = status
        if (row["file"], name) in chosen:
            level, comment = chosen[(row["file"], name)]
            row[name] = written_cell(status, question, level)
            score += level_points(question, level)
            taken += 1
            if comment:
                notes.append(f"{COMMENT_PREFIX}{name}: {' '.join(comment.replace('; ', ', ').split())}")
    row["score"] = plain_number(max(score, 0))
    row["notes"] = _safe_cell("; ".join(notes)) if notes else ""
    return taken
