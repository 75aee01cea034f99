"""Fixtures of the real-browser tests: one JupyterLab server, two dashboards and one headless Chromium per
test session.

JupyterLab serves a temporary copy of notebooks/ and exercises/teacher/ (so autosave and checkpoints never
touch the committed notebooks, and planted notebooks can sit next to them), on a free 127.0.0.1 port with a
random token. The dashboards are started with qantar.dashboard.command, the command line `make dashboard`
runs: one on the copied notebooks/ with the classroom's settings, one on planted/ with short kernel culling.
Chromium is Debian's (/usr/bin/chromium), driven by Playwright; Playwright's own browser download is not
used. test_browser.py skips (or, with QANTAR_REQUIRE_BROWSER=1, fails) when they are missing.
"""
from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest

from qantar import dashboard
from qantar.data import ROOT

CHROMIUM = Path(os.environ.get("QANTAR_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--no-first-run"]
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
BIN = Path(sys.executable).parent
ROOT_FLAG = ["--allow-root"] if hasattr(os, "geteuid") and os.geteuid() == 0 else []
# The planted dashboard stops a kernel with no browser attached after this idle time (s), checked this often.
CULL_IDLE_TIMEOUT, CULL_INTERVAL = 3, 1


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for_http(url: str, proc: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"server exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"server not ready after {timeout} s:\n{log.read_text()[-3000:]}")


def stop(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="session")
def served_tree():
    """A temporary copy of the notebooks the browser opens; datasets/ is linked, not copied."""
    root = Path(tempfile.mkdtemp(prefix="qantar-browser-"))
    shutil.copytree(ROOT / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    shutil.copytree(ROOT / "exercises" / "teacher", root / "exercises" / "teacher",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    (root / "datasets").symlink_to(ROOT / "datasets")
    (root / "planted").mkdir()
    yield root
    shutil.rmtree(root, ignore_errors=True)


def _server_env(home: Path) -> dict:
    env = dict(os.environ)
    # Keep the test's JupyterLab away from the user's own settings, workspaces and running servers.
    env["JUPYTER_RUNTIME_DIR"] = str(home / "runtime")
    env["JUPYTERLAB_WORKSPACES_DIR"] = str(home / "workspaces")
    env["PYTHONUNBUFFERED"] = "1"
    return env


@contextlib.contextmanager
def serve(cmd, home: Path, cwd: Path, ready_urls):
    """Run a server command (output to home/server.log) until every ready URL answers; stop it after."""
    log = home / "server.log"
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, env=_server_env(home), cwd=cwd)
    try:
        for url in ready_urls:
            wait_for_http(url, proc, log)
        yield proc
    finally:
        stop(proc)
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def lab(served_tree):
    """A JupyterLab server: yields (base_url, token, root_dir). Started once per session."""
    port, token = free_port(), secrets.token_hex(16)
    home = Path(tempfile.mkdtemp(prefix="qantar-lab-"))
    # Attach every cell to the page (JupyterLab otherwise may skip rendering cells out of view), so the
    # test sees every output; the kit's own settings (no news pop-up) come from `qantar setup-lab`.
    tracker = home / "settings" / "@jupyterlab" / "notebook-extension" / "tracker.jupyterlab-settings"
    tracker.parent.mkdir(parents=True)
    tracker.write_text(json.dumps({"windowingMode": "none"}))
    cmd = [str(BIN / "jupyter"), "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
           "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={served_tree}", f"--LabApp.user_settings_dir={home / 'settings'}",
           f"--LabApp.workspaces_dir={home / 'workspaces'}", "--LabApp.news_url=None", *ROOT_FLAG]
    base = f"http://127.0.0.1:{port}"
    # The kernelspecs request warms the server: the first page needs it.
    with serve(cmd, home, served_tree, [f"{base}/api/status?token={token}", f"{base}/api/kernelspecs?token={token}"]):
        yield base, token, served_tree


@contextlib.contextmanager
def serve_dashboard(folder: Path, **culling):
    """The dashboard on a folder, started with the command line `make dashboard` runs: yields its base URL."""
    port = free_port()
    home = Path(tempfile.mkdtemp(prefix="qantar-voila-"))
    base = f"http://127.0.0.1:{port}"
    with serve(dashboard.command(folder, port, **culling), home, folder, [f"{base}/"]):
        yield base


@pytest.fixture(scope="session")
def voila(served_tree):
    """The dashboard on the notebooks, as `make dashboard` serves them: yields its base URL."""
    with serve_dashboard(served_tree / "notebooks") as base:
        yield base


@pytest.fixture(scope="session")
def voila_planted(served_tree):
    """The dashboard on planted/, culling idle kernels within seconds: yields its base URL and the most
    seconds a kernel with no browser attached may outlive its page."""
    with serve_dashboard(served_tree / "planted", cull_idle_timeout=CULL_IDLE_TIMEOUT,
                         cull_interval=CULL_INTERVAL) as base:
        yield base, CULL_IDLE_TIMEOUT + CULL_INTERVAL


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright (no `playwright install`)."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(exist_ok=True)
    for old in [*SCREENSHOTS.glob("*.png"), *SCREENSHOTS.glob("*.requests.txt")]:
        old.unlink()  # keep only this run's pictures and request logs
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
