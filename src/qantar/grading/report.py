"""One page on how the class did, for the teacher: ``qantar report gradebook.csv [--roster FILE]``.

The page is a single HTML file that needs nothing else (no script, no font or style from the internet: the
charts are inline SVG drawn with the kit's figure style), prints on paper as it shows on screen, and
reads in the words a teacher uses. It shows which questions the class found hard (a chart, with the
one-sentence description every kit figure has, and the same numbers as a table), the commonest wrong
answers to each auto-checked question (from the answers file beside the gradebook), the written answers
marked so far, the spread of scores, who has not handed in (from a class list), the notebooks that did
not run, and the flags. Every text that comes from a student (names, answers, notes, flags) is escaped.
"""
from __future__ import annotations

import datetime as dt
import html
import io
import statistics
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from ..exercises.engine import ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from .gradebook import (CsvProblem, Gradebook, answers_path, number, plain_number, read_answers, read_csv,
                        read_gradebook, shown_name, student_key)
from .marks import parse_written_cell
from .write import write_atomically

WRONG_ANSWERS_SHOWN = 3
ROSTER_NAME_COLUMNS = ("student", "name", "full name", "student name")
ROSTER_ID_COLUMNS = ("student_id", "id", "identifier", "participant")
NOT_A_STUDENT = ("points possible", "student, test", "test student")  # rows Canvas adds to its exports


@dataclass
class ReportResult:
    path: Path
    students: int
    notes: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        return [f"Wrote the class report {self.path} ({self.students} notebook(s)): open it in a browser; it "
                "prints as it shows.", *self.notes]


# ---------------------------------------------------------------------------------------------
# What the page counts


def question_kinds(gradebook: Gradebook, answers: list[dict]) -> dict[str, str]:
    """Each question column's kind: from the answers file, else the kit's set, else from the cells (a
    written answer is 'answered' or marked; every other question is auto-checked)."""
    kinds = {a["question"]: a.get("kind", "") for a in answers if a.get("kind")}
    if not all(q in kinds for q in gradebook.questions):
        from ..exercises import SET_MODULES, load_set

        if gradebook.exercise_set in SET_MODULES:
            kinds = {q.name: q.kind for q in load_set(gradebook.exercise_set)} | kinds
    for q in gradebook.questions:
        if q not in kinds:
            cells = [r.get(q, "") for r in gradebook.rows]
            kinds[q] = "written" if any(c == ANSWERED or parse_written_cell(c) for c in cells) else "value"
    return {q: kinds[q] for q in gradebook.questions}


def ran(gradebook: Gradebook) -> list[dict]:
    """The rows whose questions were checked (a notebook that never ran has blank question cells)."""
    return [r for r in gradebook.rows if any(r.get(q) for q in gradebook.questions)]


def question_counts(gradebook: Gradebook, kinds: dict) -> dict[str, Counter]:
    """For each auto-checked question: how many notebooks had it right, not yet right, not attempted."""
    counts = {}
    for q, kind in kinds.items():
        if kind in ("written", "judgement"):
            continue
        tally = Counter()
        for row in ran(gradebook):
            status = row.get(q, "")
            tally["right" if status == CORRECT else "not attempted" if status == NOT_ATTEMPTED else
                  "not yet" if status in (INCORRECT, ERROR) else "other"] += 1
        counts[q] = tally
    return counts


def wrong_answers(answers: list[dict], kinds: dict) -> dict[str, list[tuple[str, int]]]:
    """The commonest wrong answers to each auto-checked question, with how many gave each."""
    found: dict[str, Counter] = {}
    for a in answers:
        if kinds.get(a["question"]) in ("written", "function", None) or a.get("status") != INCORRECT:
            continue
        text = " ".join(a.get("answer", "").split())
        if text:
            found.setdefault(a["question"], Counter())[text] += 1
    return {q: c.most_common(WRONG_ANSWERS_SHOWN) for q, c in found.items()}


def read_roster(path) -> tuple[list[str], list[str]]:
    """(names, ids) of a class list: a CSV with a student (or name, or first and last name) column, as a
    teacher writes it or an LMS exports its participants."""
    columns, rows = read_csv(path, what="class list")
    lower = {c.casefold(): c for c in columns if c}
    name_column = next((lower[c] for c in ROSTER_NAME_COLUMNS if c in lower), None)
    first = next((lower[c] for c in ("first name", "given name", "firstname") if c in lower), None)
    last = next((lower[c] for c in ("last name", "surname", "family name", "lastname") if c in lower), None)
    if name_column is None and not (first and last):
        raise CsvProblem(f"the class list {path} has no student column (or first name and last name columns); "
                         f"its columns: {', '.join(columns)}")
    id_column = next((lower[c] for c in ROSTER_ID_COLUMNS if c in lower), None)
    names, ids = [], []
    for row in rows:
        name = row.get(name_column, "") if name_column else f"{row.get(first, '')} {row.get(last, '')}"
        name = " ".join(name.split())
        if not name or name.casefold() in NOT_A_STUDENT:
            continue
        names.append(name)
        ids.append(row.get(id_column, "").strip() if id_column else "")
    return names, ids


def missing_from(gradebook: Gradebook, names: list[str], ids: list[str]) -> tuple[list[str], list[str]]:
    """(on the list but no notebook, a notebook but not on the list)."""
    handed = {student_key(shown_name(r["student"])) for r in gradebook.rows}
    handed_ids = {r.get("student_id", "").strip() for r in gradebook.rows} - {""}
    missing = [n for n, i in zip(names, ids) if student_key(n) not in handed and not (i and i in handed_ids)]
    listed, listed_ids = {student_key(n) for n in names}, set(ids) - {""}
    extra = sorted({shown_name(r["student"]) for r in gradebook.rows
                    if student_key(shown_name(r["student"])) not in listed
                    and r.get("student_id", "").strip() not in listed_ids}, key=str.casefold)
    return missing, extra


# ---------------------------------------------------------------------------------------------
# The charts


def _svg(ax, label_id: str) -> str:
    """The figure of ``ax`` as inline SVG, labelled by the paragraph that describes it."""
    import matplotlib.pyplot as plt

    buffer = io.StringIO()
    ax.figure.savefig(buffer, format="svg", bbox_inches="tight")
    plt.close(ax.figure)
    svg = buffer.getvalue()
    svg = svg[svg.index("<svg"):]
    return svg.replace("<svg ", f'<svg role="img" aria-labelledby="{label_id}" ', 1)


def success_chart(counts: dict[str, Counter]):
    """Stacked bars, one per auto-checked question: the share right, not yet right and not attempted."""
    from .. import style

    names = list(counts)
    ax = style.new_axes(figsize=(8, 1.2 + 0.42 * len(names)))
    parts = [("right", style.PALETTE["blue"], ""), ("not yet", style.PALETTE["orange"], "//"),
             ("not attempted", style.GREY, "..")]
    left = [0.0] * len(names)
    for label, colour, hatch in parts:
        shares = [100 * counts[q][label] / max(1, sum(counts[q].values())) for q in names]
        bars = ax.barh(names, shares, left=left, color=colour, hatch=hatch, edgecolor="white", label=label)
        for bar, q, share in zip(bars, names, shares):
            if share >= 8:  # the count inside its part, where it fits
                box = None if label == "right" else {"boxstyle": "round,pad=0.15", "fc": "white", "ec": "none"}
                ax.text(bar.get_x() + bar.get_width() / 2, bar.get_y() + bar.get_height() / 2, counts[q][label],
                        ha="center", va="center", fontsize=9, color="white" if label == "right" else "black",
                        bbox=box)
        left = [a + b for a, b in zip(left, shares)]
    ax.invert_yaxis()  # q1 at the top, as in the notebook
    ax.set_axisbelow(True)
    ax.set_xlim(0, 100)
    ax.set_xlabel("Share of the notebooks that ran (%); the number in each part is of students")
    ax.set_title("How each auto-checked question went", loc="left")
    ax.grid(axis="y", visible=False)
    style.legend_below(ax, ncol=3)
    right = {q: counts[q]["right"] / max(1, sum(counts[q].values())) for q in names}
    hardest = min(names, key=lambda q: (right[q], names.index(q)))
    easiest = max(names, key=lambda q: (right[q], -names.index(q)))
    n = max(sum(c.values()) for c in counts.values())
    sentence = (f"For each of the {len(names)} auto-checked questions, the share of the {n} notebooks that ran "
                f"with it right, not yet right or not attempted; fewest right: {hardest} "
                f"({counts[hardest]['right']} of {sum(counts[hardest].values())}), most right: {easiest} "
                f"({counts[easiest]['right']} of {sum(counts[easiest].values())}).")
    return style.finish(ax, sentence, [])


def score_chart(scores: list[float], total: float):
    """How many students have each score: the spread of the class."""
    from .. import style

    ax = style.new_axes(figsize=(8, 3.2))
    ax.set_axisbelow(True)
    whole = total <= 30 and all(float(s).is_integer() for s in scores)
    if whole:
        values = list(range(int(total) + 1))
        heights = [sum(1 for s in scores if s == v) for v in values]
        ax.bar(values, heights, width=0.8, color=style.PALETTE["blue"])
        ax.set_xticks(values)
    else:  # fractional scores (written marks): ten equal bands of the total
        step = total / 10
        edges = [step * i for i in range(11)]
        heights, _, _ = ax.hist(scores, bins=edges, color=style.PALETTE["blue"], edgecolor="white")
    ax.yaxis.get_major_locator().set_params(integer=True)
    ax.set_xlabel(f"Score (points, out of {plain_number(total)})")
    ax.set_ylabel("Students")
    ax.set_title("Spread of scores", loc="left")
    median = statistics.median(scores)
    spread = (f"all at {plain_number(median)}" if min(scores) == max(scores) else
              f"from {plain_number(min(scores))} to {plain_number(max(scores))}, half at {plain_number(median)} "
              "or above")
    sentence = (f"How many of the {len(scores)} students with a score have each score out of {plain_number(total)}: "
                f"{spread}.")
    return style.finish(ax, sentence, [])


# ---------------------------------------------------------------------------------------------
# The page


def _e(text) -> str:
    return html.escape(str(text), quote=True)


def _table(headings: list[str], rows: list[list], numeric=()) -> str:
    head = "".join(f'<th scope="col"{" class=num" if i in numeric else ""}>{_e(h)}</th>'
                   for i, h in enumerate(headings))
    body = "".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{_e(c)}</td>'
                                    for i, c in enumerate(cells)) + "</tr>" for cells in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _figure(ax, label_id: str) -> str:
    from .. import style

    sentence = style.description(ax)
    return (f'<figure>{_svg(ax, label_id)}<figcaption id="{label_id}"><i>Figure:</i> {_e(sentence)}'
            "</figcaption></figure>")


STYLE = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: #1a1a1a;
       max-width: 60rem; margin: 1.5rem auto; padding: 0 1rem; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: 0.2rem; } h2 { font-size: 1.25rem; margin-top: 2rem;
     border-bottom: 1px solid #ccc; padding-bottom: 0.2rem; } h3 { font-size: 1.05rem; margin-bottom: 0.3rem; }
.lead { color: #444; margin-top: 0; } .note { color: #444; font-size: 0.95rem; }
table { border-collapse: collapse; margin: 0.5rem 0 1rem; } th, td { border: 1px solid #bbb;
        padding: 0.25rem 0.6rem; text-align: left; vertical-align: top; } th { background: #f2f2f2; }
td.num, th.num { text-align: right; } figure { margin: 0.5rem 0 1rem; } figure svg { max-width: 100%;
height: auto; } figcaption { font-size: 0.95rem; color: #333; margin-top: 0.3rem; }
.glance { display: flex; flex-wrap: wrap; gap: 0.6rem 2rem; padding: 0; list-style: none; }
.glance b { font-size: 1.4rem; display: block; }
ul.answers { margin: 0.2rem 0 0.8rem; } q { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
@media print { body { margin: 0; max-width: none; font-size: 10.5pt; } h2 { break-after: avoid; }
               figure, table, .question { break-inside: avoid; } a { color: inherit; } }
"""


def _asked(prompt: str, limit: int = 90) -> str:
    prompt = " ".join(prompt.split())
    return prompt if len(prompt) <= limit else prompt[:limit - 1].rsplit(" ", 1)[0] + "…"


def report_html(gradebook: Gradebook, answers: list[dict], roster: tuple[list[str], list[str]] | None = None,
                title: str = "", made: dt.date | None = None, prompts: dict[str, str] | None = None) -> str:
    """The whole page as text. ``prompts``: each question's wording, when the set is known."""
    prompts = prompts or {}
    kinds = question_kinds(gradebook, answers)
    counts = question_counts(gradebook, kinds)
    rows, checked = gradebook.rows, ran(gradebook)
    scores = [s for s in (number(r.get("score", "")) for r in rows) if s is not None]
    totals = [t for t in (number(r.get("total", "")) for r in rows) if t]
    total = max(totals) if totals else 0
    title = title or gradebook.exercise_set or "exercises"
    parts = [f"<h1>How the class did: {_e(title)}</h1>",
             f'<p class="lead">From {_e(gradebook.path.name)}, {len(rows)} notebook(s) handed in'
             f"{', made ' + made.strftime('%d %B %Y') if made else ''}.</p>"]
    glance = [(len(rows), "notebooks handed in"), (len(checked), "ran and were checked")]
    if scores and total:
        glance.append((f"{plain_number(statistics.median(scores))} / {plain_number(total)}", "middle score (median)"))
    missing = extra = None
    if roster is not None:
        missing, extra = missing_from(gradebook, *roster)
        glance.append((len(missing), "on the class list, not handed in"))
    parts.append('<ul class="glance">' + "".join(f"<li><b>{_e(v)}</b>{_e(k)}</li>" for v, k in glance) + "</ul>")

    parts.append("<h2>Which questions the class found hard</h2>")
    if counts and checked:
        parts.append(_figure(success_chart(counts), "chart-questions"))
        parts.append(_table(["Question", "Asked", "Right", "Not yet right", "Not attempted"],
                            [[q, _asked(prompts.get(q, "")), c["right"], c["not yet"], c["not attempted"]]
                             for q, c in counts.items()], numeric=(2, 3, 4)))
    else:
        parts.append('<p class="note">No auto-checked question was checked in any notebook.</p>')

    parts.append("<h2>The commonest wrong answers</h2>")
    if not answers:
        parts.append(f'<p class="note">No answers file beside the gradebook ({_e(answers_path(gradebook.path).name)}): '
                     "grade the folder again to record the answers given.</p>")
    else:
        wrong = wrong_answers(answers, kinds)
        parts.append('<p class="note">What students gave when a check said "not yet", most common first: a '
                     "wrong answer many share is worth going over with the class.</p>")
        for q in counts:
            if kinds.get(q) == "function":
                continue
            given = wrong.get(q, [])
            items = "".join(f"<li><q>{_e(text)}</q>: {n} student{'s' if n != 1 else ''}</li>" for text, n in given)
            asked = f": {_e(_asked(prompts[q]))}" if prompts.get(q) else ""
            parts.append(f'<div class="question"><h3>{_e(q)}{asked}</h3>' +
                         (f'<ul class="answers">{items}</ul>' if items else '<p class="note">No wrong answer.</p>')
                         + "</div>")

    written = [q for q, kind in kinds.items() if kind == "written"]
    if written:
        parts.append("<h2>Written answers</h2>")
        table = []
        for q in written:
            cells = [r.get(q, "") for r in checked]
            marked = [m for m in map(parse_written_cell, cells) if m]
            handed = sum(1 for c in cells
                         if (parse_written_cell(c) or {"status": c})["status"] in (ANSWERED, INCORRECT))
            mean = plain_number(round(statistics.mean(m["level"] for m in marked), 1)) if marked else ""
            of = marked[0]["levels"] if marked else ""
            table.append([q, _asked(prompts.get(q, "")), handed, len(marked),
                          f"{mean} of {of}" if marked else "not marked yet"])
        parts.append(_table(["Question", "Asked", "Answers written", "Marked", "Average level"], table,
                            numeric=(2, 3)))
        if not any(row[3] for row in table):
            parts.append('<p class="note">Type a level for each answer in written_answers/marks.csv, then run '
                         "<code>qantar grade --merge-written</code>.</p>")

    parts.append("<h2>Spread of scores</h2>")
    if scores and total:
        parts.append(_figure(score_chart(scores, total), "chart-scores"))
    else:
        parts.append('<p class="note">No notebook has a score.</p>')

    parts.append("<h2>Who has not handed in</h2>")
    if missing is None:
        parts.append('<p class="note">Give the class list to see this: <code>qantar report gradebook.csv --roster '
                     "class.csv</code> (a CSV with a student column, or the participants list your LMS exports).</p>")
    else:
        parts.append(f"<p>{len(missing)} of the {len(roster[0])} students on the class list.</p>")
        if missing:
            parts.append("<ul>" + "".join(f"<li>{_e(n)}</li>" for n in missing) + "</ul>")
        if extra:
            parts.append('<p class="note">Handed in but not on the class list (a name spelled differently?): '
                         + ", ".join(_e(n) for n in extra) + ".</p>")

    trouble = [r for r in rows if r.get("status", "ok") != "ok"]
    parts.append("<h2>Notebooks that did not run to the end</h2>")
    if trouble:
        parts.append(_table(["Student", "File", "What happened", "Notes"],
                            [[shown_name(r["student"]), shown_name(r["file"]), r.get("status", ""),
                              shown_name(r.get("notes", ""))] for r in trouble]))
    else:
        parts.append("<p>Every notebook ran to the end.</p>")

    parts.append("<h2>Flags to look at</h2>")
    if not gradebook.has("flags"):
        parts.append('<p class="note">This gradebook has no flags column (it was made by an older grader).</p>')
    else:
        flagged = [r for r in rows if r.get("flags", "").strip()]
        parts.append('<p class="note">A flag says something is worth a look (answers identical to another '
                     "student's, a written answer close to another or to the model answer, a solution "
                     "shown): it is not a finding. Talk to the student before you decide anything.</p>")
        parts.append(_table(["Student", "Flags"], [[shown_name(r["student"]), shown_name(r["flags"])] for r in flagged])
                     if flagged else "<p>No flags.</p>")
    body = "\n".join(parts)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
            f"<title>How the class did: {_e(title)}</title><style>{STYLE}</style></head>"
            f"<body>\n{body}\n</body></html>\n")


def write_report(gradebook_path, out=None, roster=None) -> ReportResult:
    """Read the gradebook (and its answers file, and the class list if given); write the page."""
    gradebook = read_gradebook(gradebook_path)
    answers = read_answers(answers_path(gradebook_path))
    names = read_roster(roster) if roster else None
    title, prompts = gradebook.exercise_set, {}
    from ..exercises import SET_MODULES, load_set

    if title in SET_MODULES:
        qset = load_set(title)
        title, prompts = qset.title, {q.name: q.prompt for q in qset}
    made = dt.date.fromtimestamp(Path(gradebook_path).stat().st_mtime)
    path = Path(out) if out else Path(gradebook_path).with_suffix(".html")
    write_atomically(path, report_html(gradebook, answers, names, title, made, prompts))
    notes = [] if answers else [f"No answers file ({answers_path(gradebook_path).name}) beside the gradebook: the "
                                "page has no wrong answers to show."]
    return ReportResult(path, len(gradebook.rows), notes)
