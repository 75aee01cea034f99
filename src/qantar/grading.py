"""Grading a class's exercise notebooks on one computer: gradebook, feedback and written answers.

    qantar grade SUBMISSIONS_DIR --out gradebook.csv [--feedback DIR] [--written DIR]
                 [--set NAME] [--timeout S] [--jobs N] [--sandbox auto|on|off]

For each submitted ``.ipynb`` (searched recursively), the grader

1. reads it without changing it (the file is hashed before and after, and a change is reported); a file
   of any shape that is not a notebook it can run gets its own row and never stops the class;
2. finds its exercise set: the notebook metadata ``qantar.exercise_set``, or, when the metadata was
   stripped, the ``from qantar.exercises.<set> import`` line;
3. runs a copy without outputs in a fresh kernel (``grading_kernel``), cell by cell, with errors allowed
   and one time limit for the whole notebook, in a sandbox when there is one (``grading_sandbox``);
4. adds one cell that only *exports* the answer variables, as plain data (``answers``);
5. judges those values here, in the grader's process, which never runs student code
   (``grading_judge``); a function answer runs in a fresh process fed only its source, and the judge
   sees only what it returned. Outputs stored in the submitted file are never read;
6. checks every result against the set's questions (known questions and statuses, points within range)
   and writes the gradebook to a temporary file, moved into place only when complete.

What is guaranteed everywhere: a notebook cannot change its verdicts, whatever it patches in its kernel
(builtins, json, the import machinery, IPython, a copy of qantar in its folder) or whatever odd object it
gives as an answer: it can only claim answers, as if it had written them. Every text cell of the
gradebook is neutralised for spreadsheets, and names and texts are escaped in the Markdown files.

What the sandbox adds (Linux with bubblewrap): the kernel has no network, sees no other submission, no
other kernel and none of the teacher's files, writes only to a private /tmp, has limits on memory,
processes and file size, and everything it started ends with it. Without a sandbox (macOS, Windows, no
bubblewrap) the grader says so at the start, and student code runs as the teacher's user, with the
teacher's files, network and permissions, as any notebook the teacher runs: a cell can read or change
the teacher's files (the gradebook too, even after grading, from a process it left behind) and reach
other kernels running at the same time. Grade on an account with nothing precious on it then.

Several notebooks run at once (``--jobs``, default: the number of cores). Every submission gets one
row in the gradebook, whatever happens to it (see ``STATUSES``).
"""
from __future__ import annotations

import asyncio
import csv
import hashlib
import io
import json
import os
import re
import shutil
import stat
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from . import answers as plain
from . import grading_judge as judging
from .exercises import SET_MODULES, load_set
from .exercises.engine import _LABELS, ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from .grading_kernel import GRADING_FAILED, KERNEL_DIED, NO_KERNEL, OK, TIMEOUT, run_notebook

# Row statuses, with the sentence the student's feedback gives for each.
UNREADABLE = "unreadable notebook"
EMPTY = "empty notebook"
UNKNOWN_SET = "unknown exercise set"
WRONG_SET = "wrong exercise set"

STATUSES = {
    OK: "Your notebook ran from top to bottom and every question was checked.",
    TIMEOUT: ("Your notebook did not finish in the time allowed: a cell probably runs forever (a loop "
              "that never ends, or a wait). Questions whose answers were set before that cell were "
              "checked; the others count as not attempted."),
    KERNEL_DIED: ("A cell stopped Python itself (the kernel died), so no question could be checked. "
                  "In Jupyter, use Kernel > Restart Kernel and Run All Cells to find the cell."),
    UNREADABLE: ("The file could not be opened as a notebook: it may be damaged, or not saved as .ipynb. "
                 "Open it in Jupyter, save it, and hand it in again."),
    EMPTY: "The notebook has no code in it, so no question could be checked.",
    UNKNOWN_SET: ("The grader could not tell which exercise notebook this is (its first code cell should "
                  "import the exercise set). Start again from a fresh copy of the exercise notebook."),
    WRONG_SET: "This is not the exercise notebook this assignment asked for.",
    GRADING_FAILED: ("The notebook ran, but the grader could not read the answers afterwards (a cell may "
                     "have changed how Python prints or imports). Your teacher will look at it."),
    NO_KERNEL: "The grader could not start Python for this notebook. Your teacher will grade it again.",
}

MAX_NOTEBOOK_BYTES = 50_000_000  # larger files are refused (stored outputs and images make files big)
MAX_WRITTEN_CHARS = 20_000  # characters of a written answer that are exported
# CPU seconds for the calls of one function question (a student's function may loop forever). Set-up
# (importing the set, loading data, defining the function) is not counted.
QUESTION_TIME_LIMIT = 10
QUESTION_STATUSES = (CORRECT, INCORRECT, NOT_ATTEMPTED, ANSWERED, ERROR)


# ---------------------------------------------------------------------------------------------
# What is read from a submission before it runs


@dataclass
class Submission:
    """One submitted notebook, as read (never changed) from the submissions folder."""

    path: Path
    file: str  # path relative to the submissions folder, as shown in the gradebook
    student: str
    sha256: str = ""
    nb: object = None  # the notebook without outputs, or None if unreadable
    exercise_set: str = ""
    set_found_by: str = ""  # "metadata", "import line" or ""
    status: str = ""  # set when the notebook cannot be run
    notes: list[str] = field(default_factory=list)
    hints_read: dict[str, int] = field(default_factory=dict)  # question -> highest hint called


@dataclass
class Graded:
    """The outcome of one submission: its row of the gradebook and what its feedback needs."""

    submission: Submission
    status: str
    results: list[dict] | None = None  # Result.as_dict() of each question, in order, or None
    written: dict[str, str] = field(default_factory=dict)  # question -> the student's text
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def score(self):
        if self.results is None:
            return ""
        return _number(sum(r["points"] for r in self.results))


def _number(x: float):
    return int(x) if float(x).is_integer() else round(x, 2)


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
    """Every .ipynb file under ``folder`` (any depth), skipping Jupyter's checkpoint copies."""
    return discover(folder)[0]


def discover(folder: Path) -> tuple[list[Path], list[tuple[str, str]]]:
    """The notebook files under ``folder`` to grade, and each ``*.ipynb`` skipped as (file, reason): a
    named pipe, socket or device file, or a link to one or to nothing. Those are never opened."""
    folder = Path(folder)
    paths, skipped = [], []
    for path in sorted(folder.rglob("*.ipynb")):
        if ".ipynb_checkpoints" in path.relative_to(folder).parts:
            continue
        kind = not_a_regular_file(path)
        if not kind:
            paths.append(path)
        elif kind != "a folder":  # a folder named like a notebook is searched like any other
            skipped.append((shown_path(path.relative_to(folder)), f"{kind}, not a notebook file: not opened"))
    return paths, skipped


def shown_path(rel: Path) -> str:
    """A relative path as text that can be written anywhere: bytes of a file name that are not UTF-8
    (a name made on another system) appear as \\xff escapes instead of stopping the gradebook."""
    return os.fsencode(rel.as_posix()).decode("utf-8", "backslashreplace")


def _student_from_path(rel: Path) -> str:
    # In a folder per student (as LMS and JupyterHub exports often are), the folder names the student.
    return shown_path(Path(rel.parts[0])) if len(rel.parts) > 1 else shown_path(Path(rel.stem))


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


def set_from_imports(sources: list[str]) -> str:
    """The exercise set a notebook imports (``from qantar.exercises.<set> import *``), or ''."""
    by_module = {module: name for name, module in SET_MODULES.items()}
    for source in sources:
        for match in _IMPORT_RE.finditer(source):
            module = match.group(1) or match.group(2)
            if module in by_module:
                return by_module[module]
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


def read_submission(path: Path, folder: Path) -> Submission:
    """Read one submission. Never raises: a problem becomes the submission's status."""
    path = Path(path)
    rel = path.relative_to(folder)
    sub = Submission(path=path, file=shown_path(rel), student=_student_from_path(rel))
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
        sub.student = student.strip()[:100]
    code = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    sub.hints_read = hints_read(code)
    named = qantar_meta.get("exercise_set")
    if isinstance(named, str) and named:
        sub.exercise_set, sub.set_found_by = named, "metadata"
    else:
        sub.exercise_set = set_from_imports(code)
        if sub.exercise_set:
            sub.set_found_by = "import line"
            sub.notes.append("exercise set found from the import line (the notebook metadata was missing)")
    if not code:
        sub.status = EMPTY
    elif not sub.exercise_set:
        sub.status = UNKNOWN_SET
        sub.notes.append("neither the metadata nor an import line names an exercise set")
    elif sub.exercise_set not in SET_MODULES:
        sub.status = UNKNOWN_SET
        sub.notes.append(f"the metadata names an exercise set the kit does not have: {sub.exercise_set!r}")
    return sub


# ---------------------------------------------------------------------------------------------
# Running and judging one submission


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


async def run_submission(sub: Submission, plan, timeout: float, workdir: Path,
                         question_limit: float = QUESTION_TIME_LIMIT, sandbox=None) -> Graded:
    """Run one readable submission in a fresh kernel in ``workdir``, then judge what it exported."""
    started = time.monotonic()
    graded = Graded(sub, OK, notes=list(sub.notes))
    try:
        imports = notebook_imports([c.source for c in sub.nb.cells if c.cell_type == "code"])
        ran = await run_notebook(sub.nb, plan.qset.variables, plan.function_vars, timeout, workdir, sandbox)
        graded.status = ran.status
        graded.notes += ran.notes
        if ran.status in (KERNEL_DIED, NO_KERNEL, GRADING_FAILED) or (ran.status == TIMEOUT and not ran.payload):
            return graded
        exported = _exported_answers(ran.payload)
        if exported is None:
            graded.status = GRADING_FAILED
            reason = ran.payload.get("error") if isinstance(ran.payload, dict) else None
            graded.notes.append("the answers could not be read from the notebook"
                                + (f" ({str(reason)[:120]})" if isinstance(reason, str) else ""))
            return graded
        values, names = exported
        calls = await _run_functions(plan, values, imports, question_limit, workdir, sandbox)
        graded.results = judging.judge(plan, values, calls, question_limit)
        graded.written = {q.name: values[q.var][:MAX_WRITTEN_CHARS] for q in plan.qset
                          if q.kind == "written" and type(values.get(q.var)) is str}
        for question, name in judging.renamed(plan, values, names).items():
            graded.notes.append(f"{question}: its variable was not found; a variable `{name}` exists (renamed?)")
        return graded
    except Exception as err:  # noqa: BLE001 - one broken run must not stop the class's grading
        graded.status = GRADING_FAILED
        graded.results = None
        graded.notes.append(f"the grader hit an error: {err.__class__.__name__}: {str(err)[:200]}")
        return graded
    finally:
        graded.seconds = time.monotonic() - started


def _exported_answers(payload) -> tuple[dict, list[str]] | None:
    """The decoded answers {variable: value} and the names the notebook defined, or None when the export
    is not of the expected shape (a notebook may have forged it: it is then not read at all)."""
    if not isinstance(payload, dict) or not isinstance(payload.get("answers"), dict):
        return None
    names = payload.get("names", [])
    if not isinstance(names, list):
        return None
    values = {var: plain.decode(tree) for var, tree in payload["answers"].items() if isinstance(var, str)}
    return values, [n for n in names if isinstance(n, str) and n.isidentifier() and len(n) <= 100][:5000]


async def _run_functions(plan, values: dict, imports: list[str], limit: float, workdir: Path, sandbox) -> dict:
    """Run the submission's function answers (in a fresh process, sandboxed when there is a sandbox)."""
    request = judging.function_request(plan, values, imports, limit)
    if request is None:
        return {}
    runner = workdir / "functions"
    runner.mkdir(mode=0o700)
    argv = [sys.executable, "-m", "qantar.function_runner"]
    command = sandbox.command(argv, key=str(workdir)) if sandbox is not None else argv
    return await judging.run_functions(request, command, str(runner), limit)


# ---------------------------------------------------------------------------------------------
# A whole folder

# What a terminal acts on instead of showing: C0 and C1 controls (ESC starts the sequences that recolour,
# clear or retitle it), DEL, line and paragraph separators, the bidirectional marks and overrides that
# reorder what follows them, and lone surrogates (undecodable bytes of a file name, which print refuses).
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(text) -> str:
    """Text that is safe to print to the teacher's terminal, each unsafe character shown as its code
    (ESC as \\x1b): file names and error texts come from students' files and code."""
    return _TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


@dataclass
class GradeReport:
    """What ``grade_folder`` produced."""

    exercise_set: str
    rows: list[Graded]
    gradebook: Path
    feedback_dir: Path | None
    written_files: list[Path]
    seconds: float
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (file, reason): never opened
    isolation: str = ""  # what isolation the run gave (the sandbox, or why there was none)

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)


class Progress:
    """A one-line progress bar on stderr (one line per notebook when stderr is not a terminal)."""

    def __init__(self, total: int, enabled: bool = True, stream=None):
        self.total, self.done, self.enabled = total, 0, enabled and total > 0
        self.stream = stream or sys.stderr
        self.tty = hasattr(self.stream, "isatty") and self.stream.isatty()
        self.counts: Counter = Counter()

    def update(self, graded: Graded) -> None:
        self.done += 1
        self.counts[graded.status] += 1
        if not self.enabled:
            return
        width = 30
        filled = int(width * self.done / self.total)
        summary = ", ".join(f"{n} {s}" for s, n in sorted(self.counts.items()))
        line = f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} graded ({summary})"
        if self.tty:
            self.stream.write("\r" + line + ("\n" if self.done == self.total else ""))
        else:
            self.stream.write(f"{self.done}/{self.total} {terminal_text(graded.submission.file)}: "
                              f"{graded.status}\n")
        self.stream.flush()


def _run_coroutine(coro):
    """asyncio.run, also from inside a running event loop (a teacher grading from a notebook)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(coro)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coro).result()


class _terminate_as_interrupt:
    """While grading, treat SIGTERM like Ctrl-C, so that the kernels and temporary folders are removed."""

    def __enter__(self):
        import signal
        import threading

        self.previous = None
        if hasattr(signal, "SIGTERM") and threading.current_thread() is threading.main_thread():
            def interrupt(signum, frame):
                raise KeyboardInterrupt

            self.previous = signal.signal(signal.SIGTERM, interrupt)
        return self

    def __exit__(self, *exc):
        import signal

        if self.previous is not None:
            signal.signal(signal.SIGTERM, self.previous)
        return False


def choose_set(submissions: list[Submission], wanted: str | None) -> str:
    """The set being graded: the one asked for, or the most common among the submissions."""
    if wanted:
        if wanted not in SET_MODULES:
            raise KeyError(f"unknown exercise set {wanted!r}; known: {', '.join(SET_MODULES)}")
        return wanted
    found = Counter(s.exercise_set for s in submissions if s.exercise_set in SET_MODULES and not s.status)
    if not found:
        found = Counter(s.exercise_set for s in submissions if s.exercise_set in SET_MODULES)
    if not found:
        return ""
    best = max(found.values())
    return sorted(name for name, n in found.items() if n == best)[0]


async def _grade_all(subs, plan, timeout, jobs, progress, question_limit, sandbox, root: Path) -> list[Graded]:
    semaphore = asyncio.Semaphore(max(1, jobs))

    async def one(i: int, sub: Submission) -> Graded:
        try:
            if sub.status:
                graded = Graded(sub, sub.status, notes=list(sub.notes))
                if sub.status == EMPTY and plan is not None:
                    graded.results = []  # filled with "not attempted" by the caller
            else:
                async with semaphore:
                    workdir = root / f"{i:04d}"
                    try:
                        graded = await run_submission(sub, plan, timeout, workdir, question_limit, sandbox)
                    finally:
                        _remove(workdir)
                        if sandbox is not None:
                            sandbox.release(str(workdir))
        except Exception as err:  # noqa: BLE001 - whatever goes wrong, this submission still gets its row
            graded = Graded(sub, GRADING_FAILED, notes=[*sub.notes, f"the grader hit an error: "
                                                        f"{err.__class__.__name__}: {str(err)[:200]}"])
        progress.update(graded)
        return graded

    return list(await asyncio.gather(*(one(i, s) for i, s in enumerate(subs))))


def _remove(folder: Path) -> None:
    """Delete a kernel's temporary folder, even the parts a cell made unreadable to its own user."""
    def unlock(function, path, _error):
        # Folders only, and never through a link: a cell may leave a link to one of the teacher's files.
        try:
            for place in (os.path.dirname(path), path):
                if os.path.isdir(place) and not os.path.islink(place):
                    os.chmod(place, 0o700)
            function(path)
        except OSError:
            pass

    shutil.rmtree(folder, **({"onexc": unlock} if sys.version_info >= (3, 12) else {"onerror": unlock}))


def _choose_sandbox(wanted) -> tuple[object | None, str]:
    """The sandbox for this run and, if there is none, why. ``wanted``: "auto", "on" (refuse to grade
    without one) or "off"."""
    from . import grading_sandbox

    if wanted in (False, "off"):
        return None, "it was turned off (--sandbox off)"
    sandbox, reason = grading_sandbox.find_sandbox()
    if sandbox is None and wanted in (True, "on"):
        raise SandboxUnavailable(f"no sandbox: {reason}")
    return (grading_sandbox.fresh(sandbox) if sandbox is not None else None), reason


class SandboxUnavailable(OSError):
    """--sandbox on, on a machine where the sandbox does not work; the message says why."""


def _announce(text: str) -> None:
    sys.stderr.write(terminal_text(text) + "\n")
    sys.stderr.flush()


def grade_folder(folder, out="gradebook.csv", feedback_dir=None, written_dir=None, timeout: float = 60,
                 jobs: int | None = None, exercise_set: str | None = None, progress: bool = True,
                 question_limit: float = QUESTION_TIME_LIMIT, sandbox="auto") -> GradeReport:
    """Grade every notebook under ``folder``; write the gradebook (and feedback, written answers).

    ``written_dir`` defaults to a ``written_answers`` folder beside the gradebook (written only when
    the set has written questions). ``sandbox``: "auto" (use it where it works; say so when it does
    not), "on" (raise SandboxUnavailable without it) or "off".
    """
    started = time.monotonic()
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions")
    out = Path(out)
    chosen, why_not = _choose_sandbox(sandbox)
    isolation = _isolation(chosen, why_not)
    if chosen is None or progress:
        _announce(isolation)  # without a sandbox, said even with --quiet: the teacher must know
    paths, skipped = discover(folder)
    subs = [_read_safely(p, folder) for p in paths]
    set_name = choose_set(subs, exercise_set)
    qset = load_set(set_name) if set_name else None
    _mark_other_sets(subs, qset, set_name)
    plan = judging.make_plan(qset, SET_MODULES[set_name]) if qset is not None else None
    root = Path(tempfile.mkdtemp(prefix="qantar-grade-"))
    if chosen is not None:
        chosen.hide(folder, out.parent, feedback_dir, written_dir, root)
    bar = Progress(len(subs), enabled=progress)
    try:
        with _terminate_as_interrupt():
            rows = _run_coroutine(_grade_all(subs, plan, timeout, jobs or os.cpu_count() or 1, bar,
                                             question_limit, chosen, root))
    finally:
        _remove(root)
        if chosen is not None:
            chosen.release(wait=True)
    _finish_rows(rows, subs, qset)
    write_gradebook(rows, qset, out)
    feedback = None
    if feedback_dir:
        feedback = Path(feedback_dir)
        write_feedback(rows, qset, feedback)
    written_files = []
    if qset is not None and any(q.kind == "written" for q in qset):
        written_files = write_written_answers(rows, qset, Path(written_dir) if written_dir else
                                              out.parent / "written_answers")
    return GradeReport(set_name, rows, out, feedback, written_files, time.monotonic() - started, skipped,
                       isolation=isolation)


def _read_safely(path: Path, folder: Path) -> Submission:
    """``read_submission``, and a row of its own for whatever it did not foresee."""
    try:
        return read_submission(path, folder)
    except Exception as err:  # noqa: BLE001 - one damaged file never stops the class's grading
        rel = path.relative_to(folder)
        sub = Submission(path=path, file=shown_path(rel), student=_student_from_path(rel), status=UNREADABLE)
        sub.notes.append(f"the file could not be read ({err.__class__.__name__})")
        return sub


def _isolation(sandbox, why_not: str) -> str:
    from . import grading_sandbox

    return grading_sandbox.description(sandbox, why_not)


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


def _finish_rows(rows: list[Graded], subs: list[Submission], qset) -> None:
    """Fill empty notebooks' results, check every result, and note a submission changed meanwhile."""
    for row in rows:
        if row.status not in STATUSES:
            row.notes.append(f"the grader gave an unknown status ({str(row.status)[:40]!r})")
            row.status, row.results = GRADING_FAILED, None
        if qset is not None and row.status == EMPTY:
            row.results = [r.as_dict() for r in qset.grade({})]
        elif row.results is not None:
            _check_results(row, qset)
    for sub, row in zip(subs, rows):
        try:
            after = _sha256(sub.path) if sub.sha256 else ""
        except OSError:
            after = "missing"
        if sub.sha256 and after != sub.sha256:
            row.notes.append("WARNING: the submitted file changed while it was graded")


def _check_results(row: Graded, qset) -> None:
    """Results must be one per question of the set, in order, each with a known status; points are
    recomputed from the status and the set (never taken as given). Otherwise the row is distrusted."""
    problem = _results_problem(row.results, qset)
    if problem:
        row.status = GRADING_FAILED
        row.notes.append(f"the results did not match the set's questions ({problem})")
        row.results = None
        return
    for result, q in zip(row.results, qset):
        earned = q.scored and result["status"] in (CORRECT, ANSWERED)
        result["points"] = float(q.points) if earned else 0.0
        result["max_points"] = float(q.points) if q.scored else 0.0
        result["message"] = str(result.get("message", ""))[:600]
        result["exercise_set"] = qset.name


def _results_problem(results, qset) -> str:
    if qset is None or not isinstance(results, list):
        return "no list of results"
    if len(results) != len(qset):
        return f"{len(results)} results for {len(qset)} questions"
    for result, q in zip(results, qset):
        if not isinstance(result, dict) or result.get("question") != q.name:
            return f"a result for another question than {q.name}"
        if result.get("status") not in QUESTION_STATUSES:
            return f"an unknown status for {q.name}"
        points = result.get("points", 0)
        if type(points) not in (int, float) or not 0 <= points <= (q.points if q.scored else 0):
            return f"points out of range for {q.name}"
    return ""


# ---------------------------------------------------------------------------------------------
# Writing the gradebook, the feedback and the written answers


def gradebook_columns(qset) -> list[str]:
    questions = [q.name for q in qset] if qset is not None else []
    return ["student", "file", "exercise_set", "status", *questions, "score", "total", "notes"]


def write_gradebook(rows: list[Graded], qset, path: Path) -> None:
    """One row per submission: who, which file and set, the status, each question's status, score.
    Written to a temporary file beside ``path``, moved into place only once complete: a run that stops
    halfway leaves the previous gradebook as it was."""
    total = _number(sum(q.points for q in qset if q.scored)) if qset is not None else ""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(gradebook_columns(qset))
    for row in sorted(rows, key=lambda r: (r.submission.student.casefold(), r.submission.file)):
        statuses = {r["question"]: r["status"] for r in (row.results or [])}
        questions = [statuses.get(q.name, "") for q in qset] if qset is not None else []
        text = [row.submission.student, row.submission.file, row.submission.exercise_set[:100], row.status,
                *questions]
        writer.writerow([*map(_safe_cell, text), row.score, total, _safe_cell("; ".join(row.notes))])
    write_atomically(Path(path), buffer.getvalue())


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file in ``path``'s folder, then move it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle = tempfile.NamedTemporaryFile("w", encoding="utf-8", newline="", dir=path.parent,
                                         prefix=f".{path.name[:60]}.", suffix=".tmp", delete=False)
    try:
        with handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(handle.name, 0o644)
        os.replace(handle.name, path)
    except BaseException:
        try:
            os.unlink(handle.name)
        except OSError:
            pass
        raise


# A spreadsheet runs a cell that starts with one of these as a formula (full-width forms included).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def _safe_cell(text) -> str:
    """Text a spreadsheet will not run as a formula: every text cell of the gradebook comes from a
    student or is shaped by one (a name, a file name, a set name in the metadata, an error text)."""
    text = str(text)
    return "'" + text if text.lstrip(" ").startswith(_FORMULA_START) else text


# Inline Markdown a student's text could use: emphasis, code, links and images, tables, strikethrough.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]|~])")


def md_text(text, limit: int = 300) -> str:
    """A student's name or any short text as one line of inert Markdown: no line breaks, no HTML,
    every Markdown character escaped, at most ``limit`` characters."""
    text = terminal_text(re.sub(r"\s+", " ", str(text)[:limit]).strip())
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def md_quote(text: str) -> list[str]:
    """A student's text as a Markdown block quote whose every line stays inside the quote (no HTML,
    no heading, no fence can escape it)."""
    lines = []
    for line in text.strip().splitlines():
        line = line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        line = re.sub(r"^(\s*)([#=`~|*+\-])", r"\1\\\2", line)  # no heading, fence, rule or list
        line = re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", line)
        lines.append("> " + line if line.strip() else ">")
    return lines


def _slug(text: str) -> str:
    slug = re.sub(r"[^\w.-]+", "_", text, flags=re.UNICODE).strip("._")
    return slug[:80] or "submission"


def feedback_name(row: Graded) -> str:
    return _slug(str(Path(row.submission.file).with_suffix("")).replace("/", "__")) + ".md"


def _next_hint(question, status: str, read: int) -> str:
    if status in (CORRECT, ANSWERED) or not question.hints:
        return ""
    n = min(read + 1, len(question.hints))
    again = " (you have read all its hints: read it again, then the section above the question)" if (
        read >= len(question.hints)) else ""
    return f"Hint {n} of {len(question.hints)}, `{question.name}.hint({n})`{again}: {question.hints[n - 1]}"


def feedback_markdown(row: Graded, qset) -> str:
    """The student's feedback: what each check said and the next hint to read, never the answer.
    Everything that comes from the student (name, file, notes, what a check quoted) is escaped."""
    sub = row.submission
    lines = [f"# Feedback for {md_text(sub.student)}", ""]
    title = qset.title if qset is not None else md_text(sub.exercise_set or "unknown")
    lines += [f"Exercise set: {title}  ", f"File: {md_text(sub.file)}", ""]
    explanation = STATUSES.get(row.status, "")
    if row.status != OK:
        lines += [f"**Status: {md_text(row.status)}.** {explanation}", ""]
    shown = [n for n in row.notes if not n.startswith("WARNING")]
    if shown:
        lines += ["What the grader noticed:", ""] + [f"- {md_text(n)}" for n in shown] + [""]
    if row.results is None or qset is None:
        lines.append("No question could be checked.")
        return "\n".join(lines) + "\n"
    got = sum(r["points"] for r in row.results)
    total = sum(r["max_points"] for r in row.results)
    lines += [f"**Score: {_number(got)} of {_number(total)} auto-checked points.**", ""]
    by_name = {r["question"]: r for r in row.results}
    for q in qset:
        result = by_name.get(q.name)
        if result is None:
            continue
        status = result["status"]
        label = _LABELS.get(status, status)
        lines += [f"## {q.name}: {label}", "", f"*{q.prompt}*", "",
                  f"The check said: {md_text(result['message'], 600)}"]
        hint = _next_hint(q, status, sub.hints_read.get(q.name, 0))
        if hint:
            lines += ["", f"Next: {hint}"]
        if q.kind == "written" and status == ANSWERED:
            lines += ["", "Your teacher reads written answers; check yours against the rubric in the "
                          f"notebook (`{q.name}.show_rubric()`)."]
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def write_feedback(rows: list[Graded], qset, folder: Path) -> list[Path]:
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    used: set[str] = set()
    for row in sorted(rows, key=lambda r: r.submission.file):
        name = feedback_name(row)
        stem, n = name[:-3], 2
        while name.casefold() in used:  # "a b.ipynb" and "a_b.ipynb" must not share a feedback file
            name, n = f"{stem}-{n}.md", n + 1
        used.add(name.casefold())
        target = folder / name
        write_atomically(target, feedback_markdown(row, qset))
        written.append(target)
    return written


def write_written_answers(rows: list[Graded], qset, folder: Path) -> list[Path]:
    """One Markdown file per written question: the rubric, then every student's answer in turn (names
    and texts escaped: a student's text cannot add a heading, a table row or HTML)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    ordered = sorted(rows, key=lambda r: (r.submission.student.casefold(), r.submission.file))
    for q in qset:
        if q.kind != "written":
            continue
        lines = [f"# {qset.title}: {q.name}", "", f"*{q.prompt}*", "", "## Rubric (weakest to strongest)", ""]
        lines += [f"{i}. {level}" for i, level in enumerate(q.rubric, start=1)] or ["(no rubric)"]
        lines += ["", "## Model answer", "", q.model_answer.strip() or "(none)", ""]
        lines += ["## Answers", "", "| student | status | words | level (1-%d) |" % max(1, len(q.rubric)),
                  "|---|---|---|---|"]
        entries = []
        for row in ordered:
            result = next((r for r in (row.results or []) if r["question"] == q.name), None)
            status = result["status"] if result else row.status
            text = row.written.get(q.name, "")
            lines.append(f"| {md_text(row.submission.student)} | {md_text(status)} | {len(text.split())} | |")
            entries.append((row, status, text))
        lines.append("")
        for row, status, text in entries:
            lines += [f"### {md_text(row.submission.student)} ({md_text(row.submission.file)})", ""]
            if text.strip():
                lines += md_quote(text)
            else:
                lines.append(f"*No written answer ({md_text(status)}).*")
            lines.append("")
        target = folder / f"{_slug(qset.name)}_{_slug(q.name)}.md"
        write_atomically(target, "\n".join(lines).rstrip("\n") + "\n")
        files.append(target)
    return files


def summary_text(report: GradeReport) -> str:
    """What `qantar grade` prints at the end."""
    counts = report.counts()
    lines = [f"Graded {len(report.rows)} notebook(s) of the {report.exercise_set or 'unknown'!r} exercise set "
             f"in {report.seconds:.1f} s.",
             "Status: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())),
             *([report.isolation] if report.isolation else []),
             f"Gradebook: {report.gradebook}"]
    if report.feedback_dir:
        lines.append(f"Feedback: {report.feedback_dir}/ (one Markdown file per submission)")
    if report.written_files:
        lines.append(f"Written answers: {report.written_files[0].parent}/ "
                     f"({len(report.written_files)} file(s), one per written question)")
    problems = [r for r in report.rows if r.status != OK]
    for row in sorted(problems, key=lambda r: r.submission.file):
        note = f" ({'; '.join(row.notes)})" if row.notes else ""
        lines.append(f"  {row.submission.file}: {row.status}{note}")
    if report.skipped:
        lines.append(f"Skipped {len(report.skipped)} file(s) named .ipynb that are not files to read:")
        lines += [f"  {file}: {reason}" for file, reason in report.skipped]
    # Each line on its own: names, notes and errors come from students and must not drive the terminal.
    return "\n".join(terminal_text(line) for line in lines)


__all__ = ["STATUSES", "Submission", "Graded", "GradeReport", "grade_folder", "read_submission",
           "find_submissions", "discover", "not_a_regular_file", "terminal_text", "set_from_imports",
           "hints_read", "notebook_imports", "write_gradebook", "write_atomically", "feedback_markdown",
           "write_feedback", "write_written_answers", "summary_text", "NOT_ATTEMPTED", "CORRECT", "INCORRECT",
           "ERROR", "ANSWERED", "SandboxUnavailable", "md_text", "md_quote"]
