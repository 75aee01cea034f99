"""Step 4: write what the teacher and the students read: the gradebook (CSV), one feedback file per
submission and one file of written answers per written question (Markdown), and the summary printed
at the end. Every text from a student is neutralised for spreadsheets, Markdown and terminals."""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections import Counter
from pathlib import Path

from typing import TYPE_CHECKING

from ..exercises.engine import _LABELS, ANSWERED, CORRECT, NOT_ATTEMPTED
from .kernel import OK
from .records import STATUSES, Graded, _number

if TYPE_CHECKING:
    from . import GradeReport

def gradebook_columns(qset) -> list[str]:
    questions = [q.name for q in qset] if qset is not None else []
    return ["student", "student_id", "file", "exercise_set", "status", *questions, "score", "total", "notes",
            "flags"]


def _in_order(rows: list[Graded]) -> list[Graded]:
    return sorted(rows, key=lambda r: (r.submission.student.casefold(), r.submission.file))


def write_gradebook(rows: list[Graded], qset, path: Path) -> None:
    """One row per submission: who, which file and set, the status, each question's status, score,
    then the notes (what happened) and the flags (what the teacher may look at again).
    Written to a temporary file beside ``path``, moved into place only once complete: a run that stops
    halfway leaves the previous gradebook as it was."""
    total = _number(sum(q.points for q in qset if q.scored)) if qset is not None else ""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(gradebook_columns(qset))
    for row in _in_order(rows):
        sub = row.submission
        statuses = {r["question"]: r["status"] for r in (row.results or [])}
        questions = [statuses.get(q.name, "") for q in qset] if qset is not None else []
        text = [sub.student, sub.student_id, sub.file, sub.exercise_set[:100], row.status, *questions]
        writer.writerow([*map(_safe_cell, text), row.score, total, _safe_cell("; ".join(row.notes)),
                         _safe_cell("; ".join(row.flags))])
    write_atomically(Path(path), buffer.getvalue())


ANSWERS_COLUMNS = ["student", "student_id", "file", "question", "kind", "status", "answer"]


def answers_path(gradebook: Path) -> Path:
    """The answers file beside the gradebook: gradebook.csv -> gradebook.answers.csv."""
    gradebook = Path(gradebook)
    return gradebook.with_name(f"{gradebook.stem}.answers.csv")


def write_answers(rows: list[Graded], qset, path: Path) -> None:
    """One row per submission and question it was checked on: the question's kind, its status and the
    answer as the engine echoes it (at most 80 characters; empty for written and function questions,
    and for a question not attempted). For the class report's commonest wrong answers. Written like
    the gradebook: atomically, every text cell neutralised for spreadsheets."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(ANSWERS_COLUMNS)
    kinds = {q.name: q.kind for q in qset} if qset is not None else {}
    for row in _in_order(rows):
        sub = row.submission
        for result in row.results or []:
            question, status = result["question"], result["status"]
            answer = row.answers.get(question, "") if status != NOT_ATTEMPTED else ""
            cells = [sub.student, sub.student_id, sub.file, question, kinds.get(question, ""), status, answer]
            writer.writerow(list(map(_safe_cell, cells)))
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
        shown = sub.solutions_read.get(q.name, 0)
        if shown:
            lines += ["", f"Your notebook asks for this question's answer ({shown} time{'s' if shown > 1 else ''}, "
                          f"e.g. `{q.name}.solution()`): your teacher sees this in the gradebook."]
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


# What a terminal acts on instead of showing: C0 and C1 controls (ESC starts the sequences that recolour,
# clear or retitle it), DEL, line and paragraph separators, the bidirectional marks and overrides that
# reorder what follows them, and lone surrogates (undecodable bytes of a file name, which print refuses).
_TERMINAL_UNSAFE = re.compile(r"[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069\ud800-\udfff]")


def terminal_text(text) -> str:
    """Text that is safe to print to the teacher's terminal, each unsafe character shown as its code
    (ESC as \\x1b): file names and error texts come from students' files and code."""
    return _TERMINAL_UNSAFE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))


def summary_text(report: GradeReport) -> str:
    """What `qantar grade` prints at the end."""
    counts = report.counts()
    lines = [f"Graded {len(report.rows)} notebook(s) of the {report.exercise_set or 'unknown'!r} exercise set "
             f"in {report.seconds:.1f} s.",
             "Status: " + ", ".join(f"{n} {s}" for s, n in sorted(counts.items())),
             *([report.isolation] if report.isolation else []),
             f"Gradebook: {report.gradebook}"]
    if report.answers_file:
        lines.append(f"Answers: {report.answers_file} (one row per submission and question)")
    if report.feedback_dir:
        lines.append(f"Feedback: {report.feedback_dir}/ (one Markdown file per submission)")
    if report.written_files:
        lines.append(f"Written answers: {report.written_files[0].parent}/ "
                     f"({len(report.written_files)} file(s), one per written question)")
    marks = getattr(report, "marks", None)
    if marks is not None and marks.path is not None:
        kept = f"; kept: {marks.kept} you had typed in already" if marks.kept else ""
        lines.append(f"Marks to type in: {marks.path} (a level for each written answer{kept}), then "
                     f"qantar grade --merge-written --out {report.gradebook}"
                     + (f" --key {report.key_file}" if getattr(report, "key_file", None) else ""))
    if marks is not None and marks.note:
        lines.append(f"Marks file: {marks.note}")
    problems = [r for r in report.rows if r.status != OK]
    for row in sorted(problems, key=lambda r: r.submission.file):
        note = f" ({'; '.join(row.notes)})" if row.notes else ""
        lines.append(f"  {row.submission.file}: {row.status}{note}")
    if report.skipped:
        lines.append(f"Skipped {len(report.skipped)} file(s) that are not notebooks to read:")
        lines += [f"  {file}: {reason}" for file, reason in report.skipped]
    names = Counter(r.submission.student.casefold() for r in report.rows)
    shared = sum(1 for n in names.values() if n > 1)
    if shared:
        lines.append(f"Names: {shared} name(s) belong to more than one submission (flagged). If one folder holds "
                     "several students' notebooks, grade again with --names file.")
    flagged = [r for r in report.rows if r.flags]
    if flagged:
        lines.append(f"Flags: {len(flagged)} row(s) of the gradebook carry flags (the flags column): things to "
                     "look at again, not findings.")
    # Each line on its own: names, notes and errors come from students and must not drive the terminal.
    return "\n".join(terminal_text(line) for line in lines)
