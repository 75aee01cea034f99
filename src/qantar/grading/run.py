"""Step 2: run each readable submission in a fresh kernel (sandboxed where the machine can), several at
once, and take back its answers as plain data; then hand them to the judge (``judge``)."""
from __future__ import annotations

import asyncio
import os
import shutil
import sys
import time
from collections import Counter
from pathlib import Path

from .. import answers as plain
from . import judge as judging
from .kernel import GRADING_FAILED, KERNEL_DIED, NO_KERNEL, OK, TIMEOUT, run_notebook
from .records import EMPTY, Graded, Submission
from .submissions import notebook_imports
from .write import terminal_text

MAX_WRITTEN_CHARS = 20_000  # characters of a written answer that are exported


# CPU seconds for the calls of one function question (a student's function may loop forever). Set-up
# (importing the set, loading data, defining the function) is not counted.
QUESTION_TIME_LIMIT = 10



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
        graded.answers = {q.name: judging.echo_answer(values[q.var]) for q in plan.qset
                          if q.kind not in ("written", "function") and q.var in values}
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
    from . import sandbox as sandboxes

    if wanted in (False, "off"):
        return None, "it was turned off (--sandbox off)"
    sandbox, reason = sandboxes.find_sandbox()
    if sandbox is None and wanted in (True, "on"):
        raise SandboxUnavailable(f"no sandbox: {reason}")
    return (sandboxes.fresh(sandbox) if sandbox is not None else None), reason


class SandboxUnavailable(OSError):
    """--sandbox on, on a machine where the sandbox does not work; the message says why."""


def _isolation(sandbox, why_not: str) -> str:
    from . import sandbox as sandboxes

    return sandboxes.description(sandbox, why_not)
