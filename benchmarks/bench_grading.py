"""Time to grade a class: n submissions of the start set (a mix of correct, partly correct and blank
notebooks made from exercises/), graded with the default number of parallel kernels.

    python benchmarks/bench_grading.py [N]        prints a table
    from bench_grading import bench_grading       returns a dict (benchmarks/bench.py calls it)

The target (teacher-workflow issue): 30 submissions in under 60 seconds on a 2-core machine.
"""
from __future__ import annotations

import copy
import os
import platform
import sys
import tempfile
from pathlib import Path

import nbformat

TARGET_SECONDS = 60.0


def _answer(nb, var: str, source: str) -> None:
    for cell in nb.cells:
        if cell.cell_type == "code" and f"{var} = " in cell.source:
            cell.source = source
            return


def make_class(folder: Path, n: int) -> None:
    """Write n submissions: a third correct (teacher version), a third partly correct, a third blank."""
    from qantar import notebooks

    teacher = nbformat.read(notebooks.TEACHER_DIR / "00_start_here.ipynb", as_version=4)
    student = nbformat.read(notebooks.STUDENT_DIR / "00_start_here.ipynb", as_version=4)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        kind = i % 3
        if kind == 0:
            nb = copy.deepcopy(teacher)
        else:
            nb = copy.deepcopy(student)
            if kind == 1:
                _answer(nb, "number_of_cities", "number_of_cities = len(cities)")
                _answer(nb, "capital_name", "capital_name = 'Astana'")
        nb.metadata.setdefault("qantar", {})["student"] = f"Student {i + 1:02d}"
        nbformat.write(nb, str(folder / f"student_{i + 1:02d}.ipynb"))


def bench_grading(n: int = 30, jobs: int | None = None) -> dict:
    """Grade n generated submissions; returns the time and what was graded."""
    from qantar import grading

    with tempfile.TemporaryDirectory(prefix="qantar-bench-grading-") as tmp:
        tmp = Path(tmp)
        make_class(tmp / "submissions", n)
        report = grading.grade_folder(tmp / "submissions", out=tmp / "gradebook.csv",
                                      feedback_dir=tmp / "feedback", jobs=jobs, progress=False)
        counts = dict(report.counts())
    seconds = report.seconds
    return {
        "name": "grading",
        "submissions": n,
        "jobs": jobs or os.cpu_count(),
        "cores": os.cpu_count(),
        "seconds": round(seconds, 2),
        "seconds_per_submission": round(seconds / max(n, 1), 3),
        "statuses": counts,
        "target_seconds": TARGET_SECONDS if n == 30 else round(TARGET_SECONDS * n / 30, 1),
        "meets_target": seconds < TARGET_SECONDS * n / 30,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
    }


def _table(result: dict) -> str:
    rows = [("submissions", result["submissions"]), ("parallel kernels", result["jobs"]),
            ("total time (s)", result["seconds"]), ("per submission (s)", result["seconds_per_submission"]),
            ("target (s)", result["target_seconds"]), ("meets target", "yes" if result["meets_target"] else "NO"),
            ("statuses", ", ".join(f"{v} {k}" for k, v in sorted(result["statuses"].items()))),
            ("machine", result["machine"])]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    print(_table(bench_grading(count)))
