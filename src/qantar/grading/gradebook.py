"""Reading back what the grader wrote: the gradebook, its answers file, and any CSV a teacher saves.

The gradebook's columns are ``student, student_id, file, exercise_set, status, <one per question>, score,
total, notes, flags``; ``student_id`` and ``flags`` may be absent (gradebooks of an older grader). The
question columns are the ones between ``status`` and ``score``. The answers file sits beside the gradebook,
``<stem>.answers.csv``, one row per submission and question: ``student, student_id, file, question, kind,
status, answer``.

A teacher opens these files in a spreadsheet and saves them again: the reader takes UTF-8 with or without
Excel's byte-order mark and a comma, semicolon or tab as separator, and says in one line what is wrong
with a file it cannot read (``CsvProblem``).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from .write import _FORMULA_START, write_atomically

FIRST_COLUMNS = ("student", "file", "exercise_set", "status")
LAST_COLUMNS = ("score", "total")
ANSWERS_COLUMNS = ("student", "student_id", "file", "question", "kind", "status", "answer")


class CsvProblem(ValueError):
    """A file that cannot be read as the CSV it should be: the message is one line for the teacher."""


def read_csv(path, required=(), what: str = "file") -> tuple[list[str], list[dict]]:
    """(columns, rows) of a CSV a teacher may have saved from a spreadsheet; every cell a stripped string.
    ``required`` columns must be there (matched without regard to case or spaces around them)."""
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise CsvProblem(f"the {what} {path} does not exist") from None
    except IsADirectoryError:
        raise CsvProblem(f"{path} is a folder, not the {what}") from None
    except OSError as err:
        raise CsvProblem(f"the {what} {path} cannot be read ({err.strerror or err.__class__.__name__})") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise CsvProblem(f"the {what} {path} is not UTF-8 text: in the spreadsheet, save it as "
                         "'CSV UTF-8 (comma delimited)'") from None
    if not text.strip():
        raise CsvProblem(f"the {what} {path} is empty")
    first_line = text.splitlines()[0]
    # A spreadsheet set to a European locale saves with semicolons; the header line shows which one.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as err:
        raise CsvProblem(f"the {what} {path} is not a readable CSV file ({err})") from None
    header = [cell.strip() for cell in rows[0]]
    columns = {name.casefold(): name for name in header}
    missing = [name for name in required if name.casefold() not in columns]
    if missing:
        raise CsvProblem(f"the {what} {path} has no {', '.join(repr(m) for m in missing)} column "
                         f"(its columns: {', '.join(header) or 'none'})")
    # One spelling of each column name: the one asked for, whatever case the file gives it.
    wanted = {name.casefold(): name for name in required}
    names = [wanted.get(h.casefold(), h) for h in header]
    records = []
    for cells in rows[1:]:
        if not any(cell.strip() for cell in cells):
            continue  # a blank line a spreadsheet leaves at the end
        cells = [cell.strip() for cell in cells] + [""] * (len(names) - len(cells))
        record = dict(zip(names, cells))
        if len(cells) > len(names) and any(cells[len(names):]):
            record[None] = cells[len(names):]  # cells beyond the header: kept, never silently dropped
        records.append(record)
    return names, records


@dataclass
class Gradebook:
    """A gradebook as read: its columns in order, its question columns, and one dict per row."""

    path: Path
    columns: list[str]
    rows: list[dict]

    @property
    def questions(self) -> list[str]:
        return self.columns[self.columns.index("status") + 1:self.columns.index("score")]

    def has(self, column: str) -> bool:
        return column in self.columns

    @property
    def exercise_set(self) -> str:
        """The set most rows were graded as (a notebook of another set has a row too)."""
        names = [r["exercise_set"] for r in self.rows if r.get("exercise_set") and r.get("status") == "ok"]
        names = names or [r["exercise_set"] for r in self.rows if r.get("exercise_set")]
        return max(set(names), key=names.count) if names else ""

    def write(self, path=None) -> None:
        """Write the rows back with the same columns, atomically (a half-written gradebook never replaces
        the previous one)."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer)
        writer.writerow(self.columns)
        for row in self.rows:
            writer.writerow([row.get(column, "") for column in self.columns])
        write_atomically(Path(path or self.path), buffer.getvalue())


def read_gradebook(path) -> Gradebook:
    """The gradebook at ``path``; CsvProblem (one line) when it is not one."""
    columns, rows = read_csv(path, required=(*FIRST_COLUMNS, *LAST_COLUMNS), what="gradebook")
    if columns.index("status") > columns.index("score"):
        raise CsvProblem(f"the gradebook {path} has its columns out of order: the question columns sit between "
                         "'status' and 'score'")
    for row in rows:
        row.pop(None, None)
    return Gradebook(Path(path), columns, rows)


def answers_path(gradebook_path) -> Path:
    """Where the grader writes the answers file of a gradebook: ``gradebook.answers.csv`` beside it."""
    gradebook_path = Path(gradebook_path)
    return gradebook_path.with_name(f"{gradebook_path.stem}.answers.csv")


def read_answers(path) -> list[dict]:
    """The rows of an answers file ([] when there is none: a gradebook of an older grader)."""
    if not Path(path).exists():
        return []
    return read_csv(path, required=("student", "question", "status", "answer"), what="answers file")[1]


def number(text) -> float | None:
    """A cell as a number, or None: a blank, a dash or any text."""
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    return value if value == value and abs(value) != float("inf") else None


def plain_number(x: float):
    """2.0 as 2, 2.5 as 2.5, 0.3333 as 0.33: numbers as a teacher writes them."""
    return int(x) if float(x).is_integer() else round(x, 2)


def student_key(name: str) -> str:
    """A name compared as a person reads it: case, accents' case, repeated spaces and a "Surname, Given"
    order ignored ("Jones, Ben" is "Ben Jones")."""
    name = " ".join(str(name).replace("\u00a0", " ").split())
    if name.count(",") == 1:
        surname, given = (part.strip() for part in name.split(","))
        name = f"{given} {surname}"
    return name.casefold()


def shown_name(cell: str) -> str:
    """A name as the gradebook stores it, without the quote mark that keeps a spreadsheet from running it
    as a formula ("'=cmd" is the student "=cmd")."""
    text = str(cell)
    return text[1:] if text.startswith("'") and text[1:].lstrip(" ").startswith(_FORMULA_START) else text
