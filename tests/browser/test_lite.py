"""Real browser, browser edition: the JupyterLite site (qantar.lite) built offline, served on 127.0.0.1, and
every lesson and every student exercise notebook run in it by headless Chromium, one after the other.

The build runs with no network: inside `unshare -n` (a network namespace with only loopback) where this
machine allows it, and always with tests/offline_guard on the Python that builds it. Chromium resolves no
host name but 127.0.0.1 (--host-resolver-rules), and Playwright aborts and logs every request that is not for
the test's own server (tests/browser/screenshots/lite/*.requests.txt), the service worker's included.

For each notebook: open it, Run All, then no cell shows an error or a warning, every widget renders and changes what it
shows when one of its controls moves (the same checks as test_browser.py's, on the Pyodide kernel), and every
figure appears as a picture. A planted notebook proves the checks fail on an error, on a figure that does not
appear and on a request to a public host. A notebook saved in the browser and downloaded as a student would
hand it in is then graded by `qantar grade`.

It needs the cache `make lite-fetch` fills (build/lite-cache, build/venv-lite): without it the module skips,
or fails with QANTAR_REQUIRE_LITE=1 (CI). 40-90 s a notebook on two cores (11-13 min in all), most of it
Pyodide starting and loading pandas and matplotlib.
"""
from __future__ import annotations

import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from qantar import lite

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots" / "lite"
GUARD_DIR = Path(__file__).resolve().parents[1] / "offline_guard"


def lite_missing() -> str | None:
    from test_browser import browser_missing

    if browser_missing():
        return browser_missing()
    if not (lite.BUILD_VENV / "bin" / "jupyter").exists():
        return f"no {lite.BUILD_VENV.relative_to(lite.ROOT)} (run `make lite-fetch` once, with the network)"
    try:
        lite.verify_cache()
    except lite.LiteError as err:
        return str(err)
    return None


if lite_missing():
    if os.environ.get("QANTAR_REQUIRE_LITE") == "1":
        raise RuntimeError(f"QANTAR_REQUIRE_LITE=1 but the browser-edition test cannot run: {lite_missing()}")
    pytest.skip(f"browser-edition test SKIPPED: {lite_missing()}", allow_module_level=True)

from test_browser import (CHROMIUM, JS_PANEL, JS_REPORT, JS_RUN_FINISHED, JS_WIDGETS_SETTLED,  # noqa: E402
                          LOOPBACK, PANEL, change_each_view, open_optional_explorers, problems, run_all)

from qantar.data import ROOT  # noqa: E402

LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
EXERCISES = sorted((ROOT / "exercises").glob("*.ipynb"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",   # as conftest.py's
                 "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"]
KERNEL_START_LIMIT = 180   # s from opening a notebook to an idle kernel (17-40 s measured on two cores)
RUN_LIMIT = 420            # s for Run All, the first cell loading pandas, matplotlib and the kit

# Every figure drawn: its <img> and whether the browser could decode it; figures left as text ("<Figure
# size 640x480 with 1 Axes>" with no picture) are what matplotlib shows when a figure is not drawn.
JS_FIGURES = """() => {
    const panel = %s;
    const images = [...panel.querySelectorAll('.jp-OutputArea-output img')];
    const undrawn = [...panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="text/plain"]')]
        .filter(o => /^<Figure size [^>]*>$/.test(o.textContent.trim())
                     && !(o.closest('.jp-OutputArea') || o).querySelector('img')).length;
    return {images: images.length, blank: images.filter(i => !(i.complete && i.naturalWidth > 0)).length, undrawn};
}""" % JS_PANEL


class QuietHandler(lite.SiteHandler):
    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def site():
    """The site, built offline into a temporary folder and served on a free 127.0.0.1 port: yields its URL."""
    folder = Path(tempfile.mkdtemp(prefix="qantar-lite-"))
    guard_log = folder / "offline.log"
    env = {**os.environ, "QANTAR_OFFLINE_LOG": str(guard_log),
           "PYTHONPATH": os.pathsep.join([str(GUARD_DIR), *filter(None, [os.environ.get("PYTHONPATH")])])}
    no_network = ["unshare", "-n"] if shutil.which("unshare") and subprocess.run(
        ["unshare", "-n", "true"], capture_output=True).returncode == 0 else []
    command = [*no_network, sys.executable, "-m", "qantar.lite", "build", "--site", str(folder / "site"),
               "--stage", str(folder / "stage")]
    started = time.monotonic()
    built = subprocess.run(command, env=env, capture_output=True, text=True)
    assert built.returncode == 0, f"offline build failed:\n{built.stdout[-2000:]}\n{built.stderr[-3000:]}"
    assert not guard_log.exists() or not guard_log.read_text().strip(), guard_log.read_text()
    print(f"site built offline ({'unshare -n' if no_network else 'offline guard only'}) in "
          f"{time.monotonic() - started:.0f} s")
    server = lite.SiteServer(("127.0.0.1", 0),
                                             functools.partial(QuietHandler, directory=str(folder / "site")))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", folder
    finally:
        server.shutdown()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def context():
    """One headless Chromium for the module, resolving no host but the loopback; every request is logged in
    `context.requests` and any not for 127.0.0.1 is aborted."""
    from playwright.sync_api import sync_playwright

    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    SCREENSHOTS.mkdir(parents=True)
    args = [*CHROMIUM_ARGS, "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=args, headless=True)
        ctx = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
        ctx.requests = []

        def guard(route):
            ctx.requests.append(route.request.url)
            if urlsplit(route.request.url).hostname in LOOPBACK or route.request.url.startswith(("data:", "blob:")):
                route.continue_()
            else:
                route.abort()

        ctx.route("**/*", guard)
        yield ctx
        browser.close()


def outside(urls: list[str]) -> list[str]:
    return sorted({u for u in urls if not u.startswith(("data:", "blob:")) and urlsplit(u).hostname not in LOOPBACK})


def wait_for_pyodide(page, timeout: float = KERNEL_START_LIMIT) -> float:
    """Wait until the notebook's Pyodide kernel is idle; the seconds it took."""
    start = time.monotonic()
    name = page.locator(f"{PANEL} .jp-KernelName").first
    idle = page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']")
    while time.monotonic() - start < timeout:
        dialog = page.locator(".jp-Dialog")
        if dialog.count():
            raise AssertionError(f"the site shows a dialog: {dialog.first.inner_text()[:300]!r}")
        if name.count() and "Pyodide" in name.inner_text() and idle.count():
            return time.monotonic() - start
        page.wait_for_timeout(250)
    raise AssertionError(f"the Pyodide kernel was not idle after {timeout} s")


def run_in_site(context, base: str, relpath: str) -> dict:
    """Open a notebook of the site, Run All, check its figures and drive one control per widget."""
    page = context.new_page()
    first_request = len(context.requests)
    console: list[str] = []
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    name = relpath.replace("/", "__").removesuffix(".ipynb")
    started = time.monotonic()
    try:
        page.goto(f"{base}/lab/index.html?path={relpath}")
        page.locator(f"{PANEL} .jp-Cell").first.wait_for(timeout=90_000)
        kernel_seconds = wait_for_pyodide(page)
        run_all(page)
        page.wait_for_function(JS_RUN_FINISHED, timeout=RUN_LIMIT * 1000, polling=500)
        page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=120_000)
        page.wait_for_function(JS_WIDGETS_SETTLED, timeout=60_000, polling=250)
        opened = open_optional_explorers(page, timeout=120)   # Pyodide draws in seconds
        page.wait_for_timeout(500)
        report = page.evaluate(JS_REPORT)
        report["optional_explorers_opened"] = opened
        report["figures"] = page.evaluate(JS_FIGURES)
        report["timing"] = {"kernel_idle": round(kernel_seconds, 1), "run_all": round(time.monotonic() - started, 1)}
        page.screenshot(path=SCREENSHOTS / f"{name}.png")
        # a widget redraws a figure in Pyodide in seconds, not milliseconds
        report["changes"] = change_each_view(page, report["views"], name, seconds=60, poll_ms=300, shots="first")
        report["console"] = console
        return report
    except Exception:
        page.screenshot(path=SCREENSHOTS / f"{name}__failed.png")
        raise
    finally:
        urls = context.requests[first_request:]
        (SCREENSHOTS / f"{name}.requests.txt").write_text("".join(f"{u}\n" for u in urls))
        page.close()   # the kernel is a worker of the page: closing the page stops it


def site_problems(report: dict, urls: list[str]) -> list[str]:
    found = problems({**report, "outside": outside(urls)})
    # stderr that is not a traceback: a notebook shows it in red, as a student would read an error
    found += [f"shown in red (stderr): {w}" for w in report["warnings"]]
    figures = report["figures"]
    if figures["blank"]:
        found.append(f"{figures['blank']} figure(s) did not appear as a picture")
    if figures["undrawn"]:
        found.append(f"{figures['undrawn']} figure(s) shown as text, not drawn")
    return found


@pytest.mark.parametrize("path", LESSONS + EXERCISES, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_in_the_browser_edition(path, site, context):
    relpath = str(path.relative_to(ROOT))
    first = len(context.requests)
    report = run_in_site(context, site[0], relpath)
    print(json.dumps(report, indent=1))
    found = site_problems(report, context.requests[first:])
    assert not found, f"{relpath} in the browser edition:\n" + "\n".join(found)
    if path.parent.name == "notebooks":
        assert report["figures"]["images"], f"{relpath}: a lesson with no figure shown"


def test_the_site_opens_at_the_start_lesson(site, context):
    page = context.new_page()
    try:
        page.goto(f"{site[0]}/")
        tab = page.locator(".lm-TabBar-tab.lm-mod-current .lm-TabBar-tabLabel", has_text=".ipynb").first
        tab.wait_for(timeout=90_000)
        assert tab.inner_text() == "00_start_here.ipynb"
        page.locator(f"{PANEL} .jp-MarkdownCell", has_text="Browser edition.").first.wait_for(timeout=60_000)
    finally:
        page.close()


# --- planted faults: the checks above must fail on each ------------------------------------------------

PLANTED = [
    "from IPython.display import HTML, display\n"
    "display(HTML('<img src=\"https://example.com/x.png\" alt=\"planted\">'))",           # leaves the machine
    "display({'text/plain': '<Figure size 640x480 with 1 Axes>'}, raw=True)",             # a figure not drawn
    "display(HTML('<img src=\"data:image/png;base64,AAAA\" alt=\"planted blank\">'))",    # a picture that fails
    "raise ValueError('planted fault')",
]


def test_planted_faults_fail_the_browser_edition_checks(site, context):
    """A notebook saved in the browser's storage (as a student's own would be) with four faults: each found."""
    cells = [{"cell_type": "code", "metadata": {}, "outputs": [], "execution_count": None, "source": source}
             for source in PLANTED]
    kernelspec = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}  # as the kit's
    notebook = {"cells": cells, "metadata": {"kernelspec": kernelspec, "language_info": {"name": "python"}},
                "nbformat": 4, "nbformat_minor": 4}
    page = context.new_page()
    page.goto(f"{site[0]}/lab/index.html")
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.serviceManager", timeout=90_000)
    page.evaluate("nb => window.jupyterapp.serviceManager.contents.save('planted.ipynb', "
                  "{type: 'notebook', format: 'json', content: nb})", notebook)
    page.close()
    first = len(context.requests)
    report = run_in_site(context, site[0], "planted.ipynb")
    found = site_problems(report, context.requests[first:])
    print(found)
    assert any("ValueError: planted fault" in f for f in found), found
    assert any("example.com" in f and "leaves the machine" in f for f in found), found
    assert any("shown as text, not drawn" in f for f in found), found
    assert any("did not appear as a picture" in f for f in found), found


# --- hand-in: a notebook downloaded from the browser edition is graded -----------------------------------

Q1_ANSWER = "petropavl_region = cities.loc[cities['city'] == 'Petropavl', 'region'].iloc[0]"


def test_a_notebook_downloaded_from_the_browser_edition_is_graded(site, context, tmp_path):
    """As a student would: answer Question 1 of the start exercises in the browser, save, right-click the
    notebook in the file list > Download;
    then `qantar grade` on the downloaded file marks the answer correct."""
    from qantar import grading

    page = context.new_page()
    try:
        page.goto(f"{site[0]}/lab/index.html?path=exercises/00_start_here.ipynb")
        cell = page.locator(f"{PANEL} .jp-CodeCell").filter(has_text="petropavl_region = ____").first
        cell.wait_for(timeout=90_000)
        cell.locator(".cm-content").click()
        page.keyboard.press("Control+a")
        page.keyboard.type(Q1_ANSWER)
        page.keyboard.press("Escape")
        page.keyboard.press("Control+s")
        page.wait_for_function("() => !document.querySelector('.jp-mod-current .jp-mod-dirty')", timeout=30_000)
        page.locator(".jp-DirListing-item", has_text="00_start_here.ipynb").first.click(button="right")
        with page.expect_download(timeout=60_000) as download:
            page.locator(".lm-Menu-item", has_text="Download").first.click()
        submissions = tmp_path / "submissions"
        submissions.mkdir()
        saved = submissions / "amina.ipynb"
        download.value.save_as(saved)
    finally:
        page.close()
    downloaded = json.loads(saved.read_text())
    print("kernelspec of the downloaded notebook:", downloaded["metadata"].get("kernelspec"))
    assert downloaded["metadata"]["qantar"]["exercise_set"] == "start"   # the browser keeps the kit's metadata
    report = grading.grade_folder(submissions, out=tmp_path / "gradebook.csv", progress=False)
    row = report.rows[0]
    assert row.status == grading.OK, (row.status, row.notes)
    assert row.results[0]["status"] == "correct", row.results[0]
    assert all(r["status"] != "correct" for r in row.results[1:]), row.results
