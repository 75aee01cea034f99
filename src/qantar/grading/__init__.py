"""Grading a class's exercise notebooks on one computer: gradebook, feedback and written answers.

    qantar grade SUBMISSIONS_DIR --out gradebook.csv [--feedback DIR] [--written DIR]
                 [--set NAME | --key KEY] [--timeout S] [--jobs N] [--sandbox auto|on|off]
                 [--names auto|folder|file|metadata]

For each submitted ``.ipynb`` (searched recursively), the grader

1. reads it without changing it (the file is hashed before and after, and a change is reported); a file
   of any shape that is not a notebook it can run gets its own row and never stops the class; names the
   student from the path as the school's platform exported it (``names``); every other file is listed
   as skipped, with the reason;
2. finds its exercise set: the notebook metadata ``qantar.exercise_set``, or, when the metadata was
   stripped, the ``from qantar.exercises.<set> import`` line (the set-up cell of an assessed notebook);
   with ``--key``, the set is a teacher's own assignment, judged against its key (``qantar.assignments``);
3. runs a copy without outputs in a fresh kernel (``kernel``), cell by cell, with errors allowed
   and one time limit for the whole notebook, in a sandbox when there is one (``sandbox``);
4. adds one cell that only *exports* the answer variables, as plain data (``answers``);
5. judges those values here, in the grader's process, which never runs student code
   (``judge``); a function answer runs in a fresh process fed only its source, and the judge
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

The steps, one module each, in the order they happen:

    submissions.py   find the notebooks and read each one (who, which set, can it run)
    names.py         who handed each one in, as Moodle, Canvas, Classroom or a folder name them
    run.py           run them in fresh kernels (kernel.py), sandboxed where possible (sandbox.py)
    judge.py         judge the exported answers here, and check every result before it is written
    flags.py         what the teacher may look at again (shared wrong answers, overlapping texts...)
    write.py         the gradebook, the answers file, the feedback, the written answers, the summary
    records.py       what a submission and its outcome are, and the statuses a row can have
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .. import answers as plain  # noqa: F401 - tests reach the encoder through the grader
from ..exercises import SET_MODULES, load_set
from ..exercises.engine import ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED  # noqa: F401
from . import judge as judging
from .kernel import GRADING_FAILED, KERNEL_DIED, NO_KERNEL, OK, TIMEOUT  # noqa: F401
from .records import EMPTY, STATUSES, UNKNOWN_SET, UNREADABLE, WRONG_SET, Graded, Submission  # noqa: F401
from .run import (QUESTION_TIME_LIMIT, Progress, SandboxUnavailable, _choose_sandbox, _grade_all,  # noqa: F401
                  _isolation, _remove, _run_coroutine, _terminate_as_interrupt, run_submission)
from .flags import add_flags
from .names import NAME_SOURCES  # noqa: F401
from .submissions import (Refused, _read_regular_file, _read_safely, _mark_other_sets, choose_set,  # noqa: F401
                          class_namer, discover, find_submissions, hints_read, not_a_regular_file, notebook_imports,
                          read_submission, set_from_imports)
from .judge import _finish_rows  # noqa: F401
from .marks import MarksTemplate, marks_path, write_marks_template
from .write import (_next_hint, _safe_cell, answers_path, feedback_markdown, md_quote, md_text,  # noqa: F401
                    summary_text, terminal_text, write_answers, write_atomically, write_feedback, write_gradebook,
                    write_written_answers)


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
    marks: MarksTemplate | None = None  # written_answers/marks.csv, for the teacher's levels
    key_file: Path | None = None  # the key of a teacher's assignment, when graded against one
    answers_file: Path | None = None  # <gradebook stem>.answers.csv

    def counts(self) -> Counter:
        return Counter(r.status for r in self.rows)


def _announce(text: str) -> None:
    sys.stderr.write(terminal_text(text) + "\n")
    sys.stderr.flush()


def grade_folder(folder, out="gradebook.csv", feedback_dir=None, written_dir=None, timeout: float = 60,
                 jobs: int | None = None, exercise_set: str | None = None, progress: bool = True,
                 question_limit: float = QUESTION_TIME_LIMIT, sandbox="auto", names="auto",
                 key=None) -> GradeReport:
    """Grade every notebook under ``folder``; write the gradebook (and feedback, written answers).

    ``written_dir`` defaults to a ``written_answers`` folder beside the gradebook (written only when
    the set has written questions). ``sandbox``: "auto" (use it where it works; say so when it does
    not), "on" (raise SandboxUnavailable without it) or "off". ``names``: where the students' names
    come from, "auto", "folder", "file" or "metadata" (``names``). ``key``: the key file of a teacher's
    assignment (``qantar assign``; a path or a loaded ``Key``), graded instead of a kit set.
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
    key = _key(key)
    known = {key.name: ASSESSED_MODULE} if key is not None else SET_MODULES
    answers = answers_path(out)
    written = Path(written_dir) if written_dir else out.parent / "written_answers"
    paths, skipped = discover(folder, outputs=(out, answers, feedback_dir, written))
    namer = class_namer(paths, folder, names)
    subs = [_read_safely(p, folder, namer, known) for p in paths]
    if key is not None:
        _check_key(key, subs)
    set_name = choose_set(subs, exercise_set or (key.name if key else None), known)
    qset = (key.qset if key is not None else load_set(set_name)) if set_name else None
    _mark_other_sets(subs, qset, set_name)
    plan = judging.make_plan(qset, known[set_name], key.setup_code if key else None) if qset is not None else None
    root = Path(tempfile.mkdtemp(prefix="qantar-grade-"))
    if chosen is not None:
        chosen.hide(folder, out.parent, feedback_dir, written_dir, root)
        if key is not None:
            chosen.cover(key.path)  # a notebook must not read the answers it is graded against
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
    add_flags(rows, qset)
    write_gradebook(rows, qset, out)
    write_answers(rows, qset, answers)
    feedback = None
    if feedback_dir:
        feedback = Path(feedback_dir)
        write_feedback(rows, qset, feedback)
    written_files = []
    if qset is not None and any(q.kind == "written" for q in qset):
        written_files = write_written_answers(rows, qset, written)
    marks = write_marks_template(rows, qset, marks_path(out, written_dir).parent) if written_files else None
    return GradeReport(set_name, rows, out, feedback, written_files, time.monotonic() - started, skipped,
                       isolation=isolation, marks=marks, answers_file=answers,
                       key_file=key.path if key is not None else None)


# What a teacher's assignment imports; the function runner imports it too (it holds no key).
ASSESSED_MODULE = "qantar.exercises.assessed"


def _key(key):
    from ..assignments.key import Key, load_key

    return key if key is None or isinstance(key, Key) else load_key(key)


def _check_key(key, subs: list[Submission]) -> None:
    """A key for another assignment stops the run (one line); a submission built from another version of
    the same assignment is graded against the key, with a note."""
    from ..assignments.key import KeyProblem

    named = Counter(s.exercise_set for s in subs if s.exercise_set)
    if named and key.name not in named:
        found = ", ".join(repr(n) for n, _ in named.most_common(3))
        raise KeyProblem(f"the key {key.path} is for the assignment {key.name!r}, but the submissions are {found}")
    for sub in subs:
        if sub.exercise_set == key.name and sub.assignment_id and sub.assignment_id != key.id:
            sub.notes.append("built from another version of the assignment than the key (rebuilt since?): "
                             "graded against the key")


__all__ = ["STATUSES", "Submission", "Graded", "GradeReport", "grade_folder", "read_submission",
           "find_submissions", "discover", "not_a_regular_file", "terminal_text", "set_from_imports",
           "hints_read", "notebook_imports", "write_gradebook", "write_atomically", "feedback_markdown",
           "write_feedback", "write_written_answers", "write_answers", "answers_path", "summary_text",
           "NOT_ATTEMPTED", "CORRECT", "INCORRECT", "ERROR", "ANSWERED", "SandboxUnavailable", "md_text", "md_quote"]
