"""Speed figures of the kit (`make bench`): prints a table and writes JSON to benchmarks/results/.

    python benchmarks/bench.py                 notebooks, explorers, import + load, grading
    python benchmarks/bench.py --full          the same, plus the full `make test` (takes minutes)
    python benchmarks/bench.py --repeat 1      one run per notebook instead of the median of 3
    python benchmarks/bench.py --only explorers,import     some sections only
    python benchmarks/bench.py --only notebooks --notebooks 'notebooks/01*'   some notebooks only

Sections and their targets (classroom-delivery issue):
- floor: a notebook that only imports pandas, matplotlib, ipywidgets and qantar, run like the others
  (fresh kernel, jupyter_client's blocking client as in tests/kernel_run.py, from kernel start to shutdown);
- notebooks: each notebook's run time and its ratio to the floor, each run paired with a run of the floor
  just before it (target <= 1.5; for lessons, the bar kept, <= 2), and the same notebook
  run with drawing skipped (every figure's PNG replaced by a blank one), which tells what the
  figures cost apart from everything else;
- explorers: every Explorer of qantar.start and the theme modules, each control driven through its
  options or a range of values, >= 50 changes each, inside a real kernel (so figures are rendered to PNG
  as in a classroom): median and 95th percentile of one update (target p95 < 100 ms), once as a student
  makes the changes (a choice shown before is replayed) and once with nothing replayed (every change
  drawn); the target holds for both;
- import: `import qantar` plus loading every dataset, beyond pandas' own import (target < 0.3 s);
- grading: 30 submissions (benchmarks/bench_grading.py), target < 60 s on 2 cores;
- handouts: `make handouts` (`qantar handouts` into a temporary folder): wall time in a fresh process,
  with the number of PDFs, target < 60 s on 2 cores;
- lite: the browser edition (`make lite` builds lite/), served on 127.0.0.1 and opened at its start page in
  headless Chromium (/usr/bin/chromium), twice (a fresh browser, then a new tab with the files cached): seconds
  from opening the page to an idle Pyodide kernel, and to the first figure of lesson 00 after Run All;
- make test (--full): wall time, and the share of test time taken by nbval and by the browser test.
"""
from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import importlib.util
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
RESULTS = HERE / "results"
THEME_MODULES = ["start", "timeline", "wealth", "actors", "reading"]
TARGETS = {"notebook_ratio": 1.5, "lesson_ratio": 2.0, "explorer_p95_ms": 100.0, "import_and_load_s": 0.3, "grading_s": 60.0,
           "handouts_s": 60.0}
FLOOR_SOURCE = "import pandas\nimport matplotlib.pyplot as plt\nimport ipywidgets\nimport qantar"


# --- the machine ---------------------------------------------------------------------------------------

def machine() -> dict:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        model = platform.processor()
    versions = {}
    for name in ("pandas", "matplotlib", "ipywidgets", "jupyterlab", "ipykernel", "nbclient"):
        try:
            from importlib.metadata import version
            versions[name] = version(name)
        except Exception:  # noqa: BLE001 - a missing package only leaves a gap in the table
            versions[name] = "?"
    memory = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return {"cpu": model, "cores": os.cpu_count(), "memory": memory,
            "os": f"{platform.system()} {platform.release()}", "python": platform.python_version(),
            "versions": versions, "load_average_at_start": os.getloadavg()}


# --- notebooks -----------------------------------------------------------------------------------------

def run_notebook(path: Path, cells: list | None = None) -> float:
    """Seconds to run a notebook in a fresh kernel, from kernel start to shutdown (as nbval does, with the
    blocking client: see tests/kernel_run.py). If ``cells`` is a list, each code cell's
    (seconds, index, first line) is appended to it."""
    sys.path.insert(0, str(ROOT / "tests"))
    from kernel_run import run_notebook as run

    result = run(path)
    if result.error:
        raise RuntimeError(result.error)
    if cells is not None:
        cells.extend(result.cells)
    return result.seconds


# Put first in a copy of a notebook: every figure and explorer is built as usual, but turned into a blank
# 1-pixel PNG instead of being drawn, so that the run tells what everything but the drawing costs.
NO_DRAWING_SOURCE = """\
import base64 as _base64
import qantar.style as _style
_BLANK = _base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAIAAACQd1PeAAAADElEQVR4nGP4//8/AAX+Av4N70a4AAAAAElFTkSuQmCC")
_style.png = lambda figure: _BLANK
_style.Layers.png = lambda layers: _BLANK"""


def _draws(path: Path) -> bool:
    """Whether the notebook shows a figure or an explorer (only then is a run without drawing worth making:
    NO_DRAWING_SOURCE imports matplotlib, which a notebook without figures never does)."""
    import nbformat

    return any(cell.cell_type == "code" and ("style.show(" in cell.source or "Explorer(" in cell.source)
               for cell in nbformat.read(path, as_version=4).cells)


def _without_drawing(path: Path, folder: Path) -> Path:
    """A copy of the notebook in ``folder`` that skips drawing (NO_DRAWING_SOURCE). The kit's notebooks read
    their data through the package, not by relative paths, so they run from any folder."""
    import nbformat

    nb = nbformat.read(path, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(NO_DRAWING_SOURCE))
    copy = folder / f"_bench_no_drawing_{path.name}"
    nbformat.write(nb, copy)
    return copy


def target_ratio(notebook: str) -> float:
    """The bar a notebook is held to: a lesson (notebooks/) twice the floor, an exercise notebook 1.5."""
    return TARGETS["lesson_ratio"] if notebook.startswith("notebooks/") else TARGETS["notebook_ratio"]


def bench_notebooks(repeat: int, pattern: str = "*") -> dict:
    import nbformat

    import compileall

    import qantar
    from qantar import notebooks

    # The kit's bytecode, as a classroom has it from the second run on. An editable install is never compiled
    # by pip, and with PYTHONDONTWRITEBYTECODE set (as on this project's machines) no kernel writes it, so
    # every lesson would otherwise compile the kit's modules from source while the floor compiles almost none.
    compileall.compile_dir(Path(qantar.__file__).parent, quiet=1)
    rows, all_floor_runs = [], []
    with tempfile.TemporaryDirectory(prefix="qantar-bench-") as tmp:
        floor_nb = nbformat.v4.new_notebook()
        floor_nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
        floor_nb.cells = [nbformat.v4.new_code_cell(FLOOR_SOURCE)]
        floor_path = Path(tmp) / "floor.ipynb"
        nbformat.write(floor_nb, floor_path)
        run_notebook(floor_path)  # warm the disk cache and the kernel's bytecode before measuring
        for path in notebooks.all_notebooks():
            name = str(path.relative_to(ROOT))
            if not fnmatch.fnmatch(name, pattern):
                continue
            # Each run of the notebook follows a run of the floor, and the ratio is of their medians: on a
            # shared machine the load drifts over the minutes a bench takes, and a floor measured once at
            # the start moved every ratio after it by up to a fifth.
            runs, floor_runs, cells = [], [], []
            error = None
            for attempt in range(repeat):
                floor_runs.append(run_notebook(floor_path))
                try:
                    runs.append(run_notebook(path, cells if attempt == 0 else None))
                except Exception as err:  # noqa: BLE001 - report a failing notebook, keep measuring the others
                    error = f"{type(err).__name__}: {str(err).strip().splitlines()[-1][:200]}"
                    break
            all_floor_runs += floor_runs
            floor = statistics.median(floor_runs)
            seconds = statistics.median(runs) if runs else None
            undrawn = None
            if error is None and _draws(path):
                copy = _without_drawing(path, Path(tmp))
                try:
                    undrawn = statistics.median(run_notebook(copy) for _ in range(repeat))
                except Exception:  # noqa: BLE001 - a cell that needs a real picture: then say nothing
                    undrawn = None
            target = target_ratio(name)
            rows.append({"notebook": name, "seconds": _r(seconds), "runs": [_r(r) for r in runs],
                         "floor_seconds": _r(floor), "floor_runs": [_r(r) for r in floor_runs],
                         "ratio_to_floor": _r(seconds / floor if seconds else None),
                         "without_drawing_seconds": _r(undrawn),
                         "without_drawing_ratio": _r(undrawn / floor if undrawn else None),
                         "target_ratio": target,
                         "meets_target": bool(seconds and seconds / floor <= target),
                         "slowest_cells": [{"seconds": c[0], "cell": c[1], "starts": c[2]}
                                           for c in sorted(cells, reverse=True)[:3]],
                         "error": error})
    return {"floor_seconds": _r(statistics.median(all_floor_runs)) if all_floor_runs else None,
            "floor_runs": [_r(r) for r in all_floor_runs], "repeat": repeat, "floor_source": FLOOR_SOURCE,
            "target_ratio": TARGETS["notebook_ratio"], "lesson_target_ratio": TARGETS["lesson_ratio"],
            "notebooks": rows}


# --- explorers (run inside a kernel) -------------------------------------------------------------------

KERNEL_BENCH = r'''
import importlib, inspect, json, statistics, time
import numpy as np
import matplotlib.pyplot as plt
import ipywidgets as W
from qantar.widgets import Explorer

TEXTS = ["Almaty", "Uralsk", "protest", "The government said that the protests were organised from abroad.", ""]

def _values(control, steps=12):
    """The values a student can give this control (read again at each step: options may depend on
    other controls), or None when the kit cannot guess them."""
    import datetime
    if isinstance(control, (W.Text, W.Textarea)):
        return TEXTS
    if isinstance(control, W.DatePicker):
        if control.value is None:
            return None
        return [control.value + datetime.timedelta(days=d) for d in (-30, -7, -1, 1, 7, 30, 0)]
    if hasattr(control, "_options_full") or hasattr(control, "options"):
        full = getattr(control, "_options_full", None)
        values = [v for _, v in full] if full is not None else list(control.options)
        if isinstance(control, W.SelectMultiple):
            return [(v,) for v in values] + ([tuple(values[:2])] if len(values) > 1 else [])
        if isinstance(control, W.SelectionRangeSlider):
            return [(values[0], v) for v in values[1:]] + [(v, values[-1]) for v in values[1:-1]] or None
        return values
    if isinstance(control, (W.Checkbox, W.ToggleButton)):
        return [not control.value, control.value]
    if getattr(control, "min", None) is None or getattr(control, "max", None) is None:
        return None
    if isinstance(control, (W.IntRangeSlider, W.FloatRangeSlider)):
        lo, hi = control.min, control.max
        grid = np.linspace(lo, hi, steps)[1:]
        return [(lo, int(round(v)) if isinstance(control, W.IntRangeSlider) else float(v)) for v in grid]
    grid = np.linspace(control.min, control.max, steps)
    if isinstance(control.value, int) and not isinstance(control.value, bool):
        return sorted({int(round(v)) for v in grid})
    return [float(v) for v in grid]

def _bench(cls, changes, replay=True):
    """Like a student: move one control through its values, put it back, then the next control."""
    t0 = time.perf_counter()
    explorer = cls()
    construct = time.perf_counter() - t0
    if not replay:
        explorer.remembered_choices = 0  # draw at every change, as for a choice never shown before
    names = [n for n, c in explorer.controls.items() if _values(c)]
    skipped = [n for n in explorer.controls if n not in names]
    times, errors, cycles, replayed = [], 0, 0, 0

    def _set(control, value):
        nonlocal errors, replayed
        start = time.perf_counter()
        control.value = value
        times.append(time.perf_counter() - start)
        replayed += bool(getattr(explorer, "last_update_replayed", False))
        errors += explorer.error is not None

    while names and len(times) < changes and cycles < 20:
        cycles += 1
        before = len(times)
        for name in names:
            control = explorer.controls[name]
            initial = control.value
            for value in list(_values(control) or [])[:25]:
                if value != control.value:
                    _set(control, value)
                if len(times) >= changes:
                    break
            if control.value != initial:
                try:
                    _set(control, initial)
                except Exception:  # the initial value may have left the options meanwhile
                    pass
            if len(times) >= changes:
                break
        if len(times) == before:
            break
    plt.close("all")
    # A lesson holds one or two explorers; the benchmark builds twenty. ipywidgets keeps every widget until it
    # is closed, so without this the later explorers would run in a heap grown by all the earlier ones.
    explorer.widget.close_all()
    times_ms = sorted(t * 1e3 for t in times)
    return {"construct_ms": construct * 1e3, "changes": len(times), "median_ms": statistics.median(times_ms) if times_ms else None,
            "p95_ms": _p95(times_ms), "max_ms": max(times_ms) if times_ms else None, "errors_shown": errors,
            "replayed": replayed, "driven_controls": names, "skipped_controls": skipped}

def _p95(sorted_ms):
    return sorted_ms[min(len(sorted_ms) - 1, int(round(0.95 * (len(sorted_ms) - 1))))] if sorted_ms else None

_results = []
for _name in MODULES:
    try:
        _module = importlib.import_module(f"qantar.{_name}")
    except ModuleNotFoundError as err:
        if err.name == f"qantar.{_name}":
            continue
        raise
    for _cls_name, _cls in inspect.getmembers(_module, inspect.isclass):
        if issubclass(_cls, Explorer) and _cls is not Explorer and _cls.__module__ == _module.__name__:
            try:
                _row = _bench(_cls, CHANGES)
                _cold = _bench(_cls, CHANGES, replay=False)
                _row.update({"drawn_median_ms": _cold["median_ms"], "drawn_p95_ms": _cold["p95_ms"],
                             "drawn_max_ms": _cold["max_ms"]})
            except Exception as err:
                _row = {"error": f"{type(err).__name__}: {err}"}
            _results.append({"explorer": f"{_name}.{_cls_name}", **_row})
print("BENCH-RESULT " + json.dumps(_results))
'''


def bench_explorers(changes: int) -> dict:
    from jupyter_client.manager import start_new_kernel

    code = f"MODULES = {THEME_MODULES!r}\nCHANGES = {changes}\n" + KERNEL_BENCH
    km, kc = start_new_kernel(kernel_name="python3", cwd=str(ROOT), stderr=subprocess.DEVNULL)
    printed: list[str] = []
    failure: list[str] = []

    def hook(msg):
        kind, content = msg["msg_type"], msg["content"]
        if kind == "stream" and content.get("name") == "stdout":
            printed.append(content["text"])
        elif kind == "error":
            failure.append(f"{content['ename']}: {content['evalue']}")

    try:
        kc.execute_interactive(code, output_hook=hook, timeout=1800)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    text = "".join(printed)
    if failure or "BENCH-RESULT " not in text:
        raise RuntimeError(f"explorer benchmark failed: {failure or text[-2000:]}")
    rows = json.loads(text.split("BENCH-RESULT ", 1)[1].splitlines()[0])
    for row in rows:
        for key in ("construct_ms", "median_ms", "p95_ms", "max_ms", "drawn_median_ms", "drawn_p95_ms", "drawn_max_ms"):
            if row.get(key) is not None:
                row[key] = round(row[key], 1)
        # The target holds for the changes as a student makes them (a choice shown before is replayed)
        # and for the same changes with nothing replayed (every one drawn): replaying is cheap and alone
        # would flatter the figure.
        row["meets_target"] = all(row.get(key) is not None and row[key] < TARGETS["explorer_p95_ms"]
                                  for key in ("p95_ms", "drawn_p95_ms"))
    return {"changes_per_explorer": changes, "target_p95_ms": TARGETS["explorer_p95_ms"], "explorers": rows}


# --- import + load -------------------------------------------------------------------------------------

IMPORT_PROBE = r'''
import json, time
t0 = time.perf_counter()
import pandas
t1 = time.perf_counter()
import qantar
from qantar import data
tables = data.table_names()
for name in tables:
    data.load(name)
t2 = time.perf_counter()
import importlib
for name in %r:
    try:
        importlib.import_module("qantar." + name)
    except ModuleNotFoundError as err:
        if err.name != "qantar." + name:
            raise
t3 = time.perf_counter()
print(json.dumps({"pandas": t1 - t0, "kit_and_data": t2 - t1, "theme_modules": t3 - t2, "tables": len(tables)}))
'''


def bench_import(repeat: int = 7) -> dict:
    code = IMPORT_PROBE % (THEME_MODULES,)
    runs = []
    for _ in range(repeat + 1):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    runs = runs[1:]  # the first run warms the disk cache and writes bytecode
    median = {k: statistics.median(r[k] for r in runs) for k in ("pandas", "kit_and_data", "theme_modules")}
    return {"runs": repeat, "tables": runs[0]["tables"], "pandas_import_s": _r(median["pandas"], 3),
            "kit_import_and_load_all_s": _r(median["kit_and_data"], 3),
            "theme_modules_import_s": _r(median["theme_modules"], 3),
            "target_s": TARGETS["import_and_load_s"],
            "meets_target": median["kit_and_data"] < TARGETS["import_and_load_s"]}


# --- grading -------------------------------------------------------------------------------------------

def bench_grading() -> dict:
    path = HERE / "bench_grading.py"
    if not path.exists():
        return {"skipped": "benchmarks/bench_grading.py is not there yet"}
    spec = importlib.util.spec_from_file_location("bench_grading", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE))
    spec.loader.exec_module(module)
    return module.bench_grading(n=30)


# --- handouts ------------------------------------------------------------------------------------------

def bench_handouts() -> dict:
    """`make handouts` as a teacher runs it (a fresh process), into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="qantar-bench-handouts-") as tmp:
        start = time.perf_counter()
        run = subprocess.run([sys.executable, "-m", "qantar", "handouts", "--out", tmp], cwd=ROOT,
                             capture_output=True, text=True)
        wall = time.perf_counter() - start
        pdfs = len(list(Path(tmp).glob("*/*.pdf")))
    return {"wall_seconds": _r(wall), "exit_code": run.returncode, "pdfs": pdfs,
            "said": (run.stdout.strip().splitlines() or [""])[-1], "target_s": TARGETS["handouts_s"],
            "meets_target": run.returncode == 0 and wall < TARGETS["handouts_s"]}


# --- the browser edition ------------------------------------------------------------------------------

def bench_lite() -> dict:
    import functools
    import threading

    from qantar import lite

    chromium = Path(os.environ.get("QANTAR_CHROMIUM", "/usr/bin/chromium"))
    if not (lite.SITE / "index.html").exists():
        return {"skipped": "lite/ is not built (make lite)"}
    if not chromium.exists():
        return {"skipped": f"no Chromium at {chromium}"}
    from playwright.sync_api import sync_playwright

    class Quiet(lite.SiteHandler):
        def log_message(self, *args):
            pass

    server = lite.SiteServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(lite.SITE)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    panel = ".jp-NotebookPanel:visible"
    runs = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(chromium), headless=True,
                                        args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                              "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"])
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            for run in ("fresh browser", "files cached"):
                page = context.new_page()
                start = time.perf_counter()
                page.goto(f"http://127.0.0.1:{server.server_address[1]}/")
                page.locator(f"{panel} .jp-KernelName", has_text="Pyodide").wait_for(timeout=300_000)
                page.locator(f"{panel} .jp-Notebook-ExecutionIndicator[data-status='idle']").wait_for(timeout=300_000)
                ready = time.perf_counter() - start
                page.get_by_role("menuitem", name="Run", exact=True).click()
                page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
                page.locator(f"{panel} .jp-OutputArea-output img").first.wait_for(timeout=300_000)
                runs.append({"run": run, "kernel_ready_s": _r(ready), "first_figure_s": _r(time.perf_counter() - start)})
                page.close()
            browser.close()
    finally:
        server.shutdown()
    return {"runs": runs, "pyodide": lite.PYODIDE_VERSION}


# --- make test -----------------------------------------------------------------------------------------

def bench_make_test() -> dict:
    with tempfile.TemporaryDirectory(prefix="qantar-bench-test-") as tmp:
        junit = Path(tmp) / "junit.xml"
        env = dict(os.environ, PYTEST_ADDOPTS=f"--junitxml={junit} -q")
        start = time.perf_counter()
        run = subprocess.run(["make", "test"], cwd=ROOT, env=env, capture_output=True, text=True)
        wall = time.perf_counter() - start
        failed: list[str] = []
        groups = {"nbval (notebooks)": 0.0, "browser": 0.0, "offline": 0.0, "other tests": 0.0}
        counts = dict.fromkeys(groups, 0)
        summary = next((line.strip("= ") for line in reversed(run.stdout.splitlines())
                        if re.search(r"\d+ (passed|failed|error)", line)), "")
        if junit.exists():
            for case in ET.parse(junit).iter("testcase"):
                where = f"{case.get('file') or ''} {case.get('classname') or ''} {case.get('name') or ''}"
                seconds = float(case.get("time") or 0)
                group = ("nbval (notebooks)" if ".ipynb" in where.split("[")[0] and "test_" not in where.split()[0]
                         else "browser" if "browser" in where
                         else "offline" if "test_offline" in where else "other tests")
                groups[group] += seconds
                counts[group] += 1
                if case.find("failure") is not None or case.find("error") is not None:
                    failed.append(f"{case.get('classname')}::{case.get('name')}")
    total = sum(groups.values()) or 1.0
    return {"wall_seconds": _r(wall), "exit_code": run.returncode, "summary": summary, "failed": failed,
            "test_seconds_summed_over_workers": _r(total),
            "groups": {g: {"tests": counts[g], "seconds": _r(s), "share": _r(s / total, 3)} for g, s in groups.items()}}


# --- output --------------------------------------------------------------------------------------------

def _r(value, digits: int = 2):
    return None if value is None else round(value, digits)


def _ok(flag) -> str:
    return "ok" if flag else "MISSED"


def table(results: dict) -> str:
    lines = []
    m = results["machine"]
    lines.append(f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory']}, {m['os']}, Python {m['python']}")
    lines.append("Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    if "notebooks" in results:
        nb = results["notebooks"]
        lines += ["", f"Notebooks (fresh kernel, start to shutdown; median of {nb.get('repeat', '?')}, each run after "
                      f"a run of the floor); floor {nb['floor_seconds']} s (median of all its runs); target ratio "
                      f"<= {nb['target_ratio']}, lessons <= {nb.get('lesson_target_ratio', 2.0)}",
                  f"  {'notebook':48} {'seconds':>8} {'floor':>6} {'ratio':>6} {'undrawn':>8}  target"]
        for row in nb["notebooks"]:
            verdict = f"ERROR {row['error']}" if row["error"] else _ok(row["meets_target"])
            slow = "; ".join(f"cell {c['cell']} {c['seconds']} s" for c in row.get("slowest_cells", [])[:2])
            lines.append(f"  {row['notebook']:48} {row['seconds'] or '-':>8} {row.get('floor_seconds') or '-':>6} "
                         f"{row['ratio_to_floor'] or '-':>6} "
                         f"{row.get('without_drawing_ratio') or '-':>8}  {verdict}"
                         + (f"  (slowest: {slow})" if slow and not row["meets_target"] else ""))
        lines.append("  (undrawn = the ratio to the floor of the same notebook with drawing skipped: every figure "
                     "and explorer built as usual, but turned into a blank PNG instead of being drawn)")
    if "explorers" in results:
        ex = results["explorers"]
        lines += ["", f"Explorers (in a kernel, {ex['changes_per_explorer']} control changes each); "
                      f"target p95 < {ex['target_p95_ms']:.0f} ms",
                  f"  {'explorer':34} {'changes':>7} {'median':>8} {'p95':>8} {'max':>8} "
                  f"{'replayed':>8} {'drawn p95':>10} {'build':>8}  target"]
        for row in ex["explorers"]:
            if "error" in row:
                lines.append(f"  {row['explorer']:34} ERROR {row['error']}")
                continue
            lines.append(f"  {row['explorer']:34} {row['changes']:>7} {row.get('median_ms') or '-':>8} "
                         f"{row.get('p95_ms') or '-':>8} {row.get('max_ms') or '-':>8} "
                         f"{row.get('replayed', '-'):>8} {row.get('drawn_p95_ms') or '-':>10} {row['construct_ms']:>8}  "
                         f"{_ok(row['meets_target'])}"
                         + (f"  ({row['errors_shown']} changes showed an error)" if row.get("errors_shown") else "")
                         + (f"  (not driven: {', '.join(row['skipped_controls'])})" if row.get("skipped_controls") else ""))
        lines.append("  (times in ms; replayed = changes back to a choice shown before, whose output is replayed; "
                     "drawn p95 = the same changes again with nothing replayed, every one drawn; build = "
                     "constructing the explorer and its first drawing)")
    if "import" in results:
        im = results["import"]
        lines += ["", f"Import + load (median of {im['runs']} fresh processes, {im['tables']} tables)",
                  f"  pandas' own import                 {im['pandas_import_s']} s",
                  f"  import qantar + load every table   {im['kit_import_and_load_all_s']} s   "
                  f"target < {im['target_s']} s  {_ok(im['meets_target'])}",
                  f"  then the theme modules (matplotlib) {im['theme_modules_import_s']} s"]
    if "grading" in results:
        gr = results["grading"]
        lines.append("")
        if "skipped" in gr:
            lines.append(f"Grading: skipped ({gr['skipped']})")
        else:
            lines.append(f"Grading {gr.get('submissions')} submissions: {gr.get('seconds')} s with {gr.get('jobs')} "
                         f"kernels; target < {gr.get('target_seconds')} s  {_ok(gr.get('meets_target'))}; "
                         f"statuses {gr.get('statuses')}")
    if "handouts" in results:
        ho = results["handouts"]
        lines += ["", f"make handouts: {ho['wall_seconds']} s wall, {ho['pdfs']} PDFs (exit {ho['exit_code']}); "
                      f"target < {ho['target_s']:.0f} s  {_ok(ho['meets_target'])}", f"  {ho['said']}"]
    if "lite" in results:
        li = results["lite"]
        lines.append("")
        if "skipped" in li:
            lines.append(f"Browser edition: skipped ({li['skipped']})")
        else:
            lines.append(f"Browser edition (Pyodide {li['pyodide']}, lesson 00 opened at the site's start page)")
            for run in li["runs"]:
                lines.append(f"  {run['run']:14} kernel ready {run['kernel_ready_s']:>6} s   "
                             f"first figure after Run All {run['first_figure_s']:>6} s (both from opening the page)")
    if "make_test" in results:
        mt = results["make_test"]
        lines += ["", f"make test: {mt['wall_seconds']} s wall (exit {mt['exit_code']}: {mt['summary']}); "
                      f"{mt['test_seconds_summed_over_workers']} s of test time summed over the 2 workers"]
        for name in mt.get("failed", []):
            lines.append(f"  FAILED {name}")
        for group, g in mt["groups"].items():
            lines.append(f"  {group:20} {g['tests']:>4} tests {g['seconds']:>8} s  {g['share'] * 100:5.1f} %")
    return "\n".join(lines)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--full", action="store_true", help="also time the full `make test` (takes minutes)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per notebook (median), default 3")
    parser.add_argument("--changes", type=int, default=60, help="control changes per explorer, default 60")
    parser.add_argument("--only", default="",
                        help="comma-separated: notebooks,explorers,import,grading,handouts,lite,make_test")
    parser.add_argument("--notebooks", default="*", help="which notebooks, as a pattern on their path, default all")
    parser.add_argument("--results", type=Path, default=RESULTS, help="folder for the JSON, default benchmarks/results")
    args = parser.parse_args(argv)
    wanted = (set(filter(None, args.only.split(",")))
              or {"notebooks", "explorers", "import", "grading", "handouts", "lite"})
    unknown = wanted - {"notebooks", "explorers", "import", "grading", "handouts", "lite", "make_test"}
    if unknown:
        parser.error(f"no section called {', '.join(sorted(unknown))}; the sections are "
                     "notebooks, explorers, import, grading, handouts, lite, make_test")
    if args.full:
        wanted.add("make_test")

    results: dict = {"when": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), "machine": machine(),
                     "targets": TARGETS}
    steps = [("import", bench_import), ("explorers", lambda: bench_explorers(args.changes)),
             ("notebooks", lambda: bench_notebooks(args.repeat, args.notebooks)), ("grading", bench_grading),
             ("handouts", bench_handouts), ("lite", bench_lite), ("make_test", bench_make_test)]
    for name, step in steps:
        if name in wanted:
            print(f"... {name}", file=sys.stderr, flush=True)
            start = time.perf_counter()
            results[name] = step()
            print(f"    {time.perf_counter() - start:.0f} s", file=sys.stderr, flush=True)
    print(table(results))
    args.results.mkdir(parents=True, exist_ok=True)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for path in (args.results / f"bench-{stamp}.json", args.results / "latest.json"):
        path.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(f"\nJSON: {args.results / f'bench-{stamp}.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
