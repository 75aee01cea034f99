"""Each lesson as a static page: the notebook run in a fresh kernel, its explorers replaced by stills.

The lesson runs as students would run it, with two additions the page never shows: a first cell that makes
figures at print resolution, and after each explorer cell one that shows the explorer's stills (stills.py).
On the page, code is hidden (as on the projector) except in worked examples, where the code is the point;
a student's task (a blank to fill, a check, a judgement to record) becomes a box to write in.
"""
from __future__ import annotations

import html
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

from .. import runner
from ..data import ROOT
from . import page, stills

NOTEBOOKS = ROOT / "notebooks"
WIDGET = "application/vnd.jupyter.widget-view+json"
PRINT_SETUP = ("from qantar import style as _style\n"
               f"_style.RC.update({{'figure.dpi': {stills.PRINT_DPI}, 'savefig.dpi': {stills.PRINT_DPI}}})\n"
               "_style.use()")
STILLS_CELL = "from qantar.handouts.stills import show_stills\nshow_stills(_)"
ROLE = "qantar_handout"
STILL_TABLE_ROWS = 8  # rows of a table a still keeps  # cell metadata key for the cells the build adds

# A task: a blank to fill, a check of it, a judgement or an answer to record, the kit's reading to compare.
_TASK = re.compile(r"____|\.check\(|\.compare\(|^\s*my_\w+\s*=|=\s*\"\"\"", re.M)
_WORKED = re.compile(r"worked example|^### Move \d|group count, drawn", re.I | re.M)


def lesson_paths() -> list[Path]:
    return sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))


def _explorer_cell(cell) -> bool:
    return cell.cell_type == "code" and any(WIDGET in o.get("data", {}) for o in cell.get("outputs", []))


def prepared(nb):
    """The lesson with the print set-up first and a stills cell after each cell whose source makes an
    explorer (the cell's last line calls a class ending in Explorer, or its ``on_demand``: on paper an
    optional explorer is shown as stills like the others)."""
    nb = nbformat.from_dict(nb)
    cells = [nbformat.v4.new_code_cell(PRINT_SETUP, metadata={ROLE: "setup"})]
    for cell in nb.cells:
        cells.append(cell)
        last = cell.source.strip().splitlines()[-1] if cell.cell_type == "code" and cell.source.strip() else ""
        if re.search(r"\b\w*Explorer(\.on_demand)?\(", last) and not last.lstrip().startswith(("#", "_")):
            cells.append(nbformat.v4.new_code_cell(STILLS_CELL, metadata={ROLE: "stills"}))
    nb.cells = cells
    return nb


class LessonError(RuntimeError):
    """A lesson that could not be read or run, in one line naming it."""


def run(path: Path, timeout: int = 120):
    from nbclient.exceptions import CellControlSignal, DeadKernelError

    try:
        nb = nbformat.read(path, as_version=4)
    except (OSError, ValueError) as err:  # nbformat's errors for a damaged file are ValueErrors
        raise LessonError(f"{path.name} cannot be read ({str(err).splitlines()[0] if str(err) else err})") from None
    try:
        return runner.execute(prepared(nb), path.parent, timeout=timeout)
    except CellControlSignal as err:
        said = f"{getattr(err, 'ename', '')}: {getattr(err, 'evalue', '')}".strip(": ") or type(err).__name__
        raise LessonError(f"{path.name} stopped in a cell ({said}); run it in JupyterLab to see where") from None
    except DeadKernelError:
        raise LessonError(f"{path.name} stopped its Python kernel; run it in JupyterLab to see where") from None


def run_all(paths: list[Path], jobs: int = 2) -> list:
    """Run the lessons, ``jobs`` kernels at a time (each kernel is a process of its own)."""
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(run, paths))


def _task_box(cell) -> str:
    source = cell.source
    if ".compare(" in source:
        # On paper nothing hides what comes next: the kit's reading follows straight after this box.
        return page.write_in("Compare: where does your answer differ from your partner's? Write yours before you "
                             "read on: the kit's reading, with its reasons, comes next.", 2)
    if re.search(r"\.check\(", source) and not re.search(r"____|=", source):
        return ""  # a check of the blank just above: the box is already there
    lines = 8 if '"""' in source or "my_" in source else 3
    return page.write_in("Your answer:", lines)


def _stills_html(bundle: dict) -> str:
    parts = [f'<div class="explorer"><h4>Explorer: {html.escape(bundle["title"])} (stills for paper)</h4>']
    if bundle.get("hint"):
        parts.append(f'<p class="note">On screen: {html.escape(bundle["hint"])}</p>')
    total = len(bundle["stills"])
    for n, still in enumerate(bundle["stills"], start=1):
        parts.append('<div class="still">')
        parts.append(f'<p class="still-caption"><b>View {n} of {total}.</b> {html.escape(still["caption"])} '
                     f'<i>Choices: {html.escape(still["choices"])}.</i></p>')
        shown = "".join(page.output(o, stills.PRINT_DPI) for o in still["outputs"])
        parts.append(page.shortened_tables(shown, STILL_TABLE_ROWS))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def body(nb) -> tuple[str, str]:
    """(title, HTML body) of an executed, prepared lesson."""
    title, parts, previous_markdown, first_code = "", [], "", True
    for cell in nb.cells:
        role = cell.metadata.get(ROLE)
        if cell.cell_type == "markdown":
            if not title:
                match = re.search(r"^#\s+(.+)$", cell.source, re.M)
                title = match.group(1).strip() if match else ""
            parts.append(page.markdown(cell.source))
            previous_markdown = cell.source
            continue
        if role == "setup":
            continue
        if role == "stills":
            bundle = next(o["data"][stills.MIME] for o in cell.outputs if stills.MIME in o.get("data", {}))
            parts.append(_stills_html(bundle))
            continue
        if first_code:  # the imports and data loading
            first_code = False
            continue
        if _explorer_cell(cell):
            continue  # its stills follow
        if _TASK.search(cell.source):
            parts.append(_task_box(cell))
            continue
        if _WORKED.search(previous_markdown):
            parts.append(f'<div class="code"><pre>{html.escape(cell.source)}</pre></div>')
        parts.extend(page.output(o, stills.PRINT_DPI) for o in cell.outputs
                     if not (o.get("output_type") == "stream" and o.get("name") == "stderr"))
    return title, "".join(parts)


KICKER = ("Qantar 2022 · printed lesson. Code is hidden except in worked examples; each explorer is shown as "
          "still views with what was chosen. The notebook <code>notebooks/{name}</code> has the code and the "
          "live explorers.")


def html_page(path: Path, executed) -> str:
    title, text = body(executed)
    return page.document(title or path.stem, text, KICKER.format(name=path.name))
