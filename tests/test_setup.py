"""The set-up files agree with each other."""
import importlib.util
import re
import tomllib

from qantar.data import ROOT


def _names(requirements):
    return {re.split(r"[<>=!~ \[]", r.strip(), maxsplit=1)[0].lower() for r in requirements if r.strip()}


def test_environment_yml_lists_the_same_runtime_and_test_packages_as_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = _names(project["dependencies"]) | (_names(project["optional-dependencies"]["test"]) - {"playwright"})
    lines = (ROOT / "environment.yml").read_text().split("dependencies:", 1)[1].splitlines()
    conda = {re.split(r"[<>=! ]", line.strip()[2:], maxsplit=1)[0].lower()
             for line in lines if line.startswith("  - ") and not line.strip().startswith("- pip")}
    conda -= {"python"}
    assert conda == wanted, f"only in environment.yml: {conda - wanted}; only in pyproject: {wanted - conda}"
    assert any("-e ." in line for line in lines), "environment.yml must install the kit itself"


def test_environment_yml_pins_the_locked_versions():
    """Binder's conda environment gets the versions `make lab` gets: each package environment.yml names (but
    python and pip) is pinned with == to its version in requirements/lock.txt (`make lock` writes both)."""
    spec = importlib.util.spec_from_file_location("qantar_lock", ROOT / "requirements" / "lock.py")
    lock = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(lock)
    text = (ROOT / "environment.yml").read_text()
    conda = text.split("dependencies:", 1)[1].split("- pip:", 1)[0]
    named = {lock.canonical(m) for m in re.findall(r"^  - ([A-Za-z0-9._-]+)", conda, flags=re.M)} - {"python", "pip"}
    pins = lock.environment_yml_pins(text)
    assert set(pins) == named, f"not pinned with ==: {sorted(named - set(pins))}"
    locked = lock.expected((ROOT / "requirements" / "lock.txt").read_text(), lock.conda_environment(text))
    wrong = {name: (version, locked.get(name)) for name, version in pins.items() if locked.get(name) != version}
    assert not wrong, f"environment.yml's pins differ from the lock (environment.yml, lock): {wrong}; run make lock"


def test_readme_gives_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Set up", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^\s*make (\w+)\s*$", block, flags=re.M)
    assert commands == ["lab", "test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
