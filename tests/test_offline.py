"""Offline guarantee: every notebook runs with the network cut, and none tries to reach out.

Each notebook runs in a fresh kernel whose Python loads tests/offline_guard/sitecustomize.py at start-up:
any connection to, packet to, or name look-up of a non-local address is logged and refused before it
leaves the machine. A notebook passes when it runs without error AND the guard's log stays empty (so a
notebook that catches the refusal and carries on still fails). The planted notebooks below prove the
guard works: the kit's check fails on a notebook that opens a socket to a public address, even one that
swallows the error, and on a notebook that raises.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import nbformat
import pytest
from kernel_run import run_notebook

from qantar import notebooks

GUARD_DIR = Path(__file__).resolve().parent / "offline_guard"
PROXY_VARIABLES = ("http_proxy", "https_proxy", "all_proxy", "ftp_proxy", "no_proxy")


def offline_env(log: Path) -> dict:
    """The environment of a guarded kernel: the guard first on PYTHONPATH, no proxy (a local proxy would
    otherwise be a way out through a loopback address)."""
    env = {k: v for k, v in os.environ.items() if k.lower() not in PROXY_VARIABLES}
    env["PYTHONPATH"] = os.pathsep.join([str(GUARD_DIR), *filter(None, [os.environ.get("PYTHONPATH")])])
    env["QANTAR_OFFLINE_LOG"] = str(log)
    env["MPLBACKEND"] = "module://matplotlib_inline.backend_inline"
    return env


def run_offline(path: Path, log: Path, timeout: int = 180) -> list[str]:
    """Run a notebook in a guarded kernel; return the problems (an error, each attempt to reach out)."""
    run = run_notebook(path, env=offline_env(log), timeout=timeout)
    problems = [f"a cell raised: {run.error}"] if run.error else []
    if log.exists():
        problems += [f"reached out: {line}" for line in log.read_text(encoding="utf-8").splitlines() if line]
    return problems


def planted(tmp_path: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize("path", notebooks.all_notebooks(),
                         ids=lambda p: str(p.relative_to(notebooks.ROOT)))
def test_notebook_runs_with_the_network_cut_and_never_reaches_out(path, tmp_path):
    problems = run_offline(path, tmp_path / "offline.log")
    assert not problems, f"{path.name} needs the network or fails offline:\n" + "\n".join(problems)


# --- planted faults: the check above must fail on each -------------------------------------------------

def test_planted_socket_to_a_public_address_is_refused_before_connecting_and_fails_the_check(tmp_path):
    path = planted(tmp_path, "reaches_out",
                   "import socket, os\nassert os.environ.get('QANTAR_OFFLINE_GUARD') == '1', 'guard not loaded'",
                   # 192.0.2.1 (TEST-NET-1) is never routed: even without the guard it could not leak.
                   "s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)\ns.settimeout(3)\n"
                   "s.connect(('192.0.2.1', 80))")
    log = tmp_path / "offline.log"
    problems = run_offline(path, log)
    assert any("OfflineError" in p for p in problems), problems  # refused by the guard, not timed out
    assert any("reached out" in p and "192.0.2.1" in p for p in problems), problems


def test_planted_notebook_that_swallows_the_refusal_still_fails_the_check(tmp_path):
    path = planted(tmp_path, "quietly_reaches_out",
                   "import urllib.request\ntry:\n"
                   "    urllib.request.urlopen('http://example.org/', timeout=3)\nexcept OSError:\n    pass\n"
                   "print('carried on')")
    problems = run_offline(path, tmp_path / "offline.log")
    assert problems and all(p.startswith("reached out") for p in problems), problems
    assert "example.org" in problems[0]  # refused at the name look-up: not even a DNS query left


def test_planted_notebook_that_raises_fails_the_check(tmp_path):
    path = planted(tmp_path, "raises", "x = 1", "1 / 0", "y = 2")
    problems = run_offline(path, tmp_path / "offline.log")
    assert problems == ["a cell raised: ZeroDivisionError: division by zero"], problems


def test_loopback_still_works_under_the_guard(tmp_path):
    path = planted(tmp_path, "loopback",
                   "import socket\nserver = socket.create_server(('127.0.0.1', 0))\n"
                   "client = socket.create_connection(server.getsockname(), timeout=3)\n"
                   "peer, _ = server.accept(); client.sendall(b'hi'); assert peer.recv(2) == b'hi'\n"
                   "client.close(); peer.close(); server.close()")
    assert run_offline(path, tmp_path / "offline.log") == []


def test_planted_raising_notebook_fails_nbval(tmp_path):
    """`make test` runs nbval on every notebook: a notebook that raises makes it fail."""
    import subprocess

    path = planted(tmp_path, "raises", "x = 1", "raise RuntimeError('planted fault')")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PYTHONPATH"))}  # not ours
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "--rootdir", str(tmp_path),
                          "-c", str(notebooks.ROOT / "pyproject.toml"), str(path)],
                         cwd=notebooks.ROOT, capture_output=True, text=True, timeout=300, env=env)
    assert run.returncode == 1, run.stdout[-2000:] + run.stderr[-2000:]
    assert "planted fault" in run.stdout and "1 failed" in run.stdout, run.stdout[-2000:]
