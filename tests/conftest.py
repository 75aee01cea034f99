"""Shared fixtures. Tests build small tables in memory or in a temporary copy of datasets/."""
import shutil

import matplotlib
import pytest

matplotlib.use("Agg")

from qantar import data  # noqa: E402


@pytest.fixture
def datasets_copy(tmp_path):
    """A temporary copy of datasets/ that a test may break without touching the real one."""
    target = tmp_path / "datasets"
    shutil.copytree(data.DATASETS, target)
    return target


@pytest.fixture(autouse=True)
def close_figures():
    yield
    import matplotlib.pyplot as plt

    plt.close("all")
