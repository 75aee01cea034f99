"""Kazakhstan's outline and city points, drawn with matplotlib alone (no map package, no download).

The outline is Natural Earth's public-domain 1:110m border, extracted once into
datasets/kazakhstan.geojson by scripts/extract_outline.py.
"""
from __future__ import annotations

import functools
import json
import math

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


# Where a map's legend goes: the empty corner north-west of the outline. The south-west corner, where
# matplotlib would put it, holds Aktau and Zhanaozen, where the January events began.
LEGEND_PLACE = "upper left"


def base_map(ax=None, title: str | None = None):
    """Axes with Kazakhstan's outline (longitude and latitude in degrees, aspect true at 48°N), no ticks."""
    ax = style.new_axes(ax, figsize=(9, 5))
    for ring in outline_rings():
        xs, ys = zip(*ring)
        ax.fill(xs, ys, facecolor="#F2F2F2", edgecolor="#666666", linewidth=0.8, zorder=1)
    ax.set_aspect(1 / math.cos(math.radians(48)))
    ax.set_xlim(45.5, 88.5)
    ax.set_ylim(40, 56)
    # A country-scale map needs no degree ticks; leaving them out also spares a third of the drawing
    # time (tick labels are laid out twice per render), which an explorer pays at every change.
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


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
    text = f"A map of Kazakhstan with {len(cities)} cities marked"
    if len(marked):
        text += f"; {len(marked)} highlighted ({', '.join(sorted(marked['city']))})"
    return style.finish(ax, text + ".", list(data.split_ids(cities)) + [OUTLINE_SOURCE])
