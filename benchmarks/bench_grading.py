"""Time to grade a class: n submissions of the start set (a mix of correct, partly correct and blank
notebooks made from exercises/), graded with the default number of parallel kernels, in the sandbox
where there is one (bubblewrap), as `qantar grade` does.

    python benchmarks/bench_grading.py [N ...] [--sandbox auto|on|off]   prints a table per N (default 30)
    from bench_grading import bench_grading                             returns a dict (benchmarks/bench.py)

The target (teacher-workflow issue): 30 submissions in under 60 seconds on a 2-core machine, with the
sandbox (issue 16). 150 (a year group) is measured against the same rate, 2 s per submission.
"""
from __future__ import annotations

import argparse
import copy
import os
import platform
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
    """Write n submissions: a third correct (teacher version), a third with the first question answered
    from its solution (whatever the start set's questions are now), a third blank."""
    from qantar import notebooks
    from qantar.exercises import load_set

    first = load_set("start").questions[0]
    teacher = nbformat.read(notebooks.TEACHER_DIR / "00_start_here.ipynb", as_version=4)
    student = nbformat.read(notebooks.STUDENT_DIR / "00_start_here.ipynb", as_version=4)
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        kind = i % 3
        nb = copy.deepcopy(teacher if kind == 0 else student)
        if kind == 1:
            _answer(nb, first.var, first.solution_code)
        nb.metadata.setdefault("qantar", {})["student"] = f"Student {i + 1:03d}"
        nbformat.write(nb, str(folder / f"student_{i + 1:03d}.ipynb"))


def bench_grading(n: int = 30, jobs: int | None = None, sandbox: str = "auto") -> dict:
    """Grade n generated submissions; returns the time and what was graded."""
    from qantar import grading

    with tempfile.TemporaryDirectory(prefix="qantar-bench-grading-") as tmp:
        tmp = Path(tmp)
        make_class(tmp / "submissions", n)
        report = grading.grade_folder(tmp / "submissions", out=tmp / "gradebook.csv",
                                      feedback_dir=tmp / "feedback", jobs=jobs, progress=False, sandbox=sandbox)
        counts = dict(report.counts())
    seconds = report.seconds
    target = round(TARGET_SECONDS * n / 30, 1)
    return {
        "name": "grading",
        "submissions": n,
        "jobs": jobs or os.cpu_count(),
        "cores": os.cpu_count(),
        "seconds": round(seconds, 2),
        "seconds_per_submission": round(seconds / max(n, 1), 3),
        "statuses": counts,
        "isolation": report.isolation,
        "target_seconds": target,
        "meets_target": seconds < target,
        "machine": f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python "
                   f"{platform.python_version()}",
    }


def _table(result: dict) -> str:
    rows = [("submissions", result["submissions"]), ("parallel kernels", result["jobs"]),
            ("total time (s)", result["seconds"]), ("per submission (s)", result["seconds_per_submission"]),
            ("target (s)", result["target_seconds"]), ("meets target", "yes" if result["meets_target"] else "NO"),
            ("statuses", ", ".join(f"{v} {k}" for k, v in sorted(result["statuses"].items()))),
            ("isolation", result["isolation"]), ("machine", result["machine"])]
    width = max(len(k) for k, _ in rows)
    return "\n".join(f"{k.ljust(width)}  {v}" for k, v in rows)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Time `qantar grade` on a generated class.")
    parser.add_argument("counts", nargs="*", type=int, default=[30], help="class sizes (default 30)")
    parser.add_argument("--sandbox", choices=["auto", "on", "off"], default="auto")
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    for count in args.counts:
        print(_table(bench_grading(count, args.jobs, args.sandbox)), end="\n\n")
