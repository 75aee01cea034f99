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
    explorers = results["explorers"]["explorers"]
    assert len(explorers) >= 10 and not [row for row in explorers if "error" in row]
    assert all(row["changes"] >= 5 and row["p95_ms"] > 0 for row in explorers)
    assert results["import"]["kit_import_and_load_all_s"] > 0


def test_a_mistyped_section_is_named_in_a_plain_message():
    done = subprocess.run([sys.executable, str(BENCH), "--only", "notebook"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    assert done.returncode == 2 and "no section called notebook" in done.stderr
    assert "Traceback" not in done.stderr
