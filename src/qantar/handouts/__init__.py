"""`make handouts`: the kit on paper and as static pages, built offline into handouts/.

One module per step: lessons.py runs each lesson and makes its page (stills.py turns explorers into still
figures); sheets.py makes the student sheets; blockmap.py the article's block map; teacher.py the teacher
pack (suggested.py holds the suggested answers); page.py is the HTML every page shares; pdf.py prints each
page with Chromium on A4 and US Letter.

    handouts/html/<name>.html     every page, self-contained
    handouts/A4/<name>.pdf        the same pages printed on A4
    handouts/Letter/<name>.pdf    and on US Letter
"""
from __future__ import annotations

import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path

from ..data import ROOT
from . import blockmap, lessons, pdf, sheets, teacher

OUT = ROOT / "handouts"
SHEETS = {
    "student-timeline": sheets.timeline_sheet,
    "student-glossary": sheets.glossary_sheet,
    "student-source-analysis": sheets.scaffold_sheet,
    "student-exit-tickets": sheets.exit_tickets_sheet,
    "student-exercises-on-paper": sheets.exercises_sheet,
    "article-block-map": blockmap.block_map_sheet,
    "teacher-pack": teacher.teacher_pack,
}


@dataclass
class Build:
    out: Path
    pages: list[Path] = field(default_factory=list)
    pdfs: list[Path] = field(default_factory=list)
    seconds: dict = field(default_factory=dict)


def lesson_name(path: Path) -> str:
    return f"lesson-{path.stem.replace('_', '-')}"


def build(out: Path = OUT, jobs: int = 2, lesson_paths: list[Path] | None = None) -> Build:
    """Build every handout into ``out``; returns what was written and how long each step took. Only the build's
    own folders in ``out`` are replaced (a teacher's other files there stay)."""
    out = Path(out)
    result = Build(out)
    html_dir = out / "html"
    for folder in [html_dir] + [out / paper for paper in pdf.PAPERS]:
        if folder.is_dir():
            shutil.rmtree(folder)
    html_dir.mkdir(parents=True)
    paths = lessons.lesson_paths() if lesson_paths is None else lesson_paths
    start = time.perf_counter()
    executed = lessons.run_all(paths, jobs=jobs)
    for path, nb in zip(paths, executed):
        target = html_dir / f"{lesson_name(path)}.html"
        target.write_text(lessons.html_page(path, nb), encoding="utf-8")
        result.pages.append(target)
    result.seconds["lessons"] = time.perf_counter() - start
    start = time.perf_counter()
    for name, make in SHEETS.items():
        target = html_dir / f"{name}.html"
        target.write_text(make(), encoding="utf-8")
        result.pages.append(target)
    result.seconds["sheets"] = time.perf_counter() - start
    start = time.perf_counter()
    result.pdfs = pdf.print_pages(result.pages, {paper: out / paper for paper in pdf.PAPERS})
    result.seconds["pdf"] = time.perf_counter() - start
    return result
