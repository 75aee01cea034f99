"""Each lesson as a student reads it, once run (issues 14 and 15).

- No auto-checked answer of the lesson's exercise set is on the page, in a form its check would accept,
  unless the question record says why (``Question.on_page_because``).
- No NaN, no whole number written with ".0", no golden-output cell (test machinery) in a lesson.
- No source list shows more than five sources before a collapsed rest.
"""
from __future__ import annotations

import datetime as dt
import html
import math
import numbers
import re

import nbformat
import pytest

from qantar import notebooks
from qantar.exercises import load_set
from qantar.runner import execute

LESSONS = {"00_start_here": "start", "01_timeline": "timeline", "02_wealth": "wealth",
           "03_international_actors": "actors", "04_reading_the_sources": "reading"}
LESSON_DIR = notebooks.ROOT / "notebooks"
TAG = re.compile(r"<[^>]+>")


@pytest.fixture(scope="module")
def pages() -> dict:
    """Each lesson's page: {lesson: [(where, text)]}, markdown cells and every output as text."""
    found = {}
    for lesson in LESSONS:
        nb = with_optional_explorers_opened(nbformat.read(LESSON_DIR / f"{lesson}.ipynb", as_version=4))
        ran = execute(nb, LESSON_DIR, timeout=300)
        found[lesson] = list(page_texts(ran))
    return found


ON_DEMAND = re.compile(r"Explorer\.on_demand\(")


def with_optional_explorers_opened(nb):
    """The lesson with a cell opening each optional explorer after the cell that shows its button: a
    student who clicks sees its default view, which may show no answer either."""
    cells = []
    for cell in nb.cells:
        cells.append(cell)
        if cell.cell_type == "code" and ON_DEMAND.search(cell.source):
            cells.append(nbformat.v4.new_code_cell("_.open()"))
    nb.cells = cells
    return nb


def page_texts(nb):
    """(where, text) for every markdown cell and every output a student sees (HTML as its text)."""
    for index, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            yield f"cell {index} (markdown)", cell.source
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream":
                yield f"cell {index} (printed)", output.get("text", "")
            data = output.get("data", {})
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in data:
                    yield f"cell {index} ({mime})", as_text(data[mime], mime)
                    break
            state = output.get("data", {}).get("application/vnd.jupyter.widget-view+json")
            if state:  # an explorer's default view is in the widget state nbclient saves
                for shown in _widget_outputs(nb, state.get("model_id")):
                    yield f"cell {index} (explorer)", shown


class PageText(str):
    """An output's text as a student reads it; ``raw`` keeps its HTML (for the folded source lists)."""

    raw = ""


def as_text(content, mime: str) -> PageText:
    content = "".join(content) if isinstance(content, list) else str(content)
    text = PageText(html.unescape(TAG.sub(" ", content)) if mime == "text/html" else content)
    text.raw = content
    return text


def _widget_outputs(nb, model_id):
    states = nb.metadata.get("widgets", {}).get("application/vnd.jupyter.widget-state+json", {}).get("state", {})
    seen, queue = set(), [model_id]
    while queue:
        current = queue.pop()
        if current in seen or current not in states:
            continue
        seen.add(current)
        model = states[current].get("state", {})
        for output in model.get("outputs", []):
            data = output.get("data", {})
            for mime in ("text/html", "text/markdown", "text/plain"):
                if mime in data:
                    yield as_text(data[mime], mime)
                    break
            if output.get("output_type") == "stream":
                yield output.get("text", "")
        for child in model.get("children", []):
            queue.append(str(child).removeprefix("IPY_MODEL_"))


# --- the forms in which a check would accept an answer ------------------------------------------

def number_forms(value: float, abs_tol: float) -> list[re.Pattern]:
    """Ways a page could print a number a student could copy: 162, 1,117, 0.28, 2.40 %."""
    places = range(0, 4)
    forms = set()
    for p in places:
        rounded = round(value, p)
        if math.isclose(rounded, value, abs_tol=max(abs_tol, 1e-9), rel_tol=1e-9):
            forms |= {f"{rounded:.{p}f}", f"{rounded:,.{p}f}"}
    return [re.compile(rf"(?<![\d.,]){re.escape(f)}(?![\d]|[.,]\d)") for f in forms]


def leaks(question, text: str) -> bool:
    expected = question.expected_value()
    if isinstance(expected, bool):
        return False  # True/False is on every page
    if isinstance(expected, numbers.Number):
        value = float(expected)
        if value.is_integer() and abs(value) < 100:
            # A small whole number is on every page ("3 January"): a leak only beside the question's own words.
            words = [w for w in question.var.split("_") if len(w) >= 4]
            return any(re.search(rf"(?<![\d.,]){int(value)}\s+(\w+\s+)?{re.escape(w[:-1])}", text, re.I)
                       for w in words)
        return any(p.search(text) for p in number_forms(value, question.abs_tol))
    if isinstance(expected, (dt.date, dt.datetime)):
        return expected.isoformat()[:10] in text
    if isinstance(expected, str):
        forms = [expected, *question.accept]
        return any(len(f) >= 4 and re.search(rf"(?<!\w){re.escape(f)}(?!\w)", text, re.I) for f in forms)
    if isinstance(expected, (list, tuple, set)) and expected:
        # a list leaks when one output shows every item of it
        return all(leaks(_Item(question, item), text) for item in expected)
    return False


class _Item:
    def __init__(self, question, item):
        self.var, self.abs_tol, self.accept, self._item = question.var, question.abs_tol, [], item

    def expected_value(self):
        return self._item


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_auto_checked_answer_is_on_the_lesson_page(pages, lesson):
    found = []
    for question in load_set(LESSONS[lesson]):
        if question.kind != "value" or getattr(question, "on_page_because", ""):
            continue
        for where, text in pages[lesson]:
            if leaks(question, text):
                found.append(f"{question.name} ({question.var}) in {where}: {text.strip()[:120]!r}")
                break
    assert not found, f"{lesson} shows answers before their questions:\n" + "\n".join(found)


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_nan_or_dot_zero_whole_numbers_on_the_page(pages, lesson):
    found = []
    for where, text in pages[lesson]:
        if "(markdown)" in where:
            continue
        for pattern, what in ((r"(?<![\w.])(NaN|nan|<NA>|NaT)(?![\w])", "a missing value shown as NaN"),
                              (r"(?<![\d.,])(1[89]\d\d|20\d\d)\.0(?!\d)", "a year with .0"),
                              (r"(?<![\d.,])\d{1,3}(,\d{3})*\.0(?![\d%])", "a whole number with .0")):
            match = re.search(pattern, text)
            if match:
                found.append(f"{where}: {what}: …{text[max(0, match.start() - 40):match.end() + 40]!r}…")
    assert not found, f"{lesson}:\n" + "\n".join(found[:20])


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_golden_output_cells_in_the_lesson(lesson):
    nb = nbformat.read(LESSON_DIR / f"{lesson}.ipynb", as_version=4)
    golden = [i for i, cell in enumerate(nb.cells) if notebooks.KEEP_TAG in notebooks.tags(cell)
              or "golden output" in cell.source.lower()]
    assert not golden, f"{lesson}: cells {golden} are test machinery in the student's view"


@pytest.mark.parametrize("lesson", LESSONS)
def test_no_source_list_shows_more_than_five_before_the_rest_is_folded(pages, lesson):
    found = []
    for where, text in pages[lesson]:
        raw = getattr(text, "raw", text)
        unfolded = re.sub(r"<details>.*?</details>", "", raw, flags=re.S)
        listed = len(re.findall(r"<li>", unfolded)) if "qantar-sources" in raw else 0
        urls = len(re.findall(r"https?://", TAG.sub(" ", unfolded)))
        if max(listed, urls) > 5 and "(markdown)" not in where:
            found.append(f"{where}: {max(listed, urls)} sources before any folded rest")
    assert not found, f"{lesson}: long source lists not folded:\n" + "\n".join(found)


def _explorer_cells(nb):
    """(the markdown cell just above, code cell) for each cell that shows an explorer. A lesson marks an
    optional part in that cell: its heading or its first line says "Extension (optional)"."""
    above = ""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            above = cell.source
        elif re.search(r"Explorer(\.on_demand)?\(", cell.source):
            yield above, cell


@pytest.mark.parametrize("lesson", LESSONS)
def test_an_explorer_in_an_optional_extension_opens_on_demand_and_a_core_one_at_run_all(lesson):
    """An extension's explorer is built when a student asks for it, so that the lesson a class runs together
    is not slowed by what most of it skips; the core path's explorers are there at once."""
    nb = nbformat.read(LESSON_DIR / f"{lesson}.ipynb", as_version=4)
    found = []
    for above, cell in _explorer_cells(nb):
        optional = bool(re.search(r"extension[ ,(]*optional", above, re.I))
        if optional != bool(ON_DEMAND.search(cell.source)):
            found.append(f"{cell.source.strip()[:60]!r} under {above.strip()[:60]!r}: "
                         f"{'should open on demand' if optional else 'should be built at Run All'}")
    assert not found, f"{lesson}:\n" + "\n".join(found)


def test_the_opened_optional_explorers_are_on_the_page_the_answer_test_reads(pages):
    explorers = [text for where, text in pages["03_international_actors"] if "(explorer)" in where]
    assert any("statement(s)" in text for text in explorers), "the statements filter was not opened"
    assert any("direct tie(s)" in text for text in explorers), "the actor explorer was not opened"
    opened = {lesson: sum("(explorer)" in where for where, _ in texts) for lesson, texts in pages.items()}
    assert all(opened[lesson] for lesson in ("01_timeline", "04_reading_the_sources")), opened
