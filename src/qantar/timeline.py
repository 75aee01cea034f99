"""The timeline theme (notebook 01): what happened, where, when, and how the numbers changed.

Pure functions over four tables: ``events`` (1-31 January 2022), ``context_events`` (before and after),
``casualty_reports`` (each figure as it was announced, revised or retracted) and ``emergency`` (the state
of emergency by region). Plot functions draw on an Axes and end with ``style.finish``; the two explorers
are thin wrappers over the functions.

    >>> events = data.load("events")                       # doctest: +SKIP
    >>> cities_reached(events, until="2022-01-04")         # doctest: +SKIP
"""
from __future__ import annotations

import datetime as dt
import difflib
import functools
import re

import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown, display

from . import data, maps, style
from .sources import kind_label
from .widgets import Explorer

EVENT_TYPES = ["protest", "strike", "state_action", "violence", "communications", "political", "international"]
# Event types that show unrest reaching a place: what the spread map counts.
UNREST_TYPES = ("protest", "strike", "violence")
NATIONWIDE = "nationwide"
ALL = "(all)"
SCHEDULED_END = pd.Timestamp("2022-01-19 00:00")

TYPE_LABELS = {
    "protest": "protest", "strike": "strike", "state_action": "state action", "violence": "violence",
    "communications": "communications", "political": "political", "international": "international",
}
MEASURE_LABELS = {
    "deaths": "deaths (all)",
    "deaths_security_forces": "deaths among police and military",
    "injured": "injured (all)",
    "injured_security_forces": "injured police and military",
    "detained": "people detained",
    "arrested": "people held in custody",
    "charged": "suspects charged or prosecuted",
    "convicted": "people convicted",
    "criminal_cases": "criminal cases opened",
    "amnesty": "people covered by the amnesty",
}
# The protesters' demands in their own words (notebook 01, section 2): a short quotation only where the words
# themselves are studied, otherwise a close paraphrase; each with who said it and where the kit read it.
VOICES = [
    {"when": "2 January", "place": "Zhanaozen", "whose words": "protesters' placards",
     "their words": "\u201cNazarbayev out\u201d and \u201cOld man, leave\u201d (as translated in a photo caption)",
     "form": "quotation", "source_ids": "diplomat-2023-01-day1"},
    {"when": "4 January", "place": "Nur-Sultan", "whose words": "a crowd near the city akimat",
     "their words": "\u201cShal, ket!\u201d (\u201cOld man, go!\u201d), a chant aimed at Nazarbayev",
     "form": "quotation", "source_ids": "azattyq-2022-01-04-detentions;rferl-2022-01-04-stun-grenades"},
    {"when": "4 January", "place": "Aktobe, Oral, Shymkent and other cities",
     "whose words": "rallies in support of the Mangystau protesters",
     "their words": "besides the gas price: corruption, unemployment and low pay",
     "form": "close paraphrase", "source_ids": "rferl-2022-01-04-stun-grenades;antena3-2022-01-04-protests"},
    {"when": "reported after the government resigned (5 January)", "place": "Zhanaozen",
     "whose words": "local activists, in five demands to the authorities",
     "their words": "a change of regime; akims (governors and mayors) elected by the people; a return to the "
                    "constitution of 1993; no harassment of civic activists; a leader from outside the ruling "
                    "circles (one report only)",
     "form": "close paraphrase", "source_ids": "orda-2022-01-zhanaozen-demands"},
]
# Further reading listed at the end of notebook 01 (ids of sources.csv): accounts from different sides.
FURTHER_READING = [
    "kursiv-2022-01-11-jan5", "diplomat-2023-01-day1", "diplomat-2023-01-day5", "rferl-2022-01-10-internet",
    "meduza-2022-01-07-technically-legal", "hrw-2022-05-05-no-justice", "cabar-2023-01-bloody-january",
    "jjtv-2023-01-05-investigation",
]


_DATE_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}([ T]\d{2}:\d{2}(:\d{2})?)?")


def _ts(value, what: str = "date") -> pd.Timestamp | None:
    """A date given as text like '2022-01-05' (or a date object) as a Timestamp; None stays None.

    Anything else raises a ValueError that says how to write the date.
    """
    if value is None:
        return None
    if isinstance(value, str):
        text = value.strip()
        if not _DATE_TEXT.fullmatch(text):
            raise ValueError(f"the {what} {value!r} is not written as a date: write it like '2022-01-05'")
        try:
            return pd.Timestamp(text)
        except ValueError:
            raise ValueError(f"the {what} {value!r} is not a real day of the calendar") from None
    if isinstance(value, (dt.date, pd.Timestamp)) and not pd.isna(value):
        return pd.Timestamp(value)
    raise ValueError(f"the {what} should be a date like '2022-01-05', not a {type(value).__name__}")


def _needed_ts(value, what: str = "date") -> pd.Timestamp:
    if value is None:
        raise ValueError(f"no {what} given: write it like '2022-01-05'")
    return _ts(value, what)


def _choices(wanted, known, what: str) -> list[str]:
    """``wanted`` (one name or a list of names) checked against ``known``; a typo gets a suggestion."""
    if isinstance(wanted, str):
        wanted = [wanted]
    elif isinstance(wanted, (list, tuple, set, pd.Series)):
        wanted = list(wanted)
    else:
        raise ValueError(f"the {what} should be a name or a list of names, not {type(wanted).__name__}")
    for name in wanted:
        if not isinstance(name, str) or not name.strip():
            raise ValueError(f"a {what} is blank: give a name, like {sorted(known)[0]!r}")
        if name not in known:
            close = difflib.get_close_matches(name, sorted(known), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else f"; choose from {', '.join(sorted(known))}"
            raise ValueError(f"no {what} called {name!r}" + hint)
    return wanted


def _day(value) -> str:
    """'5 January' (or '5 January 2023' outside 2022)."""
    t = pd.Timestamp(value)
    return f"{t.day} {t:%B}" + ("" if t.year == 2022 else f" {t.year}")


def _list(words) -> str:
    words = list(words)
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]


# ---------------------------------------------------------------------------------------------
# Events: filter, spread


def filter_events(events: pd.DataFrame, start=None, end=None, city=None, event_type=None) -> pd.DataFrame:
    """Events between ``start`` and ``end`` (inclusive dates), in ``city`` and of ``event_type``.

    ``city`` and ``event_type`` may be one value, a list, or None/``ALL`` for any. Rows stay in date order.
    """
    start, end = _ts(start, "start date"), _ts(end, "end date")
    if start is not None and end is not None and start > end:
        raise ValueError(f"the start date {start:%Y-%m-%d} is after the end date {end:%Y-%m-%d}")
    keep = pd.Series(True, index=events.index)
    if start is not None:
        keep &= events["date"] >= start
    if end is not None:
        keep &= events["date"] <= end
    for column, wanted, what in (("city", city, "place"), ("event_type", event_type, "event type")):
        if wanted is None or (isinstance(wanted, str) and wanted == ALL):
            continue
        known = _places(events) if column == "city" else set(EVENT_TYPES)
        keep &= events[column].astype(object).isin(_choices(wanted, known, what))
    return events[keep].sort_values(["date", "event_id"])


def _places(events: pd.DataFrame) -> set:
    """The places a city filter may name: the events' own, the kit's cities, and nationwide. Worked out only
    when a place is chosen: an explorer filters at every change, mostly for all places."""
    return set(events["city"].dropna().astype(object)) | set(data.load("cities")["city"]) | {NATIONWIDE}


def cities_reached(events: pd.DataFrame, until=None, types=UNREST_TYPES, start=None) -> pd.DataFrame:
    """The cities where protests, strikes or violence were reported by ``until``, first day first.

    Columns: city, first_date, events (how many such events), source_ids (of those events).
    Rows without a kit city (nationwide, a whole region, abroad) are left out.
    """
    rows = filter_events(events, start=start, end=until, event_type=list(types))
    rows = rows[rows["city"].notna() & (rows["city"].astype(object) != NATIONWIDE)]
    if rows.empty:
        return pd.DataFrame(columns=["city", "first_date", "events", "source_ids"])
    grouped = rows.groupby(rows["city"].astype(object), sort=False)
    table = pd.DataFrame({
        "first_date": grouped["date"].min(),
        "events": grouped.size(),
        "source_ids": grouped["source_ids"].agg(lambda ids: ";".join(data.split_ids(list(ids)))),
    }).reset_index(names="city")
    return table.sort_values(["first_date", "city"]).reset_index(drop=True)


def spread_by_day(events: pd.DataFrame, types=UNREST_TYPES) -> pd.Series:
    """For each day with a first arrival, the running number of cities reached (a cumulative count)."""
    reached = cities_reached(events, types=types)
    if reached.empty:
        return pd.Series(dtype="int64", name="cities")
    per_day = reached.groupby("first_date").size()
    return per_day.cumsum().rename("cities")


def first_day_reaching(events: pd.DataFrame, n: int, types=UNREST_TYPES):
    """The first day by which unrest had been reported in at least ``n`` cities (None if never)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ValueError(f"n should be a whole number of cities, 1 or more, not {n!r}")
    running = spread_by_day(events, types)
    hit = running[running >= n]
    return None if hit.empty else hit.index[0].date()


def daily_counts(events: pd.DataFrame) -> pd.DataFrame:
    """Number of events per day (rows) and type (columns)."""
    table = pd.crosstab(events["date"], events["event_type"].astype(object))
    return table.reindex(columns=[t for t in EVENT_TYPES if t in table.columns])


def cite(ids, root=None) -> str:
    """Sources as short text, 'Outlet (date); Outlet (date)'."""
    return "; ".join(data.citations(ids, root))


def event_list(events: pd.DataFrame, root=None, sources: bool = True) -> pd.DataFrame:
    """The events as a table to read: date, place, type, what happened, how sure the kit is, and (unless
    ``sources=False``, for a lesson that lists them under the table with ``qantar.sources.sources``) each
    row's sources in words."""
    place = events["city"].astype(object).where(events["city"].notna() & (events["city"].astype(object) != ""),
                                                events["region"].astype(object))
    table = pd.DataFrame({
        "date": events["date"].dt.strftime("%d %b %Y"),
        "place": place,
        "type": events["event_type"].astype(object).map(TYPE_LABELS),
        "what happened": events["description"],
        "confidence": events["confidence"].astype(object).map(data.confidence_words),
    })
    if sources:
        table["sources"] = events["source_ids"].map(lambda ids: cite(ids, root))
    return table.reset_index(drop=True)


def voices() -> pd.DataFrame:
    """The protesters' demands in their own words (``VOICES``), with where the kit read each: a table to read."""
    table = pd.DataFrame(VOICES)
    table["read in"] = table["source_ids"].map(lambda ids: "; ".join(data.citations(ids)))
    return table.drop(columns="source_ids")


# ---------------------------------------------------------------------------------------------
# Plots of the events


def plot_spread_map(events: pd.DataFrame, cities: pd.DataFrame, until=None, ax=None, start=None,
                    types=UNREST_TYPES, labels: bool = True, outline: bool = True, reached=None):
    """A map of the cities where unrest was reported between ``start`` and ``until``, coloured by first day.

    One point per city; each first day has its own colour and marker. Returns the finished axes.
    ``outline=False`` draws on a map ``ax`` that has its outline already (an explorer's fixed part);
    ``reached`` is ``cities_reached`` of the same arguments when the caller has it already.
    """
    if reached is None:
        reached = cities_reached(events, until=until, types=types, start=start)
    placed = reached.merge(cities[["city", "lat", "lon", "source_ids"]].rename(
        columns={"source_ids": "city_source_ids"}), on="city", how="inner")
    span = _span_text(start, until, events)
    title = "Cities where protests, strikes or violence were reported" + (f"\n{span.strip()}" if span else "")
    ax = maps.base_map(ax, title=title) if outline else ax
    ax.set_title(title)
    days = sorted(placed["first_date"].unique())
    # With a start date, "first" means first within the chosen days, not first ever.
    first = "first reported" if start is None else "first in the chosen days:"
    parts = []
    for i, day in enumerate(days):
        group = placed[placed["first_date"] == day]
        look = style.series_style(i)
        ax.scatter(group["lon"], group["lat"], s=70, color=look["color"], marker=look["marker"],
                   edgecolor="black", linewidth=0.6, zorder=4, label=f"{first} {_day(day)}")
        parts.append(f"{len(group)} {'first on' if start is None else 'from'} {_day(day)} "
                     f"({_list(sorted(group['city']))})")
    if labels:
        _label_points(ax, placed)
    if days:
        ax.legend(loc=maps.LEGEND_PLACE, fontsize=8)
        text = (f"A map of Kazakhstan marking the {len(placed)} cities where protests, strikes or violence "
                f"were reported{span}: " + "; ".join(parts) + ".")
    else:
        text = f"A map of Kazakhstan: no city had reported protests, strikes or violence{span}."
    ids = data.split_ids(list(placed["source_ids"]) + list(placed["city_source_ids"]) + [maps.OUTLINE_SOURCE])
    return style.finish(ax, text, ids)


def _label_points(ax, placed: pd.DataFrame) -> None:
    """Name each city beside its point: above and to the right, or else level with it, below it or to its left,
    whichever first keeps clear of the names already placed."""
    taken: list[tuple[float, float, float, float]] = []
    for row in placed.sort_values("lat", ascending=False).itertuples():
        width = 0.42 * len(row.city)  # about a character's width at fontsize 8, in degrees on this map
        for dx, dy in ((0.3, 0.1), (0.4, -0.35), (0.3, -0.85), (-0.3 - width, 0.1)):
            box = (row.lon + dx, row.lat + dy, row.lon + dx + width, row.lat + dy + 0.75)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in taken):
                break
        taken.append(box)
        ax.annotate(row.city, (row.lon, row.lat), xytext=(box[0], box[1]), textcoords="data", fontsize=8,
                    zorder=5, va="bottom")


def _span_text(start, until, events) -> str:
    if start is None and until is None:
        return ""
    first = _ts(start) if start is not None else events["date"].min()
    last = _ts(until) if until is not None else events["date"].max()
    if pd.isna(first) or pd.isna(last):
        return ""
    if first == last:
        return f" on {_day(first)} 2022" if first.year == 2022 else f" on {_day(first)}"
    if first.year == last.year == 2022:
        return f" from {_day(first)} to {_day(last)} 2022"
    return f" from {first.day} {first:%B %Y} to {last.day} {last:%B %Y}"


def _event_points(events: pd.DataFrame) -> pd.DataFrame:
    """Where each event goes on the timeline: its date across, its type's row down (events of one type
    on the same day stack a little)."""
    rank = events["event_type"].astype(object).map({kind: i for i, kind in enumerate(EVENT_TYPES)})
    rows = events.assign(rank=rank)[rank.notna()].sort_values(["rank", "date", "event_id"])
    same_day = rows.groupby(["rank", "date"], sort=False)["event_id"]
    offsets = ((same_day.cumcount() - (same_day.transform("size") - 1) / 2) * 0.12).clip(-0.42, 0.42)
    return rows.assign(y=len(EVENT_TYPES) - 1 - rows["rank"] + offsets).drop(columns="rank")


def plot_event_timeline(events: pd.DataFrame, ax=None, title: str | None = None):
    """Each event as one marker: date across, event type down (events on the same day stack slightly).

    Returns the finished axes; the description counts the events by type.
    """
    ax = style.new_axes(ax, figsize=(9, 4))
    types = [t for t in EVENT_TYPES if t in set(events["event_type"].astype(object))]
    points = _event_points(events)
    for i, kind in enumerate(EVENT_TYPES):
        rows = points[points["event_type"].astype(object) == kind]
        if rows.empty:
            continue
        look = style.series_style(i)
        ax.scatter(rows["date"], rows["y"], s=28, color=look["color"],
                   marker=look["marker"], edgecolor="black", linewidth=0.4, zorder=3, label=TYPE_LABELS[kind])
    ax.set_yticks(range(len(EVENT_TYPES)))
    ax.set_yticklabels([TYPE_LABELS[t] for t in reversed(EVENT_TYPES)])
    ax.set_ylim(-0.6, len(EVENT_TYPES) - 0.4)
    ax.set_xlabel("date (January 2022, local time)")
    if not events.empty:
        first, last = events["date"].min(), events["date"].max()
        pad = pd.Timedelta(days=0.7)
        ax.set_xlim(first - pad, last + pad)
        import matplotlib.dates as mdates

        ax.xaxis.set_major_locator(mdates.DayLocator(interval=max(1, (last - first).days // 10 + 1)))
        ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_title(title or "Events of January 2022 by day and type")
    counts = events["event_type"].astype(object).value_counts()
    if events.empty:
        text = "A timeline with no events in the chosen range."
    else:
        by_type = ", ".join(f"{counts[t]} {TYPE_LABELS[t]}" for t in types)
        text = (f"A timeline of {len(events)} events from {_day(events['date'].min())} to "
                f"{_day(events['date'].max())} 2022, one marker each: {by_type}.")
    return style.finish(ax, text, data.split_ids(events))


# ---------------------------------------------------------------------------------------------
# Figures as announced


def plot_date(reports: pd.DataFrame) -> pd.Series:
    """Where to draw each announcement in time: its day, or the 15th where only the month is known."""
    month_only = pd.to_datetime(reports["announced_on_text"].where(reports["announced_on"].isna()) + "-15",
                                format="%Y-%m-%d", errors="coerce")
    return reports["announced_on"].fillna(month_only)


def figures_as_announced(reports: pd.DataFrame, measure: str, scope: str | None = NATIONWIDE,
                         include_retracted: bool = True) -> pd.DataFrame:
    """Every announcement of ``measure`` (for ``scope``; None for any) in the order it was made public.

    Adds ``plot_date`` (see plot_date) and ``day_known``.
    """
    if not isinstance(measure, str) or not measure.strip():
        raise ValueError("choose a measure, for example 'deaths' or 'detained'")
    _choices(measure, set(MEASURE_LABELS) | set(reports["measure"].astype(object)), "measure")
    rows = reports[reports["measure"].astype(object) == measure]
    if scope is not None:
        rows = rows[rows["scope"].astype(object) == scope]
    if not include_retracted:
        rows = rows[rows["status"].astype(object) != "retracted"]
    rows = rows.assign(plot_date=plot_date(rows), day_known=rows["announced_on"].notna())
    return rows.sort_values(["plot_date", "report_id"]).reset_index(drop=True)


def change_between(reports: pd.DataFrame, measure: str, first, second, announcer: str | None = None) -> int:
    """Later value minus earlier value of ``measure`` announced on two days (by ``announcer`` if given)."""
    rows = figures_as_announced(reports, measure, include_retracted=False)
    if announcer:
        rows = rows[rows["announced_by"].str.contains(announcer, case=False, regex=False)]

    def on(day):
        hit = rows[rows["announced_on"] == _needed_ts(day, "announcement date")]
        if hit.empty:
            raise ValueError(f"no {MEASURE_LABELS.get(measure, measure)} figure announced on {_day(day)}")
        return int(hit["value"].iloc[0])

    return on(second) - on(first)


# Marker and colour by who announced and whether it stood.
_KIND_STYLE = {
    "official": (style.PALETTE["blue"], "o"),
    "state_media": (style.PALETTE["sky_blue"], "s"),
    "ngo": (style.PALETTE["orange"], "^"),
    "independent_media": (style.PALETTE["bluish_green"], "D"),
}


def _announced_text(row) -> str:
    """'9 January 2022', or 'August 2022' where only the month is known."""
    if pd.isna(row["announced_on"]):
        return f"{pd.Timestamp(row['announced_on_text'] + '-01'):%B %Y}"
    day = pd.Timestamp(row["announced_on"])
    return f"{day.day} {day:%B %Y}"


def plot_figures_as_announced(reports: pd.DataFrame, measure: str, ax=None, scope: str | None = NATIONWIDE,
                              include_retracted: bool = True):
    """One point per announcement of ``measure``, at the date it was made public, labelled with its value.

    Official figures are joined by a line in announcement order; NGO and media figures stand beside them
    with their own marker; a retracted figure is drawn as a cross. Month-only dates are drawn mid-month
    with an open marker. Returns the finished axes.
    """
    rows = figures_as_announced(reports, measure, scope, include_retracted)
    label = MEASURE_LABELS.get(measure, measure)
    ax = style.new_axes(ax, figsize=(9, 4.5))
    standing = rows[(rows["announcer_kind"].astype(object) == "official")
                    & (rows["status"].astype(object) != "retracted")]
    if len(standing) > 1:
        ax.plot(standing["plot_date"], standing["value"], color=style.GREY, linestyle="--", linewidth=1,
                zorder=1, label="official figures in order")
    for kind, (colour, marker) in _KIND_STYLE.items():
        group = rows[(rows["announcer_kind"].astype(object) == kind) & (rows["status"].astype(object) != "retracted")]
        if group.empty:
            continue
        known = group[group["day_known"]]
        month = group[~group["day_known"]]
        if len(known):
            ax.scatter(known["plot_date"], known["value"], s=60, color=colour, marker=marker, edgecolor="black",
                       linewidth=0.6, zorder=3, label=kind_label(kind))
        if len(month):
            ax.scatter(month["plot_date"], month["value"], s=60, facecolor="white", edgecolor=colour, marker=marker,
                       linewidth=1.5, zorder=3, label=f"{kind_label(kind)} (day not known: drawn mid-month)")
    retracted = rows[rows["status"].astype(object) == "retracted"]
    if len(retracted):
        ax.scatter(retracted["plot_date"], retracted["value"], s=80, color=style.PALETTE["vermillion"], marker="X",
                   zorder=4, label="retracted")
    # A figure announced on the same day as a slightly higher one is labelled below its point, not above.
    top = max(1, rows["value"].max() if len(rows) else 1)
    values = rows["value"].astype(float)
    above = values.sort_values(ascending=False).groupby(rows["plot_date"]).shift()
    crowded = (above - values).lt(0.06 * top).reindex(rows.index, fill_value=False)
    for row, low in zip(rows.itertuples(), crowded):
        ax.annotate(data.figure_text(row.value, row.qualifier), (row.plot_date, row.value),
                    xytext=(4, -12 if low else 5), textcoords="offset points", fontsize=8)
    ax.set_ylabel(f"{label}, as announced")
    import matplotlib.ticker as mticker

    ax.yaxis.set_major_locator(mticker.MaxNLocator("auto", steps=[1, 2, 5, 10], integer=True))  # no tick at 7.5 people
    ax.yaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlabel("date the figure was made public")
    ax.set_ylim(bottom=0, top=top * 1.15)
    if len(rows):
        span = (rows["plot_date"].max() - rows["plot_date"].min()).days
        pad = pd.Timedelta(days=max(2, span * 0.04))
        ax.set_xlim(rows["plot_date"].min() - pad, rows["plot_date"].max() + pad)
        style.whole_dates(ax.xaxis)
        ax.legend(loc="lower right", fontsize=8)
    where = "" if scope in (None, NATIONWIDE) else f" ({scope})"
    ax.set_title(f"{label.capitalize()}{where}: each figure as it was announced")
    official = rows[rows["announcer_kind"].astype(object) == "official"]
    others = rows[rows["announcer_kind"].astype(object) != "official"]
    if rows.empty:
        text = f"No announced figures for {label}."
    else:
        text = f"{len(rows)} announced figures for {label}{where}, one point each"
        if len(official) > 1:
            first, last = official.iloc[0], official.iloc[-1]
            text += (f": {len(official)} official, from {data.figure_text(first['value'], first['qualifier'])} "
                     f"({first['announced_by']}, {_announced_text(first)}) to "
                     f"{data.figure_text(last['value'], last['qualifier'])} ({last['announced_by']}, "
                     f"{_announced_text(last)})")
        else:
            text += f": {len(official)} official"
        if len(others):
            text += f"; {len(others)} from NGOs or media: " + "; ".join(
                f"{data.figure_text(r['value'], r['qualifier'])} ({r['announced_by']}, {_announced_text(r)})"
                for _, r in others.iterrows())
        if len(retracted):
            text += f"; {len(retracted)} later retracted ({_list(f'{v:,}' for v in retracted['value'])})"
        text += "."
    return style.finish(ax, text, data.split_ids(rows))


# ---------------------------------------------------------------------------------------------
# The state of emergency


def _moment(day, clock) -> pd.Timestamp:
    clock = clock if isinstance(clock, str) and clock else "00:00"
    return pd.Timestamp(f"{pd.Timestamp(day):%Y-%m-%d} {clock}")


def emergency_periods(emergency: pd.DataFrame) -> pd.DataFrame:
    """The emergency table with start and end moments, length in days, and whether it was lifted early.

    Where the start time is not reported, ``start_at`` is the start of the day and ``start_time_known``
    is False; ``days`` is then an upper bound.
    """
    start_at = [_moment(d, t) for d, t in zip(emergency["start"], emergency["start_time"])]
    end_at = [_moment(d, t) for d, t in zip(emergency["end"], emergency["end_time"])]
    out = emergency.assign(start_at=start_at, end_at=end_at,
                           start_time_known=emergency["start_time"].fillna("").astype(str) != "")
    out["days"] = (out["end_at"] - out["start_at"]).dt.total_seconds() / 86400
    out["lifted_early"] = out["end_at"] < SCHEDULED_END
    return out.sort_values(["end_at", "region"]).reset_index(drop=True)


def emergency_days(emergency: pd.DataFrame, region: str) -> float:
    """How long the state of emergency lasted in ``region``, in days (from the reported start and end)."""
    rows = emergency_periods(emergency)
    hit = rows[rows["region"].astype(object) == region]
    if hit.empty:
        raise ValueError(f"no region called {region!r} in the emergency table")
    return float(hit["days"].iloc[0])


def regions_under_emergency(emergency: pd.DataFrame, when) -> list[str]:
    """The regions where the state of emergency was in force at the moment ``when`` (local time)."""
    moment = _needed_ts(when, "moment")
    rows = emergency_periods(emergency)
    inside = rows[(rows["start_at"] <= moment) & (moment < rows["end_at"])]
    return sorted(inside["region"].astype(object))


def plot_emergency(emergency: pd.DataFrame, ax=None):
    """One horizontal bar per region, from the start of the state of emergency to its end.

    Regions where it was lifted early are drawn in another colour and hatch. Where the start time is not
    reported, the bar starts at the beginning of 5 January and its first day is drawn lighter.
    """
    rows = emergency_periods(emergency).iloc[::-1].reset_index(drop=True)
    ax = style.new_axes(ax, figsize=(9, 5.5))
    looks = {True: (style.PALETTE["bluish_green"], "//", "lifted early"),
             False: (style.PALETTE["vermillion"], "", "to the scheduled end, 00:00 on 19 January")}
    used = set()
    for y, row in rows.iterrows():
        colour, hatch, label = looks[bool(row["lifted_early"])]
        start = row["start_at"]
        if not row["start_time_known"]:
            ax.barh(y, pd.Timedelta(days=1), left=start, color=colour, alpha=0.3, edgecolor="black", linewidth=0.4)
            start = start + pd.Timedelta(days=1)
        ax.barh(y, row["end_at"] - start, left=start, color=colour, hatch=hatch, edgecolor="black", linewidth=0.4,
                label=None if label in used else label)
        used.add(label)
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels(rows["region"].astype(object), fontsize=9)
    import matplotlib.dates as mdates

    ax.set_xlim(pd.Timestamp("2022-01-04 12:00"), pd.Timestamp("2022-01-19 12:00"))
    ax.xaxis.set_major_locator(mdates.DayLocator(interval=2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_xlabel("date (January 2022, local time); a lighter first day: start time not reported")
    ax.set_title("The state of emergency, region by region")
    ax.legend(loc="upper right", fontsize=8)
    early = rows[rows["lifted_early"]]
    text = (f"Bars for {len(rows)} regions and cities under the state of emergency from 5 January 2022: "
            f"{len(early)} had it lifted early, between {_day(early['end_at'].min())} and "
            f"{_day(early['end_at'].max())}, and {len(rows) - len(early)} kept it until 00:00 on 19 January."
            if len(early) else f"Bars for {len(rows)} regions under the state of emergency.")
    return style.finish(ax, text, data.split_ids(rows))


# ---------------------------------------------------------------------------------------------
# Explorers


@functools.lru_cache(maxsize=1)
def _date_options():
    days = pd.date_range("2022-01-01", "2022-01-31", freq="D")
    return tuple((f"{d.day} Jan", d.date()) for d in days)


class TimelineExplorer(Explorer):
    """Pick a range of days, a place and a kind of event: the events are listed with their sources,
    and the map and the timeline are redrawn."""

    title = "The January events, day by day"
    hint = ("Move the right end of the slider from 2 to 5 January: how many cities are on the map each day? "
            "Then choose 'communications' to follow the internet shutdown.")

    def __init__(self, events: pd.DataFrame | None = None, cities: pd.DataFrame | None = None, until=None):
        """``until`` (a date like '2022-01-04') sets where the slider's right end starts: a lesson may open on
        the days it has discussed and leave the later ones for students to find. The default is all January."""
        self.events = data.load("events") if events is None else events
        self.cities = data.load("cities") if cities is None else cities
        self.until = None if until is None else _needed_ts(until, "last day").date()
        self._layers = None  # made at the first update, so that a faulty table shows a message
        super().__init__()

    def make_controls(self):
        options = _date_options()
        days = [day for _, day in options]
        last = len(options) - 1 if self.until is None else days.index(min(max(self.until, days[0]), days[-1]))
        places = sorted({c for c in self.events["city"].dropna().astype(object) if c and c != NATIONWIDE})
        return {
            "days": widgets.SelectionRangeSlider(options=list(options), index=(0, last),
                                                 description="Days", continuous_update=False,
                                                 layout=widgets.Layout(width="420px")),
            "city": widgets.Dropdown(options=[ALL, NATIONWIDE] + places, value=ALL, description="Place"),
            "event_type": widgets.Dropdown(options=[ALL] + EVENT_TYPES, value=ALL, description="Type"),
        }

    def _frame(self):
        """The figure's fixed part, drawn once: the outline with every city as a light grey dot, and the
        timeline of all January with every event as one. An update draws the chosen ones over it."""
        import matplotlib.pyplot as plt

        style.use()
        fig, (map_ax, line_ax) = plt.subplots(1, 2, figsize=(13, 4.2), dpi=80,
                                              gridspec_kw={"width_ratios": [1.25, 1]})
        maps.base_map(map_ax, title="Cities where protests, strikes or violence were reported\nfrom 1 Jan to 31 Jan 2022")
        context = {"color": style.CONTEXT_GREY, "zorder": 2, "gid": "context"}
        map_ax.scatter(self.cities["lon"], self.cities["lat"], s=14, **context)
        points = _event_points(self.events)
        line_ax.scatter(points["date"], points["y"], s=14, **context)
        plot_event_timeline(self.events.iloc[:0], ax=line_ax)  # the rows, labels and title, with no events
        line_ax.set_xlim(pd.Timestamp("2022-01-01") - pd.Timedelta(days=0.7),
                         pd.Timestamp("2022-01-31") + pd.Timedelta(days=0.7))
        import matplotlib.dates as mdates

        line_ax.xaxis.set_major_locator(mdates.DayLocator(bymonthday=range(1, 32, 5)))
        line_ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
        fig.subplots_adjust(left=0.05, right=0.99, bottom=0.13, top=0.86, wspace=0.28)
        self._layers = style.Layers(fig, redrawn=[map_ax.title])
        self._axes = map_ax, line_ax

    def compute(self, days, city, event_type):
        start, end = days
        chosen = filter_events(self.events, start=start, end=end, city=city, event_type=event_type)
        if self._layers is None:
            self._frame()
        map_ax, line_ax = self._axes
        self._layers.clear()
        before = set(map_ax.get_children()) | set(line_ax.get_children())
        limits = line_ax.get_xlim(), line_ax.get_ylim()
        ticks = line_ax.xaxis.get_major_locator(), line_ax.xaxis.get_major_formatter()
        from_start = start <= self.events["date"].min().date()
        # From the first day, "first reported" on the map; the cities are the same either way.
        reached = cities_reached(chosen, start=start, until=end)
        spread = plot_spread_map(chosen, self.cities, ax=map_ax, start=None if from_start else start, until=end,
                                 outline=False, reached=reached)
        plot_event_timeline(chosen, ax=line_ax)
        line_ax.set_xlim(limits[0])  # the fixed part's axes stay as drawn
        line_ax.set_ylim(limits[1])
        line_ax.xaxis.set_major_locator(ticks[0])
        line_ax.xaxis.set_major_formatter(ticks[1])
        days = _date_options()
        if (start, end) != (days[0][1], days[-1][1]):  # the band marks a choice of days, not all January
            line_ax.axvspan(_ts(start) - pd.Timedelta(days=0.5), _ts(end) + pd.Timedelta(days=0.5),
                            color=style.PALETTE["sky_blue"], alpha=0.15, zorder=0)
        new = [a for a in list(map_ax.get_children()) + list(line_ax.get_children()) if a not in before]
        self._layers.replace(new)
        return {"start": start, "end": end, "events": chosen, "table": event_list(chosen),
                "cities": list(reached["city"]), "map": spread, "timeline": line_ax,
                "figure": map_ax.figure}

    def render(self, result):
        display(Markdown(f"**{len(result['events'])} events** from {_day(result['start'])} to "
                         f"{_day(result['end'])}; unrest reported in **{len(result['cities'])} cities**. "
                         "Light grey: the events and cities not chosen; a blue band marks the chosen days."))
        style.show_figure(result["figure"], self._layers.png())
        display(style.FigureNote(result["map"]))
        display(style.FigureNote(result["timeline"]))
        if len(result["table"]):
            display(style.Table(result["table"], index=False))


class FiguresExplorer(Explorer):
    """Choose a measure (deaths, detentions...): see each figure at the date it was announced, and who
    announced it."""

    title = "The numbers as they were announced"
    hint = ("Start with 'deaths (all)': which figure was withdrawn, and by how much did the official count "
            "change after 15 January? Then compare 'people detained' with 'people held in custody'.")

    def __init__(self, reports: pd.DataFrame | None = None):
        self.reports = data.load("casualty_reports") if reports is None else reports
        super().__init__()

    def make_controls(self):
        present = [m for m in MEASURE_LABELS if m in set(self.reports["measure"].astype(object))]
        return {
            "measure": widgets.Dropdown(options=[(MEASURE_LABELS[m], m) for m in present], value=present[0],
                                        description="Measure", layout=widgets.Layout(width="360px")),
            "show_retracted": widgets.Checkbox(value=True, description="show retracted figures"),
        }

    def compute(self, measure, show_retracted):
        rows = figures_as_announced(self.reports, measure, scope=None, include_retracted=show_retracted)
        nationwide = rows[rows["scope"].astype(object) == NATIONWIDE]
        ax = plot_figures_as_announced(self.reports, measure, ax=self.axes(), include_retracted=show_retracted)
        table = pd.DataFrame({
            "announced": rows.apply(_announced_text, axis=1),
            "value": rows.apply(lambda r: data.figure_text(r["value"], r["qualifier"]), axis=1),
            "where": rows["scope"].astype(object),
            "announced by": rows["announced_by"],
            "status": rows["status"].astype(object),
            "notes": rows["notes"].fillna("").map(style.without_row_ids),
            "sources": rows["source_ids"].map(cite),
        })
        return {"measure": measure, "rows": rows, "points": len(nationwide), "table": table, "ax": ax}

    def render(self, result):
        style.show_figure(result["ax"].figure)
        display(style.FigureNote(result["ax"]))
        display(style.Table(result["table"], index=False))
