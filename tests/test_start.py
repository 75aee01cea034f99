"""The start-here notebook's functions: the map, the city finder and its explorer."""
import pandas as pd

from qantar import data, maps, style
from qantar.start import CityExplorer, find_city


def small_cities():
    return pd.DataFrame({"city": ["Oral", "Almaty"], "alt_names": ["Uralsk;Орал", "Alma-Ata"],
                         "region": ["West", "South"], "lat": [51.2, 43.3], "lon": [51.4, 76.9],
                         "source_ids": ["a", "b"]})


def test_find_city_matches_other_spellings_case_and_accents_aside():
    cities = small_cities()
    assert list(find_city(cities, "uralsk")["city"]) == ["Oral"]
    assert list(find_city(cities, "ALMA ATA")["city"]) == ["Almaty"]
    assert list(find_city(cities, "Орал")["city"]) == ["Oral"]
    assert find_city(cities, "Paris").empty and find_city(cities, "  ").empty


def test_city_map_legend_hides_no_city(covered_by_legend):
    ax = maps.plot_cities(data.load("cities"), highlight=["Zhanaozen", "Aktau"])
    assert len(ax.texts) >= 15 and covered_by_legend(ax) == []


def test_plot_cities_draws_one_point_per_city_and_describes_it():
    cities = data.load("cities")
    ax = maps.plot_cities(cities, highlight=["Almaty"])
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == len(cities)
    assert f"{len(cities)} cities" in style.description(ax) and "Almaty" in style.description(ax)
    assert "Natural Earth" in style.caption(ax)


def test_outline_is_kazakhstan_sized():
    ring = maps.outline_rings()[0]
    lons = [p[0] for p in ring]
    lats = [p[1] for p in ring]
    assert 46 < min(lons) < 48 and 86 < max(lons) < 88 and 40 < min(lats) < 41.5 and 55 < max(lats) < 56


def test_city_explorer_follows_its_controls():
    explorer = CityExplorer()
    explorer.controls["city"].value = "Almaty"
    assert explorer.result["city"] == "Almaty"
    explorer.controls["spelling"].value = "Uralsk"
    assert explorer.result["city"] == "Oral"
    explorer.controls["spelling"].value = "Atlantis"
    assert explorer.result is None and "Atlantis" in explorer.error
    explorer.controls["spelling"].value = "x" * 500  # a pasted paragraph is not echoed whole
    assert explorer.result is None and len(explorer.error) < 120
    explorer.controls["spelling"].value = "   "  # blank: back to the menu's city
    explorer.controls["city"].value = "Aktau"
    assert explorer.error is None and explorer.result["city"] == "Aktau"


def test_overview_sources_come_from_the_rows_of_its_facts():
    from qantar.start import OVERVIEW_EVENTS, overview_source_ids

    ids = overview_source_ids()
    known = set(data.load("sources")["source_id"])
    assert ids and set(ids) <= known
    events = data.load("events").set_index("event_id")
    assert set(data.split_ids(events.loc[OVERVIEW_EVENTS[0], "source_ids"])) <= set(ids)
    reports = data.load("casualty_reports").set_index("report_id")
    assert reports.loc["cr042", "value"] == 238  # the death toll the overview states
    assert reports.loc["cr016", "value"] == 9900  # "almost 10,000" detained by 11 January
    # the overview's "attempted coup" and price cut are carried by rows, not only typed in prose
    assert "coup" in events.loc["ev060", "description"] and "50 tenge" in events.loc["ev009", "description"]
    assert {"ev060", "ev009"} <= set(OVERVIEW_EVENTS)
