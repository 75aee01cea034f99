"""Installs that do not drift: `make lab` and `make test` install exactly the versions in requirements/lock.txt.

The lock (made by requirements/lock.py) pins every package, with hashes; .venv is installed from it. The
first test compares the running environment with the lock, package by package, when it is the .venv that
`make test` made; `make test-latest` runs the suite in build/venv-latest on newer releases, where it skips.
"""
import importlib.util
import re
import sys
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from qantar.data import ROOT

LOCK = ROOT / "requirements" / "lock.txt"


def _lock_module():
    spec = importlib.util.spec_from_file_location("qantar_lock", ROOT / "requirements" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lock = _lock_module()


def in_locked_venv() -> bool:
    return Path(sys.prefix).resolve() == (ROOT / ".venv").resolve()


@pytest.mark.skipif(not in_locked_venv(), reason=f"runs in the .venv that make test installs from the lock, not {sys.prefix}")
def test_the_venv_has_exactly_the_locked_versions():
    problems = lock.differences(lock.expected(LOCK.read_text()), lock.installed())
    assert not problems, ("this .venv is not what requirements/lock.txt pins (rm -r .venv; make test rebuilds it):\n"
                          + "\n".join(problems))


def test_the_comparison_finds_every_planted_mismatch():
    wanted = lock.expected(LOCK.read_text())
    assert {"pandas", "matplotlib", "jupyterlab", "numpy", "pytest"} <= set(wanted)
    exact = dict(wanted, qantar="0.1.0", pip="23.2.1", setuptools="65.5.0")   # not locked: not compared
    assert lock.differences(wanted, exact) == []

    planted = dict(exact, pandas="2.2.3", ipdb="0.13.13")
    del planted["matplotlib"]
    assert lock.differences(wanted, planted) == [
        f"matplotlib: locked {wanted['matplotlib']}, not installed",
        f"pandas: locked {wanted['pandas']}, installed 2.2.3",
        "ipdb 0.13.13: installed, not in the lock",
    ]
    # Names compare as pip compares them: `Jinja2` and `jinja2`, `ruamel.yaml` and `ruamel-yaml` are one package.
    assert lock.canonical("Jinja2") == "jinja2" and lock.canonical("ruamel.yaml") == "ruamel-yaml"


def test_the_lock_pins_every_package_with_hashes_and_says_how_it_was_made():
    text = LOCK.read_text()
    header = text.split("\n\n", 1)[0]
    assert all(line.startswith("#") for line in header.splitlines())
    for words in ("requirements/lock.py", "make lock", "make test-latest", "make test", "--require-hashes"):
        assert words in header
    requirements = re.split(r"\n(?=[A-Za-z0-9])", text.split("\n\n", 1)[1].strip())
    assert len(requirements) >= 100
    for requirement in requirements:
        first = requirement.splitlines()[0]
        assert re.match(r"^[A-Za-z0-9._-]+==\S+( ; .+)? \\$", first), f"not an exact pin: {first}"
        assert re.search(r"--hash=sha256:[0-9a-f]{64}", requirement), f"no hash: {first}"
    assert not re.search(r"^\s*-(-index-url|-extra-index-url|-find-links|i |f )", text, flags=re.M), \
        "the lock must not name this machine's indexes"


def test_the_lock_installs_one_version_of_each_package_on_linux_and_macos_pythons():
    text = LOCK.read_text()
    for platform in ({"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
                     {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"}):
        for python in ("3.11.5", "3.12.0", "3.13.0"):
            env = dict(platform, python_full_version=python, python_version=python.rsplit(".", 1)[0])
            assert "pandas" in lock.expected(text, env)   # raises if two versions of a package would apply
    darwin = {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"}
    assert "appnope" in lock.expected(text, darwin)   # ipykernel needs it on a Mac; --require-hashes needs it pinned


def test_the_locked_versions_satisfy_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = lock.expected(LOCK.read_text())
    for line in project["dependencies"] + project["optional-dependencies"]["test"]:
        requirement = Requirement(line)
        name = lock.canonical(requirement.name)
        assert name in wanted, f"{name} is in pyproject.toml but not in the lock: run make lock"
        assert requirement.specifier.contains(wanted[name], prereleases=True), \
            f"the lock's {name}=={wanted[name]} is outside pyproject.toml's {requirement.specifier}: run make lock"
