"""The benchmark script runs and writes its figures (a short run: one lesson, five changes per explorer).
No time is asserted: the figures are for the README, and a test that timed them would fail on a busy
machine, not on slow code."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "benchmarks" / "bench.py"


@pytest.fixture(scope="module")
def short_run(tmp_path_factory):
    out = tmp_path_factory.mktemp("bench")
    done = subprocess.run(
        [sys.executable, str(BENCH), "--only", "import,notebooks,explorers", "--repeat", "1", "--changes", "5",
         "--notebooks", "notebooks/00*", "--results", str(out)],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    return done, out


def test_the_benchmark_prints_its_table_and_writes_json(short_run):
    done, out = short_run
    assert done.returncode == 0, done.stderr[-2000:]
    assert "Notebooks (fresh kernel" in done.stdout and "Explorers (in a kernel" in done.stdout
    results = json.loads((out / "latest.json").read_text())
    assert results["notebooks"]["floor_seconds"] > 0
    [lesson] = results["notebooks"]["notebooks"]  # the pattern picked one notebook
    assert lesson["notebook"] == "notebooks/00_start_here.ipynb" and lesson["error"] is None
    assert lesson["seconds"] > 0 and lesson["without_drawing_seconds"] > 0  # it draws, so it is also run undrawn
    # each run of the lesson is paired with a run of the floor, and a lesson is held to the bar of 2
    assert len(lesson["floor_runs"]) == len(lesson["runs"]) == 1 and lesson["floor_seconds"] > 0
    assert lesson["ratio_to_floor"] == pytest.approx(lesson["seconds"] / lesson["floor_seconds"], abs=0.02)
    assert lesson["target_ratio"] == 2.0 and lesson["meets_target"] == (lesson["ratio_to_floor"] <= 2.0)
    explorers = results["explorers"]["explorers"]
    assert len(explorers) >= 10 and not [row for row in explorers if "error" in row]
    assert all(row["changes"] >= 5 and row["p95_ms"] > 0 for row in explorers)
    assert results["import"]["kit_import_and_load_all_s"] > 0


def test_a_mistyped_section_is_named_in_a_plain_message():
    done = subprocess.run([sys.executable, str(BENCH), "--only", "notebook"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "no section called notebook" in done.stderr
    assert "Traceback" not in done.stderr


STALLS = ROOT / "benchmarks" / "stalls.py"


def _stalls(*args, timeout=300):
    return subprocess.run([sys.executable, str(STALLS), *args], capture_output=True, text=True, timeout=timeout,
                          cwd=ROOT)


def test_the_stall_count_runs_a_lesson_both_ways_and_writes_json(tmp_path):
    done = _stalls("--runs", "1", "--pages", "1", "--notebooks", "00*", "--results", str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    [written] = tmp_path.glob("stalls-*.json")
    figures = json.loads(written.read_text())
    for how in ("nbclient", "dashboard"):
        lesson = figures[how]["00_start_here.ipynb"]
        assert lesson["runs"] == 1 and lesson["slowest_s"] > 0 and lesson["stalls"] in (0, 1)
    assert "Stalls in all:" in done.stdout


def test_a_cell_that_waits_out_its_time_limit_counts_as_a_stall(tmp_path):
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell("import time\ntime.sleep(5)")]
    nbformat.write(nb, tmp_path / "waits.ipynb")
    done = _stalls("--runs", "1", "--pages", "0", "--folder", str(tmp_path), "--cell-timeout", "2",
                   "--results", str(tmp_path))
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(next(tmp_path.glob("stalls-*.json")).read_text())["nbclient"]["waits.ipynb"]["stalls"] == 1
