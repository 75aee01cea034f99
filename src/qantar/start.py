"""The start-here notebook: the city explorer and the overview's sources."""
from __future__ import annotations

import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown, display

from . import data, maps, style
from .widgets import Explorer

# The sources of the overview paragraph in notebooks/00_start_here.ipynb (ids of sources.csv).
OVERVIEW_SOURCE_IDS: list[str] = []


def find_city(cities: pd.DataFrame, name: str) -> pd.DataFrame:
    """Rows whose city or any alternative name matches ``name`` (case and accents aside)."""
    wanted = _fold(name)
    if not wanted:
        return cities.iloc[0:0]
    names = cities["city"].map(_fold)
    alts = cities["alt_names"].fillna("").map(lambda s: {_fold(a) for a in s.split(";")})
    return cities[(names == wanted) | alts.map(lambda a: wanted in a)]


def _fold(text) -> str:
    import unicodedata

    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode() or str(text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


class CityExplorer(Explorer):
    """Choose a city: see it on the map, with its other names and region."""

    title = "Where is it?"
    hint = "Pick a city, or type another spelling you met in a source (try Uralsk or Alma-Ata)."

    def __init__(self, cities: pd.DataFrame | None = None):
        self.cities = data.load("cities") if cities is None else cities
        super().__init__()

    def make_controls(self):
        return {
            "city": widgets.Dropdown(options=list(self.cities["city"]), value=self.cities["city"].iloc[0],
                                     description="City"),
            "spelling": widgets.Text(value="", placeholder="another spelling", description="Or type",
                                     continuous_update=False),
        }

    def compute(self, city, spelling):
        match = find_city(self.cities, spelling) if spelling.strip() else self.cities[self.cities["city"] == city]
        if match.empty:
            raise ValueError(f"no city in the kit is spelled {spelling!r}; check the spelling or pick from the list")
        row = match.iloc[0]
        ax = maps.plot_cities(self.cities, highlight=[row["city"]])
        return {"city": row["city"], "region": row["region"], "alt_names": row["alt_names"], "ax": ax}

    def render(self, result):
        alt = str(result["alt_names"]).replace(";", ", ")
        display(Markdown(f"**{result['city']}**: {result['region']}. Also written: {alt}."))
        style.show(result["ax"])
