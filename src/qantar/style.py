"""One look for every figure: a colour-blind-safe palette, readable fonts, and the text under each figure.

Every plot function ends with ``return finish(ax, description, source_ids)``: the description is one
sentence written from the data the function drew, the source ids those of the rows drawn. ``show(ax)``
then displays the figure followed by that sentence and the sources caption, so the caption can never
be typed by hand or drift from the data.
"""
from __future__ import annotations

import matplotlib

from . import data

# Okabe & Ito (2008), "Color Universal Design": distinguishable with the common colour-vision deficiencies.
PALETTE = {
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "bluish_green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish_purple": "#CC79A7",
    "black": "#000000",
}
# The order series take: strong contrasts first, yellow (weak on white) last.
COLOURS = [PALETTE[k] for k in ("blue", "orange", "bluish_green", "vermillion", "reddish_purple",
                                 "sky_blue", "black", "yellow")]
# A second cue for each series, so no reading depends on colour alone.
MARKERS = ["o", "s", "^", "D", "v", "P", "X", "*"]
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1)), (0, (3, 1, 1, 1)), (0, (1, 1)), (0, (5, 5))]
GREY = "#BBBBBB"

RC = {
    "figure.figsize": (8, 4.5),
    "figure.dpi": 100,
    "savefig.dpi": 100,
    "font.size": 11,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.labelsize": 11,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.color": "#E5E5E5",
    "legend.frameon": False,
    "axes.prop_cycle": matplotlib.cycler(color=COLOURS),
    "svg.hashsalt": "qantar",  # deterministic ids if anyone saves SVG
    "date.autoformatter.day": "%d %b",
}


def series_style(i: int) -> dict:
    """Colour, marker and line style of the i-th series."""
    return {"color": COLOURS[i % len(COLOURS)], "marker": MARKERS[i % len(MARKERS)],
            "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def use() -> None:
    """Apply the kit's matplotlib settings (called when a theme module is imported)."""
    matplotlib.rcParams.update(RC)


def new_axes(ax=None, figsize=None):
    """The axes to draw on: the one given, or a fresh figure's."""
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    use()
    _, ax = plt.subplots(figsize=figsize or RC["figure.figsize"])
    return ax


def finish(ax, description: str, source_ids) -> "matplotlib.axes.Axes":
    """Attach the one-sentence description and the sources of what was drawn; return the axes."""
    ax.qantar_description = description.strip()
    ax.qantar_source_ids = data.split_ids(source_ids)
    return ax


def description(ax) -> str:
    return getattr(ax, "qantar_description", "")


def caption(ax) -> str:
    """The text printed under a figure: the description, then the sources."""
    return f"{description(ax)}\n\n{data.caption(getattr(ax, 'qantar_source_ids', []))}"


class FigureNote:
    """The description and sources shown under a figure; renders as Markdown in a notebook."""

    def __init__(self, ax):
        self.description = description(ax)
        self.sources = data.caption(getattr(ax, "qantar_source_ids", []))

    def _repr_markdown_(self) -> str:
        return f"*Figure:* {self.description}\n\n<small>{self.sources}</small>"

    def __repr__(self) -> str:
        return f"Figure: {self.description}\n{self.sources}"


def show(ax) -> None:
    """Display a finished figure with its description and sources under it (in a notebook or Output)."""
    import matplotlib.pyplot as plt
    from IPython.display import display

    figure = ax.figure
    display(figure)
    plt.close(figure)
    display(FigureNote(ax))


use()
