"""Flags: what a teacher may want to look at again, never a finding. Each flag says what the grader saw,
in the gradebook's ``flags`` column only (the feedback files never show a flag, so no student reads
another's name there); the teacher decides what, if anything, it means.

What is flagged, and why each rule is as it is:

- **The same wrong answers.** Two students who gave the same wrong answer, character for character,
  to at least ``MIN_SHARED_WRONG`` of the same auto-checked questions. Right answers are not compared
  (everyone who succeeds agrees), nor blanks, nor a wrong answer that more than a tenth of the class,
  and more than three students, gave (a common mistake, as a misread question or a tempting option
  makes, not a sign of shared work).
- **Written answers that overlap.** Each written answer is cut into overlapping runs of
  ``NGRAM`` words (lower case, punctuation aside), leaving out the runs of the question itself. Two
  answers, or an answer and the model answer, are flagged when ``OVERLAP`` or more of the shorter one's
  runs are in the other. Five words in a row rarely match by chance; a pasted sentence matches at once.
  Answers of fewer than ``MIN_WORDS`` words are not compared.
- **An answer shown by the code.** Calls left in the submitted code that show a question's answer
  (``solution()``, ``model()``, ``expected_value()``, ``.answer``: ``Submission.solutions_read``).
- **A name in the metadata that is not the path's.** The notebook may have been someone else's first.
- **Two submissions under one name.** Both rows are kept; the teacher sees which is whose.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict

from ..exercises.engine import INCORRECT
from .names import same_person
from .records import Graded

MIN_SHARED_WRONG = 2  # same wrong answers to this many questions or more: flagged
COMMON_SHARE, COMMON_MIN = 0.1, 3  # a wrong answer given by more students than both is a common mistake
NGRAM = 5  # words in a run compared between written answers
OVERLAP = 0.5  # share of the shorter answer's runs found in the other: flagged from here
MIN_WORDS = 10  # shorter written answers are not compared
AUTO_KINDS = ("value", "choice")  # questions whose answers the grader echoes (a function's is its code)


def add_flags(rows: list[Graded], qset) -> None:
    """Add every flag to ``rows`` (``Graded.flags``), in a fixed order, each one sentence."""
    _duplicate_names(rows)
    for row in rows:
        sub = row.submission
        if sub.metadata_student and sub.name_found_by != "notebook metadata" and not same_person(
                sub.metadata_student, sub.student):
            row.flags.append(f"the notebook's metadata names {sub.metadata_student!r}")
        solutions = _solutions_read(sub)
        if solutions:
            row.flags.append("answer shown by the code for " + ", ".join(
                q if n <= 1 else f"{q} ({n} times)" for q, n in solutions))
    if qset is not None:
        _shared_wrong_answers(rows, qset)
        _overlapping_written_answers(rows, qset)


def _who(row: Graded) -> str:
    return f"{row.submission.student} ({row.submission.file})"


def _duplicate_names(rows: list[Graded]) -> None:
    by_name = defaultdict(list)
    for row in rows:
        by_name[row.submission.student.casefold()].append(row)
    for same in by_name.values():
        for row in same if len(same) > 1 else []:
            others = sorted(r.submission.file for r in same if r is not row)
            row.flags.append(f"named {row.submission.student!r} like {len(others)} other submission(s) "
                             f"({', '.join(others)}): check which is whose")


def _solutions_read(sub) -> list[tuple[str, int]]:
    calls = sub.solutions_read or {}
    found = []
    for question, count in calls.items():
        try:
            count = int(count)
        except (TypeError, ValueError):
            count = 1
        if count > 0:
            found.append((str(question), count))
    return sorted(found)


def _wrong_answers(row: Graded, auto: set[str]) -> dict[str, str]:
    statuses = {r["question"]: r["status"] for r in (row.results or [])}
    return {q: echo for q, echo in row.answers.items()
            if q in auto and statuses.get(q) == INCORRECT and echo.strip()}


def _shared_wrong_answers(rows: list[Graded], qset) -> None:
    auto = {q.name for q in qset if q.kind in AUTO_KINDS}
    graded = [r for r in rows if r.results is not None]
    wrong = {id(r): _wrong_answers(r, auto) for r in graded}
    given = Counter((q, echo) for answers in wrong.values() for q, echo in answers.items())
    common = max(COMMON_MIN, COMMON_SHARE * len(graded))  # given more often, a wrong answer is a common mistake
    for i, row in enumerate(graded):
        for other in graded[i + 1:]:
            shared = sorted(q for q, echo in wrong[id(row)].items()
                            if wrong[id(other)].get(q) == echo and given[(q, echo)] <= common)
            if len(shared) >= MIN_SHARED_WRONG:
                questions = ", ".join(shared)
                row.flags.append(f"the same wrong answers as {_who(other)} to {questions}")
                other.flags.append(f"the same wrong answers as {_who(row)} to {questions}")


def word_runs(text: str, n: int = NGRAM) -> set[tuple[str, ...]]:
    """The runs of ``n`` consecutive words in ``text`` (lower case, punctuation aside)."""
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + n]) for i in range(len(words) - n + 1)}


def overlap(a: set, b: set) -> float:
    """The share of the smaller set's runs that are in the other (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / min(len(a), len(b))


def _overlapping_written_answers(rows: list[Graded], qset) -> None:
    for q in qset:
        if q.kind != "written":
            continue
        quoted = word_runs(q.prompt)  # quoting the question is not copying
        model = word_runs(getattr(q, "model_answer", "") or "") - quoted
        runs = []
        for row in rows:
            text = row.written.get(q.name, "")
            if len(text.split()) >= MIN_WORDS:
                runs.append((row, word_runs(text) - quoted))
        for row, mine in runs:
            share = overlap(mine, model)
            if share >= OVERLAP:
                row.flags.append(f"{q.name}: the written answer overlaps the model answer ({share:.0%} of the "
                                 f"shorter text's {NGRAM}-word runs in common)")
        for i, (row, mine) in enumerate(runs):
            for other, theirs in runs[i + 1:]:
                share = overlap(mine, theirs)
                if share >= OVERLAP:
                    for one, two in ((row, other), (other, row)):
                        one.flags.append(f"{q.name}: the written answer overlaps {_who(two)}'s ({share:.0%} of "
                                         f"the shorter text's {NGRAM}-word runs in common)")
