"""The set-up files agree with each other."""
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


def test_readme_gives_exactly_two_setup_commands():
    readme = (ROOT / "README.md").read_text()
    block = readme.split("## Set up", 1)[1].split("##", 1)[0]
    commands = re.findall(r"^\s*make (\w+)\s*$", block, flags=re.M)
    assert commands == ["lab", "test"]


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in ci
