"""`make lab`, the README's first command, serves JupyterLab with the start-here notebook."""
import os
import signal
import socket
import subprocess
import time
import urllib.request

import pytest

from qantar.data import ROOT


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def final_url(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.geturl()


def get(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status
    except Exception:  # noqa: BLE001 - not up yet
        return 0


@pytest.mark.skipif(not (ROOT / ".venv" / ".qantar-installed").exists(), reason="make lab needs the .venv that make test creates")
def test_make_lab_serves_the_start_notebook():
    port, token = free_port(), "qantar-test-token"
    env = {**os.environ, "JUPYTER_TOKEN": token}
    proc = subprocess.Popen(["make", "-s", "lab", f"PORT={port}"], cwd=ROOT, env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.time() + 60
        while time.time() < deadline and get(f"{base}/lab?token={token}") != 200:
            assert proc.poll() is None, "make lab exited early"
            time.sleep(0.5)
        assert get(f"{base}/lab?token={token}") == 200
        # The whole kit is browsable (exercises too), and the start notebook is what opens first.
        assert get(f"{base}/api/contents/notebooks/00_start_here.ipynb?token={token}") == 200
        assert get(f"{base}/api/contents/exercises/00_start_here.ipynb?token={token}") == 200
        assert "/lab/tree/notebooks/00_start_here.ipynb" in final_url(f"{base}/?token={token}")
        assert get(f"{base}/api/contents/notebooks/00_start_here.ipynb") in (0, 403)  # the token is required
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=20)
