"""Write requirements/lock.txt: the exact versions, with hashes, that `make lab` and `make test` install.

    make lock                                              the newest releases pyproject.toml allows
    build/venv-lock/bin/python requirements/lock.py --pins-from .venv
                                                           the versions installed in that venv
    .venv/bin/python requirements/lock.py --check          how that venv differs from the lock

Both resolve the kit's runtime packages and its `test` extra with uv (`uv pip compile --universal
--generate-hashes`, from the registry uv uses by default: PyPI) for CPython 3.11.5 or newer on Linux and macOS,
write the lock with the header below, and set environment.yml's pins to the locked versions. `make lock` makes
build/venv-lock (uv, pinned in the Makefile) and runs this with --upgrade.

The functions that read the lock and compare it with an environment are used by tests/test_lock.py and
tests/test_setup.py; they need the standard library and `packaging` (for markers; locked, and in
build/venv-lock).
"""
from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCK = ROOT / "requirements" / "lock.txt"
ENVIRONMENT = ROOT / "environment.yml"
OLDEST_PYTHON = "3.11.5"   # the oldest CPython every locked release supports (soupsieve asks for 3.11.5)
# pip, setuptools and wheel come with the venv itself (`pip freeze` leaves them out too); the kit is installed
# from this folder, not from the lock.
NOT_LOCKED = {"pip", "setuptools", "wheel", "distribute", "qantar"}

HEADER = f"""\
# The exact versions, with the hash of every file, that `make lab` and `make test` install into .venv:
# `pip install --require-hashes -r requirements/lock.txt`, then the kit itself (`pip install --no-deps -e .`).
# It holds the kit's runtime packages and its `test` extra (pyproject.toml) and everything they need,
# for CPython {OLDEST_PYTHON} or newer on Linux and macOS (a line with `;` applies to some platforms only).
# Made by requirements/lock.py with uv (`uv pip compile --universal --generate-hashes`, from PyPI), first
# from the versions the whole suite passed on (`--pins-from .venv`). Do not edit it by hand. To refresh:
#   make test-latest   runs the suite in build/venv-latest on the newest releases pyproject.toml allows
#   make lock          rewrites this file and environment.yml's pins to the newest releases
#   make test          reinstalls .venv from the new lock and runs the suite; commit the lock only if it passes
"""


def canonical(name: str) -> str:
    """A package name as pip compares names (PEP 503): `Jinja2`, `ruamel.yaml` -> `jinja2`, `ruamel-yaml`."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked(text: str) -> dict[str, list[tuple[str, str]]]:
    """Each requirement of a lock file: canonical name -> [(version, environment marker or "")]. A name has
    two lines or more where the newest release differs between Pythons (`numpy==2.5.5 ; python_full_version
    >= '3.12'` and `numpy==2.4.6 ; python_full_version < '3.12'`)."""
    pins: dict[str, list[tuple[str, str]]] = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]*?))?\s*\\?\s*$", line)
        if match:
            pins.setdefault(canonical(match[1]), []).append((match[2], (match[3] or "").strip()))
    return pins


def expected(text: str, environment: dict[str, str] | None = None) -> dict[str, str]:
    """What installing the lock must give (here, or in `environment`, a dict of marker variables that
    override this machine's): canonical name -> version, from the lines whose marker holds."""
    from packaging.markers import Marker

    found = {}
    for name, entries in locked(text).items():
        versions = [version for version, marker in entries if not marker or Marker(marker).evaluate(environment)]
        if len(versions) > 1:
            raise ValueError(f"the lock has {len(versions)} versions of {name} for one environment: {versions}")
        if versions:
            found[name] = versions[0]
    return found


def installed() -> dict[str, str]:
    """The running environment's packages (as `pip freeze` lists them): canonical name -> version."""
    from importlib import metadata

    found = {}
    for dist in metadata.distributions():
        name = dist.metadata["Name"]
        if name:
            found.setdefault(canonical(name), dist.version)
    return found


def differences(wanted: dict[str, str], present: dict[str, str]) -> list[str]:
    """Every way the present packages differ from the wanted ones, one line each (empty: they agree)."""
    problems = []
    for name, version in sorted(wanted.items()):
        if name not in present:
            problems.append(f"{name}: locked {version}, not installed")
        elif present[name] != version:
            problems.append(f"{name}: locked {version}, installed {present[name]}")
    for name in sorted(set(present) - set(wanted) - NOT_LOCKED):
        problems.append(f"{name} {present[name]}: installed, not in the lock")
    return problems


def environment_yml_pins(text: str) -> dict[str, str]:
    """environment.yml's conda packages with an exact version (`- name==1.2`): canonical name -> version."""
    conda = text.split("dependencies:", 1)[1].split("- pip:", 1)[0]
    return {canonical(m[1]): m[2] for m in re.finditer(r"^  - ([A-Za-z0-9._-]+)==(\S+)\s*$", conda, flags=re.M)}


def conda_environment(text: str) -> dict[str, str]:
    """The marker variables of environment.yml's environment (Binder: Linux, its `python=` version)."""
    python = re.search(r"^\s*-\s*python=(\d+\.\d+)", text, flags=re.M)[1]
    full = OLDEST_PYTHON if OLDEST_PYTHON.startswith(python + ".") else python + ".0"
    return {"python_version": python, "python_full_version": full, "sys_platform": "linux", "os_name": "posix",
            "platform_system": "Linux", "implementation_name": "cpython", "platform_python_implementation": "CPython"}


def pin_environment_yml(text: str, lock_text: str) -> str:
    """environment.yml with each conda package (but python and pip) pinned to its locked version."""
    pins = expected(lock_text, conda_environment(text))
    head, rest = text.split("dependencies:", 1)
    conda, pip = rest.split("  - pip:", 1)

    def pin(match: re.Match) -> str:
        name = match[1]
        if name in ("python", "pip"):
            return match[0]
        if canonical(name) not in pins:
            raise SystemExit(f"environment.yml names {name}, which the lock does not have")
        return f"  - {name}=={pins[canonical(name)]}"

    conda = re.sub(r"^  - ([A-Za-z0-9._-]+)(?:[<>=!~].*)?$", pin, conda, flags=re.M)
    return head + "dependencies:" + conda + "  - pip:" + pip


def freeze(venv: Path) -> str:
    """`pip freeze` of a venv, without the kit itself (installed editable)."""
    run = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "freeze", "--exclude-editable"],
                         capture_output=True, text=True, check=True)
    return "".join(line + "\n" for line in run.stdout.splitlines()
                   if line and not line.startswith("#") and canonical(line.split("==")[0]) not in NOT_LOCKED)


def compile_lock(pins_from: Path | None) -> str:
    """Resolve with uv; the lock's text (header included)."""
    command = [sys.executable, "-m", "uv", "pip", "compile", str(ROOT / "pyproject.toml"), "--extra", "test",
               "--universal", "--python-version", OLDEST_PYTHON, "--generate-hashes", "--no-header", "--quiet"]
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never"}
    with tempfile.TemporaryDirectory() as tmp:
        if pins_from is not None:
            constraints = Path(tmp) / "pins.txt"
            constraints.write_text(freeze(pins_from))
            command += ["--constraint", str(constraints)]
        run = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
        if run.returncode:
            raise SystemExit(f"uv could not resolve the lock:\n{run.stderr}")
        body = run.stdout
        if pins_from is not None:   # uv names the temporary constraints file in its `# via` notes: drop it
            body = re.sub(r"^\s*#\s+-c \S*pins\.txt\n", "", body, flags=re.M)
            body = body.replace(f"# via -c {constraints}\n", "# via\n")
            body = re.sub(r"^(\s*)# via\n\s*#   (.+)\n(?!\s*#   )", r"\1# via \2\n", body, flags=re.M)
    return HEADER + "\n" + body


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    group = parser.add_mutually_exclusive_group(required=True)
    group.add_argument("--upgrade", action="store_true", help="lock the newest releases pyproject.toml allows")
    group.add_argument("--pins-from", type=Path, metavar="VENV", help="lock the versions installed in VENV")
    group.add_argument("--check", action="store_true",
                       help="list how the running Python's packages differ from the lock (exit 1 if they do)")
    args = parser.parse_args(argv)
    if args.check:
        problems = differences(expected(LOCK.read_text()), installed())
        print(f"{sys.prefix} differs from {LOCK.relative_to(ROOT)}:" if problems else
              f"{sys.prefix} has exactly the versions in {LOCK.relative_to(ROOT)}.")
        print("".join(f"  {problem}\n" for problem in problems), end="")
        return 1 if problems else 0
    text = compile_lock(None if args.upgrade else args.pins_from.resolve())
    pins = locked(text)
    if args.pins_from is not None:
        wanted = {name: version for name, version in
                  (line.split("==", 1) for line in freeze(args.pins_from.resolve()).splitlines())}
        wanted = {canonical(name): version for name, version in wanted.items()}
        here = expected(text)
        missing = [f"{name}=={version}" for name, version in sorted(wanted.items()) if here.get(name) != version]
        if missing:
            raise SystemExit(f"the lock would not pin these versions of {args.pins_from}: {', '.join(missing)}")
    LOCK.write_text(text)
    ENVIRONMENT.write_text(pin_environment_yml(ENVIRONMENT.read_text(), text))
    print(f"{LOCK.relative_to(ROOT)}: {len(pins)} packages; environment.yml's pins follow it.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
