"""Explorers as still figures for paper: the default view and one or two telling choices, each captioned.

A still is the explorer itself set to a choice: its controls are moved, its ``compute`` calls the theme's pure
functions as it does in class, and what its ``render`` shows is kept. The lesson's kernel draws every figure at
print resolution (lessons.PRINT_SETUP); a figure an explorer draws at a screen resolution of its own is drawn
again for paper. This runs in the lesson's kernel, in a cell the handout build adds
after each explorer cell (``show_stills(_)``), so the explorer is the one the lesson made, with its arguments.
"""
from __future__ import annotations

import base64
import datetime as dt
import io

MIME = "application/vnd.qantar.stills+json"
PRINT_DPI = 200

JAN = [dt.date(2022, 1, d) for d in range(1, 32)]

# Per explorer class: (choices, caption) after the default view. Captions say what to look at, not what to
# conclude: the lesson's prompts ask that.
VIEWS = {
    "CityExplorer": [
        ({"spelling": "Alma-Ata"}, "The older spelling Alma-Ata, typed in, finds Almaty: a place can have "
                                   "several names, and sources of different times use different ones."),
    ],
    "TimelineExplorer": [
        ({"days": (JAN[0], JAN[4])}, "One day further, to 5 January: count the cities on the map and compare "
                                      "with the view above."),
        ({"days": (JAN[0], JAN[30]), "event_type": "communications"},
         "All January, communications only: when the internet was cut and when it came back."),
    ],
    "FiguresExplorer": [
        ({"measure": "detained"}, "People detained: who announced each figure, and when. Compare it with the "
                                  "deaths above: are the announcers the same?"),
    ],
    "ScaleExplorer": [
        ({"rate_date": dt.date(2021, 6, 1)}, "A day the kit's exchange-rate data does not cover (1 June 2021): "
                                             "the explorer says so instead of guessing a rate."),
    ],
    "FuelPriceExplorer": [
        ({"wage": "average"}, "The same 100 litres compared with the average wage of 2022 instead of the minimum "
                              "wage: the share changes with the wage chosen."),
    ],
    "StatementsExplorer": [
        ({"stances": ("raises_rights_concerns",)}, "Only the statements the kit codes as raising human rights "
                                                    "concerns: who made them, and when?"),
    ],
    "ActorExplorer": [
        ({"actor": "china"}, "China: its statements and its ties in the kit's tables."),
        ({"actor": "usa"}, "The United States: compare what it said, and its ties, with China's."),
    ],
    "LoadedWordsExplorer": [
        ({"text": "Officials said bandits and terrorists had attacked the city; opposition groups called it a "
                  "massacre by the regime."},
         "A sentence made up for this sheet, with words from both sides: the finder flags each of them."),
        ({"text": "Officials said armed groups had attacked the city; opposition groups said many civilians had "
                  "been killed."},
         "The same sentence rewritten in neutral words: what did the rewrite lose, and what did it keep?"),
    ],
    "ClaimExplorer": [
        ({"paragraph": "(any)", "document": "tokayev-2022-01-07-address"},
         "Every claim of President Tokayev's address of 7 January, with the kit's verdict and its evidence: "
         "the same tests as for the article."),
    ],
    "FigureExplorer": [
        ({"quantity": "deaths"}, "The death tolls: each document's figure, side by side in date order."),
    ],
}


def _label(control, value) -> str:
    """A control's value as its menu shows it."""
    labels = getattr(control, "_options_labels", None)
    values = getattr(control, "_options_values", None)
    if labels is not None and values is not None:
        chosen = value if isinstance(value, tuple) else (value,)
        shown = [lab for lab, val in zip(labels, values) if val in chosen]
        if isinstance(value, tuple) and len(shown) == 2 and type(control).__name__ == "SelectionRangeSlider":
            return f"{shown[0]} to {shown[1]}"
        if len(shown) == len(values) and len(values) > 2:
            return "all"
        return ", ".join(shown)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, dt.date):
        return f"{value.day} {value:%B %Y}"
    text = str(value)
    return f"“{text[:60]}…”" if len(text) > 60 else (f"“{text}”" if text else "(empty)")


def choices_text(explorer) -> str:
    return "; ".join(f"{c.description or name}: {_label(c, c.value)}" for name, c in explorer.controls.items())


def _figure(explorer):
    result = explorer.result or {}
    if result.get("figure") is not None:
        return result["figure"]
    ax = result.get("ax")
    return None if ax is None else ax.figure


def print_png(explorer) -> bytes | None:
    """The explorer's current figure at print resolution, or None when it draws none. A figure an explorer
    redraws in layers (``style.Layers``) keeps its changing artists out of a full drawing: they are put back in
    for this one."""
    figure = _figure(explorer)
    if figure is None:
        return None
    layers = getattr(explorer, "_layers", None)
    animated = layers.redrawn + layers.changing if layers is not None and layers.figure is figure else []
    for artist in animated:
        artist.set_animated(False)
    try:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=PRINT_DPI, bbox_inches="tight", facecolor="white")
    finally:
        for artist in animated:
            artist.set_animated(True)
    return buffer.getvalue()


def _still(explorer, caption: str) -> dict:
    if explorer.error:
        outputs = [{"output_type": "stream", "name": "stdout", "text": f"The explorer says: {explorer.error}"}]
    else:
        outputs = [dict(o) for o in explorer.output.outputs]
        drawn = [o for o in outputs if "image/png" in o.get("data", {})]
        figure = _figure(explorer)
        if figure is not None and len(drawn) == 1:  # the one figure, at print resolution
            if figure.dpi >= PRINT_DPI:  # drawn so already (the handout build's set-up): kept as it is
                drawn[0]["metadata"] = {"qantar_print_dpi": figure.dpi}
            else:  # an explorer that fixes a screen resolution of its own: drawn again
                drawn[0]["data"] = {"image/png": base64.b64encode(print_png(explorer)).decode("ascii")}
                drawn[0]["metadata"] = {"qantar_print_dpi": PRINT_DPI}
    return {"choices": choices_text(explorer), "caption": caption, "outputs": outputs}


def stills(explorer) -> dict:
    """The explorer's default view, then each view of VIEWS for its class, as display bundles."""
    name = type(explorer).__name__
    if name not in VIEWS:
        raise KeyError(f"no still views for the explorer {name}: add them to VIEWS in {__name__}")
    shown = [_still(explorer, "The default view, as the explorer opens.")]
    for choices, caption in VIEWS[name]:
        for control_name, value in choices.items():
            explorer.controls[control_name].value = value
        shown.append(_still(explorer, caption))
    return {"title": explorer.title, "hint": explorer.hint, "stills": shown}


def show_stills(explorer) -> None:
    """Display the stills of the explorer the previous cell made (in the lesson's kernel)."""
    from IPython.display import display

    from ..widgets import Explorer, OnDemand

    if isinstance(explorer, OnDemand):  # an optional explorer behind its button: paper shows it opened
        opened = explorer.open()
        if opened is None:
            raise RuntimeError(f"the explorer {explorer.title!r} could not be opened: {explorer.error}")
        explorer = opened
    if not isinstance(explorer, Explorer):
        raise TypeError(f"the cell before this one should show an explorer, not {type(explorer).__name__}")
    bundle = stills(explorer)
    display({MIME: bundle, "text/plain": f"{len(bundle['stills'])} stills of {bundle['title']}"}, raw=True)
