"""`make handouts`: built once per session (offline, into a temporary folder), then every PDF is read back as
a reader meets it, through poppler-utils (pdfinfo, pdftotext, pdftoppm, pdfimages): page counts, no blank page,
no blank explorer still, the text there; the block map against document_paragraphs.csv; the teacher pack's
answers and keys; the student sheets free of keys. Two pages of each kind are saved as screenshots
(tests/browser/screenshots/handouts/) to look at."""
from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest
from PIL import Image, ImageStat

from qantar import cli, data, links
from qantar.handouts import blockmap, lessons, pdf, stills, suggested, teacher

SCREENSHOTS = Path(__file__).resolve().parent / "browser" / "screenshots" / "handouts"
POPPLER = all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdftoppm", "pdfimages"))

MISSING = "" if POPPLER and pdf.CHROMIUM.exists() else "needs poppler-utils and chromium (apt-get install)"
if MISSING and os.environ.get("QANTAR_REQUIRE_BROWSER") == "1":  # CI: the handouts must be checked, not skipped
    raise RuntimeError(f"QANTAR_REQUIRE_BROWSER=1 but the handouts cannot be checked: {MISSING}")
pytestmark = pytest.mark.skipif(bool(MISSING), reason=MISSING)


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    from qantar import handouts

    return handouts.build(tmp_path_factory.mktemp("handouts"), jobs=2)


def run(*command) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True).stdout


def pages(path: Path) -> int:
    return int(re.search(r"^Pages:\s+(\d+)", run("pdfinfo", str(path)), re.M).group(1))


def page_images(path: Path, folder: Path, dpi: int = 30) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    run("pdftoppm", "-r", str(dpi), "-png", str(path), str(folder / path.stem))
    return sorted(folder.glob(f"{path.stem}-*.png"))


def ink(image: Path | Image.Image) -> float:
    """The share of pixels darker than light grey."""
    grey = (Image.open(image) if isinstance(image, Path) else image).convert("L")
    histogram = grey.histogram()
    return sum(histogram[:200]) / sum(histogram)


def expected_stills(path: Path) -> int:
    nb = lessons.prepared(nbformat.read(path, as_version=4))
    count = 0
    for cell in nb.cells:
        if cell.metadata.get(lessons.ROLE) == "stills":
            made = re.search(r"(\w+Explorer)(\.on_demand)?\(", previous.source.strip().splitlines()[-1]).group(1)
            count += 1 + len(stills.VIEWS[made])
        previous = cell
    return count


def test_every_page_is_printed_on_both_papers(built):
    names = sorted(p.stem for p in built.pages)
    assert len(names) == 5 + 7
    for paper in pdf.PAPERS:
        assert sorted(p.stem for p in (built.out / paper).glob("*.pdf")) == names
    a4 = run("pdfinfo", str(built.out / "A4" / "teacher-pack.pdf"))
    letter = run("pdfinfo", str(built.out / "Letter" / "teacher-pack.pdf"))
    assert "595.2" in a4 or "595" in re.search(r"Page size:.*", a4).group(0)  # A4: 595 x 842 pt
    assert "612 x 792" in re.search(r"Page size:.*", letter).group(0)  # US Letter


# (name, fewest pages, most pages): one-page sheets must stay one page.
PAGE_COUNTS = {"student-timeline": (1, 1), "student-source-analysis": (1, 1), "student-exit-tickets": (5, 5),
               "student-glossary": (2, 4), "student-exercises-on-paper": (6, 30), "article-block-map": (2, 5),
               "teacher-pack": (10, 60)}


def test_page_counts_no_blank_page_and_text_present(built, tmp_path):
    for path in sorted((built.out / "A4").glob("*.pdf")) + sorted((built.out / "Letter").glob("*.pdf")):
        count = pages(path)
        low, high = PAGE_COUNTS.get(path.stem, (4, 40))
        assert low <= count <= high, f"{path.parent.name}/{path.name} has {count} pages, expected {low}-{high}"
        images = page_images(path, tmp_path / path.parent.name)
        assert len(images) == count
        for number, image in enumerate(images, start=1):
            assert ink(image) > 0.004, f"{path.parent.name}/{path.name}: page {number} is blank"
        text = run("pdftotext", "-layout", str(path), "-")
        assert len(text.split()) > 80 * count * 0.5, f"{path.name}: too little text for {count} pages"


def test_every_explorer_is_shown_as_captioned_stills_with_ink(built, tmp_path):
    for path in lessons.lesson_paths():
        name = f"lesson-{path.stem.replace('_', '-')}"
        printed = built.out / "A4" / f"{name}.pdf"
        text = " ".join(run("pdftotext", str(printed), "-").split())
        wanted = expected_stills(path)
        assert wanted >= 2
        assert len(re.findall(r"View \d+ of \d+\.", text)) == wanted, f"{name}: not every still is there"
        assert "Cannot show this choice" not in text or "ScaleExplorer" in str(stills.VIEWS)
        # Every picture on the page, the stills' figures among them, has something drawn in it.
        folder = tmp_path / name
        folder.mkdir()
        run("pdfimages", "-png", str(printed), str(folder / "img"))
        pictures = sorted(folder.glob("img-*.png"))
        page_html = (built.out / "html" / f"{name}.html").read_text(encoding="utf-8")
        assert len(pictures) >= page_html.count("<img"), f"{name}: a figure is missing from the PDF"
        for picture in pictures:
            image = Image.open(picture)
            if image.width < 40 or image.height < 40:
                continue  # a mask or an icon
            spread = ImageStat.Stat(image.convert("L")).stddev[0]
            assert spread > 8 and ink(image) > 0.003, f"{name}: {picture.name} is blank"


def test_pages_need_nothing_from_outside(built):
    for page_path in built.pages:
        text = page_path.read_text(encoding="utf-8")
        assert "<script" not in text.lower(), page_path.name
        assert not re.search(r"""\b(?:src|srcset)\s*=\s*(?!["']?data:)""", text), page_path.name
        assert not re.search(r"<link\b|@import|url\(\s*['\"]?https?:", text, re.I), page_path.name


def test_a_page_that_asks_for_the_internet_is_refused(tmp_path):
    page_path = tmp_path / "bad.html"
    page_path.write_text('<html><body><img src="https://example.org/x.png">hello</body></html>', encoding="utf-8")
    with pytest.raises(pdf.PrintError, match="asks for https://example.org"):
        pdf.print_pages([page_path], {"A4": tmp_path / "A4"})


def _table_rows(markup: str) -> list[list[str]]:
    body = markup.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [[html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row)]
            for row in re.findall(r"<tr>(.*?)</tr>", body)]


def test_the_block_map_matches_document_paragraphs(built):
    markup = (built.out / "html" / "article-block-map.html").read_text(encoding="utf-8")
    paragraphs = data.load("document_paragraphs")
    article = paragraphs[paragraphs["document_id"] == "cwi-article"].sort_values("paragraph")
    rows = _table_rows(markup)
    assert len(rows) == len(article) == 61
    for shown, (_, row) in zip(rows, article.iterrows()):
        assert shown == [str(int(row["paragraph"])), str(row["block_kind"]), str(int(row["words"])), row["summary"]]
    source = blockmap.article_source()
    assert source["url"] in markup and blockmap.wayback(source["url"]) in markup
    assert "Licence:</b> not known" in markup and "0 to 60" in markup
    text = run("pdftotext", str(built.out / "A4" / "article-block-map.pdf"), "-")
    assert "Much about the first week" in " ".join(text.split())


def test_the_timeline_sheet_comes_from_the_events_table(built):
    markup = (built.out / "html" / "student-timeline.html").read_text(encoding="utf-8")
    rows = _table_rows(markup)
    assert len(rows) == 19 and rows[0][0].endswith("01") and rows[-1][0].endswith("19")
    assert "Zhanaozen" in rows[1][1]  # unrest first reported there on 2 January (events.csv)
    # each event whole, with how sure it is: the toll of 164 keeps its withdrawal (ev056), one-source rows say so
    assert "removed" in rows[8][1] and "164" in rows[8][1]
    assert "(one source)" in markup and "(accounts differ)" in markup and "…" not in markup


def test_the_teacher_pack_answers_every_prompt_and_keys_every_question(built):
    markup = (built.out / "html" / "teacher-pack.html").read_text(encoding="utf-8")
    prompts = teacher.look_closer_prompts()
    discussion = teacher.discussion_prompts()
    assert len(prompts) >= 20 and len(discussion) >= 9
    assert "no suggested answer yet" not in markup
    for table, found in ((suggested.LOOK_CLOSER, prompts), (suggested.DISCUSSION, discussion)):
        for (lesson, opening), answer in table.items():
            assert any(n == lesson and p.startswith(opening) for n, p in found), f"unused answer {lesson} {opening}"
            assert html.escape(answer) in markup
    from qantar.exercises import available_sets

    plain = html.unescape(re.sub(r"<[^>]+>", "", markup))
    for qset in [*available_sets().values(), *teacher.lesson_sets()]:
        for q in qset:
            assert f"<h4>{qset.name}.{q.name}" in markup
            if q.kind == "written":
                assert html.escape(q.model_answer.strip()) in markup, f"{qset.name}.{q.name}: no model answer"
                assert all(level in plain for level in q.rubric), f"{qset.name}.{q.name}: rubric missing"


def test_student_sheets_hold_no_keys(built):
    from qantar.exercises import available_sets

    models = [q.model_answer.strip() for s in available_sets().values() for q in s if q.kind == "written"]
    for page_path in built.pages:
        if page_path.stem.startswith(("student-", "lesson-")):
            text = page_path.read_text(encoding="utf-8")
            assert "<b>Model answer.</b>" not in text and "<th>key class</th>" not in text, page_path.name
            assert not any(html.escape(m) in text for m in models), page_path.name


def test_save_screenshots_of_two_pages_of_each_kind(built):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for old in SCREENSHOTS.glob("*.png"):
        old.unlink()
    chosen = {"lesson-01-timeline": (1, 10), "lesson-03-international-actors": (5, 14),
              "student-timeline": (1, 1), "student-exercises-on-paper": (1, 2), "article-block-map": (1, 2),
              "teacher-pack": (1, 30)}
    for name, numbers in chosen.items():
        printed = built.out / "A4" / f"{name}.pdf"
        for number in sorted(set(numbers)):
            run("pdftoppm", "-r", "80", "-png", "-singlefile", "-f", str(number), "-l", str(number), str(printed),
                str(SCREENSHOTS / f"{name}-page{number}"))
    assert len(list(SCREENSHOTS.glob("*.png"))) == 11


# --- the commands, with bad values ---------------------------------------------------------------


def test_handouts_command_refuses_an_out_that_is_a_file(tmp_path, capsys):
    target = tmp_path / "a-file"
    target.write_text("x")
    assert cli.main(["handouts", "--out", str(target)]) == 2
    out = capsys.readouterr().out
    assert out.startswith("Cannot build the handouts:") and len(out.strip().splitlines()) == 1


def test_links_from_the_repository_address(capsys):
    assert cli.main(["links", "--repo", "https://github.com/school/qantar", "--hub", "https://hub.school.org/"]) == 0
    out = capsys.readouterr().out
    assert "https://mybinder.org/v2/gh/school/qantar/main?labpath=notebooks/00_start_here.ipynb" in out
    assert ("https://hub.school.org/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fschool%2Fqantar"
            "&branch=main&urlpath=lab%2Ftree%2Fqantar%2Fnotebooks%2F00_start_here.ipynb") in out
    assert "OWNER" not in out and "REPOSITORY" not in out
    assert links.github_parts("https://github.com/school/qantar.git") == ("school", "qantar")


@pytest.mark.parametrize("argv", [["links", "--repo", "OWNER/REPO"], ["links", "--repo", "https://gitlab.com/a/b"],
                                  ["links", "--repo", "https://github.com/a/b", "--hub", "hub school"],
                                  ["links", "--repo", "https://github.com/a/b", "--branch", "x..y"]])
def test_links_with_bad_values_get_one_line(argv, capsys):
    assert cli.main(argv) == 2
    out = capsys.readouterr().out
    assert out.startswith("Cannot make the links:") and len(out.strip().splitlines()) == 1


def test_a_lesson_that_stops_is_named_in_one_line(tmp_path):
    broken = tmp_path / "09_broken.ipynb"
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Broken"),
                                         nbformat.v4.new_code_cell("1 / 0")])
    nbformat.write(nb, str(broken))
    with pytest.raises(lessons.LessonError, match=r"^09_broken.ipynb stopped in a cell \(ZeroDivisionError"):
        lessons.run(broken)
    (tmp_path / "08_damaged.ipynb").write_text("{not json", encoding="utf-8")
    with pytest.raises(lessons.LessonError, match=r"^08_damaged.ipynb cannot be read"):
        lessons.run(tmp_path / "08_damaged.ipynb")


def test_the_block_map_names_the_articles_date_from_the_sources_table():
    published = data.load("sources").set_index("source_id").loc[blockmap.SEED_SOURCE, "published"]
    day = f"{__import__('datetime').date.fromisoformat(published):%-d %B %Y}"
    heading = re.search(r"<p><b>.*?</p>", blockmap.block_map_sheet()).group(0)
    assert f"dated {day}" in heading
