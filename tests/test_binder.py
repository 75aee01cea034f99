"""Binder and JupyterHub: repo2docker builds the kit as it is (environment.yml, then postBuild).

`jupyter-repo2docker --no-build --debug` writes the Dockerfile it would build without needing Docker; the
test reads it. A real build (Docker, network) is not possible here: see the README's Binder section.
"""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qantar.data import ROOT


def repo2docker() -> str:
    local = Path(sys.executable).parent / "jupyter-repo2docker"
    found = str(local) if local.exists() else shutil.which("jupyter-repo2docker")
    if not found:
        pytest.skip("jupyter-repo2docker is missing (it comes with pip install -e '.[test]')")
    return found


def test_repo2docker_creates_the_environment_then_installs_and_sets_up_the_kit():
    run = subprocess.run([repo2docker(), "--no-build", "--debug", str(ROOT)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr[-3000:]
    dockerfile = run.stdout
    python = re.search(r"^\s*-\s*python=(\S+)", (ROOT / "environment.yml").read_text(), flags=re.M).group(1)
    assert f"python={python}" in run.stderr + dockerfile, "repo2docker did not pick environment.yml's Python"
    copy = dockerfile.find("src/ ${REPO_DIR}/")
    update = dockerfile.find('env update -p ${NB_PYTHON_PREFIX} --file "environment.yml"')
    post = dockerfile.find("RUN ./postBuild")
    assert update > 0, "the Dockerfile does not create the environment from environment.yml"
    assert 0 < copy < update, "the repository must be copied in before environment.yml installs the kit (-e .)"
    assert update < post, "postBuild must run after the environment is created"
    pip = (ROOT / "environment.yml").read_text().split("- pip:", 1)[1]
    assert re.search(r"^\s*-\s*-e \.\s*$", pip, flags=re.M), "environment.yml's pip section must install the kit"
    post_build = (ROOT / "postBuild").read_text()
    assert os.access(ROOT / "postBuild", os.X_OK) and "qantar setup-lab" in post_build
