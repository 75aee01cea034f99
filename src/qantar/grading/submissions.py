"""Step 1: find the submitted notebooks and read each one, without changing it and without running it:
who handed it in, which exercise set it is, and whether it can be run at all."""
from __future__ import annotations

import hashlib
import json
import os
import re
import stat
from collections import Counter
from pathlib import Path

import nbformat

from ..exercises import SET_MODULES
from .names import Name, Namer
from .records import EMPTY, UNKNOWN_SET, UNREADABLE, WRONG_SET, Submission

MAX_NOTEBOOK_BYTES = 50_000_000  # larger files are refused (stored outputs and images make files big)



class Refused(OSError):
    """A file the grader does not read; the message says why, for the gradebook's notes."""


def _too_big(size: int) -> str:
    return f"the file is {size / 1e6:.0f} MB, more than the {MAX_NOTEBOOK_BYTES / 1e6:.0f} MB the grader reads"


def _special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device file"
    return "a folder" if stat.S_ISDIR(mode) else "a special file"


def not_a_regular_file(path: Path) -> str:
    """Why ``path`` is not a file to read ("a link to a named pipe (FIFO)", ...), or "" if it is one.

    Only stat is used: opening a named pipe waits for a writer forever, and a device may never end.
    """
    try:
        mode = os.stat(path).st_mode  # follows links: a link to a pipe is a pipe
    except FileNotFoundError:
        return "a link to a file that does not exist"
    except OSError as err:
        return f"a file that cannot be examined ({err.strerror or err.__class__.__name__})"
    if stat.S_ISREG(mode):
        return ""
    return ("a link to " if os.path.islink(path) else "") + _special_kind(mode)


def _read_regular_file(path: Path, limit: int | None = None, follow: bool = True) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (MAX_NOTEBOOK_BYTES); otherwise ``Refused``.

    Kind and size are checked by stat before the file is opened, then again on the open file (it may
    have been swapped since), which is opened without waiting, so that a pipe put in its place cannot
    stall the grader. At most ``limit + 1`` bytes are read, whatever the file grows to. With
    ``follow=False`` a link is refused (a file a kernel could have replaced).
    """
    limit = MAX_NOTEBOOK_BYTES if limit is None else limit
    if not follow and os.path.islink(path):
        raise Refused("the file is a link")
    kind = not_a_regular_file(path)
    if kind:
        raise Refused(f"the file is {kind}, not a notebook file")
    size = os.stat(path).st_size
    if size > limit:
        raise Refused(_too_big(size))
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    descriptor = os.open(path, flags if follow else flags | getattr(os, "O_NOFOLLOW", 0))
    with open(descriptor, "rb") as handle:
        opened = os.fstat(handle.fileno())
        if not stat.S_ISREG(opened.st_mode):
            raise Refused(f"the file is {_special_kind(opened.st_mode)}, not a notebook file")
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise Refused(_too_big(max(len(data), opened.st_size)))
    return data


def _sha256(path: Path) -> str:
    return hashlib.sha256(_read_regular_file(path)).hexdigest()


def find_submissions(folder: Path) -> list[Path]:
    """Every notebook file under ``folder`` (any depth), skipping Jupyter's checkpoint copies."""
    return discover(folder)[0]


# Not handed in by anyone: what an operating system or an unzip tool leaves beside the files.
_SYSTEM_FILES = {"thumbs.db", "desktop.ini"}


def _left_by_the_system(rel: Path) -> bool:
    return (any(part.startswith(".") or part == "__MACOSX" for part in rel.parts)
            or rel.name.casefold() in _SYSTEM_FILES)


def notebook_form(name: str) -> str | None:
    """How a file named ``name`` is a notebook: "" for ".ipynb", a note for the forms also read
    (".IPYNB" in other letters, ".ipynb.json" as a browser saves it), None for any other file."""
    lowered = name.casefold()
    if name.endswith(".ipynb"):
        return ""
    if lowered.endswith(".ipynb.json"):
        return "saved as .ipynb.json (as a browser downloads a notebook): read as a notebook"
    if lowered.endswith(".ipynb"):
        return f"named {name[-6:]} rather than .ipynb: read as a notebook"
    return None


def _not_a_notebook(name: str) -> str:
    suffix = Path(name).suffix.casefold()
    if suffix == ".zip":
        return "a zip archive, not opened: unzip it into the folder and grade again"
    if suffix in (".html", ".pdf", ".py", ".txt", ".md", ".docx"):
        return f"a {suffix} file, not a notebook: ask for the .ipynb file (File > Download in Jupyter)"
    return "not a notebook file (.ipynb)"


def discover(folder: Path, outputs: tuple = ()) -> tuple[list[Path], list[tuple[str, str]]]:
    """The notebook files under ``folder`` to grade, and every other file skipped as (file, reason):
    a file that is not a notebook (a .pdf, a .zip, Moodle's onlinetext .html) or a named pipe, socket
    or device file, or a link to one or to nothing, named like a notebook. None of those is opened.
    Files named .IPYNB or .ipynb.json are read as notebooks (``notebook_form``); hidden files and
    folders (checkpoints included) and what an unzip tool leaves (__MACOSX) are not submissions, nor
    are the grader's own ``outputs`` of an earlier run (a gradebook or feedback kept in the folder)."""
    folder = Path(folder)
    outputs = [Path(os.path.abspath(p)) for p in outputs if p]
    paths, skipped = [], []
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder)
        if _left_by_the_system(rel) or (path.is_dir() and not path.is_symlink()):
            continue
        where = Path(os.path.abspath(path))
        if any(where == out or out in where.parents for out in outputs):
            continue
        kind = not_a_regular_file(path)
        if notebook_form(path.name) is None:
            if kind != "a folder":
                skipped.append((shown_path(rel), f"{kind}, not opened" if kind else _not_a_notebook(path.name)))
        elif not kind:
            paths.append(path)
        elif kind != "a folder":  # a folder named like a notebook is searched like any other
            skipped.append((shown_path(rel), f"{kind}, not a notebook file: not opened"))
    return paths, skipped


def shown_path(rel: Path) -> str:
    """A relative path as text that can be written anywhere: bytes of a file name that are not UTF-8
    (a name made on another system) appear as \\xff escapes instead of stopping the gradebook."""
    return os.fsencode(rel.as_posix()).decode("utf-8", "backslashreplace")


def class_namer(paths: list[Path], folder: Path, source: str = "auto") -> Namer:
    """The namer for a class's notebooks (``names``), which looks at all their paths at once."""
    return Namer([Path(shown_path(p.relative_to(folder))) for p in paths], source)


def _name(rel: Path, namer: Namer | None, metadata_student: str = "") -> Name:
    shown = Path(shown_path(rel))  # a byte of a file name that is not UTF-8 becomes an escape here too
    return (namer or Namer([shown])).name(shown, metadata_student)


def _named(sub: Submission, rel: Path, namer: Namer | None, metadata_student: str = "") -> Submission:
    name = _name(rel, namer, metadata_student)
    sub.student, sub.student_id, sub.name_found_by = name.student, name.student_id, name.found_by
    return sub


class BadNotebook(ValueError):
    """Valid JSON that is not a notebook the grader can run; the message says what is wrong."""


def _json_kind(value) -> str:
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, (int, float)):
        return "a number"
    kinds = ((str, "text"), (list, "a list"), (dict, "an object"))
    return next((name for kind, name in kinds if isinstance(value, kind)), "null")


def _checked_cell(number: int, cell) -> None:
    """Make one cell ready to run (no outputs); raise BadNotebook for what nbformat lets through."""
    if not isinstance(cell, dict):
        raise BadNotebook(f"cell {number} is {_json_kind(cell)}, not a cell")
    source = cell.get("source", "")
    source = "" if source is None else source
    if not isinstance(source, str):  # e.g. "source": 5 is valid JSON, and nbformat only warns
        raise BadNotebook(f"the source of cell {number} is {_json_kind(source)}, not text")
    cell.source = source
    if cell.get("cell_type") == "code":
        cell.outputs = []
        cell.execution_count = None
    elif cell.get("cell_type") not in ("markdown", "raw"):
        raise BadNotebook(f"cell {number} is of an unknown type, {repr(cell.get('cell_type'))[:40]}")


_IMPORT_RE = re.compile(r"^\s*(?:from\s+([\w.]+)\s+import\b|import\s+([\w.]+))", re.M)


_HINT_RE = re.compile(r"\b(q\w+)\.hint\(\s*(\d*)\s*\)")
# What shows a question's answer: its solution or model answer, or the key's own attributes.
_SOLUTION_RE = re.compile(r"\b(q\d+)\s*\.\s*(?:(?:solution|model|expected_value)\s*\(|"
                          r"(?:expected|answer|model_answer|solution_code|cases|alternatives)\b)")


def set_from_imports(sources: list[str]) -> str:
    """The exercise set a notebook imports (``from qantar.exercises.<set> import *``), or ''."""
    by_module = {module: name for name, module in SET_MODULES.items()}
    for source in sources:
        for match in _IMPORT_RE.finditer(source):
            module = match.group(1) or match.group(2)
            if module in by_module:
                return by_module[module]
    return ""


# The set-up cell of an assessed notebook (qantar assign) names its set: QUESTIONS = assignment({'exercise_set': ...
_ASSESSED_RE = re.compile(r"""\bassignment\(\s*\{\s*['"]exercise_set['"]\s*:\s*['"]([\w-]{1,60})['"]""")


def set_from_setup(sources: list[str]) -> str:
    """The exercise set an assessed notebook's set-up cell names, or ''."""
    for source in sources:
        match = _ASSESSED_RE.search(source)
        if match:
            return match.group(1)
    return ""


def _code_without_comments(source: str) -> str:
    return "\n".join(line.split("#", 1)[0] for line in source.splitlines())


def hints_read(sources: list[str]) -> dict[str, int]:
    """The highest hint number each question's hint() is called with in the code (comments aside)."""
    seen: dict[str, int] = {}
    for source in sources:
        for name, number in _HINT_RE.findall(_code_without_comments(source)):
            seen[name] = max(seen.get(name, 0), int(number or 1))
    return seen


def solutions_read(sources: list[str]) -> dict[str, int]:
    """How many times the code shows each question's answer (``q2.solution()``, ``q5.model()``,
    ``q1.expected_value()``, ``q3.answer``...), comments aside. Only what is left in the submitted code is
    seen: a call run and then deleted leaves no trace in the file."""
    seen: dict[str, int] = {}
    for source in sources:
        for name in _SOLUTION_RE.findall(_code_without_comments(source)):
            seen[name] = seen.get(name, 0) + 1
    return seen


def _help_note(sub: Submission) -> str:
    """The gradebook's note of the hints the code reads ('' when none). The answers it shows
    (``solutions_read``) are a flag of their own (``flags``), not a note."""
    if not sub.hints_read:
        return ""
    return "hints read: " + ", ".join(f"{q} up to hint {n}" for q, n in sorted(sub.hints_read.items()))


def read_submission(path: Path, folder: Path, namer: Namer | None = None, known=SET_MODULES) -> Submission:
    """Read one submission. Never raises: a problem becomes the submission's status. ``namer`` names
    the student (``class_namer``; by default from this path alone). ``known``: the exercise sets that can be
    graded (the kit's, or the assignment of a key)."""
    path = Path(path)
    rel = path.relative_to(folder)
    sub = _named(Submission(path=path, file=shown_path(rel), student=""), rel, namer)
    form = notebook_form(path.name)
    if form:
        sub.notes.append(f"the file is {form}")
    try:
        data = _read_regular_file(path)  # refuses a file too big or not a file before reading or hashing it
        sub.sha256 = hashlib.sha256(data).hexdigest()
        text = data.decode("utf-8")
        if not text.strip():
            sub.status = UNREADABLE
            sub.notes.append("the file is empty (0 bytes of notebook)")
            return sub
    except Refused as err:
        sub.status = UNREADABLE
        sub.notes.append(str(err))
        return sub
    except (OSError, UnicodeDecodeError) as err:
        sub.status = UNREADABLE
        sub.notes.append(f"cannot read the file ({err.__class__.__name__})")
        return sub
    try:
        nb = nbformat.reads(text, as_version=4)
        for number, cell in enumerate(list(nb.cells), start=1):
            _checked_cell(number, cell)
        metadata = dict(nb.get("metadata", {}) or {})
    except Exception as err:  # noqa: BLE001 - any broken file is one row, not a crash
        sub.status = UNREADABLE
        if isinstance(err, BadNotebook):
            reason = f"not a notebook the grader can run: {err}"
        elif isinstance(err, json.JSONDecodeError) or "JSON" in str(err):
            reason = "not valid JSON"
        else:
            reason = f"not a valid notebook ({err.__class__.__name__})"
        sub.notes.append(f"the file is {reason}")
        return sub
    sub.nb = nb
    qantar_meta = metadata.get("qantar") if isinstance(metadata.get("qantar"), dict) else {}
    student = qantar_meta.get("student")
    if isinstance(student, str) and student.strip():
        sub.metadata_student = student.strip()[:100]
        if namer is not None and namer.source == "metadata":
            _named(sub, rel, namer, sub.metadata_student)
    elif namer is not None and namer.source == "metadata":
        sub.notes.append(f"no student name in the notebook's metadata: the name comes from the {sub.name_found_by}")
    code = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    sub.hints_read = hints_read(code)
    sub.solutions_read = solutions_read(code)
    if _help_note(sub):
        sub.notes.append(_help_note(sub))
    sub.assignment_id = str(qantar_meta.get("assignment_id", ""))[:40]
    named = qantar_meta.get("exercise_set")
    if isinstance(named, str) and named:
        sub.exercise_set, sub.set_found_by = named, "metadata"
    else:
        sub.exercise_set = set_from_imports(code)
        if sub.exercise_set:
            sub.set_found_by = "import line"
            sub.notes.append("exercise set found from the import line (the notebook metadata was missing)")
        elif set_from_setup(code):
            sub.exercise_set, sub.set_found_by = set_from_setup(code), "set-up cell"
            sub.notes.append("exercise set found from the set-up cell (the notebook metadata was missing)")
    if not code:
        sub.status = EMPTY
    elif not sub.exercise_set:
        sub.status = UNKNOWN_SET
        sub.notes.append("neither the metadata nor an import line names an exercise set")
    elif sub.exercise_set not in known:
        sub.status = UNKNOWN_SET
        sub.notes.append(f"the metadata names an exercise set the kit does not have: {sub.exercise_set!r}")
    return sub


def _read_safely(path: Path, folder: Path, namer: Namer | None = None, known=SET_MODULES) -> Submission:
    """``read_submission``, and a row of its own for whatever it did not foresee."""
    try:
        return read_submission(path, folder, namer, known)
    except Exception as err:  # noqa: BLE001 - one damaged file never stops the class's grading
        rel = path.relative_to(folder)
        sub = Submission(path=path, file=shown_path(rel), student="", status=UNREADABLE)
        try:
            _named(sub, rel, namer)
        except Exception:  # noqa: BLE001 - the name itself was the surprise: the path stands for it
            sub.student = shown_path(rel)[:100]
        sub.notes.append(f"the file could not be read ({err.__class__.__name__})")
        return sub


def notebook_imports(sources: list[str]) -> list[str]:
    """The notebook's top-level import statements, rewritten by the grader (so they can only import):
    the function runner runs them before a student's function, as the notebook did."""
    import ast

    found: list[str] = []
    for source in sources:
        try:
            tree = ast.parse(source)
        except (SyntaxError, ValueError, RecursionError, MemoryError):  # IPython magics, or not Python
            continue
        for node in tree.body:
            if isinstance(node, ast.Import) or (isinstance(node, ast.ImportFrom) and not node.level
                                                and node.module != "__future__"):
                found.append(ast.unparse(node))
    return list(dict.fromkeys(found))[:50]


def choose_set(submissions: list[Submission], wanted: str | None, known=SET_MODULES) -> str:
    """The set being graded: the one asked for, or the most common among the submissions."""
    if wanted:
        if wanted not in known:
            raise KeyError(f"unknown exercise set {wanted!r}; known: {', '.join(known)}")
        return wanted
    found = Counter(s.exercise_set for s in submissions if s.exercise_set in known and not s.status)
    if not found:
        found = Counter(s.exercise_set for s in submissions if s.exercise_set in known)
    if not found:
        return ""
    best = max(found.values())
    return sorted(name for name, n in found.items() if n == best)[0]


def _mark_other_sets(subs: list[Submission], qset, set_name: str) -> None:
    for sub in subs:
        if qset is None and not sub.status:
            sub.status = UNKNOWN_SET
        elif qset is not None and sub.exercise_set != set_name and sub.status in ("", EMPTY):
            if sub.exercise_set:
                sub.status = WRONG_SET
                sub.notes.append(f"this is the {sub.exercise_set!r} exercise notebook; this run grades "
                                 f"{set_name!r}")
            elif sub.status != EMPTY:
                sub.status = UNKNOWN_SET
