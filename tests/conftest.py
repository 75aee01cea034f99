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


@pytest.fixture
def covered_by_legend():
    """A function: the names of the points and labels of ``ax`` that its legend hides, drawn as a notebook
    draws them (a legend placed over a city hides the city)."""
    def covered(ax) -> list[str]:
        ax.figure.canvas.draw()
        box = ax.get_legend().get_window_extent()
        hidden = [text.get_text() for text in ax.texts if box.overlaps(text.get_window_extent())]
        for collection in ax.collections:
            points = collection.get_offset_transform().transform(collection.get_offsets())
            hidden += [f"point at {tuple(p.round())}" for p in points if box.contains(*p)]
        return hidden
    return covered
