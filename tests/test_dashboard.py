"""The dashboard (`make dashboard`) started from qantar.dashboard.command, as a teacher starts it: it answers
this machine only (a Host header naming another machine is refused, against DNS rebinding), and a page's
kernel is stopped once the page is gone. The browser test (tests/browser) drives its pages and checks that
none reaches beyond the machine.
"""
from __future__ import annotations

import http.client
import json
import re
import socket
import subprocess
import time

import nbformat
import pytest

from qantar import cli, dashboard, notebooks

CULL_IDLE_TIMEOUT, CULL_INTERVAL = 2, 1   # seconds: short, so that the test sees a kernel culled


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str, host: str) -> tuple[int, str]:
    """GET a path of the dashboard with this Host header: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def wait_until_up(port: int, proc: subprocess.Popen, log, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert proc.poll() is None, f"the dashboard exited:\n{log.read_text()[-3000:]}"
        try:
            if get(port, "/", f"127.0.0.1:{port}")[0] == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise AssertionError(f"the dashboard did not answer in {timeout} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The dashboard on a folder with one small notebook, culling after CULL_IDLE_TIMEOUT: (port, log)."""
    folder = tmp_path_factory.mktemp("dashboard")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print('planted page')")])
    nb.metadata["kernelspec"] = dict(notebooks.KERNELSPEC)
    nbformat.write(nb, folder / "page.ipynb")
    port, log = free_port(), folder / "voila.log"
    cmd = dashboard.command(folder, port, cull_idle_timeout=CULL_IDLE_TIMEOUT, cull_interval=CULL_INTERVAL)
    with open(log, "w") as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(port, proc, log)
        yield port, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def kernel_alive(port: int, kernel_id: str) -> bool:
    status, _ = get(port, f"/api/kernels/{kernel_id}", f"127.0.0.1:{port}")
    assert status in (200, 404), status
    return status == 200


def test_the_dashboard_listens_on_this_machine_only():
    cmd = dashboard.command(port=8870)
    assert "--Voila.ip=127.0.0.1" in cmd and "--Voila.port=8870" in cmd
    assert cmd[1:3] == ["-m", "qantar.dashboard"]


@pytest.mark.parametrize("path", ["/", "/voila/render/page.ipynb", "/voila/static/voila.js",
                                  "/voila/templates/qantar/static/index.css"])
def test_a_request_naming_another_host_is_refused(served, path):
    port, log = served
    status, body = get(port, path, f"evil.example:{port}")
    assert status == 403, (status, body[:300])
    assert "this machine" in body and "planted page" not in body


@pytest.mark.parametrize("host", ["127.0.0.1:{port}", "localhost:{port}", "[::1]:{port}"])
def test_a_request_naming_this_machine_is_served(served, host):
    port, _ = served
    status, body = get(port, "/voila/templates/qantar/static/index.css", host.format(port=port))
    assert status == 200, (status, body[:300])


def test_a_page_whose_browser_is_gone_has_its_kernel_stopped(served):
    # A page requested and never attached to, as when a browser is closed or a laptop sleeps mid-lesson.
    port, log = served
    status, page = get(port, "/voila/render/page.ipynb", f"127.0.0.1:{port}")
    assert status == 200 and "planted page" in page, page[-2000:]
    config = re.search(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', page, re.S)
    kernel_id = json.loads(config.group(1))["kernelId"]
    assert kernel_alive(port, kernel_id), "the page's kernel is not running"
    deadline = time.monotonic() + CULL_IDLE_TIMEOUT + CULL_INTERVAL + 15
    while kernel_alive(port, kernel_id):
        assert time.monotonic() < deadline, f"kernel {kernel_id} still runs:\n{log.read_text()[-2000:]}"
        time.sleep(0.5)
    assert "Culling" in log.read_text()


def test_qantar_dashboard_serves_the_kit_notebooks_on_the_port_asked(monkeypatch):
    calls = []
    monkeypatch.setattr(dashboard, "run", lambda notebooks, port: calls.append((notebooks, port)) or 0)
    assert cli.main(["dashboard", "--port", "8870"]) == 0
    assert calls == [(dashboard.NOTEBOOKS, 8870)]
