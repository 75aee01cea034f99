"""HTML pages to PDF with Debian's Chromium (through Playwright), on A4 and US Letter.

Every request a page makes is refused unless it is the page's own file or data inside it: a page that
reaches for a font or a script on the internet fails the build instead of printing without it in class.
"""
from __future__ import annotations

import os
from pathlib import Path

PAPERS = {"A4": "A4", "Letter": "Letter"}
CHROMIUM = Path(os.environ.get("QANTAR_CHROMIUM", "/usr/bin/chromium"))
FOOTER = ('<div style="font-size:7pt;width:100%;text-align:center;font-family:sans-serif">'
          '<span class="title"></span> · page <span class="pageNumber"></span> of '
          '<span class="totalPages"></span></div>')


class PrintError(RuntimeError):
    """Why the PDFs could not be made, in one line."""


def print_pages(pages: list[Path], out_dirs: dict[str, Path]) -> list[Path]:
    """Print each HTML page once per paper size into ``out_dirs[paper]``; returns the PDFs written."""
    try:
        from playwright.sync_api import Error as PlaywrightError
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PrintError("printing the handouts needs Playwright: run `make handouts` (it uses the kit's .venv), "
                         "or pip install playwright") from None
    if not CHROMIUM.exists():
        raise PrintError(f"no Chromium at {CHROMIUM}: install it (Debian: apt-get install chromium) or set "
                         "QANTAR_CHROMIUM to its path")
    written, outside = [], []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox", "--disable-gpu"])
            try:
                page = browser.new_page()

                def guard(route):
                    url = route.request.url
                    if url.startswith(("file://", "data:")):
                        route.continue_()
                    else:
                        outside.append(url)
                        route.abort()

                page.route("**/*", guard)
                for html_path in pages:
                    page.goto(html_path.resolve().as_uri(), wait_until="load")
                    if outside:
                        raise PrintError(f"{html_path.name} asks for {outside[0]}: a handout must need nothing "
                                         "from outside")
                    for paper, folder in out_dirs.items():
                        folder.mkdir(parents=True, exist_ok=True)
                        target = folder / f"{html_path.stem}.pdf"
                        page.pdf(path=str(target), format=PAPERS[paper], print_background=True,
                                 display_header_footer=True, header_template="<span></span>",
                                 footer_template=FOOTER,
                                 margin={"top": "12mm", "bottom": "14mm", "left": "12mm", "right": "12mm"})
                        written.append(target)
            finally:
                browser.close()
    except PlaywrightError as err:
        raise PrintError(f"Chromium could not print the handouts: {str(err).splitlines()[0]}") from None
    return written
