"""How figures become pictures (style.png, style.Layers) and how an explorer remembers what it
showed for a choice (widgets.Explorer): the machinery behind the speed figures of benchmarks/bench.py."""
import io

import ipywidgets as widgets
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.backends.backend_agg import FigureCanvasAgg
from PIL import Image

from qantar import style
from qantar.widgets import Explorer


def _pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGBA"))


def _figure_with_outside_legend():
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.plot([1, 2, 3], [3, 1, 2], label="a line with a long name")
    ax.set_yticks([1, 2, 3], ["a long tick label on the left", "two", "three"])
    ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1))
    plt.close(fig)
    FigureCanvasAgg(fig)  # closing left it a canvas that cannot draw
    return fig


def test_png_crops_to_what_is_drawn_like_the_inline_backend_in_one_drawing():
    inline = io.BytesIO()
    _figure_with_outside_legend().savefig(inline, format="png", bbox_inches="tight")  # the notebook's way
    expected = _pixels(inline.getvalue())
    fig = _figure_with_outside_legend()
    draws = []
    fig.canvas.mpl_connect("draw_event", draws.append)

    def second_drawing(*args, **kwargs):
        raise AssertionError("png() fell back on bbox_inches='tight', which draws twice")

    fig.savefig = second_drawing
    ours = _pixels(style.png(fig))
    assert len(draws) == 1  # the legend and tick labels beside the axes came out in the one drawing
    # cropped to the ink, a few pixels tighter than matplotlib's boxes (a frameless legend's padding)
    assert abs(ours.shape[0] - expected.shape[0]) <= 12 and abs(ours.shape[1] - expected.shape[1]) <= 12
    assert (ours[..., :3] < 100).sum() == pytest.approx((expected[..., :3] < 100).sum(), rel=0.02)  # same ink


def test_png_leaves_the_figure_as_it_was():
    fig = _figure_with_outside_legend()
    size, position = tuple(fig.get_size_inches()), fig.axes[0].get_position().bounds
    first = style.png(fig)
    assert tuple(fig.get_size_inches()) == size and fig.axes[0].get_position().bounds == pytest.approx(position)
    assert style.png(fig) == first  # the same picture again, not one with more room around it


def test_png_of_a_figure_on_a_coloured_background_is_still_whole():
    fig, ax = plt.subplots(figsize=(4, 3), facecolor="#FFEEDD")  # no white margin to find: the inline way
    ax.plot([0, 1], [0, 1])
    inline = io.BytesIO()
    fig.savefig(inline, format="png", bbox_inches="tight")
    picture, expected = _pixels(style.png(fig)), _pixels(inline.getvalue())
    assert picture.shape[:2] == expected.shape[:2] and tuple(picture[5, 5, :3]) == (255, 238, 221)


def test_png_of_a_figure_bigger_than_the_spare_room_is_still_whole():
    fig, ax = plt.subplots(figsize=(4, 3))
    ax.plot([0, 1], [0, 1])
    ax.annotate("far away", (0, 0), xytext=(1000, 0), textcoords="offset points")  # 14 inches to the right
    inline = io.BytesIO()
    fig.savefig(inline, format="png", bbox_inches="tight")
    expected = _pixels(inline.getvalue())
    ours = _pixels(style.png(fig))
    assert abs(ours.shape[1] - expected.shape[1]) <= 12  # not cut at the edge of the spare room


def test_layers_draw_the_same_picture_as_a_full_draw_and_leave_no_leftovers():
    fig, ax = plt.subplots(figsize=(5, 3))
    ax.scatter(range(10), range(10), color="#D9D9D9")
    ax.set_title("the fixed part")
    layers = style.Layers(fig)
    pictures = []
    for chosen in ([1, 2], [5, 6, 7], [1, 2]):
        marks = ax.scatter(chosen, chosen, color="black", zorder=5)
        layers.replace([marks])
        pictures.append(layers.png())
    assert pictures[0] == pictures[2] and pictures[0] != pictures[1]  # the [5, 6, 7] marks left nothing
    assert len(ax.collections) == 2  # the fixed scatter and the last marks only
    marks.set_animated(False)  # the same figure drawn in full, the usual way
    assert np.array_equal(_pixels(pictures[2]), _pixels(style.png(fig)))


def test_layers_keep_the_axes_still_when_changing_artists_fall_outside():
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    layers = style.Layers(fig)
    limits = ax.get_xlim(), ax.get_ylim()
    layers.replace([ax.scatter([50], [50])])
    layers.png()
    assert (ax.get_xlim(), ax.get_ylim()) == limits


class _Counting(Explorer):
    """A small explorer that counts its renders."""

    def __init__(self):
        self.renders = 0
        super().__init__()

    def make_controls(self):
        return {"n": widgets.IntSlider(value=1, min=0, max=50), "items": widgets.SelectMultiple(options=["a", "b"])}

    def compute(self, n, items):
        if n == 0:
            raise ValueError("choose at least 1")
        return {"square": n * n, "items": items}

    def render(self, result):
        self.renders += 1
        print(f"square {result['square']}")


def test_explorer_replays_a_choice_it_showed_and_still_computes_the_result():
    explorer = _Counting()
    assert explorer.renders == 1 and not explorer.last_update_replayed
    explorer.controls["n"].value = 2
    explorer.controls["n"].value = 1
    assert explorer.renders == 2 and explorer.last_update_replayed  # drawn once, shown again
    assert explorer.result == {"square": 1, "items": ()}  # the result is fresh at every change
    explorer.controls["items"].value = ("a", "b")
    assert explorer.renders == 3 and not explorer.last_update_replayed  # another choice is drawn


def test_explorer_never_replays_a_problem_and_forgets_the_oldest_choices():
    explorer = _Counting()
    explorer.controls["n"].value = 0
    assert explorer.result is None and "at least 1" in explorer.error
    explorer.controls["n"].value = 3
    explorer.controls["n"].value = 0
    assert explorer.error and not explorer.last_update_replayed
    explorer.remembered_choices = 5
    for n in range(1, 12):
        explorer.controls["n"].value = n
    assert len(explorer._shown) == 5
    renders = explorer.renders
    explorer.controls["n"].value = 1  # forgotten: drawn again
    assert explorer.renders == renders + 1


def test_an_optional_explorer_is_built_only_when_its_button_is_clicked_and_only_once():
    built = []

    class _Built(_Counting):
        title = "Counting explorer"

        def __init__(self, start):
            built.append(start)
            super().__init__()
            self.controls["n"].value = start

    optional = _Built.on_demand(4)
    assert built == [] and optional.explorer is None  # nothing computed or drawn at Run All
    assert optional.widget.children[0] is optional.button and optional.button.description == "Open the explorer: Counting explorer"
    optional.button.click()  # as the front end does when a student clicks
    assert built == [4] and optional.explorer.result["square"] == 16
    assert optional.widget.children == (optional.explorer.widget,)  # the button gives way to the explorer
    assert optional.open() is optional.explorer and built == [4]  # a second call builds nothing new


def test_an_optional_explorer_that_cannot_be_built_says_why_and_can_be_tried_again():
    attempts = []

    class _Failing(_Counting):
        title = "Failing explorer"

        def __init__(self):
            attempts.append(1)
            if len(attempts) == 1:
                raise ValueError("the table is not loaded")
            super().__init__()

    optional = _Failing.on_demand()
    assert optional.open() is None
    assert "Cannot open the explorer (Failing explorer): the table is not loaded" in optional.note.value
    assert optional.widget.children[0] is optional.button and not optional.button.disabled
    assert isinstance(optional.open(), _Failing) and len(attempts) == 2


def _fresh_and_reused(plot, choices):
    """Each choice drawn on a fresh figure, and on one explorer's axes after the other choices (twice
    round, so every choice follows another): the pixels of both."""
    explorer = Explorer.__new__(Explorer)  # only the axes() machinery, no controls
    explorer._axes = None
    pairs = []
    for choice in list(choices) + list(choices)[::-1]:
        fresh = plot(choice, None)
        expected = style.png(fresh.figure)
        plt.close(fresh.figure)
        pairs.append((choice, expected, style.png(plot(choice, explorer.axes()).figure)))
    return pairs


@pytest.mark.parametrize("theme", ["timeline", "reading", "fuel", "cities"])
def test_an_explorer_drawing_on_its_emptied_axes_shows_what_a_fresh_figure_shows(theme):
    from qantar import data, maps, reading, timeline, wealth

    if theme == "timeline":
        reports = data.load("casualty_reports")
        measures = [m for m in timeline.MEASURE_LABELS if m in set(reports["measure"].astype(object))]
        choices = [(m, r) for m in measures[:5] for r in (True, False)]

        def plot(choice, ax):
            return timeline.plot_figures_as_announced(reports, choice[0], ax=ax, include_retracted=choice[1])
    elif theme == "reading":
        claims, documents = data.load("claims"), data.load("documents")
        choices = reading.quantities(claims, min_figures=2)  # bar charts of different heights, y axis inverted

        def plot(choice, ax):
            return reading.plot_figures(claims, documents, choice, ax=ax)
    elif theme == "fuel":
        fuel = data.load("fuel_prices")
        choices = wealth.lpg_places(fuel)

        def plot(choice, ax):
            return wealth.plot_fuel_prices(fuel, choice, ax=ax)
    else:
        cities = data.load("cities")
        choices = list(cities["city"])[:6]

        def plot(choice, ax):
            return maps.plot_cities(cities, highlight=[choice], ax=ax)
    assert len(choices) >= 3
    for choice, expected, reused in _fresh_and_reused(plot, choices):
        assert reused == expected or np.array_equal(_pixels(reused), _pixels(expected)), choice


def test_emptied_axes_lose_what_was_drawn_and_take_the_size_asked_for():
    fig, ax = plt.subplots(figsize=(4, 3))
    plt.close(fig)
    ax.barh([0, 1], [3, 4], label="bars")
    ax.text(1, 1, "note")
    ax.legend()
    ax.invert_yaxis()
    ax.set_title("old title")
    style.emptied(ax)
    assert not (ax.patches or ax.texts or ax.containers or ax.lines or ax.collections)
    assert ax.get_legend() is None and ax.get_title() == "" and not ax.yaxis_inverted()
    assert style.new_axes(ax, figsize=(6, 2)) is ax
    assert tuple(ax.figure.get_size_inches()) == (6, 2)
    assert tuple(style.new_axes(ax, figsize=(3, 3)).figure.get_size_inches()) == (6, 2)  # only once emptied


def test_figures_drawn_on_a_lent_renderer_leave_nothing_on_each_other():
    def figure(kind):
        fig, ax = plt.subplots(figsize=(5, 3))
        plt.close(fig)
        if kind == "line":
            ax.plot([1, 2, 3], [3, 1, 2])
            ax.set_title("a line")
        else:
            ax.barh(["a long label", "b"], [4, 5], color="#E69F00")
            ax.set_title("bars, with their labels further out")
        return fig

    line, bars = figure("line"), figure("bars")
    line_alone = style.png(line)
    assert line.canvas.renderer in style._LENT_RENDERERS.values()  # the same size as the next: lent to both
    bars_after_line = style.png(bars)
    assert bars.canvas.renderer is line.canvas.renderer
    style._LENT_RENDERERS.clear()  # a renderer of its own, nothing drawn on it before
    assert style.png(figure("bars")) == bars_after_line
    assert style.png(line) == line_alone  # drawn again after the bars: none of them left
