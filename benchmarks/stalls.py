"""Do lesson runs stall? Run every lesson many times the way Voilà, nbconvert and the grader do, and count.

    python benchmarks/stalls.py                      50 nbclient runs and 20 dashboard pages per lesson
    python benchmarks/stalls.py --runs 5 --pages 2   a short check
    python benchmarks/stalls.py --notebooks '01_*'   one lesson

A *stall* is a cell that waits out its time limit although the kernel answered long before (issue 18:
nbclient missed the reply's wake-up while sending Output-widget messages on the same socket). Runs use
plain ``nbclient.NotebookClient``, which Voilà and ``jupyter nbconvert --execute`` use, not the kit's own
``KitClient``, so that the count speaks for what a teacher runs. Dashboard pages are requested from the
kit's own dashboard (``qantar.dashboard.command``), one page request at a time; a page's request ends
when Voilà has run the whole notebook. The figures are printed and written as JSON to benchmarks/results/.
The target is 0 stalls and no page over PAGE_LIMIT seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LESSONS = ROOT / "notebooks"
RESULTS = ROOT / "benchmarks" / "results"
PAGE_LIMIT = 15.0  # seconds: a page slower than this counts against the target


def run_once(path: str, cell_timeout: float) -> dict:
    """One run of a notebook through plain nbclient: total seconds and the slowest cell."""
    import nbformat
    from nbclient import NotebookClient

    class Timed(NotebookClient):
        slowest = (0.0, -1)

        async def async_execute_cell(self, cell, cell_index, *args, **kwargs):
            start = time.perf_counter()
            try:
                return await super().async_execute_cell(cell, cell_index, *args, **kwargs)
            finally:
                self.slowest = max(self.slowest, (time.perf_counter() - start, cell_index))

    nb = nbformat.read(path, as_version=4)
    client = Timed(nb, timeout=cell_timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(path).parent)}})
    start = time.perf_counter()
    error = None
    try:
        client.execute()
    except Exception as err:  # noqa: BLE001 - a failed run is reported, not a crash of the benchmark
        error = f"{type(err).__name__}: {str(err).splitlines()[0][:120] if str(err) else ''}"
    seconds, cell = client.slowest
    return {"seconds": round(time.perf_counter() - start, 2), "slowest_cell": cell,
            "slowest_cell_seconds": round(seconds, 2), "stalled": seconds >= 0.9 * cell_timeout, "error": error}


def nbclient_runs(paths: list[Path], runs: int, cell_timeout: float, jobs: int) -> dict:
    report = {}
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        for path in paths:
            done = list(pool.map(run_once, [str(path)] * runs, [cell_timeout] * runs))
            report[path.name] = summarise([d["seconds"] for d in done], [d["stalled"] for d in done])
            report[path.name]["errors"] = sorted({d["error"] for d in done if d["error"]})
            print_line("nbclient", path.name, report[path.name])
    return report


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_until_serving(url: str, server: subprocess.Popen, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The dashboard stopped at start-up (exit code {server.returncode}).")
        try:
            urllib.request.urlopen(url, timeout=5).read()
            return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"The dashboard did not answer at {url} within {seconds:.0f} s.")


def dashboard_pages(paths: list[Path], pages: int, page_timeout: float) -> dict:
    """Each notebook requested ``pages`` times from one dashboard serving their folder."""
    sys.path.insert(0, str(ROOT / "src"))
    from qantar import dashboard

    port = free_port()
    # Short culling, so that the kernels of finished page requests (no browser attaches) do not pile up.
    cmd = dashboard.command(paths[0].parent, port, cull_idle_timeout=10, cull_interval=5)
    report = {}
    with subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL) as server:
        try:
            base = f"http://127.0.0.1:{port}"
            wait_until_serving(base + "/", server)
            for path in paths:
                times = []
                for _ in range(pages):
                    start = time.perf_counter()
                    try:
                        urllib.request.urlopen(f"{base}/voila/render/{path.name}", timeout=page_timeout).read()
                        times.append(time.perf_counter() - start)
                    except OSError:  # no answer within page_timeout: counted as that long
                        times.append(page_timeout)
                report[path.name] = summarise(times, [t > PAGE_LIMIT for t in times])
                print_line("dashboard", path.name, report[path.name])
        finally:
            server.terminate()
            server.wait(timeout=30)
    return report


def summarise(times: list[float], stalled: list[bool]) -> dict:
    return {"runs": len(times), "stalls": sum(stalled), "median_s": round(statistics.median(times), 2),
            "slowest_s": round(max(times), 2)}


def print_line(how: str, name: str, figures: dict) -> None:
    print(f"  {how:9} {name:34} {figures['stalls']:3} stalled of {figures['runs']:3}   "
          f"median {figures['median_s']:5.1f} s   slowest {figures['slowest_s']:5.1f} s", flush=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="nbclient runs per lesson (default 50)")
    parser.add_argument("--pages", type=int, default=20, help="dashboard page loads per lesson (default 20)")
    parser.add_argument("--cell-timeout", type=float, default=30, help="nbclient's time limit per cell (s)")
    parser.add_argument("--page-timeout", type=float, default=90, help="how long to wait for one page (s)")
    parser.add_argument("--jobs", type=int, default=2, help="nbclient runs at once (default 2, one per core)")
    parser.add_argument("--notebooks", default="*.ipynb", help="which lessons, as a file pattern")
    parser.add_argument("--folder", type=Path, default=LESSONS, help="where the notebooks are (default notebooks/)")
    parser.add_argument("--results", type=Path, default=RESULTS, help="where to write the JSON")
    args = parser.parse_args(argv)
    paths = sorted(args.folder.glob(args.notebooks))
    if not paths:
        print(f"No lesson matches {args.notebooks!r} in {args.folder}.")
        return 2
    print(f"Stalls: {args.runs} nbclient runs (cell limit {args.cell_timeout:.0f} s, {args.jobs} at once) and "
          f"{args.pages} dashboard pages per lesson; a page over {PAGE_LIMIT:.0f} s counts as a stall.")
    report = {"nbclient": nbclient_runs(paths, args.runs, args.cell_timeout, args.jobs) if args.runs else {},
              "dashboard": dashboard_pages(paths, args.pages, args.page_timeout) if args.pages else {}}
    total = sum(f["stalls"] for how in report.values() for f in how.values())
    print(f"Stalls in all: {total}")
    args.results.mkdir(parents=True, exist_ok=True)
    out = args.results / time.strftime("stalls-%Y%m%d-%H%M%S.json")
    out.write_text(json.dumps({"machine": {"cores": os.cpu_count()}, **report}, indent=1) + "\n", encoding="utf-8")
    print(f"Written to {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
