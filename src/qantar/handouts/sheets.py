"""The student sheets: a one-page timeline of 1-19 January, the glossary, a source-analysis scaffold, an exit
ticket per lesson and the exercise questions for paper. Built from the datasets, the glossary and the
exercise sets, so a corrected row or question reaches the paper too."""
from __future__ import annotations

import html
import re

import nbformat
import pandas as pd

from .. import data, timeline
from ..exercises import available_sets
from . import page
from .lessons import NOTEBOOKS, lesson_paths

# Which events a day's line keeps first, when it has more than EVENTS_PER_DAY.
TYPE_ORDER = ["political", "international", "violence", "communications", "state_action", "protest", "strike"]
EVENTS_PER_DAY = 2
# How sure the row is, as a reader of the sheet is told (events.csv's confidence column).
CONFIDENCE_NOTES = {"single_source": " (one source)", "contested": " (accounts differ)"}


def _line(row) -> str:
    """An event as the sheet gives it: its whole description (a cut one lost a withdrawn toll and a disputed
    date), and how sure it is when that is less than confirmed."""
    return str(row["description"]).strip().rstrip(".") + CONFIDENCE_NOTES.get(str(row["confidence"]), "")


def timeline_days(events: pd.DataFrame) -> list[dict]:
    """One entry per day of 1-19 January 2022: the cities first reached and the day's leading events."""
    january = events[(events["date"] >= "2022-01-01") & (events["date"] <= "2022-01-19")].copy()
    reached = timeline.cities_reached(january)
    january["rank"] = january["event_type"].astype(str).map(TYPE_ORDER.index)
    days = []
    for day in pd.date_range("2022-01-01", "2022-01-19"):
        rows = january[january["date"] == day].sort_values(["rank", "event_id"])
        first = sorted(reached.loc[reached["first_date"] == day, "city"])
        lines = []
        for _, row in rows.head(EVENTS_PER_DAY).iterrows():
            where = "" if row["city"] in (timeline.NATIONWIDE, "") or pd.isna(row["city"]) else f"{row['city']}: "
            lines.append(f"{where}{_line(row)}")
        days.append({"day": day, "first_reached": first, "lines": lines, "more": max(0, len(rows) - EVENTS_PER_DAY),
                     "event_ids": list(rows["event_id"])})
    return days


def timeline_sheet() -> str:
    rows = []
    for entry in timeline_days(data.load("events")):
        reached = ", ".join(entry["first_reached"])
        lines = [html.escape(line) for line in entry["lines"]]
        if reached:
            lines.insert(0, f"<b>Unrest first reported in:</b> {html.escape(reached)}")
        events = "<br>".join(lines) or "<i>no event in the kit's table</i>"
        if entry["more"]:
            events += f" <i>(+{entry['more']} more in lesson 01)</i>"
        rows.append(f"<tr><td>{entry['day']:%a %d}</td><td>{events}</td></tr>")
    body = ("<h1>January 2022, day by day: 1 to 19 January</h1>"
            "<p class='small'>From the kit's table of events (datasets/events.csv), in the kit's own words; each line "
            "is one row there, where its sources are listed; \"(one source)\" marks a row only one source reports, "
            "\"(accounts differ)\" one that sources tell differently. \"Unrest first reported in\": the cities where "
            "a source in the kit first reports protests, strikes or violence that day (\"by 4 January\" counts as "
            "4 January).</p>"
            "<table class='timeline'><thead><tr><th>day</th><th>what happened (up to two events a day: political "
            "and international first)</th></tr></thead><tbody>" + "".join(rows) + "</tbody></table>"
            "<p class='sheet-footer'>Qantar 2022 teaching kit · student sheet · figures and dates have authors: see "
            "lesson 01 for who reported each one.</p>")
    style = "<style>table.timeline{font-size:7pt;line-height:1.1} body>p{font-size:8pt} table.timeline td{padding:0.5pt 3pt} table.timeline td:first-child{white-space:nowrap} h1{font-size:14pt}</style>"
    return page.document("Timeline, 1-19 January 2022", style + body)


def glossary_sheet() -> str:
    text = (NOTEBOOKS / "glossary.md").read_text(encoding="utf-8")
    return page.document("Glossary", "<style>li{margin-bottom:2pt}</style>" + page.markdown(text) +
                         "<p class='sheet-footer'>From notebooks/glossary.md.</p>")


SCAFFOLD = [
    ("Who made it?", "Author or organisation; their role; whose side they are on, if any."),
    ("When?", "Date written or published; how soon after the events; what the author could know then."),
    ("For whom?", "The readers or listeners it was meant for; the language and the place it appeared."),
    ("Why?", "What it wants readers to think or do (inform, persuade, justify, raise money…)."),
    ("How do we know?", "What evidence it gives for its claims: witnesses, documents, figures with a source, "
                        "or none."),
    ("What else would I check?", "Another source that does not depend on this one; what would confirm or "
                                 "contradict it."),
]


def scaffold_sheet() -> str:
    rows = "".join(f"<tr><td style='width:28%'><b>{q}</b><br><span class='small'>{hint}</span></td>"
                   f"<td style='height:74pt'></td></tr>" for q, hint in SCAFFOLD)
    body = ("<h1>Source analysis</h1><p>Document: ____________________________________________ "
            "Block or page: ________</p>"
            f"<table><tbody>{rows}</tbody></table>"
            "<p><b>My judgement</b>, attributed to the evidence (\"according to…\", \"the sources agree that…, but "
            "differ on…\"):</p>" + page.write_in("", 4))
    return page.document("Source analysis scaffold", body)


# One prompt per lesson beside the two every ticket has.
EXIT_PROMPTS = {
    "00": "Name a place that has had two names, and say why that matters when you search for sources.",
    "01": "Give one figure of the toll with who announced it and when, in one sentence.",
    "02": "Turn one big number from today into something you can picture, and say whose estimate it is.",
    "03": "Pick one statement from today: who said it, when, and what does it ask the listener to believe?",
    "04": "Pick one claim from the article or the official account: what evidence would settle it?",
}


def central_question(path) -> str:
    nb = nbformat.read(path, as_version=4)
    for cell in nb.cells:
        match = re.search(r"\*\*Central question(?: of the unit)?:\*\*\s*(.+?)(?:\n\n|$)", cell.source, re.S)
        if match:
            return " ".join(match.group(1).split())
    raise ValueError(f"{path.name} has no **Central question:** line")


def _ticket(number: str, title: str, question: str) -> str:
    return (f"<div class='write-in' style='padding:6pt'><p><b>Exit ticket · lesson {number}: "
            f"{html.escape(title)}</b> &nbsp; Name: ______________________</p>"
            f"<p class='small'>Central question: {page.markdown(question)[3:-5]}</p>"
            "<p>1. One thing I learned today, and who says so (a source and a date):</p>"
            "<div class='line'></div><div class='line'></div>"
            f"<p>2. {html.escape(EXIT_PROMPTS[number])}</p><div class='line'></div><div class='line'></div>"
            "<p>3. One question I still have:</p><div class='line'></div></div>")


def exit_tickets_sheet() -> str:
    parts = ["<h1>Exit tickets</h1><p class='small'>Two copies of each lesson's ticket per page: cut along "
             "the middle.</p>"]
    for i, path in enumerate(lesson_paths()):
        number = path.name[:2]
        title = path.stem[3:].replace("_", " ")
        ticket = _ticket(number, title, central_question(path))
        parts.append(f"<div class='{'page-break' if i else ''}'>{ticket}<hr style='border:0;border-top:1px "
                     f"dashed #000;margin:10pt 0'>{ticket}</div>")
    return page.document("Exit tickets", "".join(parts))


PAPER_KINDS = ("written", "choice", "judgement")


def _paper_question(q) -> str:
    number = q.name.lstrip("q")
    parts = [f"<h3>Question {number}{' (written)' if q.kind == 'written' else ''} "
             f"<span class='small'>({q.exercise_set}.{q.name})</span></h3><p>{page.markdown(q.prompt)[3:-5]}</p>"]
    if q.kind == "choice":
        parts.append("<p>" + " &nbsp; ".join(f"☐ {html.escape(o)}" for o in q.options) + "</p>")
        parts.append(page.write_in("Why:", 2))
    elif q.kind == "judgement":
        parts.append(page.markdown(q.show_items().markdown))
        parts.append(page.write_in("Your judgement for each item, with a reason:", 6))
    else:
        parts.append(page.markdown(q.show_rubric().markdown))
        parts.append(page.write_in("Your answer:", 9))
    return f"<div style='break-inside:avoid'>{''.join(parts)}</div>"  # a question, its rubric and its box together


def exercises_sheet() -> str:
    parts = ["<h1>Exercises on paper</h1><p>The questions of each exercise set that need no computer: the written "
             "questions (with the rubric your teacher marks against), the choices and the judgements. The "
             "calculations, charts and functions need the data on a computer and are left out here. Use the "
             "printed lessons and your printed copy of the article.</p>"]
    for i, (name, qset) in enumerate(available_sets().items()):
        questions = [q for q in qset if q.kind in PAPER_KINDS]
        if not questions:
            continue
        parts.append(f"<h2 class='{'page-break' if i else ''}'>{html.escape(qset.title)} "
                     f"<span class='small'>(set “{name}”)</span></h2>")
        parts.extend(_paper_question(q) for q in questions)
    return page.document("Exercises on paper", "".join(parts))
