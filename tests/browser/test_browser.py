"""Real browser: every lesson notebook and every teacher exercise notebook, run in JupyterLab in headless
Chromium as a student would, and the dashboard (Voilà) driven like a projector page.

For each notebook: open it, Run All, then check that no cell shows an error, that every widget renders
(no "Error displaying widget", no explorer showing "Cannot show this choice" at start), and that changing
one control of each widget changes what its output shows. Screenshots go to tests/browser/screenshots/.
The planted notebooks at the end prove that these checks fail on a notebook that raises and on a widget
that fails to render. All browser tests live in this one file: with `pytest -n 2 --dist loadfile` they run
on one worker, against one JupyterLab server.
"""
from __future__ import annotations

import json
import os
import re
import time
import urllib.request
from pathlib import Path

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
        page.wait_for_timeout(300)
        report = page.evaluate(JS_REPORT)
        page.screenshot(path=SCREENSHOTS / f"{name}.png")
        report["changes"] = []
        for info in report["views"]:
            if not (info["rendered"] and info["controls"] and info["has_output"]):
                continue
            view = page.locator(f"{PANEL} [data-qantar-view='{info['index']}']")
            view.scroll_into_view_if_needed()
            before = view.evaluate(JS_OUTPUT_STATE)
            view.screenshot(path=SCREENSHOTS / f"{name}__widget{info['index']}_before.png")
            action = change_one_control(view)
            changed = False
            deadline = time.monotonic() + 20
            while action and time.monotonic() < deadline:
                page.wait_for_timeout(200)
                after = view.evaluate(JS_OUTPUT_STATE)
                if after != before and "Loading widget" not in after:
                    changed = True
                    break
            page.wait_for_timeout(300)
            view.screenshot(path=SCREENSHOTS / f"{name}__widget{info['index']}_after.png")
            report["changes"].append({"index": info["index"], "action": action, "changed": changed,
                                      "text": info["text"][:80]})
        report["console"] = console
        return report
    except Exception as err:
        if page.locator(".jp-Dialog").count():  # say what blocked the page, not only that it timed out
            dismiss_dialogs(page, name)
        page.screenshot(path=SCREENSHOTS / f"{name}__failed.png")
        raise err
    finally:
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


def open_dashboard(browser, url: str, attempts: int = 3):
    """Open a Voilà page once its widget has drawn. Voilà runs the notebook with nbclient, whose async
    channels now and then stall a cell until a time-out (seen about once in twenty runs here): a stalled
    render is retried on a fresh page (a fresh kernel) rather than failing the suite."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for attempt in range(1, attempts + 1):
        page = browser.new_page(viewport={"width": 1400, "height": 1000})
        try:
            page.goto(url, timeout=60_000, wait_until="commit")
            page.locator(".jupyter-widgets .widget-output img").first.wait_for(timeout=60_000)
            return page
        except PlaywrightTimeout:
            page.close()
            if attempt == attempts:
                raise
    raise AssertionError("unreachable")


def test_dashboard_shows_the_start_notebook_without_code_and_its_widget_responds(browser, voila):
    page = open_dashboard(browser, f"{voila}/voila/render/00_start_here.ipynb")
    try:
        text = page.locator("body").inner_text()
        assert "from qantar" not in text, "Voilà shows the code cells"
        assert "Error displaying widget" not in text and EXPLORER_ERROR not in text
        assert "Traceback" not in text
        page.screenshot(path=SCREENSHOTS / "dashboard__00_start_here.png")
        view = page.locator(".jupyter-widgets.widget-vbox").filter(has=page.locator("select")).first
        view.scroll_into_view_if_needed()
        view.screenshot(path=SCREENSHOTS / "dashboard__00_start_here__widget_before.png")
        before = view.evaluate(JS_OUTPUT_STATE)
        action = change_one_control(view)
        assert action, "no control found in the dashboard's widget"
        page.wait_for_function("([v, b]) => (%s)(v) !== b" % JS_OUTPUT_STATE.replace("\n", " "),
                               arg=[view.element_handle(), before], timeout=30_000)
        page.wait_for_timeout(300)
        view.screenshot(path=SCREENSHOTS / "dashboard__00_start_here__widget_after.png")
    finally:
        page.close()


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
