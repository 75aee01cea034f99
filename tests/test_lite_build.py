"""The browser edition's build (qantar.lite) refuses every file it cannot verify, ships only what the kit needs,
and makes the kit's own wheel; on a small fake cache, with no network. The real site is tested in
tests/browser/test_lite.py."""
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from qantar import lite


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def entry(name, depends=(), file_name=None, data=b""):
    file_name = file_name or f"{name}-1.0-py3-none-any.whl"
    return {"name": name, "version": "1.0", "file_name": file_name, "install_dir": "site", "sha256": sha(data),
            "package_type": "package", "imports": [name], "depends": list(depends), "unvendored_tests": False}


@pytest.fixture
def fake_cache(tmp_path, monkeypatch):
    """A cache shaped like the real one: an npm tarball with a lock, a carrier wheel, the PyPI wheels; its
    hashes pinned in place of the real ones. Returns (cache, the official lock's packages)."""
    cache = tmp_path / "cache"
    cache.mkdir()
    carried = {name: f"{name} bytes".encode() for name in
               ["numpy", "pandas", "matplotlib", "ipython", "traitlets", "micropip", "ssl", "sqlite3", "jedi",
                "scipy", "prompt_toolkit"]}
    depends = {"pandas": ["numpy"], "matplotlib": ["numpy"], "ipython": ["traitlets", "prompt-toolkit"],
               "scipy": ["numpy"]}
    packages = {name: entry(name, depends.get(name, ()), data=data) for name, data in carried.items()}
    packages["prompt-toolkit"] = packages.pop("prompt_toolkit")          # the lock's key differs from the name
    packages["networkx"] = entry("networkx", ["numpy", "setuptools"], "networkx-3.4.2-py3-none-any.whl",
                                 b"pyodide's own networkx build")
    lock = {"info": {"version": lite.PYODIDE_VERSION}, "packages": packages}
    with tarfile.open(cache / lite.PYODIDE_TARBALL, "w:gz") as tar:
        for name, data in [("pyodide-lock.json", json.dumps(lock).encode()),
                           *[(core, f"core {core}".encode()) for core in lite.PYODIDE_CORE]]:
            info = tarfile.TarInfo(f"package/{name}")
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    with zipfile.ZipFile(cache / lite.CARRIER, "w") as carrier:
        for item in packages.values():
            if item["name"] in carried:
                carrier.writestr(lite.CARRIER_FOLDER + item["file_name"], carried[item["name"]])
    for file_name in lite.PYPI_WHEELS.values():
        (cache / file_name).write_bytes(f"pypi {file_name}".encode())
    pinned = {name: sha((cache / name).read_bytes()) for name in
              [lite.PYODIDE_TARBALL, lite.CARRIER, *lite.PYPI_WHEELS.values()]}
    monkeypatch.setattr(lite, "PINNED", pinned)
    return cache, packages


def test_a_cached_file_that_differs_from_its_pin_is_refused_and_removed(fake_cache):
    cache, _ = fake_cache
    lite.verify_cache(cache)
    comm = cache / "comm-0.2.2-py3-none-any.whl"
    comm.write_bytes(b"tampered")
    with pytest.raises(lite.LiteError, match="comm-0.2.2.*not the pinned"):
        lite.verify_cache(cache)
    assert not comm.exists()
    with pytest.raises(lite.LiteError, match="missing: run `make lite-fetch`"):
        lite.verify_cache(cache)


def test_the_site_carries_what_the_kit_needs_each_file_as_pinned_or_as_the_official_lock_lists(fake_cache, tmp_path):
    cache, official = fake_cache
    target = tmp_path / "pyodide"
    lock = lite.pyodide_folder(target, cache)
    shipped = set(lock["packages"])
    assert {"qantar", "pandas", "matplotlib", "networkx", "ipywidgets", "comm", "prompt-toolkit"} <= shipped
    assert "scipy" not in shipped                                  # in the carrier, not needed: not served
    for name, item in lock["packages"].items():                   # every file served has its lock's hash
        assert sha((target / item["file_name"]).read_bytes()) == item["sha256"], name
    assert lock["packages"]["networkx"]["sha256"] == lite.PINNED["networkx-3.4.2-py3-none-any.whl"]
    assert "setuptools" not in lock["packages"]["networkx"]["depends"]
    assert set(lite.KIT_DEPENDS) == set(lock["packages"]["qantar"]["depends"])
    assert (target / "pyodide.asm.wasm").read_bytes() == b"core pyodide.asm.wasm"
    assert json.loads((target / "pyodide-lock.json").read_text()) == lock


@pytest.mark.filterwarnings("ignore:Duplicate name")   # the tampered file is written over the good one
def test_a_carried_file_that_differs_from_the_official_lock_is_refused(fake_cache, tmp_path, monkeypatch):
    cache, _ = fake_cache
    with zipfile.ZipFile(cache / lite.CARRIER, "a") as carrier:
        carrier.writestr(lite.CARRIER_FOLDER + "pandas-1.0-py3-none-any.whl", b"a rebuilt pandas")
    monkeypatch.setitem(lite.PINNED, lite.CARRIER, sha((cache / lite.CARRIER).read_bytes()))
    with pytest.raises(lite.LiteError, match="pandas-1.0-py3-none-any.whl differs from Pyodide's official lock"):
        lite.pyodide_folder(tmp_path / "pyodide", cache)


def test_a_needed_package_missing_from_the_carrier_stops_the_build(fake_cache, tmp_path, monkeypatch):
    cache, _ = fake_cache
    monkeypatch.setattr(lite, "LOCK_ROOTS", [*lite.LOCK_ROOTS, "scipy", "no-such-package"])
    with pytest.raises(lite.LiteError, match="no package 'no-such-package'"):
        lite.pyodide_folder(tmp_path / "pyodide", cache)


def test_the_kits_wheel_holds_the_package_and_is_the_same_each_time():
    name, data = lite.kit_wheel()
    assert name == "qantar-0.1.0-py3-none-any.whl"
    assert lite.kit_wheel()[1] == data
    files = zipfile.ZipFile(io.BytesIO(data)).namelist()
    assert "qantar/data.py" in files and "qantar/exercises/start.py" in files
    assert not [f for f in files if "__pycache__" in f]
    record = zipfile.ZipFile(io.BytesIO(data)).read("qantar-0.1.0.dist-info/RECORD").decode()
    assert len(record.splitlines()) == len(files)


def test_every_notebook_of_the_site_says_where_work_lives_after_its_title(tmp_path):
    lite.stage_contents(tmp_path)
    notebooks = sorted(tmp_path.glob("*/*.ipynb"))
    assert {p.parent.name for p in notebooks} == {"notebooks", "exercises"} and len(notebooks) >= 10
    assert not (tmp_path / "exercises" / "teacher").exists()        # students get the student notebooks only
    for path in notebooks:
        cells = json.loads(path.read_text())["cells"]
        assert cells[0]["source"] and "".join(cells[0]["source"]).startswith("#"), path
        assert "choose *Download*" in cells[1]["source"] and "deletes your work" in cells[1]["source"], path
    assert (tmp_path / "datasets" / "events.csv").is_file()


def test_in_the_browser_the_kit_finds_its_files_in_the_kernels_drive():
    code = ("import sys, numpy, pandas; sys.platform = 'emscripten'; from qantar import data; "
            "print(data.ROOT, data.DATASETS)")
    env = {k: v for k, v in os.environ.items() if k != "QANTAR_DATASETS"}
    shown = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                           env=env).stdout.split()
    assert shown == ["/drive", "/drive/datasets"]
