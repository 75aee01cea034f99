"""`make lab`, the README's first command, serves JupyterLab with the start-here notebook; it and `make test`
install the locked versions (requirements/lock.txt), and again whenever the lock changes."""
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


def dry_run(*args: str) -> list[str]:
    """The commands `make -n` would run (nothing is run)."""
    # --no-print-directory: under `make test` this make is nested and would also print "Leaving directory"
    done = subprocess.run(["make", "--no-print-directory", "-n", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=30)
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_make_lab_and_make_test_install_the_lock_and_reinstall_when_it_changes():
    # -W: as if requirements/lock.txt had just changed. The stamp that `make lab` and `make test` need is
    # then out of date, and remaking it installs the lock's exact versions (hashes checked), then the kit alone.
    commands = dry_run("-W", "requirements/lock.txt", ".venv/.qantar-installed")
    installs = [c for c in commands if " -m pip install " in c]
    assert installs[0].startswith(".venv/bin/python -m pip install") and installs[0].endswith(
        "--require-hashes -r requirements/lock.txt")
    assert installs[1].endswith("--no-deps -e .") and len(installs) == 2
    assert commands[-1] == "touch .venv/.qantar-installed"
    for target in ("lab", "test"):   # both remake the stamp first
        assert dry_run("-W", "requirements/lock.txt", target)[:len(commands)] == commands


def test_make_test_latest_uses_a_venv_of_its_own_and_make_lock_rewrites_the_lock():
    latest = dry_run("test-latest")
    assert not any(".venv/" in c or "lock.txt" in c for c in latest)   # .venv keeps the locked versions
    assert any("build/venv-latest/bin/python -m pip install" in c and "--upgrade" in c and '".[test]"' in c
               for c in latest)
    assert latest[-1] == "build/venv-latest/bin/python -m pytest -n 2 --dist loadfile"
    lock = dry_run("lock")
    assert any("requirements/lock.py --upgrade" in c for c in lock)
    assert "make test" in lock[-1]
