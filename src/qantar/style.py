"""One look for every figure: a colour-blind-safe palette, readable fonts, and the text under each figure.

Every plot function ends with ``return finish(ax, description, source_ids)``: the description is one
sentence written from the data the function drew, the source ids those of the rows drawn. ``show(ax)``
then displays the figure followed by that sentence and the sources caption, so the caption can never
be typed by hand or drift from the data.
"""
from __future__ import annotations

import gc
import html
import io
import itertools
import re
import sys
from collections import OrderedDict

import matplotlib
import numpy as np

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
CONTEXT_GREY = "#D9D9D9"  # what an explorer shows as context: the rows not chosen, drawn under the chosen ones

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
    # Unhinted glyphs look the same at these sizes (compared side by side) and draw 10-20 % faster: an
    # explorer draws its text again at every change.
    "text.hinting": "no_hinting",
    # A title at a fixed height: the kit's axes have no ticks on top, and matplotlib's search for a clear
    # place measures every tick label again at each drawing.
    "axes.titley": 1.0,
}


def series_style(i: int) -> dict:
    """Colour, marker and line style of the i-th series."""
    return {"color": COLOURS[i % len(COLOURS)], "marker": MARKERS[i % len(MARKERS)],
            "linestyle": LINESTYLES[i % len(LINESTYLES)]}


def whole_dates(axis, minticks: int = 3, maxticks: int = 7) -> None:
    """Date ticks on ``axis`` (``ax.xaxis``) that each give the whole date at the level they mark: '04 Jan 2022',
    'Feb 2022', '2023'. A plain month format repeats a month that is ticked twice, and a day format without
    the year leaves a student to guess it when the dates cross New Year."""
    import matplotlib.dates as mdates

    locator = mdates.AutoDateLocator(minticks=minticks, maxticks=maxticks)
    axis.set_major_locator(locator)
    day, month = "%d %b %Y", "%b %Y"
    axis.set_major_formatter(mdates.ConciseDateFormatter(
        locator, formats=["%Y", month, day, day, day, day], zero_formats=["", month, day, day, day, day],
        show_offset=False))


# A notebook scales a picture down to the page's width, so whatever sticks out of a figure (a legend beside
# it, long tick labels) makes every text in it smaller on screen. Labels longer than this take their
# bracketed part to a second line; legends of many entries go below the plot.
LABEL_CHARS = 40


def two_lines(label: str, limit: int = LABEL_CHARS) -> str:
    """'Name (detail)' as 'Name' over '(detail)' when it is longer than ``limit`` characters."""
    return label.replace(" (", "\n(", 1) if len(label) > limit else label


def legend_below(ax, handles=None, ncol: int = 3, **kwargs):
    """The legend under the plot, below the x axis's ticks and label (0.55 inch down), in ``ncol`` columns."""
    below = -0.55 / (ax.get_position().height * ax.figure.get_figheight())
    options = {"loc": "upper center", "bbox_to_anchor": (0.5, below), "ncol": ncol, "fontsize": 9,
               "title_fontsize": 9, **kwargs}
    return ax.legend(handles=handles, **options) if handles is not None else ax.legend(**options)


def use() -> None:
    """Apply the kit's matplotlib settings (called when a theme module is imported)."""
    matplotlib.rcParams.update(RC)


def new_axes(ax=None, figsize=None):
    """The axes to draw on: the one given, or a fresh figure's. Axes an explorer has just emptied (see
    ``emptied``) take the size the plot function asks for, as a fresh figure would."""
    if ax is not None:
        if getattr(ax, "qantar_emptied", False):
            ax.qantar_emptied = False
            if tuple(ax.figure.get_size_inches()) != tuple(figsize or RC["figure.figsize"]):
                ax.figure.set_size_inches(figsize or RC["figure.figsize"])
        return ax
    import matplotlib.pyplot as plt

    _settle_objects()  # pyplot's objects too, the first time
    use()
    _, ax = plt.subplots(figsize=figsize or RC["figure.figsize"])
    return ax


def emptied(ax):
    """``ax`` with everything a plot function drew on it removed, for an explorer to draw its next choice on.

    A new figure at each update costs 15-20 ms before anything is drawn: the figure, its axes, its canvas
    and their tick objects are all made again. An explorer keeps one figure and empties it instead. What a
    plot function sets on the axes themselves (tick formatters, units) stays until it sets them again, so
    one explorer's axes take one plot function; the tests compare every choice with a fresh figure.
    """
    for container in list(ax.containers):
        container.remove()
    for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images, *ax.artists, *ax.tables]:
        artist.remove()
    if ax.get_legend() is not None:
        ax.get_legend().remove()
    for loc in ("left", "center", "right"):
        ax.set_title("", loc=loc)
    ax.set_xlabel("")
    ax.set_ylabel("")
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_inverted(False)  # invert_yaxis() flips: drawn twice, it would flip back
    ax.relim()
    ax.set_autoscale_on(True)
    ax.qantar_emptied = True
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
    """The description and sources shown under a figure: the sources that carry it, by kind, and the rest
    behind "N more" (``qantar.sources``)."""

    def __init__(self, ax):
        from .sources import for_figure

        self.description = description(ax)
        self.sources = for_figure(getattr(ax, "qantar_source_ids", []))

    def _repr_html_(self) -> str:
        return f"<p><i>Figure:</i> {html.escape(self.description)}</p>{self.sources._repr_html_()}"

    def __repr__(self) -> str:
        return f"Figure: {self.description}\n{self.sources!r}"


_tables_shown = itertools.count(1)


class Table:
    """A table for people: every row, the whole of every cell, text columns left-aligned (a notebook
    right-aligns table cells, which makes sentences hard to read) and numbers right-aligned; no 0-based
    row number (a RangeIndex is left out), a blank for a missing value (never NaN), whole numbers without
    ".0", and column names as words (``rename`` gives better ones; "report_id" is shown "report id").
    Every table a lesson or an explorer shows goes through it."""

    def __init__(self, frame, index: bool | None = None, rename: dict | None = None, blank: str = ""):
        import pandas as pd

        self.frame = frame
        # a 0, 1, 2 ... row number (left over after a filter too) means nothing to a reader; a named index
        # (a date, an actor) does
        self.index = _meaningful_index(frame.index) if index is None else index
        self.rename = rename or {}
        self.blank = blank
        self.id = f"qantar-table-{next(_tables_shown)}"  # the alignment rules are for this table alone
        self._shown = None

    def shown(self):
        """The frame as text, as it is shown: readable headers, numbers as a reader writes them (1,117;
        2.4; a year as 2019), a blank for a gap. Made once: a notebook asks for the HTML and the plain text."""
        return self._text().copy()

    def _text(self):
        if self._shown is None:
            self._shown = self._as_text()
        return self._shown

    def _as_text(self):
        from pandas.api.types import is_bool_dtype, is_numeric_dtype

        frame = self.frame.copy()
        for column in frame.columns:
            values = frame[column]
            numeric = is_numeric_dtype(values) and not is_bool_dtype(values)
            frame[column] = [self.blank if _missing(v) else _number_text(v) if numeric else _cell_text(v)
                             for v in values]
        frame = frame.rename(columns={c: self.rename.get(c, str(c).replace("_", " ")) for c in frame.columns})
        if self.index:
            frame.index.names = [self.rename.get(n, str(n).replace("_", " ")) if n else n
                                 for n in frame.index.names]
        return frame

    def _numeric_columns(self) -> list[bool]:
        from pandas.api.types import is_bool_dtype, is_numeric_dtype

        return [is_numeric_dtype(self.frame.iloc[:, i]) and not is_bool_dtype(self.frame.iloc[:, i])
                for i in range(self.frame.shape[1])]

    def _repr_html_(self) -> str:
        # nth-child counts from 1, and each level of the index is a cell of every row too
        first = 1 + (self.frame.index.nlevels if self.index else 0)
        text_columns = [first + i for i, numeric in enumerate(self._numeric_columns()) if not numeric]
        rules = " ".join(f"#{self.id} td:nth-child({n}), #{self.id} th:nth-child({n}) {{text-align: left;}}"
                         for n in text_columns)
        return f'<div id="{self.id}"><style>{rules}</style>{self._html_table()}</div>'

    def _html_table(self) -> str:
        """The table's HTML, written out directly: the cells are already text, and pandas' to_html
        formats each of them again (5 ms of an explorer's update for 90 events)."""
        frame = self._text()

        def escape(text):  # element content: quotes need no escaping
            return html.escape(text, quote=False)

        names = list(frame.index.names) if self.index else []
        head = "".join(f"<th>{escape(str(n or ''))}</th>" for n in names)
        head += "".join(f"<th>{escape(str(c))}</th>" for c in frame.columns)
        rows = []
        for key, cells in zip(frame.index, frame.itertuples(index=False, name=None)):
            keys = (key if isinstance(key, tuple) else (key,)) if self.index else ()
            row = "".join(f"<th>{escape(_cell_text(k))}</th>" for k in keys)
            row += "".join(f"<td>{escape(cell)}</td>" for cell in cells)
            rows.append(f"<tr>{row}</tr>")
        return (f'<table class="dataframe"><thead><tr>{head}</tr></thead>'
                f"<tbody>{''.join(rows)}</tbody></table>")

    def __repr__(self) -> str:
        import pandas as pd

        with pd.option_context("display.max_colwidth", None, "display.max_rows", None, "display.width", None):
            return self._text().to_string(index=self.index)


# A note's pointers to other rows: '(cr013)', '(see d01)', '(csto_deployment d05)', '(ev041, ev048)'.
ROW_POINTER = re.compile(r"\s*\((?:see )?(?:[a-z_]+ )?(?:cr|ev|ctx|d|s|t)\d{2,3}(?:[,;] ?(?:cr|ev|ctx|d|s|t)\d{2,3})*\)")


def without_row_ids(text) -> str:
    """A note without its pointers to other rows of the kit's tables, which mean nothing to a reader."""
    return ROW_POINTER.sub("", str(text))


def _meaningful_index(index) -> bool:
    from pandas.api.types import is_integer_dtype

    return not (index.nlevels == 1 and index.name is None and is_integer_dtype(index))


def _cell_text(value) -> str:
    """A cell as text: a date without a midnight time ('2022-01-02', not '2022-01-02 00:00:00')."""
    import datetime as dt

    if isinstance(value, dt.datetime) and (value.hour, value.minute, value.second, value.microsecond) == (0, 0, 0, 0):
        return value.date().isoformat()
    return str(value)


def _missing(value) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # a list or an array in a cell is not missing
        return False


def _number_text(value) -> str:
    """A number as a reader writes it: 2019 (a year), 1117, 25,000 (separators from 10,000), 2.4, 0.28;
    never 162.0."""
    number = float(value)
    if number.is_integer():
        return f"{number:,.0f}" if abs(number) >= 10_000 else f"{number:.0f}"
    if abs(number) >= 10_000:
        return f"{number:,.0f}"
    return f"{number:.4g}" if abs(number) < 1 else f"{number:,.2f}".rstrip("0").rstrip(".")


# Room around a figure's own area when it is drawn for png(): what sticks out of it (a legend beside the
# axes, long tick labels) is drawn in this margin and kept by the crop, so no figure needs a second drawing.
# (Each inch costs a little: the canvas is cleared and scanned for ink.)
SPARE_INCHES = 6.0


def png(figure) -> bytes:
    """The figure as PNG bytes, cropped to what is drawn (as a notebook shows a figure), in one drawing.

    The inline backend's ``bbox_inches="tight"`` lays the figure out, then draws it again at the cropped
    size: a third of the time again. Here the figure is drawn once, on a canvas with ``SPARE_INCHES`` of
    room on every side (the axes keep their size), and the pixels are cropped to what was drawn."""
    canvas = _agg_canvas(figure)
    restore = _add_spare_room(figure)
    try:
        _lend_renderer(canvas)
        canvas.draw()
        pixels = np.asarray(canvas.buffer_rgba())
        crop = _drawn_area(figure, pixels)
        pixels = pixels[crop].copy() if crop is not None else None
    finally:
        restore()  # the figure is left as it was (a student may save it afterwards)
    if pixels is None:  # beyond the spare room too: the inline backend's way
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", bbox_inches="tight")
        return buffer.getvalue()
    return _encode(pixels)


def _add_spare_room(figure):
    """Give the figure ``SPARE_INCHES`` more room on every side, each axes kept at its size; returns the
    function that puts the figure back as it was. A figure that keeps its room (``Layers``) gets no more."""
    if getattr(figure, "qantar_keeps_room", False):
        return lambda: None
    width, height = figure.get_size_inches()
    new_width, new_height = width + 2 * SPARE_INCHES, height + 2 * SPARE_INCHES
    positions = [(ax, ax.get_position(original=True), ax.get_position()) for ax in figure.axes]
    for ax, _, p in positions:
        ax.set_position([(p.x0 * width + SPARE_INCHES) / new_width, (p.y0 * height + SPARE_INCHES) / new_height,
                         p.width * width / new_width, p.height * height / new_height])
    figure.set_size_inches(new_width, new_height)

    def restore():
        figure.set_size_inches(width, height)
        for ax, original, _ in positions:
            ax.set_position(original)

    return restore


# Renderers lent to the figures png() draws, by canvas size. A new figure would make its own: 5 ms for a
# canvas with the spare room, and matplotlib keeps the sizes of texts it has laid out per renderer, so
# tick labels and titles laid out for one figure are known for the next: png() of three lesson figures
# took a fifth less time (38 -> 29, 62 -> 50, 63 -> 49 ms). Lending is safe because png() reads the pixels
# before any other figure draws, and a figure drawn otherwise (savefig, Layers) makes its own renderer.
_LENT_RENDERERS: OrderedDict = OrderedDict()
LENT_RENDERERS_KEPT = 3  # canvas sizes: about 14 MB each with the spare room


def _lend_renderer(canvas) -> None:
    from matplotlib.backends.backend_agg import RendererAgg

    width, height = canvas.get_width_height(physical=True)
    key = (width, height, canvas.figure.dpi)  # as FigureCanvasAgg.get_renderer keys its own
    if getattr(canvas, "_lastKey", None) == key:
        return  # drawn at this size before: its renderer fits
    renderer = _LENT_RENDERERS.pop(key, None) or RendererAgg(width, height, canvas.figure.dpi)
    _LENT_RENDERERS[key] = renderer  # the most recently used last
    while len(_LENT_RENDERERS) > LENT_RENDERERS_KEPT:
        _LENT_RENDERERS.popitem(last=False)
    canvas.renderer, canvas._lastKey = renderer, key


def _drawn_area(figure, pixels) -> tuple | None:
    """The rows and columns of ``pixels`` (the figure just drawn) that hold something other than the
    white background, with savefig's padding around them; None when the drawing reaches the canvas's
    edge (it may go on beyond) or the background is not white. Looking at the pixels takes a
    millisecond; asking matplotlib for the extent would lay the ticks out again."""
    if _text_off_canvas(figure):
        return None
    ink = pixels.view(np.uint32)[..., 0] != np.uint32(0xFFFFFFFF)  # opaque white is 255 in all four bytes
    rows, columns = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = ink.shape
    if not len(rows) or rows[0] == 0 or columns[0] == 0 or rows[-1] == height - 1 or columns[-1] == width - 1:
        return None
    pad = int(round(matplotlib.rcParams["savefig.pad_inches"] * figure.dpi))
    return (slice(max(0, rows[0] - pad), rows[-1] + 1 + pad), slice(max(0, columns[0] - pad), columns[-1] + 1 + pad))


def _text_off_canvas(figure) -> bool:
    """Whether a text or legend was placed off the canvas altogether (it would leave no ink at the edge).
    Their sizes are known after a drawing; the ticks, which would need laying out again, never stray so far."""
    renderer = figure.canvas.get_renderer()
    canvas = figure.bbox
    for ax in figure.axes:
        for artist in list(ax.texts) + [ax.get_legend()]:
            if artist is not None and artist.get_visible():
                box = artist.get_window_extent(renderer)
                if box.x0 < canvas.x0 or box.y0 < canvas.y0 or box.x1 > canvas.x1 or box.y1 > canvas.y1:
                    return True
    return False


def _encode(pixels) -> bytes:
    """RGBA pixels as PNG: without the alpha channel (the kit's figures are opaque) and with light
    compression, which makes smaller files here and encodes in two thirds of the time."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(pixels[..., :3])).save(buffer, format="png", compress_level=1)
    return buffer.getvalue()


def _agg_canvas(figure):
    """The figure's Agg canvas (a figure closed in pyplot is left with a bare one that cannot draw)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    if not hasattr(figure.canvas, "copy_from_bbox"):
        FigureCanvasAgg(figure)
    return figure.canvas


class Layers:
    """A figure an explorer redraws: a fixed part drawn once and kept as pixels, and the artists that change
    with the controls, drawn over a copy of those pixels at each update (matplotlib's "blitting", here used to
    make a PNG). Drawing only what changed is what keeps a big figure under a tenth of a second.

        layers = Layers(figure)           # after drawing the fixed part
        layers.replace([scatter, label])  # at each update: the new changing artists
        png = layers.png()

    ``redrawn``: artists of the fixed part whose text or look changes (a title), drawn at every update.
    The picture is cropped as ``png`` crops, to what the first one covered: changing artists must stay
    inside the area of the fixed part and the first update's.
    """

    def __init__(self, figure, redrawn=()):
        import matplotlib.pyplot as plt

        plt.close(figure)  # kept by the explorer, not by pyplot (which would show it again under the cell)
        _add_spare_room(figure)
        figure.qantar_keeps_room = True  # its pixels are kept at this size
        for ax in figure.axes:
            ax.get_xlim(), ax.get_ylim()  # settle the limits the fixed part gives...
            ax.set_autoscale_on(False)  # ...and keep them when changing artists come and go
        self.figure = figure
        self.redrawn = list(redrawn)
        for artist in self.redrawn:
            artist.set_animated(True)
        self.changing: list = []
        self._fixed = None  # pixels of the fixed part, taken at the first png()
        self._crop = None

    def clear(self) -> None:
        """Remove the last update's changing artists (before drawing the next ones: a legend drawn next
        would list them too)."""
        for artist in self.changing:
            if artist.axes is not None:  # the drawing code may have removed it already
                artist.remove()
        self.changing = []

    def replace(self, artists) -> None:
        """Remove the last update's changing artists; the given ones (already on the axes) replace them."""
        self.clear()
        self.changing = list(artists)
        for artist in self.changing:
            artist.set_animated(True)  # left out of the full draw, drawn by png() over the fixed part

    def png(self) -> bytes:
        canvas = _agg_canvas(self.figure)
        if self._fixed is None:
            canvas.draw()
            self._fixed = canvas.copy_from_bbox(self.figure.bbox)
        else:
            canvas.restore_region(self._fixed)
        for artist in self.redrawn + self.changing:
            self.figure.draw_artist(artist)
        pixels = np.asarray(canvas.buffer_rgba())
        if self._crop is None:
            self._crop = _drawn_area(self.figure, pixels) or (slice(None), slice(None))
        return _encode(pixels[self._crop])


def show_figure(figure, image: bytes | None = None) -> None:
    """Display a figure as a PNG (``image`` when the caller made it already, see ``Layers``) and close it."""
    import matplotlib.pyplot as plt
    from IPython.display import Image, display

    display(Image(data=png(figure) if image is None else image, format="png"))
    plt.close(figure)


def show(ax, image: bytes | None = None) -> None:
    """Display a finished figure with its description and sources under it (in a notebook or Output)."""
    from IPython.display import display

    show_figure(ax.figure, image)
    display(FigureNote(ax))


use()
# Python's cyclic garbage collector now and then walks every object the kernel holds (pandas, matplotlib,
# IPython: about a million), a pause of 50-70 ms in the middle of a figure or an explorer update. The
# objects that exist once the kit is imported live as long as the kernel, so they are moved out of its
# way (gc.freeze, made for this); garbage made later is collected as before. Measured on the actors
# lesson: 180 -> 95 ms of collection in all. Done again once pyplot is in (new_axes imports it late).
_settled_with_pyplot = False


def _settle_objects() -> None:
    global _settled_with_pyplot
    if not _settled_with_pyplot:
        gc.freeze()
        _settled_with_pyplot = "matplotlib.pyplot" in sys.modules


_settle_objects()
