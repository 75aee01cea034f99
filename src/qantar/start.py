"""The start-here notebook: the city explorer, and the rows behind its two summaries (the box "Kazakhstan
before 2022" and the overview "January 2022 in brief"), whose sources the notebook shows."""
from __future__ import annotations


import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown, display

from . import data, maps, style
from .sources import ranked
from .widgets import Explorer

# The rows behind each statement of the overview in notebooks/00_start_here.ipynb, in its order, so its
# sources are those of the data (events.csv, casualty_reports.csv), not typed by hand: the LPG price (ev001),
# the first protest and the spread by 4 January (ev002, ev018), the price cut (ev009), the resignation
# (ev025), the emergency (ev029), the Security Council (ev033), the call to the CSTO (ev042), Almaty
# (ev030, ev031, ev032, ev045), the troops' arrival and departure (ev044, ev084), the "attempted coup" (ev060).
OVERVIEW_EVENTS = ["ev001", "ev002", "ev018", "ev009", "ev025", "ev029", "ev033", "ev042", "ev030", "ev031",
                   "ev032", "ev041", "ev048", "ev045", "ev044", "ev084", "ev060"]
OVERVIEW_REPORTS = ["cr016", "cr044", "cr034", "cr042"]
OVERVIEW_OTHER_SOURCES = ["hrw-2022-05-05-no-justice"]


def overview_source_ids() -> list[str]:
    events = data.load("events").set_index("event_id").loc[OVERVIEW_EVENTS]
    reports = data.load("casualty_reports").set_index("report_id").loc[OVERVIEW_REPORTS]
    return ranked(list(events["source_ids"]) + list(reports["source_ids"]) + OVERVIEW_OTHER_SOURCES)


# The rows behind the box "Kazakhstan before 2022", in its order: independence and Nazarbayev's election
# (ctx001), the 2019 hand-over with the Security Council kept and Tokayev sworn in (ctx005, ctx006), the
# oil-producing west (2021 output in economy.csv; Tengiz, where it lies and the export pipeline), and
# Zhanaozen 2011 with its contested death toll (ctx002, ctx003).
BACKGROUND_CONTEXT = ["ctx001", "ctx005", "ctx006", "ctx002", "ctx003"]
BACKGROUND_ECONOMY = [("oil_output_mt", 2021)]
BACKGROUND_OTHER_SOURCES = ["jpt-2022-01-tengiz-rebounds", "reuters-2022-01-06-tengiz",
                            "diplomat-2022-03-caspian-chokepoint"]


def background_source_ids() -> list[str]:
    context = data.load("context_events").set_index("event_id").loc[BACKGROUND_CONTEXT]
    economy = data.load("economy").set_index(["indicator", "year"]).loc[BACKGROUND_ECONOMY]
    return ranked(list(context["source_ids"]) + list(economy["source_ids"]) + BACKGROUND_OTHER_SOURCES)


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
            shown = spelling if len(spelling) <= 40 else spelling[:40] + "..."
            raise ValueError(f"no city in the kit is spelled {shown!r}; check the spelling or pick from the list")
        row = match.iloc[0]
        ax = maps.plot_cities(self.cities, highlight=[row["city"]], ax=self.axes())
        return {"city": row["city"], "region": row["region"], "alt_names": row["alt_names"], "ax": ax}

    def render(self, result):
        alt = str(result["alt_names"]).replace(";", ", ")
        display(Markdown(f"**{result['city']}**: {result['region']}. Also written: {alt}."))
        style.show(result["ax"])
