"""Run a notebook's code cells in a fresh kernel with jupyter_client's blocking client (used by
tests/test_offline.py and benchmarks/bench.py).

Why not nbclient: its asyncio ZMQ channels sometimes miss the wake-up for a cell's execute_reply on a
busy 2-core machine (seen after cells that display an explorer); the cell then waits for the whole
timeout and carries on without an error. The blocking client polls the sockets directly and does not.
"""
from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from jupyter_client import KernelManager


@dataclass
class Run:
    seconds: float = 0.0                      # kernel start to shutdown
    error: str | None = None                  # "Name: message" of the first cell that raised
    cells: list = field(default_factory=list)  # (seconds, cell index, first line) of each code cell


def run_notebook(path: Path, env: dict | None = None, timeout: float = 300) -> Run:
    """Run every code cell in order, stop at the first error (as nbval and Run All do)."""
    nb = nbformat.read(path, as_version=4)
    run = Run()
    start = time.perf_counter()
    km = KernelManager(kernel_name="python3")
    # the kernel's stderr only carries its start-up warning; errors come back as messages
    km.start_kernel(env=dict(os.environ) if env is None else env, cwd=str(Path(path).parent),
                    stderr=subprocess.DEVNULL)
    kc = km.client()
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=60)
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not cell.source.strip():
                continue
            t0 = time.perf_counter()
            reply = kc.execute_interactive(cell.source, timeout=timeout, allow_stdin=False,
                                           output_hook=lambda msg: None)
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            run.cells.append((round(time.perf_counter() - t0, 3), index, first[:60]))
            if reply["content"]["status"] != "ok":
                run.error = f"{reply['content'].get('ename')}: {reply['content'].get('evalue')}"
                break
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    run.seconds = time.perf_counter() - start
    return run
