"""The timeline theme: its tables (kit rules and key facts against their sources), its pure functions,
what its plots draw, its explorers, and its exercise set."""
import datetime as dt
import html
import re
from pathlib import Path

import nbformat

import pandas as pd
import pytest

from qantar import data, style, timeline
from qantar.exercises import timeline as exercises

# ---------------------------------------------------------------------------------------------
# Small tables that state their own facts


def small_events():
    return pd.DataFrame({
        "event_id": ["ev001", "ev002", "ev003", "ev004", "ev005", "ev006"],
        "date": pd.to_datetime(["2022-01-01", "2022-01-02", "2022-01-02", "2022-01-04", "2022-01-04",
                                "2022-01-05"]),
        "city": ["nationwide", "Zhanaozen", "Aktau", "Almaty", "Zhanaozen", None],
        "region": ["nationwide", "Mangystau Region", "Mangystau Region", "Almaty (city)", "Mangystau Region",
                   "Almaty Region"],
        "event_type": ["state_action", "protest", "protest", "violence", "protest", "state_action"],
        "description": ["price", "road", "square", "akimat", "again", "decree"],
        "actors": [""] * 6,
        "source_ids": ["a", "b", "c", "d", "b;e", "f"],
        "confidence": ["single_source"] * 6,
    })


def small_cities():
    return pd.DataFrame({"city": ["Zhanaozen", "Aktau", "Almaty", "Oral"], "alt_names": ["", "", "", ""],
                         "region": ["M", "M", "A", "W"], "lat": [43.3, 43.6, 43.3, 51.2],
                         "lon": [52.9, 51.2, 76.9, 51.4], "source_ids": ["x", "x", "y", "z"]})


def small_reports():
    return pd.DataFrame({
        "report_id": ["cr001", "cr002", "cr003", "cr004", "cr005"],
        "announced_on": pd.to_datetime(["2022-01-09", "2022-01-15", None, "2022-07-29", "2022-01-10"]),
        "announced_on_text": ["2022-01-09", "2022-01-15", "2022-08", "2022-07-29", "2022-01-10"],
        "measure": ["deaths", "deaths", "deaths", "deaths", "detained"],
        "value": pd.array([164, 225, 238, 188, 7939], dtype="Int64"),
        "qualifier": ["exact"] * 5, "unit": ["people"] * 5, "scope": ["nationwide"] * 5,
        "announced_by": ["Telegram channel", "Prosecutor General's Office", "Prosecutor General's Office",
                         "Azattyq list", "Interior Ministry"],
        "announcer_kind": ["official", "official", "official", "independent_media", "official"],
        "status": ["retracted", "revised", "revised", "announced", "announced"],
        "source_ids": ["a", "b", "c", "d", "e"], "confidence": ["single_source"] * 5, "notes": [""] * 5,
    })


def small_emergency():
    return pd.DataFrame({
        "region": ["Almaty (city)", "Pavlodar Region", "Nur-Sultan (city)"],
        "start": pd.to_datetime(["2022-01-05"] * 3), "start_time": ["01:30", None, "16:00"],
        "end": pd.to_datetime(["2022-01-19", "2022-01-13", "2022-01-19"]), "end_time": ["00:00", "07:00", "00:00"],
        "source_ids": ["a", "b", "c"], "confidence": ["confirmed"] * 3, "notes": [""] * 3,
    })


def points_drawn(ax):
    """Points drawn for the data, not the grey context an explorer draws under them."""
    return sum(len(c.get_offsets()) for c in ax.collections if c.get_gid() != "context")


# ---------------------------------------------------------------------------------------------
# The real tables: kit rules


def test_events_use_kit_city_names_or_nationwide_and_stay_in_january():
    events = data.load("events")
    cities = set(data.load("cities")["city"])
    named = events["city"].dropna().astype(object)
    assert set(named) - cities <= {"nationwide"}, "events.city must be a city of cities.csv or 'nationwide'"
    unnamed = events[events["city"].isna()]
    assert (unnamed["region"].astype(object) != "nationwide").all(), "an event without a city names its region"
    nationwide = events[events["city"].astype(object) == "nationwide"]
    assert (nationwide["region"].astype(object) == "nationwide").all()
    assert len(events) >= 60
    assert events["date"].min() >= pd.Timestamp("2022-01-01") and events["date"].max() <= pd.Timestamp("2022-01-31")
    assert set(events["event_type"].astype(object)) == set(timeline.EVENT_TYPES)


def test_the_issues_must_have_events_are_present():
    text = " ".join(data.load("events")["description"]).lower()
    for phrase in ["electronic trading", "resignation", "security council", "akimat", "airport",
                   "collective security treaty organization", "withdrawal", "open fire without warning",
                   "masimov", "mourning", "smailov", "state of emergency ends", "internet"]:
        assert phrase in text, phrase


def test_every_city_where_unrest_was_reported_is_on_the_map():
    reached = timeline.cities_reached(data.load("events"))
    assert set(reached["city"]) <= set(data.load("cities")["city"])


def test_casualty_values_are_counts_and_official_and_ngo_figures_sit_side_by_side():
    reports = data.load("casualty_reports")
    assert (reports["value"] >= 0).all() and str(reports["value"].dtype) == "Int64"
    deaths = reports[reports["measure"].astype(object) == "deaths"]
    kinds = set(deaths["announcer_kind"].astype(object))
    assert "official" in kinds and "ngo" in kinds
    month_only = reports[reports["announced_on"].isna()]
    assert month_only["announced_on_text"].str.fullmatch(r"\d{4}-\d{2}").all()


def test_emergency_covers_the_17_units_of_january_2022():
    emergency = data.load("emergency")
    assert len(emergency) == 17 and emergency["region"].is_unique


# ---------------------------------------------------------------------------------------------
# The real tables: key facts against their sources


def row_sources(row):
    return set(data.split_ids(row["source_ids"]))


def test_lpg_price_rise_on_1_january_is_cited():
    events = data.load("events")
    first = events[events["date"] == "2022-01-01"].iloc[0]
    assert "120 tenge" in first["description"] and "60" in first["description"]
    assert first["confidence"] == "confirmed" and len(row_sources(first)) >= 2


def test_protests_start_on_2_january_in_zhanaozen_and_aktau():
    events = data.load("events")
    protests = events[events["event_type"].astype(object) == "protest"]
    assert protests["date"].min() == pd.Timestamp("2022-01-02")
    assert set(protests.loc[protests["date"] == protests["date"].min(), "city"].astype(object)) == {"Zhanaozen", "Aktau"}
    assert timeline.first_day_reaching(events, 10) == dt.date(2022, 1, 4)


def test_state_of_emergency_ends_on_19_january_after_early_lifting_in_ten_units():
    periods = timeline.emergency_periods(data.load("emergency"))
    assert periods["end_at"].max() == pd.Timestamp("2022-01-19 00:00")
    assert periods["lifted_early"].sum() == 10  # "10 of 17" (Bright Uzbekistan, Interfax)
    almaty = periods[periods["region"] == "Almaty (city)"].iloc[0]
    assert almaty["start_at"] == pd.Timestamp("2022-01-05 01:30") and not almaty["lifted_early"]
    aktobe = periods[periods["region"] == "Aktobe Region"].iloc[0]
    assert aktobe["end_at"] == pd.Timestamp("2022-01-16 07:00")
    assert {"interfax-2022-01-15-aktobe", "liter-2022-01-15-aktobe"} <= row_sources(aktobe)


def test_238_deaths_were_announced_by_the_prosecutor_generals_office():
    reports = data.load("casualty_reports")
    rows = reports[(reports["measure"].astype(object) == "deaths") & (reports["value"] == 238)]
    assert len(rows) == 2 and rows["announced_by"].str.contains("Prosecutor General").all()
    assert set(rows["announced_on_text"]) == {"2022-08", "2023-01-05"}
    assert "pgo-2022-08-toll-238" in row_sources(rows.iloc[0]) | row_sources(rows.iloc[1])


def test_164_is_kept_and_marked_retracted_and_225_was_announced_on_15_january():
    reports = data.load("casualty_reports")
    deaths = reports[reports["measure"].astype(object) == "deaths"]
    retracted = deaths[deaths["status"].astype(object) == "retracted"]
    assert list(retracted["value"]) == [164] and retracted["announced_on"].iloc[0] == pd.Timestamp("2022-01-09")
    assert timeline.change_between(reports, "deaths", "2022-01-15", "2022-03-14", "Prosecutor General") == 5
    jan15 = deaths[deaths["announced_on"] == "2022-01-15"].iloc[0]
    assert jan15["value"] == 225 and len(row_sources(jan15)) >= 2


def test_the_spread_by_day_is_what_the_lesson_once_printed_as_golden_output():
    """The guarantee of the golden cell that left lesson 01 (issue 15): the running count of cities reached."""
    spread = timeline.spread_by_day(data.load("events"))
    assert {day.strftime("%d %b"): n for day, n in spread.items()} == {"02 Jan": 2, "04 Jan": 11, "05 Jan": 15}


# ---------------------------------------------------------------------------------------------
# Pure functions


def test_filter_events_by_dates_city_and_type():
    events = small_events()
    assert list(timeline.filter_events(events, "2022-01-02", "2022-01-04")["event_id"]) == [
        "ev002", "ev003", "ev004", "ev005"]
    assert list(timeline.filter_events(events, city="Zhanaozen")["event_id"]) == ["ev002", "ev005"]
    assert list(timeline.filter_events(events, event_type=["violence", "state_action"])["event_id"]) == [
        "ev001", "ev004", "ev006"]
    assert len(timeline.filter_events(events, city=timeline.ALL, event_type=timeline.ALL)) == 6


def test_cities_reached_keeps_the_first_day_and_ignores_nationwide_rows():
    reached = timeline.cities_reached(small_events())
    assert list(reached["city"]) == ["Aktau", "Zhanaozen", "Almaty"]
    assert reached.set_index("city").loc["Zhanaozen", "events"] == 2
    assert reached.set_index("city").loc["Zhanaozen", "source_ids"] == "b;e"
    assert list(timeline.cities_reached(small_events(), until="2022-01-03")["city"]) == ["Aktau", "Zhanaozen"]
    assert list(timeline.spread_by_day(small_events())) == [2, 3]
    assert timeline.first_day_reaching(small_events(), 3) == dt.date(2022, 1, 4)
    assert timeline.first_day_reaching(small_events(), 4) is None


def test_event_list_can_leave_the_sources_to_a_list_under_it_and_says_confidence_in_words():
    with_sources = timeline.event_list(small_events())
    without = timeline.event_list(small_events(), sources=False)
    assert "sources" in with_sources.columns and "sources" not in without.columns
    assert list(without["confidence"].unique()) == ["one source only"]
    assert set(timeline.event_list(data.load("events"), sources=False)["confidence"]) == set(
        data.CONFIDENCE_WORDS.values())


def test_figures_as_announced_orders_by_announcement_and_draws_month_only_mid_month():
    rows = timeline.figures_as_announced(small_reports(), "deaths")
    assert list(rows["value"]) == [164, 225, 188, 238]
    assert rows.loc[rows["value"] == 238, "plot_date"].iloc[0] == pd.Timestamp("2022-08-15")
    assert list(timeline.figures_as_announced(small_reports(), "deaths", include_retracted=False)["value"]) == [
        225, 188, 238]


def test_emergency_periods_and_who_was_under_it_at_a_moment():
    periods = timeline.emergency_periods(small_emergency())
    known = periods.set_index("region")["start_time_known"]
    assert not known["Pavlodar Region"] and known["Almaty (city)"]
    assert timeline.emergency_days(small_emergency(), "Almaty (city)") == pytest.approx(13 + 22.5 / 24)
    assert timeline.regions_under_emergency(small_emergency(), "2022-01-05 12:00") == [
        "Almaty (city)", "Pavlodar Region"]
    assert timeline.regions_under_emergency(small_emergency(), "2022-01-14") == ["Almaty (city)", "Nur-Sultan (city)"]
    with pytest.raises(ValueError, match="no region"):
        timeline.emergency_days(small_emergency(), "Atlantis")


# ---------------------------------------------------------------------------------------------
# What the plots draw


@pytest.mark.parametrize("measure", [m for m in timeline.MEASURE_LABELS
                                     if m in set(data.load("casualty_reports")["measure"].astype(object))])
def test_figures_as_announced_axes_read_true(measure):
    """Each date tick names a different day or month, with its year (some measures run past New Year), and
    each count tick is a whole number of people (a tick at 7.5 labelled '8' would misplace the points)."""
    ax = timeline.plot_figures_as_announced(data.load("casualty_reports"), measure)
    ax.figure.canvas.draw()
    dates = [t.get_text() for t in ax.get_xticklabels()]
    assert len(dates) >= 3 and len(set(dates)) == len(dates), dates
    assert all(re.search(r"\b20\d\d$", d) for d in dates), dates
    low, high = ax.get_ylim()
    counts = [v for v in ax.get_yticks() if low <= v <= high]
    assert len(counts) >= 3 and all(float(v).is_integer() for v in counts), counts


def test_spread_map_legend_hides_no_city(covered_by_legend):
    ax = timeline.plot_spread_map(data.load("events"), data.load("cities"))
    assert len(ax.texts) >= 15 and covered_by_legend(ax) == []
    explorer_map = timeline.TimelineExplorer().result["map"]  # a wider figure: the map sits lower in its axes
    assert len(explorer_map.texts) >= 15 and covered_by_legend(explorer_map) == []


def test_spread_map_draws_one_point_per_city_with_events_in_range():
    ax = timeline.plot_spread_map(small_events(), small_cities(), until="2022-01-03")
    assert points_drawn(ax) == 2
    assert "2 cities" in style.description(ax) and "Aktau and Zhanaozen" in style.description(ax)
    ax = timeline.plot_spread_map(small_events(), small_cities())
    assert points_drawn(ax) == 3
    events, cities = data.load("events"), data.load("cities")
    for until in ["2022-01-02", "2022-01-04", "2022-01-05", "2022-01-31"]:
        ax = timeline.plot_spread_map(events, cities, until=until)
        assert points_drawn(ax) == len(timeline.cities_reached(events, until=until))
    assert points_drawn(ax) == 15
    assert "Natural Earth" in style.caption(ax)


def test_spread_map_city_names_do_not_run_into_each_other():
    ax = timeline.plot_spread_map(data.load("events"), data.load("cities"))
    ax.figure.canvas.draw()
    boxes = [t.get_window_extent() for t in ax.texts]
    assert len(boxes) == 15
    clashes = [(a, b) for i, a in enumerate(ax.texts) for b in ax.texts[i + 1:]
               if a.get_window_extent().overlaps(b.get_window_extent())]
    assert not clashes, [(a.get_text(), b.get_text()) for a, b in clashes]


def test_figures_chart_labels_each_value_as_it_was_given_and_names_the_latest_official_figure():
    reports = data.load("casualty_reports")
    ax = timeline.plot_figures_as_announced(reports, "detained")
    labels = [t.get_text() for t in ax.texts]
    assert "about 2,000" in labels and "9,900" in labels and len(labels) == points_drawn(ax)
    ax.figure.canvas.draw()
    clashes = [(a.get_text(), b.get_text()) for i, a in enumerate(ax.texts) for b in ax.texts[i + 1:]
               if a.get_window_extent().overlaps(b.get_window_extent())]
    assert not clashes  # 5,800 and 5,969 were both announced on 9 January
    text = style.description(timeline.plot_figures_as_announced(reports, "deaths"))
    assert "to 238 (Prosecutor General" in text and "5 January 2023" in text
    assert "188 (Azattyq" in text and "1 later retracted (164)" in text


def test_event_timeline_draws_one_marker_per_event():
    ax = timeline.plot_event_timeline(small_events())
    assert points_drawn(ax) == 6
    assert "6 events" in style.description(ax) and "2 state action" in style.description(ax)
    assert set(ax.qantar_source_ids) == {"a", "b", "c", "d", "e", "f"}


def test_figures_chart_has_one_point_per_announcement():
    ax = timeline.plot_figures_as_announced(small_reports(), "deaths")
    assert points_drawn(ax) == 4
    assert "1 later retracted (164)" in style.description(ax)
    reports = data.load("casualty_reports")
    for measure in reports["measure"].astype(object).unique():
        ax = timeline.plot_figures_as_announced(reports, measure)
        assert points_drawn(ax) == len(timeline.figures_as_announced(reports, measure))


def test_emergency_chart_has_one_bar_per_region_and_says_how_many_ended_early():
    ax = timeline.plot_emergency(data.load("emergency"))
    bars = [p for p in ax.patches if p.get_alpha() is None]  # lighter first-day patches have an alpha
    assert len(bars) == 17
    assert "10 had it lifted early" in style.description(ax) and "7 kept it" in style.description(ax)


# ---------------------------------------------------------------------------------------------
# Explorers


def test_timeline_explorer_follows_the_slider_and_filters():
    explorer = timeline.TimelineExplorer()
    day = {value: value for _, value in explorer.controls["days"].options}
    explorer.controls["days"].value = (day[dt.date(2022, 1, 1)], day[dt.date(2022, 1, 3)])
    assert explorer.error is None
    first = explorer.result
    assert first["cities"] == ["Aktau", "Zhanaozen"] and points_drawn(first["map"]) == 2
    first_text = style.description(first["map"])  # the explorer keeps one figure: read it before it moves on
    assert len(first["table"]) == len(first["events"]) and first["table"]["sources"].str.len().gt(0).all()
    explorer.controls["days"].value = (day[dt.date(2022, 1, 1)], day[dt.date(2022, 1, 5)])
    wider = explorer.result
    assert len(wider["events"]) > len(first["events"]) and points_drawn(wider["map"]) == 15
    assert style.description(wider["map"]) != first_text and "15 cities" in style.description(wider["map"])
    explorer.controls["event_type"].value = "communications"
    only = explorer.result["events"]
    assert set(only["event_type"].astype(object)) == {"communications"} and points_drawn(explorer.result["map"]) == 0
    explorer.controls["event_type"].value = timeline.ALL
    explorer.controls["city"].value = "Almaty"
    almaty = explorer.result
    assert set(almaty["events"]["city"].astype(object)) == {"Almaty"} and almaty["cities"] == ["Almaty"]
    assert points_drawn(almaty["timeline"]) == len(almaty["events"])
    assert len(almaty["timeline"].patches) == 1  # the band of the chosen days (1 to 5 January)
    explorer.controls["days"].value = (day[dt.date(2022, 1, 1)], day[dt.date(2022, 1, 31)])
    assert len(explorer.result["timeline"].patches) == 0  # all January chosen: no band


def test_timeline_explorer_can_open_on_the_days_a_lesson_has_discussed():
    """Lesson 01 opens the explorer on 1-4 January: its first view must not show the cities first reached on
    5 January, which an exercise asks for."""
    explorer = timeline.TimelineExplorer(until="2022-01-04")
    start, end = explorer.controls["days"].value
    assert (start, end) == (dt.date(2022, 1, 1), dt.date(2022, 1, 4))
    assert explorer.result["cities"] == list(timeline.cities_reached(data.load("events"), until="2022-01-04")["city"])
    assert "Kostanay" not in style.description(explorer.result["map"])
    day = {value: value for _, value in explorer.controls["days"].options}
    explorer.controls["days"].value = (day[dt.date(2022, 1, 1)], day[dt.date(2022, 1, 5)])
    assert "Kostanay" in explorer.result["cities"]  # one move of the slider, and the student finds them
    assert timeline.TimelineExplorer().controls["days"].value[1] == dt.date(2022, 1, 31)
    with pytest.raises(ValueError, match="like '2022-01-05'"):
        timeline.TimelineExplorer(until="4 Jan")


def test_figures_explorer_follows_the_measure_and_the_retracted_switch():
    explorer = timeline.FiguresExplorer()
    explorer.controls["measure"].value = "deaths"
    deaths = explorer.result
    assert deaths["points"] == points_drawn(deaths["ax"]) and 164 in list(deaths["rows"]["value"])
    assert "Prosecutor General" in " ".join(deaths["table"]["announced by"])
    deaths_description = style.description(deaths["ax"])  # the explorer redraws its one axes at each change
    explorer.controls["show_retracted"].value = False
    assert 164 not in list(explorer.result["rows"]["value"])
    assert points_drawn(explorer.result["ax"]) == deaths["points"] - 1
    explorer.controls["measure"].value = "detained"
    assert explorer.result["rows"]["value"].max() == 12000  # AP's media total of 12 January beside the official 9,900
    assert style.description(explorer.result["ax"]) != deaths_description
    assert "detained" in style.description(explorer.result["ax"])


def _shown_html(explorer) -> str:
    """The HTML of what the explorer displayed for its latest choice."""
    shown = next(reversed(explorer._shown.values()))
    return "".join(o.get("data", {}).get("text/html", "") for o in shown)


@pytest.fixture
def notebook_display():
    """display() as in a notebook, with HTML kept (outside IPython it prints plain text)."""
    from IPython.core.interactiveshell import InteractiveShell

    yield InteractiveShell.instance()
    InteractiveShell.clear_instance()


def test_explorer_tables_show_whole_texts(notebook_display):
    """Every event and every note is shown in full: no row left out, no cell cut short with an ellipsis."""
    explorer = timeline.TimelineExplorer()
    assert len(explorer.result["table"]) > 60  # all January: more rows than pandas shows by default
    longest = max(explorer.result["table"]["what happened"], key=len)
    assert len(longest) > 50 and html.escape(longest, quote=False) in _shown_html(explorer)
    figures = timeline.FiguresExplorer()
    notes = max(figures.result["table"]["notes"], key=len)
    assert len(notes) > 50 and html.escape(notes, quote=False) in _shown_html(figures)


def test_explorers_show_a_message_not_a_traceback():
    explorer = timeline.TimelineExplorer(events=small_events().drop(columns=["source_ids"]), cities=small_cities())
    assert explorer.result is None and explorer.error
    figures = timeline.FiguresExplorer()
    figures.controls["measure"].value = None
    assert figures.result is None and "choose a measure" in figures.error


@pytest.mark.parametrize("call, message", [
    (lambda ev, rep, em: timeline.filter_events(ev, city="Almatyy"), "did you mean 'Almaty'"),
    (lambda ev, rep, em: timeline.filter_events(ev, city=""), "blank"),
    (lambda ev, rep, em: timeline.filter_events(ev, city=ev), "name or a list of names"),
    (lambda ev, rep, em: timeline.filter_events(ev, event_type="protests"), "did you mean 'protest'"),
    (lambda ev, rep, em: timeline.filter_events(ev, start="5 Jan"), "like '2022-01-05'"),
    (lambda ev, rep, em: timeline.filter_events(ev, start=""), "like '2022-01-05'"),
    (lambda ev, rep, em: timeline.filter_events(ev, start="2022-01-10", end="2022-01-02"), "after the end"),
    (lambda ev, rep, em: timeline.cities_reached(ev, until="2022-02-31"), "not a real day"),
    (lambda ev, rep, em: timeline.first_day_reaching(ev, "10"), "whole number"),
    (lambda ev, rep, em: timeline.figures_as_announced(rep, "death"), "did you mean 'deaths'"),
    (lambda ev, rep, em: timeline.figures_as_announced(rep, None), "choose a measure"),
    (lambda ev, rep, em: timeline.plot_figures_as_announced(rep, ["deaths"]), "choose a measure"),
    (lambda ev, rep, em: timeline.change_between(rep, "deaths", None, "2022-03-14"), "no announcement date"),
    (lambda ev, rep, em: timeline.change_between(rep, "deaths", "2022-01-16", "2022-03-14"), "16 January"),
    (lambda ev, rep, em: timeline.emergency_days(em, "Almaty"), "no region called 'Almaty'"),
    (lambda ev, rep, em: timeline.regions_under_emergency(em, None), "no moment"),
    (lambda ev, rep, em: timeline.regions_under_emergency(em, em), "not a DataFrame"),
])
def test_wrong_inputs_to_the_functions_get_a_plain_message(call, message):
    with pytest.raises(ValueError, match=message):
        call(data.load("events"), data.load("casualty_reports"), data.load("emergency"))


# ---------------------------------------------------------------------------------------------
# The exercise set


def test_exercise_answers_match_the_real_values():
    expected = {q.name: q.expected_value() for q in exercises.QUESTIONS if q.kind == "value"}
    assert expected == {"q1": ["Kostanay", "Pavlodar", "Petropavl", "Taldykorgan"], "q2": 11, "q3": 14,
                        "q4": 6089, "q5": 8.1, "q6": 5}
    assert exercises.q7.cases() == [(("Almaty",), 4), (("Aktau",), 2), (("Taraz",), 1), (("Nur-Sultan",), 5)]


def _run_solutions(question_set):
    """Each solution of a set run as the teacher notebook runs it: {question name: its result}."""
    namespace = {name: getattr(exercises, name) for name in exercises.__all__}
    results = {}
    for q in question_set:
        if q.kind == "written":
            results[q.name] = q.evaluate(q.model_answer)
        elif q.kind == "judgement":
            results[q.name] = q.evaluate({item: "trust more" for item in q._items()})
        else:
            exec(q.solution_code, namespace)  # noqa: S102 - the kit's own solution code
            results[q.name] = q.evaluate(namespace[q.var])
    return results, namespace


def test_every_solution_passes_its_own_check_and_blanks_are_not_attempted():
    results, _ = _run_solutions(exercises.QUESTIONS)
    for q in exercises.QUESTIONS:
        assert results[q.name].status == ("answered" if q.kind == "written" else "correct"), q.name
        assert len(q.hints) >= 2, q.name
        if q.kind == "written":
            assert len(q.rubric) == 4
    assert all(r.status == "not attempted" for r in exercises.QUESTIONS.grade(
        {q.var: exercises.____ for q in exercises.QUESTIONS}))


def test_the_chart_task_draws_with_the_kit_style_and_reads_its_tallest_bar():
    """q6's solution is the chart a student is asked for: bars per day, whole-number ticks, a title, and the
    sentence and sources that style.finish attaches; the value checked is read off the chart."""
    from matplotlib.figure import Figure

    _, namespace = _run_solutions([exercises.q6])
    ax = namespace["ax"]
    assert isinstance(ax.figure, Figure) and len(ax.patches) == 17  # one bar per day with a Nur-Sultan event
    assert "Nur-Sultan" in ax.get_title() and "events" in ax.get_ylabel()
    assert style.description(ax).startswith("A bar chart of the kit's 25 events in Nur-Sultan")
    assert len(ax.qantar_source_ids) >= 10
    ticks = [v for v in ax.get_yticks() if ax.get_ylim()[0] <= v <= ax.get_ylim()[1]]
    assert all(float(v).is_integer() for v in ticks)
    assert namespace["tallest_bar"] == exercises.q6.expected_value()


@pytest.mark.parametrize("question, wrong, says", [
    (exercises.q1, ["Aktau", "Aktobe", "Almaty", "Kostanay", "Pavlodar", "Petropavl", "Taldykorgan"],
     "some of them reached before"),  # every city with unrest on 5 January
    (exercises.q1, timeline.cities_reached(data.load("events"), until="2022-01-05")["city"].tolist(),
     "all the cities reached by"),
    (exercises.q2, 12, "both the first and the last day"),
    (exercises.q3, 10, "clock time"),
    (exercises.q3, 3, "already ended"),
    (exercises.q3, 17, "ever under the state of emergency"),
    (exercises.q4, 12000 - 3811, "Associated Press"),
    (exercises.q4, 9900 - 2000, "first figure (6 January)"),
    (exercises.q4, -6089, "sign"),
    (exercises.q5, 6.7, "Associated Press"),
    (exercises.q5, 12.3, "upside down"),
    (exercises.q5, 0.081, "factor of 100"),
    (exercises.q6, 25, "group by the date"),
    (exercises.q6, 4, "the lesson's chart"),  # the worked example's tallest bar, copied unchanged
])
def test_a_predictable_mistake_gets_its_own_message_without_the_answer(question, wrong, says):
    result = question.evaluate(wrong)
    assert result.status == "incorrect" and says in result.message
    expected = question.expected_value()
    forms = [str(v) for v in expected] if isinstance(expected, list) else [f"{expected:g}", f"{expected:,}"]

    def says_it(text, form):
        return re.search(rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)", text)

    # the answer is not in the message, unless the question itself holds the same figure ("14 January")
    assert not [f for f in forms if says_it(result.message, f) and not says_it(question.prompt, f)], result.message


def test_other_wrong_answers_still_get_the_general_messages():
    assert exercises.q2.evaluate(11.29).status == "correct"  # with the clock time of the end, also accepted
    assert "as 'YYYY-MM-DD'" not in exercises.q2.evaluate(30).message
    assert "not the right number" in exercises.q1.evaluate(["Kostanay"]).message
    assert exercises.q7.evaluate(lambda city: 4).status == "incorrect"
    assert "Aktau" in exercises.q7.evaluate(lambda city: 4).message  # it names the case that failed
    assert "should be a function" in exercises.q7.evaluate(4).message


# ---------------------------------------------------------------------------------------------
# The lesson's own tasks (notebooks/01_timeline.ipynb)


LESSON_NOTEBOOK = Path(__file__).parents[1] / "notebooks" / "01_timeline.ipynb"


def test_the_lessons_tasks_are_its_own_and_not_copies_of_the_set():
    set_names = {q.name for q in exercises.QUESTIONS}
    set_prompts = {q.prompt for q in exercises.QUESTIONS}
    set_answers = [q.expected_value() for q in exercises.QUESTIONS if q.kind == "value"]
    for q in exercises.LESSON:
        assert q.name not in set_names and q.prompt not in set_prompts
        if q.kind == "value":
            assert q.expected_value() not in set_answers, q.name
    source = "\n".join(cell.source for cell in nbformat.read(LESSON_NOTEBOOK, as_version=4).cells)
    checked = set(re.findall(r"\b(\w+)\.check\(", source))
    assert checked and checked <= {q.name for q in exercises.LESSON}, checked  # "Practice N" is pN, never a qN
    assert "exercises.timeline import LESSON, ____" in source


def test_the_lessons_practice_checks_pass_with_their_solutions():
    results, _ = _run_solutions([exercises.p1, exercises.p2, exercises.w1])
    assert results["p1"].status == "correct" and results["p2"].status == "correct"
    assert results["w1"].status == "answered" and len(exercises.w1.rubric) == 4
    assert "Mangystau" in exercises.p1.evaluate(11).message  # every city on the map, the lesson's worked case
    assert exercises.p2.evaluate(["internet", "resignation", "security council", "csto"]).message == (
        "The right items, but not in the right order.")
    words = len(exercises.w1.model_answer.split())
    assert 100 <= words <= 150, words


def test_the_order_of_5_january_rests_on_the_events_the_lesson_shows():
    """p2's labels name the four rows the lesson's table shows for 5 January, and their descriptions give the
    times that put them in the expected order."""
    events = data.load("events").set_index("event_id")
    shown = timeline.filter_events(data.load("events"), start="2022-01-05", end="2022-01-05",
                                   event_type=["political", "communications", "international"])
    ids = list(exercises.ORDER_5_JANUARY.values())
    assert set(ids) == set(shown["event_id"]) and list(exercises.ORDER_5_JANUARY) == exercises.p2.expected_value()
    times = ["Early on 5 January", "16:30", "19:00", "Late in the evening"]
    assert all(when in events.loc[event, "description"] for when, event in zip(times, ids))


def test_the_judge_first_task_hides_the_kits_judgement_until_an_attempt_is_recorded():
    from qantar.exercises.engine import RESULTS

    j1 = exercises.j1
    RESULTS.pop((j1.exercise_set, j1.name), None)
    assert "Judge first" in str(j1.compare()) and "retrospective" not in str(j1.compare())
    assert "retrospective" not in str(j1.show_items())
    kit = j1.kit()
    assert set(kit) == set(j1._items()) and {label for label, _ in kit.values()} <= set(j1.labels)
    mine = {"TASS, 4 January": "trust more", "Azattyq, 4 January": "trust more",
            "the spokesman, 9 January": "cannot tell", "TASS, 5 January": "trust less"}
    assert j1.check(mine).status == "answered" and j1.check(mine).max_points == 0  # recorded, not marked
    shown = j1.compare(mine)
    assert shown.agreed == 2 and "retrospective" in shown._repr_html_()


def test_the_judge_first_accounts_are_the_sources_the_kit_cites_for_the_address():
    """The four accounts are rows of sources.csv, and the event they are about cites the reports made that night."""
    known = set(data.load("sources")["source_id"])
    ids = [source for _, source in exercises.ADDRESS_ACCOUNTS.values()]
    assert set(ids) <= known
    address = data.load("events").set_index("event_id").loc["ev021"]
    assert {"tass-2022-01-04-first-address", "rferl-2022-01-04-stun-grenades"} <= row_sources(address)
    assert "spokesman later placed" in address["description"]


def test_the_voices_are_short_attributed_and_sourced():
    known = set(data.load("sources")["source_id"])
    table = timeline.voices()
    assert len(table) == len(timeline.VOICES) >= 4 and not table.isna().any().any()
    for voice in timeline.VOICES:
        assert set(data.split_ids(voice["source_ids"])) <= known, voice
        assert voice["form"] in {"quotation", "close paraphrase"} and voice["whose words"]
        quoted = re.findall(r"\u201c([^\u201d]*)\u201d", voice["their words"])
        assert voice["form"] != "quotation" or quoted, voice
        assert all(len(q.split()) <= 15 for q in quoted), voice  # the copy rule: at most about 15 words
    single = [v for v in timeline.VOICES if len(data.split_ids(v["source_ids"])) == 1
              and "orda" in v["source_ids"]]
    assert all("one report" in v["their words"] for v in single)  # a single-source demand says so


def test_the_student_notebook_runs_with_every_question_not_attempted(tmp_path):
    pytest.importorskip("nbclient", reason="grading runs kernels: not in the browser-stack test environment")
    import shutil
    from pathlib import Path

    from qantar import grading

    folder = tmp_path / "submissions"
    folder.mkdir()
    shutil.copy(Path(__file__).parents[1] / "exercises" / "01_timeline.ipynb", folder / "blank.ipynb")
    report = grading.grade_folder(folder, out=tmp_path / "gradebook.csv", progress=False)
    (row,) = report.rows
    assert report.exercise_set == "timeline" and row.status == "ok", row.notes
    assert [r["question"] for r in row.results] == [q.name for q in exercises.QUESTIONS]
    assert {r["status"] for r in row.results} == {"not attempted"}


def test_detentions_security_deaths_and_the_ngo_241_are_as_their_sources_give_them():
    reports = data.load("casualty_reports")
    detained = reports[(reports["measure"].astype(object) == "detained")
                       & (reports["announced_on"] == "2022-01-11")].iloc[0]
    assert detained["value"] == 9900 and detained["announced_by"] == "Interior Ministry"
    assert len(row_sources(detained)) >= 2  # RFE/RL and regtrends, 11 January 2022
    security = reports[reports["measure"].astype(object) == "deaths_security_forces"]
    assert list(security.sort_values(["announced_on", "report_id"])["value"])[:6] == [8, 13, 18, 17, 16, 19]
    ngo_241 = reports[(reports["measure"].astype(object) == "deaths") & (reports["value"] == 241)].iloc[0]
    assert ngo_241["announcer_kind"] == "ngo"  # reconciled.md: never to be shown as an official figure


def test_the_tables_state_no_fact_the_research_marks_unverified():
    text = " ".join(pd.concat([data.load("events")["description"], data.load("context_events")["description"],
                               data.load("casualty_reports")["notes"].fillna("")])).lower()
    for phrase in ["qasiretti", "up to 100", "tank", "abu dhabi", "voluntarily"]:
        assert phrase not in text, phrase
    csto = data.load("events")
    withdrawal = csto[csto["description"].str.contains("withdrawal is complete")].iloc[0]
    assert withdrawal["date"] == pd.Timestamp("2022-01-19") and "2,030" in withdrawal["description"]
