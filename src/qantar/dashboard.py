"""The dashboard (`qantar dashboard`, `make dashboard`): the lessons as Voilà pages, code hidden, widgets live.

The one place that says how the dashboard is launched: `command()` is the command line that `make dashboard`
runs (through `qantar dashboard`) and that the browser tests start, so what is tested is what a teacher runs.
It starts Voilà through this module's `main()`, which adds what a classroom needs:

- only this machine can use it: Voilà listens on 127.0.0.1, and every request whose Host header names
  another machine is refused (a web page elsewhere could otherwise point its own name at 127.0.0.1, "DNS
  rebinding", and read the dashboard as if it were its own site);
- a page that is closed, or whose browser went away, does not keep its kernel (about 150 MB each): a kernel
  idle with no browser attached is stopped after CULL_IDLE_TIMEOUT; an open page keeps its kernel;
- it works offline: the kit's template (dashboard_assets/voila/templates/qantar) is Voilà's own without
  the stylesheet links Voilà takes from a CDN.
"""
from __future__ import annotations

import ipaddress
import os
import subprocess
import sys
from pathlib import Path

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ASSETS = Path(__file__).resolve().parent / "dashboard_assets"   # a Jupyter data folder: voila/templates/qantar
DEFAULT_PORT = 8866

# Culling: every CULL_INTERVAL seconds, a kernel that no browser is attached to and that has been idle for
# CULL_IDLE_TIMEOUT seconds is stopped. Three minutes outlasts a page's first run and a reload; a closed
# page's kernel is gone within four.
CULL_IDLE_TIMEOUT = 180
CULL_INTERVAL = 60

# Voilà's settings, as traitlets options ("Class.trait": value). Add any further Voilà or executor setting
# here: `command()` passes each one on.
SETTINGS = {
    "VoilaConfiguration.strip_sources": True,          # the code cells are not shown
    "VoilaConfiguration.show_tracebacks": False,
    "VoilaConfiguration.template": "qantar",           # served from this machine, see the module's docstring
    "VoilaConfiguration.allow_template_override": "NO",  # a ?template= in the address cannot swap it back
    "Voila.port_retries": 0,                           # the port asked for, or a clear error (not another port)
    "MappingKernelManager.cull_connected": False,       # never stop the kernel of a page still open
}


def command(notebooks: Path | str = NOTEBOOKS, port: int = DEFAULT_PORT, *,
            cull_idle_timeout: int = CULL_IDLE_TIMEOUT, cull_interval: int = CULL_INTERVAL) -> list[str]:
    """The dashboard's command line: Voilà on 127.0.0.1:port, serving the notebooks folder."""
    options = {**SETTINGS, "Voila.ip": "127.0.0.1", "Voila.port": port,
               "MappingKernelManager.cull_idle_timeout": cull_idle_timeout,
               "MappingKernelManager.cull_interval": cull_interval}
    return [sys.executable, "-m", "qantar.dashboard", str(notebooks), "--no-browser",
            *(f"--{name}={value}" for name, value in options.items())]


def run(notebooks: Path | str = NOTEBOOKS, port: int = DEFAULT_PORT) -> int:
    """Serve until Ctrl+C. Ctrl+C reaches Voilà as well, which stops its kernels before it exits: wait for it."""
    with subprocess.Popen(command(notebooks, port)) as server:
        while True:
            try:
                return server.wait()
            except KeyboardInterrupt:
                continue


# --- the Voilà process ----------------------------------------------------------------------------------

def is_loopback(host_name: str) -> bool:
    """True for `localhost` and a loopback address (127.0.0.1, [::1]). host_name is tornado's: no port."""
    name = host_name.removeprefix("[").removesuffix("]")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


class LoopbackHostOnly:
    """Mixed into each of Voilà's request handlers: answer 403 when the Host header is not this machine.
    Voilà standalone turns jupyter_server's own Host check off (allow_remote_access=True) and serves its
    static files and notebook files with plain tornado handlers that have none, so the check is made here,
    before any handler runs (and before a page starts a kernel)."""

    def prepare(self, *args, **kwargs):
        if is_loopback(self.request.host_name):
            return super().prepare(*args, **kwargs)
        from tornado.log import app_log

        app_log.warning("Refused a request with Host %r: the dashboard answers this machine only.",
                        self.request.host)
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("403: this dashboard answers only to this machine (http://127.0.0.1).\n")
        return None


def loopback_only(rule: tuple) -> tuple:
    """A tornado handler rule (pattern, handler[, kwargs]) whose handler makes the Host check first."""
    pattern, handler, *kwargs = rule
    return (pattern, type(handler.__name__, (LoopbackHostOnly, handler), {}), *kwargs)


def dashboard_app():
    """Voilà's application with the Host check on every handler. Voilà is imported here, not at the top:
    it takes seconds, and only the Voilà process needs it."""
    from voila.app import Voila

    class Dashboard(Voila):
        def init_handlers(self):
            return [loopback_only(rule) for rule in super().init_handlers()]

    return Dashboard


def main(argv=None) -> None:
    # Voilà looks for templates, and for their static files at each request, in the Jupyter data folders.
    os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(ASSETS), os.environ.get("JUPYTER_PATH")]))
    dashboard_app().launch_instance(argv)


if __name__ == "__main__":
    main()
