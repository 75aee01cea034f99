"""Real browser: every lesson notebook and every teacher exercise notebook, run in JupyterLab in headless
Chromium as a student would, and every lesson in the dashboard (Voilà) driven like a projector page.

For each notebook: open it, Run All, then check that no cell shows an error, that every widget renders
(no "Error displaying widget", no explorer showing "Cannot show this choice" at start), and that changing
one control of each widget changes what its output shows. For each lesson in the dashboard, opened once
with no retry: its first widget image within a minute, no code, no error, one control that changes the
output. Every request a page makes is logged (tests/browser/screenshots/*.requests.txt) and none may leave
the machine: the kit must work in a classroom with no internet. Screenshots go to tests/browser/screenshots/.
The planted notebooks at the end prove that these checks fail on a notebook that raises, on a widget that
fails to render, on a widget whose control changes nothing and on a page that loads an image from a public
host; and that the dashboard stops the kernel of a closed page. All browser tests live in this one file:
with `pytest -n 2 --dist loadfile` they run on one worker, against one JupyterLab server.
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
import pytest

CHROMIUM = Path(os.environ.get("QANTAR_CHROMIUM", "/usr/bin/chromium"))   # the same as conftest.py's


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (Debian: apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is missing (pip install -e '.[test]')"
    return None


if browser_missing():  # one plain line in pytest's summary, not one per test
    if os.environ.get("QANTAR_REQUIRE_BROWSER") == "1":
        raise RuntimeError(f"QANTAR_REQUIRE_BROWSER=1 but the real-browser test cannot run: {browser_missing()}")
    pytest.skip(f"real-browser test SKIPPED: {browser_missing()}", allow_module_level=True)

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from qantar import notebooks
from qantar.data import ROOT

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"   # git-ignored; the README names it
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb"))
TEACHER = sorted((ROOT / "exercises" / "teacher").glob("*.ipynb"))
PANEL = ".jp-NotebookPanel:visible"
EXPLORER_ERROR = "Cannot show this choice"   # what qantar.widgets.Explorer prints when compute() fails
LOOPBACK = {"127.0.0.1", "localhost", "::1"}   # the hosts a page may reach: the test's own servers

# The visible notebook panel, in page JavaScript.
JS_PANEL = "[...document.querySelectorAll('.jp-NotebookPanel')].find(p => !p.classList.contains('lm-mod-hidden'))"

JS_TRACEBACK = r"/Traceback \(most recent call last\)|^\w*(Error|Exception)\b/m"

JS_RUN_FINISHED = """() => {
    const TRACEBACK = %s;
    const panel = %s;
    if (!panel) return false;
    const prompts = [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')];
    const done = prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
    const busy = prompts.some(p => p.textContent.includes('*'));
    // tracebacks and warnings are both rendered with the stderr mime type; a traceback names its error
    const err = [...panel.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
        .some(o => TRACEBACK.test(o.textContent));
    return done || (!busy && err);   // Run All stops at the first error
}""" % (JS_TRACEBACK, JS_PANEL)

JS_RUN_STARTED = """() => {
    const panel = %s;
    return !!panel && [...panel.querySelectorAll('.jp-CodeCell .jp-InputPrompt')]
        .some(p => /\\[(\\d+|\\*)\\]/.test(p.textContent));
}""" % JS_PANEL

# Widget views: the top-level outputs that hold a widget (JupyterLab 4 gives them no mime-type attribute,
# only the lm-Panel class: "Loading widget...", then the widget or "Error displaying widget"). Each is
# marked with data-qantar-view=<index> so that Python can find it again.
JS_MARK_VIEWS = """() => {
    const panel = %s;
    const views = [...panel.querySelectorAll('.jp-OutputArea-output')].filter(o =>
        !(o.parentElement && o.parentElement.closest('.jupyter-widgets')) &&
        (o.getAttribute('data-mime-type') === 'application/vnd.jupyter.widget-view+json' ||
         (o.classList.contains('lm-Panel') && !o.getAttribute('data-mime-type'))));
    views.forEach((v, i) => v.setAttribute('data-qantar-view', i));
    return views.length;
}""" % JS_PANEL

JS_WIDGETS_SETTLED = """() => { (%s)(); return [...document.querySelectorAll('[data-qantar-view]')].every(
    v => !/^\\s*Loading widget/.test(v.textContent)); }""" % JS_MARK_VIEWS.replace("\n", " ")

# What the page shows after Run All: the cells with an error, the widget views and their state.
JS_REPORT = """() => {
    const TRACEBACK = %s;
    const panel = %s;
    const cells = [...panel.querySelectorAll('.jp-CodeCell')];
    const errors = [], warnings = [], unrun = [];
    cells.forEach((cell, i) => {
        const prompt = cell.querySelector('.jp-InputPrompt');
        const source = (cell.querySelector('.jp-InputArea .cm-content') || {}).textContent || '';
        if (prompt && !/\\[\\d+\\]/.test(prompt.textContent) && source.trim()) unrun.push(i);
        cell.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]').forEach(o => {
            const text = o.textContent.trim();
            const lines = text.split('\\n').filter(l => l.trim());
            const last = lines.length ? lines[lines.length - 1] : '';
            if (TRACEBACK.test(text)) errors.push(`cell ${i}: ${last.slice(0, 300)}`);
            else warnings.push(`cell ${i}: ${text.slice(0, 300)}`);
        });
    });
    const views = [...panel.querySelectorAll('[data-qantar-view]')].map(v => ({
        index: Number(v.getAttribute('data-qantar-view')),
        rendered: !!v.querySelector('.jupyter-widgets') && !/Error displaying widget/.test(v.textContent),
        broken: /Error displaying widget|^\\s*Loading widget/.test(v.textContent),
        explorer_error: v.textContent.includes('%s'),
        controls: v.querySelectorAll('select, .noUi-handle, input, textarea').length,
        has_output: !!v.querySelector('.widget-output'),
        text: v.innerText.slice(0, 200),
    }));
    return {cells: cells.length, errors, warnings, unrun, views};
}""" % (JS_TRACEBACK, JS_PANEL, EXPLORER_ERROR)

# The state of one widget view's output area (text and the pixels of its images, as data URLs).
JS_OUTPUT_STATE = """(view) => {
    const out = view.querySelector('.widget-output') || view;
    return out.innerText + '|' + [...out.querySelectorAll('img')].map(i => i.src.slice(-400)).join('|');
}"""


# --- requests: none may leave the machine --------------------------------------------------------------

def log_requests(page) -> list[str]:
    """From now on, record the address of every request the page makes (the page, its scripts, styles,
    fonts and images, API calls) and of every websocket it opens."""
    urls: list[str] = []
    page.on("request", lambda request: urls.append(request.url))
    page.on("websocket", lambda socket: urls.append(socket.url))
    return urls


def leaving_the_machine(urls: list[str]) -> list[str]:
    """The addresses beyond this machine; data: and blob: URLs never leave the page."""
    return sorted({url for url in urls
                   if not url.startswith(("data:", "blob:")) and urlsplit(url).hostname not in LOOPBACK})


def save_request_log(name: str, urls: list[str]) -> None:
    (SCREENSHOTS / f"{name}.requests.txt").write_text("".join(f"{url}\n" for url in urls), encoding="utf-8")


# --- driving JupyterLab --------------------------------------------------------------------------------

def api(base: str, token: str, path: str, method: str = "GET"):
    request = urllib.request.Request(f"{base}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = response.read()
    return json.loads(body) if body else None


def shut_down_kernels(base: str, token: str) -> None:
    for kernel in api(base, token, "/api/kernels"):
        api(base, token, f"/api/kernels/{kernel['id']}", method="DELETE")


def shot_name(relpath: str) -> str:
    return re.sub(r"[^\w.-]+", "__", relpath.removesuffix(".ipynb"))


def change_one_control(view) -> str | None:
    """Change the first control of a widget view, as a student would; return what was done."""
    select = view.locator("select").first
    if select.count():
        n = select.locator("option").count()
        if n > 1:
            current = select.evaluate("s => s.selectedIndex")
            target = 1 if current != 1 else 0
            select.select_option(index=target)
            return f"chose option {target} of a list"
    for selector, what in ((".widget-toggle-buttons button:not(.mod-active)", "clicked a toggle button"),
                           (".widget-radio-box input:not(:checked)", "clicked a radio button")):
        target = view.locator(selector).first
        if target.count():
            target.click()
            return what
    handle = view.locator(".noUi-handle").first
    if handle.count():
        now, top = handle.get_attribute("aria-valuenow"), handle.get_attribute("aria-valuemax")
        key = "Home" if now is not None and top is not None and float(now) >= float(top) else "End"
        handle.focus()
        handle.press(key)
        return f"moved a slider ({key})"
    checkbox = view.locator(".widget-checkbox input[type=checkbox]").first
    if checkbox.count():
        checkbox.click()
        return "ticked a box"
    text = view.locator("input[type=text], textarea").first
    if text.count():
        text.fill("Almaty" if text.input_value() != "Almaty" else "Aktau")
        if text.evaluate("e => e.tagName") == "INPUT":
            text.press("Enter")
        text.evaluate("e => e.blur()")  # a text box without continuous updates sends its value on blur
        return "typed a text"
    return None


OPEN_BUTTON = ".qantar-open-explorer"   # an optional explorer's button (qantar.widgets.OnDemand)


def open_optional_explorers(page, timeout: float = 60, name: str | None = None) -> int:
    """Click the button of every optional explorer, as a student who reaches the extension would, and wait
    until each has become its explorer (controls and a picture); return how many were opened. They are
    then checked like every other widget. With ``name``, a screenshot of each button before its click."""
    buttons = page.locator(f"{PANEL} {OPEN_BUTTON}")
    count = buttons.count()
    for i in range(count):
        button = buttons.first   # an opened one leaves the page, so the next is first
        button.scroll_into_view_if_needed()
        if name:
            page.screenshot(path=SCREENSHOTS / f"{name}__optional{i}_button.png")
        before = buttons.count()
        button.click()
        try:
            page.wait_for_function("n => (%s).querySelectorAll(%r).length < n" % (JS_PANEL, OPEN_BUTTON),
                                   arg=before, timeout=timeout * 1000, polling=250)
        except PlaywrightTimeout:
            raise AssertionError("an optional explorer's button was clicked but no explorer opened") from None
    if count:
        page.wait_for_function(JS_WIDGETS_SETTLED, timeout=timeout * 1000, polling=250)
    return count


def change_each_view(page, views: list[dict], name: str, seconds: float, poll_ms: int,
                     shots: str = "every") -> list[dict]:
    """Change one control of each rendered widget view that has controls and an output, as a student would,
    and say whether what it shows changed within ``seconds``. Screenshots: of each view before and after
    (``shots="every"``), or only of the first one after (``"first"``)."""
    changes = []
    for info in views:
        if not (info["rendered"] and info["controls"] and info["has_output"]):
            continue
        view = page.locator(f"{PANEL} [data-qantar-view='{info['index']}']")
        view.scroll_into_view_if_needed()
        before = view.evaluate(JS_OUTPUT_STATE)
        if shots == "every":
            view.screenshot(path=SCREENSHOTS / f"{name}__widget{info['index']}_before.png")
        action = change_one_control(view)
        changed = False
        deadline = time.monotonic() + seconds
        while action and time.monotonic() < deadline:
            page.wait_for_timeout(poll_ms)
            after = view.evaluate(JS_OUTPUT_STATE)
            if after != before and "Loading widget" not in after:
                changed = True
                break
        if shots == "every" or info["index"] == 0:
            page.wait_for_timeout(300)
            view.screenshot(path=SCREENSHOTS / f"{name}__widget{info['index']}_after.png")
        changes.append({"index": info["index"], "action": action, "changed": changed, "text": info["text"][:80]})
    return changes


def wait_for_kernel(page, timeout: float = 90) -> None:
    """Wait until the notebook's Python kernel is idle. If JupyterLab asks which kernel to start (it can,
    when the page loads before it has the kernel list), accept the notebook's own, as a student would."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        dialog = page.locator(".jp-Dialog")
        if dialog.count() and "Select Kernel" in dialog.first.inner_text():
            if "Python 3" in dialog.locator("select").first.evaluate("s => s.options[s.selectedIndex].text"):
                dialog.get_by_role("button", name="Select", exact=True).click()
        name = page.locator(f"{PANEL} .jp-KernelName").first
        idle = page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']")
        if name.count() and "Python" in name.inner_text() and idle.count():
            return
        page.wait_for_timeout(250)
    raise AssertionError("the notebook's kernel did not become idle")


def run_all(page) -> None:
    """Run > Run All Cells. If no cell has started after 15 s (the kernel's connection was not ready
    although it showed idle), ask once more, as a student would."""
    for attempt in range(2):
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
        try:
            page.wait_for_function(JS_RUN_STARTED, timeout=15_000, polling=250)
            return
        except PlaywrightTimeout:
            if attempt:
                raise


def dismiss_dialogs(page, name: str) -> None:
    """Fail with its text on a modal dialog that would block a student (e.g. a kernel that cannot start)."""
    dialog = page.locator(".jp-Dialog")
    if dialog.count():
        page.screenshot(path=SCREENSHOTS / f"{name}__dialog.png")
        raise AssertionError(f"JupyterLab shows a dialog: {dialog.first.inner_text()[:500]!r}")


def run_in_lab(browser, lab, relpath: str) -> dict:
    """Open a notebook in JupyterLab, Run All, wait for the widgets, drive one control per widget."""
    base, token, _ = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = log_requests(page)
    console: list[str] = []
    page.on("pageerror", lambda e: console.append(f"pageerror: {e}"))
    name = shot_name(relpath)
    try:
        page.goto(f"{base}/lab/tree/{relpath}?reset&token={token}")
        page.locator(f"{PANEL} .jp-Cell").first.wait_for(timeout=90_000)
        wait_for_kernel(page)
        dismiss_dialogs(page, name)
        run_all(page)
        page.wait_for_function(JS_RUN_FINISHED, timeout=180_000, polling=250)
        page.locator(f"{PANEL} .jp-Notebook-ExecutionIndicator[data-status='idle']").first.wait_for(timeout=60_000)
        page.wait_for_function(JS_WIDGETS_SETTLED, timeout=60_000, polling=250)
        opened = open_optional_explorers(page, name=name)
        page.wait_for_timeout(300)
        report = page.evaluate(JS_REPORT)
        report["optional_explorers_opened"] = opened
        page.screenshot(path=SCREENSHOTS / f"{name}.png")
        report["changes"] = change_each_view(page, report["views"], name, seconds=20, poll_ms=200)
        report["console"] = console
        report["outside"] = leaving_the_machine(requests)
        return report
    except Exception as err:
        if page.locator(".jp-Dialog").count():  # say what blocked the page, not only that it timed out
            dismiss_dialogs(page, name)
        page.screenshot(path=SCREENSHOTS / f"{name}__failed.png")
        raise err
    finally:
        save_request_log(name, requests)
        page.close()
        shut_down_kernels(base, token)


def problems(report: dict) -> list[str]:
    """What a student would see go wrong, from a run_in_lab report."""
    found = [f"error shown: {e}" for e in report["errors"]]
    if not report["errors"] and report["unrun"]:
        found.append(f"cells not run: {report['unrun']}")
    for view in report["views"]:
        if view["broken"] or not view["rendered"]:
            found.append(f"widget {view['index']} did not render: {view['text']!r}")
        if view["explorer_error"]:
            found.append(f"widget {view['index']} shows an error at start: {view['text']!r}")
    for change in report["changes"]:
        if change["action"] is None:
            found.append(f"widget {change['index']}: found no control to change")
        elif not change["changed"]:
            found.append(f"widget {change['index']}: {change['action']}, but what it shows did not change")
    found += [f"a request leaves the machine: {url}" for url in report["outside"]]
    return found


# --- the kit's notebooks --------------------------------------------------------------------------------

@pytest.mark.parametrize("path", LESSONS + TEACHER, ids=lambda p: str(p.relative_to(ROOT)))
def test_notebook_runs_in_a_real_browser_and_its_widgets_respond(path, browser, lab):
    relpath = str(path.relative_to(ROOT))
    report = run_in_lab(browser, lab, relpath)
    print(json.dumps(report, indent=1))  # shown by pytest when the test fails
    found = problems(report)
    assert not found, f"{relpath} in JupyterLab:\n" + "\n".join(found)
    if report["warnings"]:
        print(f"{relpath}: warnings shown to students: {report['warnings']}")


# --- the dashboard (Voilà) -----------------------------------------------------------------------------

DASHBOARD_TIME_LIMIT = 60   # s for a page's first widget image: a page that stalls fails, it is not retried
WIDGET_IMAGE = ".jupyter-widgets .widget-output img"
DASHBOARD_ERRORS = ("Traceback", "There was an error when executing cell", "Error displaying widget",
                    EXPLORER_ERROR)

# What the page shows: its text, the code cells whose code is shown, the outputs with a traceback.
JS_DASHBOARD_REPORT = """() => {
    const TRACEBACK = %s;
    return {
        text: document.body.innerText,
        code_shown: document.querySelectorAll('.jp-CodeCell:not(.jp-mod-noInput)').length,
        errors: [...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')]
            .map(o => o.textContent.trim()).filter(t => TRACEBACK.test(t)).map(t => t.slice(-300)),
    };
}""" % JS_TRACEBACK


def open_dashboard_page(browser, url: str, name: str):
    """Open a dashboard page once, logging its requests: (page, requests, a problem or None). The problem is
    a first widget image that did not appear within DASHBOARD_TIME_LIMIT."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = log_requests(page)
    start = time.monotonic()
    try:
        page.goto(url, timeout=DASHBOARD_TIME_LIMIT * 1000, wait_until="commit")

        def left() -> float:
            return max(DASHBOARD_TIME_LIMIT - (time.monotonic() - start), 0.001) * 1000

        page.locator(f"{WIDGET_IMAGE}, {OPEN_BUTTON}").first.wait_for(timeout=left())
        if not page.locator(WIDGET_IMAGE).count():
            # Every explorer of the page is optional (lessons 03, 04): once the page has come in whole (a
            # stalled run never finishes it), open them, as a teacher at the projector would.
            page.wait_for_function("document.readyState === 'complete'", timeout=left(), polling=250)
            while page.locator(OPEN_BUTTON).count() and not page.locator(WIDGET_IMAGE).count():
                buttons = page.locator(OPEN_BUTTON).count()
                page.locator(OPEN_BUTTON).first.click()
                page.wait_for_function("n => document.querySelectorAll(%r).length < n" % OPEN_BUTTON,
                                       arg=buttons, timeout=left(), polling=250)
            page.locator(WIDGET_IMAGE).first.wait_for(timeout=left())
    except PlaywrightTimeout:
        page.screenshot(path=SCREENSHOTS / f"{name}__failed.png")
        return page, requests, f"no widget image after {DASHBOARD_TIME_LIMIT} s (a stalled run?)"
    print(f"{name}: first widget image after {time.monotonic() - start:.1f} s")
    return page, requests, None


def drive_dashboard_page(page, name: str) -> list[str]:
    """What goes wrong on an open dashboard page: code or an error shown, a widget whose control changes
    nothing. Saves a screenshot of the page and of the first widget with an image, before and after."""
    page.wait_for_timeout(300)
    report = page.evaluate(JS_DASHBOARD_REPORT)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")
    found = [f"error shown: {e}" for e in report["errors"]]
    found += [f"shows {text!r}" for text in DASHBOARD_ERRORS if text in report["text"]]
    if report["code_shown"] or "from qantar" in report["text"]:
        found.append(f"code shown ({report['code_shown']} code cells with their code)")
    view = page.locator(".jupyter-widgets.widget-vbox").filter(has=page.locator(".widget-output img")).first
    # Pictures of the screen from the widget's top (its controls and first figure): a widget can be taller
    # than the screen, and a picture of all of it is mostly what a projector would not show at once.
    view.evaluate("v => v.scrollIntoView({block: 'start'})")
    page.screenshot(path=SCREENSHOTS / f"{name}__widget_before.png")
    before = view.evaluate(JS_OUTPUT_STATE)
    action = change_one_control(view)
    if action is None:
        return found + ["found no control to change in the first widget"]
    try:
        page.wait_for_function("([v, b]) => (%s)(v) !== b" % JS_OUTPUT_STATE.replace("\n", " "),
                               arg=[view.element_handle(), before], timeout=30_000)
    except PlaywrightTimeout:
        found.append(f"{action}, but what the widget shows did not change")
    page.wait_for_timeout(300)
    view.evaluate("v => v.scrollIntoView({block: 'start'})")
    page.screenshot(path=SCREENSHOTS / f"{name}__widget_after.png")
    return found


def dashboard_problems(browser, url: str, name: str) -> list[str]:
    """Open a dashboard page once, as a projector would, and list what goes wrong, including each request
    that leaves the machine."""
    page, requests, stalled = open_dashboard_page(browser, url, name)
    try:
        found = [stalled] if stalled else drive_dashboard_page(page, name)
    finally:
        page.close()
        save_request_log(name, requests)
    return found + [f"a request leaves the machine: {url}" for url in leaving_the_machine(requests)]


def kernel_running(base: str, kernel_id: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base}/api/kernels/{kernel_id}", timeout=10):
            return True
    except urllib.error.HTTPError as err:
        if err.code == 404:
            return False
        raise


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.stem)
def test_dashboard_shows_each_lesson_without_code_or_error_and_its_widget_responds(path, browser, voila):
    found = dashboard_problems(browser, f"{voila}/voila/render/{path.name}", f"dashboard__{path.stem}")
    assert not found, f"{path.name} in the dashboard:\n" + "\n".join(found)


def test_dashboard_lists_the_lessons_and_reaches_nothing_beyond_the_machine(browser, voila):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    requests = log_requests(page)
    try:
        page.goto(f"{voila}/", timeout=60_000)
        for path in LESSONS:
            page.get_by_text(path.name).first.wait_for(timeout=30_000)
        page.wait_for_load_state("networkidle")
        page.screenshot(path=SCREENSHOTS / "dashboard__lessons.png")
    finally:
        page.close()
        save_request_log("dashboard__lessons", requests)
    assert not leaving_the_machine(requests), leaving_the_machine(requests)


# --- planted faults: the checks above must fail on each ------------------------------------------------

def plant(root: Path, name: str, *sources: str) -> str:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    nbformat.write(nb, root / "planted" / f"{name}.ipynb")
    return f"planted/{name}.ipynb"


def test_planted_notebook_that_raises_fails_the_browser_check(browser, lab):
    relpath = plant(lab[2], "raises", "x = 1", "raise ValueError('planted fault')", "y = 2")
    found = problems(run_in_lab(browser, lab, relpath))
    assert any("ValueError: planted fault" in f for f in found), found


def test_planted_widget_that_fails_to_render_fails_the_browser_check(browser, lab):
    # A widget view whose model the kernel never created: JupyterLab shows "Error displaying widget".
    relpath = plant(lab[2], "broken_widget",
                    "from IPython.display import display\n"
                    "display({'application/vnd.jupyter.widget-view+json': {'model_id': 'no-such-model', "
                    "'version_major': 2, 'version_minor': 0}}, raw=True)")
    found = problems(run_in_lab(browser, lab, relpath))
    assert any("did not render" in f for f in found), found


def test_planted_widget_whose_control_changes_nothing_fails_the_browser_check(browser, lab):
    relpath = plant(lab[2], "inert_widget",
                    "import ipywidgets as w\nout = w.Output()\nwith out:\n    print('always the same')\n"
                    "w.VBox([w.Dropdown(options=['a', 'b']), out])")
    found = problems(run_in_lab(browser, lab, relpath))
    assert any("did not change" in f for f in found), found


# A page that loads an image from a public host; a widget whose dropdown redraws a figure.
OUTSIDE_IMAGE = "from IPython.display import HTML\nHTML('<img src=\"https://example.com/x.png\" alt=\"planted\">')"
# A plot widget made as the kit's explorers make theirs: the figure is captured in the kernel and set as the
# Output's outputs, never written through `with out:` (under nbclient, which Voila runs, that is the known
# cause of stalled runs, nbclient#312; these tests are about the dashboard, not about that stall).
PLOT_WIDGET = ("import ipywidgets as w\nimport matplotlib.pyplot as plt\n"
               "from IPython.utils.capture import capture_output\nfrom qantar.widgets import as_outputs\n"
               "choice, out = w.Dropdown(options=[1, 2, 3]), w.Output()\n"
               "def draw(change=None):\n    with capture_output() as shown:\n"
               "        fig, ax = plt.subplots(figsize=(3, 2))\n        ax.plot([0, choice.value])\n"
               "        plt.show()\n"
               "    out.outputs = as_outputs(shown)\n"
               "choice.observe(draw, 'value')\ndraw()\nw.VBox([choice, out])")


def test_planted_notebook_that_loads_from_a_public_host_fails_the_browser_check(browser, lab):
    relpath = plant(lab[2], "outside_image", OUTSIDE_IMAGE)
    found = problems(run_in_lab(browser, lab, relpath))
    assert "a request leaves the machine: https://example.com/x.png" in found, found


def test_planted_dashboard_page_that_loads_from_a_public_host_fails_the_dashboard_check(browser, served_tree,
                                                                                         voila_planted):
    base, _ = voila_planted
    name = Path(plant(served_tree, "outside_image_dashboard", OUTSIDE_IMAGE, PLOT_WIDGET)).name
    found = dashboard_problems(browser, f"{base}/voila/render/{name}", "planted__outside_image_dashboard")
    assert found == ["a request leaves the machine: https://example.com/x.png"], found


# --- the dashboard's kernels: an open page keeps its own, a page gone does not ---------------------------

def test_dashboard_keeps_the_kernel_of_an_open_page_and_stops_it_once_the_page_is_gone(browser, served_tree,
                                                                                        voila_planted):
    base, cull_after = voila_planted
    name = Path(plant(served_tree, "plot_widget", PLOT_WIDGET)).name
    page, _, stalled = open_dashboard_page(browser, f"{base}/voila/render/{name}", "planted__plot_widget")
    try:
        assert not stalled, stalled
        kernel_id = page.evaluate("JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId")
        page.wait_for_timeout((cull_after + 2) * 1000)
        assert kernel_running(base, kernel_id), "the kernel of a page still open was stopped"
        assert not drive_dashboard_page(page, "planted__plot_widget"), "the open page's widget stopped answering"
    finally:
        page.close()   # without running beforeunload: as when the browser is killed or the laptop sleeps
    deadline = time.monotonic() + cull_after + 15
    while kernel_running(base, kernel_id):
        assert time.monotonic() < deadline, f"kernel {kernel_id} of a closed page still runs"
        time.sleep(0.5)


# --- the class report: one offline page with its charts and tables ------------------------------------

def class_report(folder: Path) -> Path:
    """A graded timeline class as `qantar grade` leaves it (gradebook, answers file) and a class list;
    returns the report written from them."""
    import csv

    from qantar.exercises import load_set
    from qantar.grading import report

    questions = list(load_set("timeline"))
    wrong = {"q1": ["Astana", "Astana", "Nur-Sultan"], "q2": ["10000"], "q4": ["<b>164</b>"]}
    students = ["Aliya Nurlanovna", "Ben Jones", "Cara Smith", "Dana Sadykova", "Emil <i>Abenov</i>",
                "Farida Omarova"]
    rows, answers = [], []
    for i, student in enumerate(students):
        statuses = {}
        for j, q in enumerate(questions):
            # the later questions are the harder ones: the first student has all seven right, the last two
            statuses[q.name] = ("answered" if (i + j) % 3 else "not attempted") if q.kind == "written" else \
                "correct" if j < 7 - i - (j % 2) else "not attempted" if (i + j) % 4 == 0 else "incorrect"
            answer = ""
            if statuses[q.name] == "incorrect" and q.kind != "function":
                answer = wrong.get(q.name, ["12"])[i % len(wrong.get(q.name, ["12"]))]
            answers.append({"student": student, "student_id": str(4410 + i), "file": f"{student}.ipynb",
                            "question": q.name, "kind": q.kind, "status": statuses[q.name], "answer": answer})
        score = sum(s == "correct" for s in statuses.values())
        rows.append({"student": student, "student_id": str(4410 + i), "file": f"{student}.ipynb",
                     "exercise_set": "timeline", "status": "ok", **statuses, "score": score, "total": 7,
                     "notes": "", "flags": "same auto-checked answers as Ben Jones" if i == 2 else ""})
    rows.append({"student": "Galym", "student_id": "4420", "file": "galym.ipynb", "exercise_set": "timeline",
                 "status": "timeout", "score": "", "total": 7, "notes": "stopped after 60 s", "flags": ""})
    columns = ["student", "student_id", "file", "exercise_set", "status", *[q.name for q in questions], "score",
               "total", "notes", "flags"]
    for path, names, table in ((folder / "gradebook.csv", columns, rows),
                               (folder / "gradebook.answers.csv", list(answers[0]), answers)):
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.DictWriter(handle, fieldnames=names, restval="")
            writer.writeheader()
            writer.writerows(table)
    (folder / "class.csv").write_text("Student\nAliya Nurlanovna\nBen Jones\nCara Smith\nDana Sadykova\n"
                                      "Farida Omarova\nMadina Tulegenova\n", encoding="utf-8")
    return report.write_report(folder / "gradebook.csv", roster=folder / "class.csv").path


def test_class_report_shows_its_charts_and_tables_and_loads_nothing_from_elsewhere(browser, tmp_path):
    path = class_report(tmp_path)
    page = browser.new_page(viewport={"width": 1100, "height": 900})
    requests = log_requests(page)
    try:
        page.goto(path.as_uri())
        charts = page.locator("figure svg")
        assert charts.count() == 2
        for i in range(2):
            box = charts.nth(i).bounding_box()
            assert box and box["width"] > 400 and box["height"] > 150, box
        captions = page.locator("figcaption").all_inner_texts()
        assert len(captions) == 2 and all(c.startswith("Figure: ") for c in captions), captions
        headings = page.locator("h2").all_inner_texts()
        assert headings == ["Which questions the class found hard", "The commonest wrong answers", "Written answers",
                            "Spread of scores", "Who has not handed in", "Notebooks that did not run to the end",
                            "Flags to look at"], headings
        assert page.locator("table").count() == 4
        assert page.locator("table").first.locator("tbody tr").count() == 7  # the 7 auto-checked questions
        assert page.get_by_text("Madina Tulegenova").is_visible()
        assert page.get_by_text("<b>164</b>", exact=False).count() == 1  # shown as text, not as bold
        page.screenshot(path=SCREENSHOTS / "class_report.png", full_page=True)
        page.emulate_media(media="print")
        page.screenshot(path=SCREENSHOTS / "class_report__print.png", full_page=True)
    finally:
        save_request_log("class_report", requests)
        page.close()
    assert requests == [path.as_uri()], requests  # the page itself, and nothing else
