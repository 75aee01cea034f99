"""Grading a class's exercise notebooks on one computer: gradebook, feedback and written answers.

    qantar grade SUBMISSIONS_DIR --out gradebook.csv [--feedback DIR] [--written DIR]
                 [--set NAME] [--timeout S] [--jobs N]

For each submitted ``.ipynb`` (searched recursively), the grader

1. reads it without changing it (the file is hashed before and after, and a change is reported);
2. finds its exercise set: the notebook metadata ``qantar.exercise_set``, or, when the metadata was
   stripped, the ``from qantar.exercises.<set> import`` line;
3. writes a copy without outputs to a fresh temporary folder and runs it there in a fresh kernel
   (nbclient), cell by cell, with errors allowed and one time limit for the whole notebook;
4. runs one more cell that it adds itself: it re-imports the exercise set (so a notebook that changed
   the checking code does not change the grade) and recomputes every check from the kernel's
   variables, each check with its own time limit, then writes the results as JSON to a file whose name
   only that cell knows, and prints them between two random markers (the fallback if the file is
   missing). Outputs stored in the submitted file are never read.

Several notebooks run at once (``--jobs``, default: the number of cores). Every submission gets one
row in the gradebook, whatever happens to it (see ``STATUSES``).

What isolation this gives, and what it does not: each notebook runs in its own kernel process, in a
temporary working folder that is deleted afterwards, with a time limit; its outputs are not kept beyond a
few characters of each error. It is NOT a sandbox: student code runs as the teacher's user, with the
teacher's files, network and permissions. A cell that writes to an absolute path, deletes files in
the home folder or opens a network connection can do so. Grade on an account or machine without
anything precious on it (a school JupyterHub account, a container, a spare laptop) when in doubt.
"""
from __future__ import annotations

import asyncio
import csv
import hashlib
import json
import math
import os
import re
import secrets
import shutil
import stat
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .exercises import SET_MODULES, load_set
from .exercises.engine import _LABELS, ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED

# Row statuses, with the sentence the student's feedback gives for each.
OK = "ok"
TIMEOUT = "timeout"
KERNEL_DIED = "kernel died"
UNREADABLE = "unreadable notebook"
EMPTY = "empty notebook"
UNKNOWN_SET = "unknown exercise set"
WRONG_SET = "wrong exercise set"
GRADING_FAILED = "grading failed"
NO_KERNEL = "kernel did not start"

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
MAX_GRADER_OUTPUT = 2_000_000  # characters of the grading cell's output that are kept
LOUD_OUTPUT = 1_000_000  # a cell printing more than this gets a note
MAX_WRITTEN_CHARS = 20_000  # characters of a written answer that are exported
QUESTION_TIME_LIMIT = 10  # seconds for one check (a student's function may loop forever)


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


def _read_regular_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (MAX_NOTEBOOK_BYTES); otherwise ``Refused``.

    Kind and size are checked by stat before the file is opened, then again on the open file (it may
    have been swapped since), which is opened without waiting, so that a pipe put in its place cannot
    stall the grader. At most ``limit + 1`` bytes are read, whatever the file grows to.
    """
    limit = MAX_NOTEBOOK_BYTES if limit is None else limit
    kind = not_a_regular_file(path)
    if kind:
        raise Refused(f"the file is {kind}, not a notebook file")
    size = os.stat(path).st_size
    if size > limit:
        raise Refused(_too_big(size))
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
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
# The cell the grader adds at the end of each notebook

# Runs in the student's kernel, in a clean namespace of its own (only USER_NS is the student's).
_GRADER_CODE = r'''
import builtins, difflib, importlib, json, signal, sys

def _grade():
    user = dict(USER_NS)
    for name in [m for m in list(sys.modules) if m == "qantar" or m.startswith("qantar.") or m == MODULE]:
        del sys.modules[name]  # a fresh copy of the checking code, whatever the notebook did to it
    engine = importlib.import_module("qantar.exercises.engine")
    qset = importlib.import_module(MODULE).QUESTIONS
    blank = engine.____
    values = {k: (blank if type(v).__name__ == "Placeholder" else v) for k, v in user.items()}
    missing = qset.grade({})  # the engine's own "variable not found" result of every question
    candidates = [k for k in values if not k.startswith("_") and k not in qset.variables
                  and not type(values[k]).__name__ in ("module", "ValueQuestion", "ChoiceQuestion",
                                                       "WrittenQuestion", "FunctionQuestion", "JudgeFirstQuestion",
                                                       "QuestionSet")]

    class TooSlow(KeyboardInterrupt):  # the engine lets only interrupts through a check
        pass

    def alarm(signum, frame):
        raise TooSlow()

    use_alarm = hasattr(signal, "SIGALRM")
    out = {"results": [], "written": {}, "renamed": {}}
    for i, q in enumerate(qset.questions):
        if q.var not in values:
            result = missing[i]
            close = difflib.get_close_matches(q.var, candidates, n=1, cutoff=0.75)
            if close:
                out["renamed"][q.name] = close[0]
        else:
            previous = signal.signal(signal.SIGALRM, alarm) if use_alarm else None
            if use_alarm:
                signal.alarm(LIMIT)
            try:
                result = q.evaluate(values[q.var])
            except TooSlow:
                result = q._result(engine.ERROR, f"Checking `{q.var}` took more than {LIMIT} seconds "
                                                 "(does your function loop forever?).")
            finally:
                if use_alarm:
                    signal.alarm(0)
                    signal.signal(signal.SIGALRM, previous)
            if q.kind == "written" and isinstance(values[q.var], str):
                out["written"][q.name] = values[q.var][:MAX_WRITTEN]
        record = result.as_dict()
        record["message"] = str(record["message"])[:600]
        out["results"].append(record)
    return out

try:
    payload = _grade()
except BaseException as err:
    payload = {"error": f"{type(err).__name__}: {str(err)[:300]}"}
text = json.dumps(payload)
try:  # a file whose name only this cell knows: it works even if the notebook replaced sys.stdout
    if RESULT_PATH is None:
        raise FileNotFoundError
    with open(RESULT_PATH, "x", encoding="utf-8") as handle:
        handle.write(text)
except BaseException:
    pass
sys.stdout.write(MARKER + text + MARKER + "\n")
sys.stdout.flush()
'''


def grader_cell_source(module: str, marker: str, limit: int = QUESTION_TIME_LIMIT,
                       result_path: str | None = None) -> str:
    """The source of the cell added at the end of a submission to recompute every check.

    It prints the results between two ``marker`` strings and, when ``result_path`` is given, also writes
    them to that file (the grader reads the file first: a notebook may have replaced ``sys.stdout``).
    """
    namespace = (f'{{"__builtins__": _qantar_builtins, "USER_NS": _qantar_builtins.globals(), '
                 f'"MODULE": {module!r}, "MARKER": {marker!r}, "LIMIT": {int(limit)}, '
                 f'"MAX_WRITTEN": {MAX_WRITTEN_CHARS}, "RESULT_PATH": {result_path!r}}}')
    return ("import builtins as _qantar_builtins\n"
            f"_qantar_builtins.exec({_GRADER_CODE!r}, {namespace})\n")


def parse_grader_output(text: str, marker: str) -> dict | None:
    """The JSON the grading cell printed between its markers, or None."""
    end = text.rfind(marker)
    start = text.rfind(marker, 0, end) if end > 0 else -1
    if start < 0:
        return None
    try:
        payload = json.loads(text[start + len(marker):end])
    except ValueError:
        return None
    return payload if isinstance(payload, dict) else None


# ---------------------------------------------------------------------------------------------
# Running a notebook


def _client_class():
    from .runner import KitClient

    class GradingClient(KitClient):
        """The kit's nbclient (``qantar.runner``), keeping almost nothing a student cell outputs (errors in
        brief, and a byte count), storing no widget state, and keeping the grading cell's printed text
        (capped)."""

        def __init__(self, nb, **kw):
            super().__init__(nb, **kw)
            self.grading_index = -1
            self.grader_text: list[str] = []
            self.grader_chars = 0
            self.printed: Counter = Counter()
            self.errors: list[tuple[int, str, str]] = []
            self.pollers: set = set()

        async def _async_poll_output_msg(self, parent_msg_id, cell, cell_index):
            task = asyncio.current_task()
            self.pollers.add(task)
            try:
                return await super()._async_poll_output_msg(parent_msg_id, cell, cell_index)
            finally:
                self.pollers.discard(task)

        def cancel_pollers(self):
            for task in list(self.pollers):
                task.cancel()
            self.pollers.clear()

        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            kind = msg.get("msg_type")
            if cell_index == self.grading_index:
                if kind == "stream" and content.get("name") == "stdout":
                    room = MAX_GRADER_OUTPUT - self.grader_chars
                    if room > 0:
                        text = str(content.get("text", ""))[:room]
                        self.grader_text.append(text)
                        self.grader_chars += len(text)
                return None
            if kind == "stream":
                self.printed[cell_index] += len(str(content.get("text", "")))
            elif kind in ("display_data", "execute_result"):
                self.printed[cell_index] += sum(len(str(v)) for v in (content.get("data") or {}).values())
            elif kind == "error" and len(self.errors) < 50:
                self.errors.append((cell_index, str(content.get("ename", ""))[:80],
                                    str(content.get("evalue", ""))[:200]))
            return None

        def clear_output(self, outs, msg, cell_index):
            return None

        def handle_comm_msg(self, outs, msg, cell_index):
            return None

    return GradingClient


def _cell_label(nb, index: int) -> str:
    number = sum(1 for c in nb.cells[: index + 1] if c.cell_type == "code")
    return f"code cell {number}"


async def run_submission(sub: Submission, module: str, timeout: float, workdir: Path,
                         question_limit: int = QUESTION_TIME_LIMIT, n_questions: int = 10) -> Graded:
    """Run one readable submission in a fresh kernel in ``workdir`` and recompute its checks."""
    from jupyter_client.utils import ensure_async
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    started = time.monotonic()
    nb = sub.nb
    work = workdir / "work"  # two levels down, so that "../file" still lands in the temporary folder
    work.mkdir(parents=True)
    nbformat.write(nb, str(work / "submission.ipynb"))
    token = secrets.token_hex(12)
    marker = f"@@qantar-grade-{token}@@"
    result_path = workdir / f"result-{token}.json"  # outside the notebook's working folder
    client = _client_class()(
        nb, timeout=max(1, int(timeout)), kernel_name="python3", allow_errors=True,
        shutdown_kernel="immediate", store_widget_state=False, record_timing=False,
        resources={"metadata": {"path": str(work)}})
    graded = Graded(sub, OK, notes=list(sub.notes))
    timed_out = died = False
    try:
        client.km = client.create_kernel_manager()
        try:
            await client.async_start_new_kernel(stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            await client.async_start_new_kernel_client()
        except Exception as err:  # noqa: BLE001
            graded.status = NO_KERNEL
            graded.notes.append(f"the kernel did not start ({err.__class__.__name__}: {str(err)[:120]})")
            return graded
        deadline = time.monotonic() + timeout
        executed = 0
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = True
                break
            client.timeout = max(1, math.ceil(remaining))
            executed += 1
            try:
                await client.async_execute_cell(cell, index, execution_count=executed)
            except CellTimeoutError:
                timed_out = True
                graded.notes.append(f"stopped after {timeout:g} s in {_cell_label(nb, index)}")
                break
            except DeadKernelError:
                died = True
                graded.notes.append(f"the kernel died in {_cell_label(nb, index)}")
                break
            finally:
                client.cancel_pollers()
        if died:
            graded.status = KERNEL_DIED
            return graded
        if timed_out:
            graded.status = TIMEOUT
            try:
                await ensure_async(client.km.interrupt_kernel())
            except Exception:  # noqa: BLE001
                pass
        # The grading cell: appended to the copy, so that its index is known and its output kept.
        grading = nbformat.v4.new_code_cell(grader_cell_source(module, marker, question_limit,
                                                               str(result_path)))
        nb.cells.append(grading)
        client.grading_index = len(nb.cells) - 1
        # Enough for every check to use its own limit; little after a timeout (the kernel may stay busy).
        client.timeout = 10 if timed_out else 30 + question_limit * max(1, n_questions)
        try:
            await client.async_execute_cell(grading, client.grading_index, execution_count=executed + 1)
        except CellTimeoutError:
            graded.status = TIMEOUT
            graded.notes.append("the checks could not run: the kernel stayed busy")
            return graded
        except DeadKernelError:
            graded.status = KERNEL_DIED
            graded.notes.append("the kernel died while the answers were checked")
            return graded
        finally:
            client.cancel_pollers()
        payload = _read_result(result_path) or parse_grader_output("".join(client.grader_text), marker)
        if payload is None or "error" in payload:
            graded.status = GRADING_FAILED
            reason = payload["error"] if payload else "no result was printed"
            graded.notes.append(f"the grading cell failed: {reason}")
            return graded
        graded.results = payload.get("results") or []
        graded.written = payload.get("written") or {}
        for question, name in (payload.get("renamed") or {}).items():
            graded.notes.append(f"{question}: its variable was not found; a variable `{name}` exists "
                                "(renamed?)")
        return graded
    except Exception as err:  # noqa: BLE001 - one broken run must not stop the class's grading
        graded.status = GRADING_FAILED
        graded.notes.append(f"the grader hit an error: {err.__class__.__name__}: {str(err)[:200]}")
        return graded
    finally:
        graded.seconds = time.monotonic() - started
        _after_run(client, graded, nb)
        await _stop_kernel(client)


def _read_result(path: Path) -> dict | None:
    try:
        if path.stat().st_size > MAX_GRADER_OUTPUT:
            return None
        payload = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return payload if isinstance(payload, dict) else None


def _after_run(client, graded: Graded, nb) -> None:
    errors = getattr(client, "errors", [])
    if errors:
        first = errors[0]
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        graded.notes.append(f"{_cell_label(nb, first[0])} stopped with {first[1]}: {first[2][:120]}{more}")
    for index, size in sorted(getattr(client, "printed", {}).items()):
        if size > LOUD_OUTPUT:
            graded.notes.append(f"{_cell_label(nb, index)} printed {size / 1e6:.1f} million characters "
                                "(not kept)")


async def _stop_kernel(client) -> None:
    from jupyter_client.utils import ensure_async

    km = getattr(client, "km", None)
    if km is None:
        return
    try:
        if km.has_kernel and km.provisioner is not None:
            # Kill the kernel's whole process group: it takes any process a student cell started.
            await ensure_async(km.provisioner.kill())
    except Exception:  # noqa: BLE001
        pass
    try:
        await client._async_cleanup_kernel()
    except Exception:  # noqa: BLE001
        pass


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


async def _grade_all(subs, module, timeout, jobs, progress, question_limit, n_questions) -> list[Graded]:
    semaphore = asyncio.Semaphore(max(1, jobs))
    root = Path(tempfile.mkdtemp(prefix="qantar-grade-"))

    async def one(i: int, sub: Submission) -> Graded:
        if sub.status:
            graded = Graded(sub, sub.status, notes=list(sub.notes))
            if sub.status == EMPTY and module:
                graded.results = []  # filled with "not attempted" by the caller
        else:
            async with semaphore:
                workdir = root / f"{i:04d}"
                try:
                    graded = await run_submission(sub, module, timeout, workdir, question_limit, n_questions)
                finally:
                    shutil.rmtree(workdir, ignore_errors=True)
        progress.update(graded)
        return graded

    try:
        return list(await asyncio.gather(*(one(i, s) for i, s in enumerate(subs))))
    finally:
        shutil.rmtree(root, ignore_errors=True)


def grade_folder(folder, out="gradebook.csv", feedback_dir=None, written_dir=None, timeout: float = 60,
                 jobs: int | None = None, exercise_set: str | None = None, progress: bool = True,
                 question_limit: int = QUESTION_TIME_LIMIT) -> GradeReport:
    """Grade every notebook under ``folder``; write the gradebook (and feedback, written answers).

    ``written_dir`` defaults to a ``written_answers`` folder beside the gradebook (written only when
    the set has written questions).
    """
    started = time.monotonic()
    folder = Path(folder)
    if not folder.is_dir():
        raise FileNotFoundError(f"{folder} is not a folder of submissions")
    out = Path(out)
    paths, skipped = discover(folder)
    subs = [read_submission(p, folder) for p in paths]
    set_name = choose_set(subs, exercise_set)
    qset = load_set(set_name) if set_name else None
    module = SET_MODULES.get(set_name, "")
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
    jobs = jobs or os.cpu_count() or 1
    bar = Progress(len(subs), enabled=progress)
    with _terminate_as_interrupt():
        rows = _run_coroutine(_grade_all(subs, module, timeout, jobs, bar, question_limit,
                                         len(qset) if qset is not None else 0))
    if qset is not None:
        for row in rows:
            if row.status == EMPTY:
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
    write_gradebook(rows, qset, out)
    feedback = None
    if feedback_dir:
        feedback = Path(feedback_dir)
        write_feedback(rows, qset, feedback)
    written_files = []
    if qset is not None and any(q.kind == "written" for q in qset):
        written_files = write_written_answers(rows, qset, Path(written_dir) if written_dir else
                                              out.parent / "written_answers")
    return GradeReport(set_name, rows, out, feedback, written_files, time.monotonic() - started, skipped)


def _check_results(row: Graded, qset) -> None:
    """The kernel's results must be one per question of the set, in order; otherwise distrust them."""
    names = [q.name for q in qset]
    got = [r.get("question") for r in row.results]
    if got != names:
        row.status = GRADING_FAILED
        row.notes.append("the checks returned results for other questions than the set's")
        row.results = None


# ---------------------------------------------------------------------------------------------
# Writing the gradebook, the feedback and the written answers


def gradebook_columns(qset) -> list[str]:
    questions = [q.name for q in qset] if qset is not None else []
    return ["student", "file", "exercise_set", "status", *questions, "score", "total", "notes"]


def write_gradebook(rows: list[Graded], qset, path: Path) -> None:
    """One row per submission: who, which file and set, the status, each question's status, score."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    total = _number(sum(q.points for q in qset if q.scored)) if qset is not None else ""
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(gradebook_columns(qset))
        for row in sorted(rows, key=lambda r: (r.submission.student.casefold(), r.submission.file)):
            statuses = {r["question"]: r["status"] for r in (row.results or [])}
            questions = [statuses.get(q.name, "") for q in qset] if qset is not None else []
            writer.writerow([_safe_cell(row.submission.student), row.submission.file,
                             row.submission.exercise_set, row.status, *questions, row.score, total,
                             _safe_cell("; ".join(row.notes))])


def _safe_cell(text: str) -> str:
    """Text a spreadsheet will not run as a formula (a student chooses their name in the metadata)."""
    text = str(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
    """The student's feedback: what each check said and the next hint to read, never the answer."""
    sub = row.submission
    lines = [f"# Feedback for {sub.student}", ""]
    title = qset.title if qset is not None else (sub.exercise_set or "unknown")
    lines += [f"Exercise set: {title}  ", f"File: `{sub.file}`", ""]
    explanation = STATUSES.get(row.status, "")
    if row.status != OK:
        lines += [f"**Status: {row.status}.** {explanation}", ""]
    shown = [n for n in row.notes if not n.startswith("WARNING")]
    if shown:
        lines += ["What the grader noticed:", ""] + [f"- {n}" for n in shown] + [""]
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
        lines += [f"## {q.name}: {label}", "", f"*{q.prompt}*", "", f"The check said: {result['message']}"]
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
        target.write_text(feedback_markdown(row, qset), encoding="utf-8")
        written.append(target)
    return written


def write_written_answers(rows: list[Graded], qset, folder: Path) -> list[Path]:
    """One Markdown file per written question: the rubric, then every student's answer in turn."""
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
            student = row.submission.student.replace("|", "/")
            lines.append(f"| {student} | {status} | {len(text.split())} | |")
            entries.append((row, status, text))
        lines.append("")
        for row, status, text in entries:
            lines += [f"### {row.submission.student} (`{row.submission.file}`)", ""]
            if text.strip():
                lines += ["> " + line if line.strip() else ">" for line in text.strip().splitlines()]
            else:
                lines.append(f"*No written answer ({status}).*")
            lines.append("")
        target = folder / f"{_slug(qset.name)}_{_slug(q.name)}.md"
        target.write_text("\n".join(lines).rstrip("\n") + "\n", encoding="utf-8")
        files.append(target)
    return files


def summary_text(report: GradeReport) -> str:
    """What `qantar grade` prints at the end."""
    counts = report.counts()
    lines = [f"Graded {len(report.rows)} notebook(s) of the {report.exercise_set or 'unknown'!r} exercise set "
             f"in {report.seconds:.1f} s.",
             "Status: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())),
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
           "hints_read", "grader_cell_source", "parse_grader_output", "write_gradebook", "feedback_markdown",
           "write_feedback", "write_written_answers", "summary_text", "NOT_ATTEMPTED", "CORRECT", "INCORRECT",
           "ERROR", "ANSWERED"]
