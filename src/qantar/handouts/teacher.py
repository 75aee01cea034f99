"""The teacher pack, kept apart from the student sheets: suggested answers to every "Look closer" prompt and
discussion prompt, then the answer keys and rubrics of the lessons' own tasks and of every exercise set,
taken from the question records themselves (src/qantar/exercises/), and the key to the article's blocks."""
from __future__ import annotations

import html
import importlib
import re

import nbformat

from .. import data
from ..data import ROOT
from ..exercises import SET_MODULES, available_sets
from ..reading import ARTICLE
from . import page, suggested
from .lessons import lesson_paths

GUIDE = ROOT / "exercises" / "TEACHER_GUIDE.md"
_LOOK = re.compile(r"\*\*Look closer[:.]?\*\*[:.]?\s*(.+?)(?:\n\s*\n|$)", re.S)


def look_closer_prompts() -> list[tuple[str, str]]:
    """(lesson number, prompt text) of every "Look closer" prompt, in lesson order."""
    found = []
    for path in lesson_paths():
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                found += [(path.name[:2], " ".join(m.group(1).split())) for m in _LOOK.finditer(cell.source)]
    return found


def discussion_prompts() -> list[tuple[str, str]]:
    """(lesson number, prompt) of the guide's discussion prompts, lesson by lesson."""
    text = GUIDE.read_text(encoding="utf-8")
    found = []
    for section in re.split(r"^## ", text, flags=re.M):
        lesson = re.match(r"Lesson (\d+)", section)
        if not lesson or "**Discussion prompts.**" not in section:
            continue
        block = section.split("**Discussion prompts.**", 1)[1].strip("\n").split("\n\n", 1)[0]
        for item in re.split(r"^- ", block, flags=re.M):
            if item.strip():
                found.append((lesson.group(1), " ".join(item.split())))
    return found


def _answer(table: dict, lesson: str, prompt: str) -> str | None:
    for (number, opening), answer in table.items():
        if number == lesson and prompt.startswith(opening):
            return answer
    return None


def _prompt_block(prompt: str, answer: str | None) -> str:
    shown = answer if answer is not None else "(no suggested answer yet)"
    prompt = prompt[:1].upper() + prompt[1:]
    return (f"<div style='break-inside:avoid;margin-bottom:6pt'><p><b>Prompt.</b> {page.markdown(prompt)[3:-5]}</p>"
            f"<p><b>Suggested answer.</b> {html.escape(shown)}</p></div>")


def _value_text(value) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_value_text(v) for v in value)
    if hasattr(value, "strftime"):
        return f"{value:%d %B %Y %H:%M}".replace(" 00:00", "")
    return str(value)


def key(q) -> str:
    """What the teacher needs to mark a question, from its record."""
    parts = []
    if q.kind == "written":
        parts.append(f"<p><b>Model answer.</b> {html.escape(q.model_answer.strip())}</p>")
        parts.append(page.markdown(q.show_rubric().markdown))
    elif q.kind == "judgement":
        kit = q.kit() if callable(q.kit) else q.kit
        items = q._items()
        rows = "".join(f"<tr><td>{html.escape(str(item))}</td><td>{html.escape(str(kit[item][0]))}</td>"
                       f"<td>{html.escape(str(kit[item][1]))}</td></tr>" for item in items)
        parts.append("<p><b>The kit's judgements</b> (recorded, not marked: discuss where students differ)</p>"
                     f"<table><thead><tr><th>item</th><th>the kit's</th><th>its reason</th></tr></thead>"
                     f"<tbody>{rows}</tbody></table>")
    elif q.kind == "choice":
        answer = q.answer() if callable(q.answer) else q.answer
        alternatives = q.alternatives() if callable(q.alternatives) else q.alternatives
        also = f"; also accepted: {', '.join(alternatives)}" if alternatives else ""
        parts.append(f"<p><b>Key:</b> {html.escape(str(answer))}{html.escape(also)}</p>")
    elif hasattr(q, "expected_value"):
        parts.append(f"<p><b>Key:</b> {html.escape(_value_text(q.expected_value()))}</p>")
    if q.kind not in ("written", "judgement") and q.solution_code:
        parts.append(f"<pre>{html.escape(q.solution_code.strip())}</pre>")
    if q.explanation and q.kind != "written":
        parts.append(f"<p class='small'>{page.markdown(q.explanation)[3:-5]}</p>")
    return "".join(parts)


def _question_block(q) -> str:
    written = " (written)" if q.kind == "written" else ""
    return (f"<div style='margin-bottom:8pt'><h4>{q.exercise_set}.{q.name}{written}</h4>"
            f"<p class='small'>{page.markdown(q.prompt)[3:-5]}</p>{key(q)}</div>")


def lesson_sets():
    found = []
    for name, module in SET_MODULES.items():
        lesson = getattr(importlib.import_module(module), "LESSON", None)
        if lesson is not None:
            found.append(lesson)
    return found


def article_key() -> str:
    paragraphs = data.load("document_paragraphs")
    rows = paragraphs[paragraphs["document_id"] == ARTICLE].sort_values("paragraph")
    body = "".join(f"<tr><td>{int(r.paragraph)}</td><td>{html.escape(str(r.key_class))}</td>"
                   f"<td>{html.escape('' if str(r.accepted_alternatives) == 'nan' else str(r.accepted_alternatives))}"
                   f"</td><td>{html.escape('' if str(r.note) == 'nan' else str(r.note))}</td></tr>"
                   for r in rows.itertuples())
    return ("<table><thead><tr><th>block</th><th>key class</th><th>also defensible</th><th>note</th></tr></thead>"
            f"<tbody>{body}</tbody></table>")


def _suggested_by_lesson(prompts, heading: str, answers) -> list[str]:
    """Each prompt with its suggested answer, under a heading for each lesson."""
    parts, current = [], None
    for lesson, prompt in prompts:
        if lesson != current:
            parts.append(f"<h3>{heading} {lesson}</h3>")
            current = lesson
        parts.append(_prompt_block(prompt, _answer(answers, lesson, prompt)))
    return parts


def teacher_pack() -> str:
    parts = ["<h1>Teacher pack</h1><p><b>For the teacher only: keep it apart from the student sheets.</b> "
             "Suggested answers are starting points in the kit's voice, from its datasets; accept any answer that "
             "reasons from the evidence. Rubrics and keys come from the question records in "
             "src/qantar/exercises/, as the teacher notebooks show them.</p>",
             "<h2>Suggested answers: \"Look closer\" prompts</h2>"]
    parts += _suggested_by_lesson(look_closer_prompts(), "Lesson notebook", suggested.LOOK_CLOSER)
    parts.append("<h2 class='page-break'>Suggested answers: discussion prompts (TEACHER_GUIDE.md)</h2>")
    parts += _suggested_by_lesson(discussion_prompts(), "Lesson", suggested.DISCUSSION)
    parts.append("<h2 class='page-break'>The lessons' own tasks</h2>")
    for lesson in lesson_sets():
        parts.append(f"<h3>{html.escape(lesson.title)}</h3>")
        parts.extend(_question_block(q) for q in lesson)
    for name, qset in available_sets().items():
        parts.append(f"<h2 class='page-break'>Answer key: {html.escape(qset.title)}</h2>")
        parts.extend(_question_block(q) for q in qset)
    parts.append("<h2 class='page-break'>The article's blocks: the key's classes</h2>"
                 "<p class='small'>One researcher's judgement (datasets/document_paragraphs.csv): the exercises accept "
                 "the key's class and the alternatives listed.</p>" + article_key())
    return page.document("Teacher pack", "".join(parts))
