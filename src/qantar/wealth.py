"""The wealth theme: rich lists, big numbers made comprehensible, LPG prices, UK links, asset recovery.

Pure functions first (conversions with dated exchange rates, wages, shares of GDP, group-bys), then the tables
a lesson shows (headers in words, dates as a reader writes them, no row ids: for ``style.Table``), then the
plots, then the two explorers of notebooks/02_wealth.ipynb.

Exchange rates are rows of datasets/economy.csv. Each row covers the days from ``period_start`` to
``period_end`` and no others, so a conversion on a day the data does not cover is refused with
:class:`NotCovered`, a plain message that names the days the data does cover. The explorers show that
message instead of a traceback.

Money is converted with :mod:`decimal` and rounded half up to the cent, so worked examples give the same
cents as a calculator.
"""
from __future__ import annotations

import datetime as dt
import numbers
import textwrap
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown, display

from . import data, style
from .sources import sources
from .widgets import Explorer

CURRENCIES = ("USD", "KZT", "GBP")
CURRENCY_NAMES = {"USD": "US dollars", "KZT": "tenge", "GBP": "pounds sterling"}
# indicator -> (base, quote): the row's value is units of quote per one unit of base.
RATE_INDICATORS = {"usd_kzt_rate": ("USD", "KZT"), "gbp_kzt_rate": ("GBP", "KZT"), "gbp_usd_rate": ("GBP", "USD")}
WAGE_INDICATORS = {"average": "avg_monthly_wage_kzt", "minimum": "min_monthly_wage_kzt",
                   "median": "median_monthly_wage_kzt"}
CENT = Decimal("0.01")
# The day the kit uses for January 2022 conversions (the National Bank rate for 14 January 2022).
JANUARY_2022 = dt.date(2022, 1, 14)


class NotCovered(LookupError):
    """The data has no figure for the date or year asked for. The message says which it does cover."""

    def __str__(self) -> str:  # a plain sentence, without the quotes KeyError-like classes add
        return str(self.args[0]) if self.args else "not covered by the data"


class BadInput(ValueError):
    """An argument of the wrong kind (no number, no year, no currency code); the message says what to give."""


# ---------------------------------------------------------------------------------------------
# Small helpers


def _date(value) -> dt.date:
    """A date from a date, a datetime, a Timestamp or 'YYYY-MM-DD' text."""
    try:
        return data.as_date(value)
    except (TypeError, ValueError):
        shown = repr(value) if len(repr(value)) <= 40 else type(value).__name__
        raise NotCovered(f"{shown} is not a date; write it as YYYY-MM-DD, for example 2022-01-14.") from None


def format_date(day) -> str:
    """'14 January 2022'."""
    day = _date(day)
    return f"{day.day} {day:%B %Y}"


def _format_period(start, end) -> str:
    start, end = _date(start), _date(end)
    if start == end:
        return format_date(start)
    if start.year == end.year and start.month == end.month:
        return f"{start.day}-{end.day} {end:%B %Y}"
    return f"{format_date(start)} to {format_date(end)}"


def _decimal(value) -> Decimal:
    """A finite Decimal from a number (or numeric text), else BadInput in plain words."""
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, (numbers.Number, str)) and not isinstance(value, bool):
        try:
            number = Decimal(str(value).strip().replace(",", ""))
        except ArithmeticError:
            number = None
    else:
        number = None
    if number is None or not number.is_finite():
        shown = repr(value) if len(repr(value)) <= 40 else type(value).__name__
        raise BadInput(f"{shown} is not an amount: give one number, for example 120 or 3.1e9.")
    return number


def _year(value) -> int:
    """A year from an int or numeric text, else BadInput in plain words."""
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    shown = repr(value) if len(repr(value)) <= 40 else type(value).__name__
    raise BadInput(f"{shown} is not a year: give one year as a number, for example 2022.")


def _currency(value) -> str:
    if not isinstance(value, str):
        raise BadInput(f"{value!r} is not a currency code: write 'USD', 'KZT' or 'GBP' (in quotes).")
    return value.strip().upper()


def to_cents(value) -> Decimal:
    """Round half up to two decimal places (the cent, the tiyn, the penny)."""
    return _decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def money(amount, currency: str) -> str:
    """A readable amount: '$4.1bn', '1,778.1bn tenge', '£15.0m', '$0.28'."""
    amount = float(amount)
    symbol = {"USD": "$", "GBP": "£"}.get(currency, "")
    suffix = "" if symbol else " tenge"
    for size, word in ((1e12, "trn"), (1e9, "bn"), (1e6, "m")):
        if abs(amount) >= size:
            return f"{symbol}{amount / size:,.2f}{word}{suffix}"
    return f"{symbol}{amount:,.2f}{suffix}"


def _ids(*parts) -> list[str]:
    return data.split_ids(list(parts))


# ---------------------------------------------------------------------------------------------
# Loading


def load_economy() -> pd.DataFrame:
    return data.load("economy")


def load_rich_list(include_inferred: bool = True) -> pd.DataFrame:
    """The rich list; ``include_inferred=False`` drops rows whose name is not printed in the source."""
    rich = data.load("rich_list")
    if not include_inferred:
        rich = rich[~rich["name_inferred"].astype(bool)]
    return rich.reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Exchange rates and conversions


@dataclass
class Rate:
    """Units of ``quote`` per one ``base`` on a day, with where the number comes from."""

    base: str
    quote: str
    on: dt.date
    value: Decimal
    source_ids: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)  # one line per row used, e.g. '433.69 KZT per USD (14 January 2022)'
    our_calculation: bool = False  # true when the rate is a cross rate or the inverse of a row

    def __str__(self) -> str:
        how = " (our calculation: " + "; ".join(self.steps) + ")" if self.our_calculation else ""
        return f"1 {self.base} = {self.value:.6g} {self.quote} on {format_date(self.on)}{how}"


_RATE_ROWS: dict = {}  # id(economy) -> (economy, its fingerprint, its rate rows, the same as records)


def _rates(economy: pd.DataFrame | None) -> tuple:
    """The rate rows of a table and the same as plain records with dates, worked out once per table: a
    conversion scans them several times, and an explorer converts at each change."""
    economy = load_economy() if economy is None else economy
    fingerprint = _rate_fingerprint(economy)
    kept = _RATE_ROWS.get(id(economy))
    if kept is not None and kept[0] is economy and kept[1] == fingerprint:
        return kept[2], kept[3]
    rows = _rate_rows(economy)
    records = [r._replace(start=_date(r.period_start), end=_date(r.period_end))
               for r in rows.assign(start=None, end=None).itertuples(index=False)]
    if len(_RATE_ROWS) > 8:
        _RATE_ROWS.clear()
    _RATE_ROWS[id(economy)] = (economy, fingerprint, rows, records)
    return rows, records


def _rate_fingerprint(economy: pd.DataFrame) -> int:
    """A hash of the columns the rates come from (a tenth of a millisecond), so that a table changed in
    place since the last call is read again. Numbers and dates are hashed as bytes: NaN has no stable hash."""
    numbers = b"".join(economy[c].to_numpy().tobytes() for c in ("value", "period_start", "period_end"))
    labels = tuple(tuple(economy[c].tolist()) for c in ("indicator", "our_calculation", "source_ids"))
    return hash((economy.shape, numbers, labels))


def rate_rows(economy: pd.DataFrame | None = None) -> pd.DataFrame:
    """The exchange-rate rows of economy.csv, with base and quote currencies (do not change the table
    returned: it is kept for the next call)."""
    return _rates(economy)[0]


def _rate_records(economy: pd.DataFrame | None = None) -> list:
    return _rates(economy)[1]


def _rate_rows(economy: pd.DataFrame) -> pd.DataFrame:
    rows = economy[economy["indicator"].astype(str).isin(RATE_INDICATORS)].copy()
    rows["indicator"] = rows["indicator"].astype(str)
    rows["base"] = rows["indicator"].map(lambda i: RATE_INDICATORS[i][0])
    rows["quote"] = rows["indicator"].map(lambda i: RATE_INDICATORS[i][1])
    return rows.sort_values("period_start").reset_index(drop=True)


def covered_days(base: str, quote: str, economy: pd.DataFrame | None = None) -> list[str]:
    """The periods, as text, for which the data has a direct rate between two currencies."""
    return [_format_period(r.period_start, r.period_end) for r in _rate_records(economy)
            if {r.base, r.quote} == {base, quote}]


def conversion_dates(economy: pd.DataFrame | None = None) -> list[dt.date]:
    """Every day on which all three currencies can be converted into each other."""
    rows = rate_rows(economy)
    days = set()
    for r in rows.itertuples():
        day = _date(r.period_start)
        while day <= _date(r.period_end):
            days.add(day)
            day += dt.timedelta(days=1)
    ok = []
    for day in sorted(days):
        try:
            exchange_rate("USD", "KZT", day, economy)
            exchange_rate("GBP", "KZT", day, economy)
            exchange_rate("GBP", "USD", day, economy)
        except NotCovered:
            continue
        ok.append(day)
    return ok


def _direct(base: str, quote: str, on: dt.date, records: list) -> Rate | None:
    """A rate from one row (or its inverse) covering ``on``; the narrowest period wins."""
    inside = [r for r in records if r.start <= on <= r.end]
    for b, q, inverse in ((base, quote, False), (quote, base, True)):
        match = sorted((r for r in inside if r.base == b and r.quote == q), key=lambda r: r.end - r.start)
        if not match:
            continue
        row = match[0]
        value = _decimal(row.value)
        calc = bool(row.our_calculation)
        period = _format_period(row.period_start, row.period_end)
        step = f"{row.value:g} {q} per {b} ({period}{', itself our calculation' if calc else ''})"
        if inverse:
            value = Decimal(1) / value
            step = f"1 / {step}"
            calc = True
        return Rate(base, quote, on, value, data.split_ids(row.source_ids), [step], calc)
    return None


def exchange_rate(base: str, quote: str, on, economy: pd.DataFrame | None = None) -> Rate:
    """Units of ``quote`` per one ``base`` on the day ``on``, from economy.csv.

    Uses a row covering that day (or its inverse), else a cross rate through the US dollar. Raises
    NotCovered, with the days the data does cover, when no row covers the day.
    """
    base, quote = _currency(base), _currency(quote)
    for ccy in (base, quote):
        if ccy not in CURRENCIES:
            raise NotCovered(f"The kit has no exchange rates for {ccy!r}; it covers {', '.join(CURRENCIES)}.")
    on = _date(on)
    if base == quote:
        return Rate(base, quote, on, Decimal(1))
    rows = _rate_records(economy)
    direct = _direct(base, quote, on, rows)
    if direct is not None:
        return direct
    for via in CURRENCIES:  # a cross rate through the third currency
        if via in (base, quote):
            continue
        first, second = _direct(base, via, on, rows), _direct(via, quote, on, rows)
        if first is not None and second is not None:
            return Rate(base, quote, on, first.value * second.value, _ids(first.source_ids, second.source_ids),
                        first.steps + second.steps, True)
    needed = [(base, quote)] + [pair for via in CURRENCIES if via not in (base, quote)
                                for pair in ((base, via), (via, quote))]
    known = []
    for b, q in needed:
        days = covered_days(b, q, economy)
        if days:
            known.append(f"{b}-{q}: {', '.join(days)}")
    cover = "; ".join(known) if known else "none"
    raise NotCovered(
        f"No exchange rate in economy.csv covers {format_date(on)} for converting {base} to {quote}, so the kit "
        f"will not guess one. Dates the data covers ({cover}). Choose one of these dates, or add a sourced rate "
        "for your date to economy.csv.")


@dataclass
class Conversion:
    amount: Decimal
    currency: str
    value: Decimal  # rounded to the cent
    to: str
    rate: Rate

    @property
    def source_ids(self) -> list[str]:
        return self.rate.source_ids

    def __float__(self) -> float:
        return float(self.value)

    def __str__(self) -> str:
        return (f"{money(self.amount, self.currency)} = {money(self.value, self.to)} "
                f"at {self.rate}")


def convert(amount, from_currency: str, to_currency: str, on, economy: pd.DataFrame | None = None) -> Conversion:
    """Convert ``amount`` at the rate of the day ``on``, rounded half up to the cent.

    >>> float(convert(120, "KZT", "USD", "2022-01-14"))   # doctest: +SKIP
    0.28
    """
    rate = exchange_rate(from_currency, to_currency, on, economy)
    amount = _decimal(amount)
    return Conversion(amount, rate.base, to_cents(amount * rate.value), rate.quote, rate)


# ---------------------------------------------------------------------------------------------
# Economy: wages and GDP


@dataclass
class Figure:
    """A number from economy.csv with its provenance."""

    value: float
    unit: str
    label: str
    source_ids: list[str]
    our_calculation: bool = False
    note: str = ""


def _indicator(economy: pd.DataFrame, indicator: str) -> pd.DataFrame:
    return economy[economy["indicator"].astype(str) == indicator]


def monthly_wage(year: int, kind: str = "average", economy: pd.DataFrame | None = None) -> Figure:
    """The monthly wage in tenge for a year: the annual figure, or (average wage only) the mean of the
    four quarterly figures, labelled our calculation. Raises NotCovered when the data has neither."""
    economy = load_economy() if economy is None else economy
    if not isinstance(kind, str) or kind not in WAGE_INDICATORS:
        raise NotCovered(f"Unknown wage {kind!r}: choose one of {', '.join(WAGE_INDICATORS)}.")
    year = _year(year)
    rows = _indicator(economy, WAGE_INDICATORS[kind])
    rows = rows[rows["year"] == year]
    annual = rows[rows["period"].astype(str) == "year"]
    label = f"{kind} monthly wage, {year}"
    if not annual.empty:
        row = annual.iloc[0]
        return Figure(float(row["value"]), "KZT per month", label, data.split_ids(row["source_ids"]),
                      bool(row["our_calculation"]))
    quarters = rows[rows["period"].astype(str).isin(["Q1", "Q2", "Q3", "Q4"])]
    if kind == "average" and quarters["period"].nunique() == 4:
        value = float(quarters["value"].mean())
        return Figure(round(value), "KZT per month", label, data.split_ids(quarters["source_ids"]), True,
                      "our calculation: the mean of the four quarterly averages")
    years = sorted(set(_indicator(economy, WAGE_INDICATORS[kind])["year"].dropna().astype(int)))
    raise NotCovered(f"economy.csv has no {kind} wage for the whole of {year}; it has figures for "
                     f"{', '.join(map(str, years)) or 'no year'}.")


def years_of_wages(amount_kzt, year: int, kind: str = "average", economy: pd.DataFrame | None = None) -> float:
    """How many years a worker on the given monthly wage would need to earn ``amount_kzt`` (before tax,
    spending nothing): amount / (12 x monthly wage). Our calculation."""
    wage = monthly_wage(year, kind, economy)
    return float(_decimal(amount_kzt) / (Decimal(12) * _decimal(wage.value)))


def gdp(year: int, economy: pd.DataFrame | None = None) -> Figure:
    """Kazakhstan's GDP in a year, in billions of US dollars (World Bank)."""
    economy = load_economy() if economy is None else economy
    year = _year(year)
    rows = _indicator(economy, "gdp_usd_bn")
    row = rows[rows["year"] == year]
    if row.empty:
        years = ", ".join(str(int(y)) for y in sorted(rows["year"].dropna()))
        raise NotCovered(f"economy.csv has no GDP for {year}; it covers {years}.")
    row = row.iloc[0]
    return Figure(float(row["value"]), "USD bn", f"GDP {year}", data.split_ids(row["source_ids"]))


def share_of_gdp(amount_usd_bn: float, year: int, economy: pd.DataFrame | None = None) -> float:
    """A fortune as a percentage of one year's GDP. Our calculation: a stock (wealth) compared with a
    yearly flow (output), a way to show scale, not a share of anything."""
    return 100 * float(_decimal(amount_usd_bn)) / gdp(year, economy).value


# ---------------------------------------------------------------------------------------------
# The rich list


def entry_label(row) -> str:
    """'6 January 2022 · Forbes press report (real-time snapshot) · $4.2bn'."""
    when = format_date(row["as_of_date"]) if pd.notna(row["as_of_date"]) else date_words(row["as_of_text"])
    flag = " (name inferred)" if bool(row["name_inferred"]) else ""
    return f"{when} · {row['list_publisher']} · ${row['net_worth_usd_bn']:g}bn{flag}"


def estimates(rich: pd.DataFrame, person: str, year: int | None = None) -> pd.DataFrame:
    """Every estimate for a person (and year), oldest first."""
    rows = rich[rich["person"] == person] if isinstance(person, str) else rich.iloc[0:0]
    if year is not None:
        rows = rows[rows["year"] == _year(year)]
    return rows.sort_values(["year", "as_of_date"], na_position="first")


def people_with_years(rich: pd.DataFrame) -> pd.DataFrame:
    """For each person: how many different years have an estimate, and which."""
    grouped = rich.groupby("person", observed=True)["year"]
    out = pd.DataFrame({"years": grouped.nunique(), "which": grouped.apply(lambda s: sorted(set(int(y) for y in s)))})
    return out.sort_values(["years"], ascending=False)


def rich_list_group(rich: pd.DataFrame, by: str = "family_link", list_publisher: str = "Forbes Kazakhstan annual list",
                    year: int = 2020) -> pd.DataFrame:
    """Count and total of one list (one publisher, one year), grouped by a column.

    Only one list at a time: estimates by different publishers or dates are not added together.
    """
    if not isinstance(by, str) or by not in rich.columns:
        raise BadInput(f"{by!r} is not a column of the rich list; try 'family_link' or 'source_of_wealth'.")
    one = _one_list(rich, list_publisher, year)
    out = (one.groupby(by, observed=True)["net_worth_usd_bn"].agg(people="count", total_usd_bn="sum")
           .sort_values("total_usd_bn", ascending=False))
    out["total_usd_bn"] = out["total_usd_bn"].round(3)
    return out


def _one_list(rich: pd.DataFrame, list_publisher, year) -> pd.DataFrame:
    """The rows of one list (one publisher, one year), or NotCovered naming the lists the data has."""
    year = _year(year)
    one = rich[(rich["list_publisher"].astype(str) == str(list_publisher)) & (rich["year"] == year)]
    if one.empty:
        have = sorted({f"{p} {int(y)}" for p, y in zip(rich["list_publisher"].astype(str), rich["year"])})
        raise NotCovered(f"rich_list.csv has no {list_publisher} for {year}. It has: {'; '.join(have)}.")
    return one


@dataclass
class Scale:
    """One fortune seen at several scales, with every source used."""

    entry: dict
    rate_date: dt.date
    usd: float
    kzt: float | None = None
    gbp: float | None = None
    years_average_wage: float | None = None
    years_minimum_wage: float | None = None
    share_of_gdp_pct: float | None = None
    source_ids: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what could not be computed, and why, in plain words


def fortune_scale(entry: pd.Series | dict, rate_date=JANUARY_2022, economy: pd.DataFrame | None = None) -> Scale:
    """A rich-list estimate in USD, KZT and GBP at the rates of ``rate_date``, in years of the average and
    minimum wage of the estimate's year, and as a share of that year's GDP. What the data cannot cover is
    explained in ``notes`` rather than guessed."""
    economy = load_economy() if economy is None else economy
    entry = dict(entry)
    rate_date = _date(rate_date)
    usd_exact = _decimal(float(entry["net_worth_usd_bn"])) * Decimal(10) ** 9
    usd = float(usd_exact)
    out = Scale(entry, rate_date, usd, source_ids=data.split_ids(entry["source_ids"]))
    year = int(entry["year"])
    if bool(entry.get("name_inferred")):
        out.notes.append("The name on this row is inferred by the kit's research, not printed in the source: "
                         "do not quote it as fact.")
    for currency in ("KZT", "GBP"):
        try:
            converted = convert(usd_exact, "USD", currency, rate_date, economy)
        except NotCovered as err:
            out.notes.append(str(err))
            continue
        setattr(out, currency.lower(), float(converted.value))
        out.source_ids += converted.source_ids
    if out.kzt is not None:
        for kind, attr in (("average", "years_average_wage"), ("minimum", "years_minimum_wage")):
            try:
                wage = monthly_wage(year, kind, economy)
                setattr(out, attr, years_of_wages(out.kzt, year, kind, economy))
                out.source_ids += wage.source_ids
            except NotCovered as err:
                out.notes.append(str(err))
        if rate_date.year != year:
            same_year = [d for d in conversion_dates(economy) if d.year == year]
            advice = (f"choose a rate day in {year} ({', '.join(format_date(d) for d in same_year)})" if same_year
                      else f"economy.csv has no exchange rate for {year}, so read the tenge and pound figures, and "
                           "the years of wages worked out from the tenge, as rough orders of size")
            out.notes.append(f"The fortune is a {year} estimate converted at the rates of {format_date(rate_date)}, "
                             f"a different year: {advice}.")
    try:
        out.share_of_gdp_pct = share_of_gdp(float(entry["net_worth_usd_bn"]), year, economy)
        out.source_ids += gdp(year, economy).source_ids
    except NotCovered as err:
        out.notes.append(str(err))
    out.source_ids = data.split_ids(out.source_ids)
    return out


def scale_table(scale: Scale) -> pd.DataFrame:
    """The rows the scale explorer shows: what, value, how it was obtained."""
    rows = [("US dollars", money(scale.usd, "USD"), f"{scale.entry['list_publisher']} estimate")]
    if scale.kzt is not None:
        rows.append(("tenge", money(scale.kzt, "KZT"), f"our calculation, rate of {format_date(scale.rate_date)}"))
    if scale.gbp is not None:
        rows.append(("pounds", money(scale.gbp, "GBP"), f"our calculation, rates of {format_date(scale.rate_date)}"))
    if scale.years_average_wage is not None:
        rows.append(("years of the average wage", f"{scale.years_average_wage:,.0f}",
                     f"our calculation, average wage of {int(scale.entry['year'])}"))
    if scale.years_minimum_wage is not None:
        rows.append(("years of the minimum wage", f"{scale.years_minimum_wage:,.0f}",
                     f"our calculation, minimum wage of {int(scale.entry['year'])}"))
    if scale.share_of_gdp_pct is not None:
        rows.append(("share of one year's GDP", f"{scale.share_of_gdp_pct:.2f}%",
                     f"our calculation, World Bank GDP of {int(scale.entry['year'])}"))
    return pd.DataFrame(rows, columns=["as", "value", "how"])


# ---------------------------------------------------------------------------------------------
# Fuel prices


def fuel_day(row) -> pd.Timestamp:
    """The day a row is drawn at: its date; else the first day of its month, or the middle of its year.
    Plots mark such rows (hollow markers) because only the month or year is known."""
    if pd.notna(row["date"]):
        return pd.Timestamp(row["date"])
    text = str(row["date_text"])
    if len(text) == 7:
        return pd.Timestamp(text + "-01")
    return pd.Timestamp(f"{text}-07-01")


def lpg_places(fuel: pd.DataFrame) -> list[str]:
    """The places with at least one LPG price, most figures first."""
    lpg = fuel[fuel["fuel"].astype(str) == "LPG"]
    return list(lpg.groupby("place").size().sort_values(ascending=False, kind="stable").index)


def _place(fuel: pd.DataFrame, place) -> str:
    """A place name the fuel table has, else NotCovered listing the places it does have."""
    if isinstance(place, str) and place in set(fuel["place"]):
        return place
    raise NotCovered(f"fuel_prices.csv has no LPG prices for {place!r}. Places with prices: "
                     f"{', '.join(lpg_places(fuel))} (spelling and capitals matter).")


def lpg_timeline(fuel: pd.DataFrame, place: str = "Mangystau Region") -> pd.DataFrame:
    """LPG prices of one place in time order, with the day each is drawn at and whether the day is exact."""
    place = _place(fuel, place)
    rows = fuel[(fuel["fuel"].astype(str) == "LPG") & (fuel["place"] == place)].copy()
    rows["day"] = pd.Series([fuel_day(r) for _, r in rows.iterrows()], index=rows.index, dtype="datetime64[ns]")
    rows["exact_day"] = rows["date"].notna()
    return rows.sort_values("day").reset_index(drop=True)


def price_on(fuel: pd.DataFrame, place: str, day, kind: str = "retail_observed") -> float:
    """The LPG price of a place on a day (rows with that exact date)."""
    day = pd.Timestamp(_date(day))
    place = _place(fuel, place)
    rows = fuel[(fuel["fuel"].astype(str) == "LPG") & (fuel["place"] == place) & (fuel["date"] == day)
                & (fuel["kind"].astype(str) == kind)]
    if rows.empty:
        raise NotCovered(f"fuel_prices.csv has no {kind} LPG price for {place} on {format_date(day)}.")
    return float(rows.iloc[0]["price_kzt_per_litre"])


def fuel_cost_table(table: pd.DataFrame, litres: int) -> pd.DataFrame:
    """The household explorer's table for people: when, what the price is, the price (or its range), what a
    month of fuel costs and its share of the wage."""
    prices = [f"{low:g}-{high:g}" if pd.notna(high) else f"{low:g}"
              for low, high in zip(table["price_kzt_per_litre"], table["price_high_kzt_per_litre"])]
    return pd.DataFrame({"when": [date_words(t) for t in table["date_text"]],
                         "what the figure is": table["kind"].to_numpy(),
                         # written out: one column should not mix 5000 and 12,000
                         "tenge a litre": prices, f"{litres} litres cost, tenge": [f"{c:,.0f}" for c in
                                                                                  table["cost_per_month_kzt"]],
                         "share of the wage, %": table["share_of_wage_pct"].to_numpy(),
                         "how sure": [_sure(c) for c in table["confidence"]]})


def monthly_fuel_cost(price_kzt_per_litre: float, litres_per_month: float) -> float:
    """What a month of LPG costs in tenge: price x litres (our calculation)."""
    return float(to_cents(_decimal(price_kzt_per_litre) * _decimal(litres_per_month)))


def regional_caps(fuel: pd.DataFrame) -> pd.DataFrame:
    """The LPG caps of 6 January 2022 for whole regions and cities, highest first."""
    caps = fuel[(fuel["kind"].astype(str) == "retail_cap") & (fuel["fuel"].astype(str) == "LPG")
                & (fuel["area"] == "whole area")]
    return caps.sort_values(["price_kzt_per_litre", "place"], ascending=[False, True]).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# UK links and asset recovery


def uk_values(uk: pd.DataFrame, currency: str = "GBP") -> pd.DataFrame:
    """UK links with a reported value in one currency, largest first."""
    rows = uk[uk["value"].notna() & (uk["currency"].astype(str) == currency)]
    return rows.sort_values("value", ascending=False).reset_index(drop=True)


def official_claims(ar: pd.DataFrame, unit: str = "KZT bn") -> pd.DataFrame:
    """Asset-recovery claims in one unit, in date order: to be read one by one, never added up."""
    rows = ar[ar["unit"].astype(str) == unit].copy()
    rows["day"] = pd.Series([fuel_day(r) for _, r in rows.iterrows()], index=rows.index, dtype="datetime64[ns]")
    return rows.sort_values("day").reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Tables for people: the rows a lesson shows, with headers in words, dates as a reader writes them and no
# row ids. Each returns a DataFrame for ``style.Table``; the sources go under it with ``sources(...)``.

# The claims of wealth_claims.csv about how concentrated wealth is, and those about income (lesson 02, §1 and §3).
WEALTH_CLAIMS = ["tokayev-2022-162-half", "cwi-2022-162-bulk", "dogruhaber-2022-kpmg-year", "knightfrank-2020-uhnwi",
                 "forbes-2022-billionaires-count", "cipe-2007-billionaires-gdp"]
INCOME_CLAIMS = ["academic-2022-income-gini", "ubs-2025-wealth-gini-change", "tokayev-2022-income-50000",
                 "tokayev-2022-profit-share"]


def date_words(text) -> str:
    """'2022-01-21' as '21 January 2022', '2022-01' as 'January 2022', '2021' as '2021': as precise as given."""
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return ""
    text = str(text)
    if len(text) == 10:
        return format_date(text)
    return f"{pd.Timestamp(text + '-01'):%B %Y}" if len(text) == 7 else text


def _sure(confidence) -> str:
    return data.confidence_words(confidence)


def _rows_by_id(table: pd.DataFrame, id_column: str, ids) -> pd.DataFrame:
    """The rows with these ids, in the order given; NotCovered names an id the table lacks."""
    missing = [i for i in ids if i not in set(table[id_column])]
    if missing:
        raise NotCovered(f"no row {', '.join(missing)} in the table.")
    return table.set_index(id_column, drop=False).loc[list(ids)].reset_index(drop=True)


def claims_rows(claims: pd.DataFrame, claim_ids) -> pd.DataFrame:
    """The rows of wealth_claims.csv with these ids, in that order (for their sources)."""
    return _rows_by_id(claims, "claim_id", claim_ids)


def claims_table(claims: pd.DataFrame, claim_ids) -> pd.DataFrame:
    """Who claimed what about wealth or income, when, how sure the kit is, and what the figure cannot tell."""
    rows = claims_rows(claims, claim_ids)
    return pd.DataFrame({"who": rows["claimant"], "when": [_when(r) for _, r in rows.iterrows()],
                         "what they said": rows["statement"], "how sure": [_sure(c) for c in rows["confidence"]],
                         "what the figure cannot tell": rows["caveat"]})


def rates_table(rates: pd.DataFrame) -> pd.DataFrame:
    """Exchange-rate rows of economy.csv (one indicator) as the days each covers and its value."""
    rows = rates.sort_values("period_start")
    table = pd.DataFrame({"days the rate covers": [_format_period(s, e) for s, e in
                                                    zip(rows["period_start"], rows["period_end"])],
                          "rate": rows["value"].to_numpy(),
                          "meaning": [_rate_words(i) for i in rows["indicator"].astype(str)]})
    if rows["our_calculation"].astype(bool).any():  # say so only where it is so
        table["our calculation"] = ["yes" if c else "no" for c in rows["our_calculation"].astype(bool)]
    return table


ONE_UNIT = {"USD": "one US dollar", "KZT": "one tenge", "GBP": "one pound"}


def _rate_words(indicator: str) -> str:
    base, quote = RATE_INDICATORS[indicator]
    return f"{CURRENCY_NAMES[quote]} for {ONE_UNIT[base]}"


def wages_table(years, economy: pd.DataFrame | None = None) -> pd.DataFrame:
    """The average and minimum monthly wage of each year, in tenge, and how the average was found."""
    rows = []
    for year in years:
        average, minimum = monthly_wage(year, "average", economy), monthly_wage(year, "minimum", economy)
        rows.append({"year": int(year), "average wage, tenge a month": average.value,
                     "minimum wage, tenge a month": minimum.value,
                     "how the average was found": average.note or "official figure for the year"})
    return pd.DataFrame(rows)


def wage_source_ids(years, economy: pd.DataFrame | None = None) -> list[str]:
    """The sources of ``wages_table``: those of every wage figure it shows."""
    return data.split_ids([sid for year in years for kind in ("average", "minimum")
                           for sid in monthly_wage(year, kind, economy).source_ids])


def _value_words(value, currency) -> str:
    """A reported value in millions as a reader writes it: '£15m', '£166,000', '$7.8bn'."""
    if value is None or pd.isna(value):
        return ""
    symbol = {"USD": "$", "GBP": "£"}.get(str(currency), "")
    value = float(value)
    if value >= 1000:
        return f"{symbol}{value / 1000:g}bn"
    return f"{symbol}{value:g}m" if value >= 1 else f"{symbol}{value * 1e6:,.0f}"


def _years(row) -> str:
    end = row["year_end"]
    return f"{int(row['year'])}-{int(end)}" if pd.notna(end) and int(end) != int(row["year"]) else str(int(row["year"]))


def uk_table(uk: pd.DataFrame) -> pd.DataFrame:
    """Each UK link: when, what happened (with its value), what came of it, and how sure the kit is."""
    return pd.DataFrame({"year": [_years(r) for _, r in uk.iterrows()], "what happened": uk["description"].to_numpy(),
                         "what came of it": uk["outcome"].to_numpy(),
                         "how sure": [_sure(c) for c in uk["confidence"]]})


def fee_table(uk: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure for the fee of Tony Blair's consultancy: who gives it, and what kind of number it is."""
    fees = uk[uk["category"].astype(str) == "consultancy_fee"].sort_values("year")
    return pd.DataFrame({"year": fees["year"].astype(int).to_numpy(), "who gives it": fees["description"].to_numpy(),
                         "figure": [_value_words(v, c) for v, c in zip(fees["value"], fees["currency"])],
                         "for what period": [str(p).replace("unspecified", "not stated") for p in fees["value_period"]],
                         "kind of number": [BASIS_LABELS.get(str(b), str(b)) for b in fees["value_basis"]],
                         "what came of it": fees["outcome"].to_numpy()})


RECOVERY_CATEGORY_WORDS = {"cumulative_total": "running total of all cases",
                           "recovered_in_criminal_cases": "recovered in criminal cases",
                           "returned_from_abroad": "returned from abroad", "case_payment": "paid in one case",
                           "land_returned": "land returned", "land_confiscated": "land confiscated"}


def recovery_table(ar: pd.DataFrame, unit: str = "KZT bn") -> pd.DataFrame:
    """The asset-recovery claims in one unit, in date order, each as announced: to read one by one."""
    rows = official_claims(ar, unit)
    qualifier = {"about": "about ", "over": "over ", "exact": ""}
    unit_words = "bn tenge" if unit == "KZT bn" else f" {unit}"
    figure = [f"{qualifier.get(str(q), '')}{v:,g}{unit_words}" for q, v in zip(rows["qualifier"], rows["value"])]
    return pd.DataFrame({"announced": [date_words(t) for t in rows["date_text"]], "by": rows["claimant"].to_numpy(),
                         "what it counts": [RECOVERY_CATEGORY_WORDS.get(str(c), str(c)) for c in rows["category"]],
                         "case": rows["case"].to_numpy(), "figure": figure,
                         "in US dollars, as reported": [_value_words(v, "USD") for v in rows["value_usd_m_reported"]],
                         "how sure": [_sure(c) for c in rows["confidence"]]})


# ---------------------------------------------------------------------------------------------
# Plots


def plot_rich_list(rich: pd.DataFrame, list_publisher: str = "Forbes Kazakhstan annual list", year: int = 2020,
                   ax=None):
    """One list as horizontal bars, people linked to the Nazarbayev family in a second colour and hatched."""
    one = _one_list(rich, list_publisher, year).sort_values("net_worth_usd_bn")
    ax = style.new_axes(ax, figsize=(8, 0.35 * len(one) + 1.5))
    linked = one["family_link"].astype(str) != "none"
    colours = [style.PALETTE["vermillion"] if f else style.PALETTE["blue"] for f in linked]
    bars = ax.barh(one["person"], one["net_worth_usd_bn"], color=colours)
    for bar, f, inferred in zip(bars, linked, one["name_inferred"].astype(bool)):
        if f:
            bar.set_hatch("//")
        if inferred:
            bar.set_alpha(0.55)
    ax.set_xlabel("estimated net worth, US$ billion")
    ax.set_title(f"{list_publisher}, {year}")
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color=style.PALETTE["blue"], label="no family link reported"),
                       Patch(facecolor=style.PALETTE["vermillion"], hatch="//", label="linked to the Nazarbayev family")],
              loc="lower right")
    top = one.iloc[-1]
    n_inferred = int(one["name_inferred"].astype(bool).sum())
    text = (f"The {list_publisher} for {year} as the kit records it: {len(one)} estimates, the largest "
            f"{top['person']} at ${top['net_worth_usd_bn']:g}bn; {int(linked.sum())} of them belong to people "
            "linked to the Nazarbayev family")
    text += f"; {n_inferred} names are inferred (pale bars)." if n_inferred else "."
    return style.finish(ax, text, one)


def plot_fortunes_over_time(rich: pd.DataFrame, people: list[str] | None = None, ax=None):
    """Each person's estimates over time: one colour per person, one marker per kind of estimate."""
    if people is None:
        counts = rich.groupby("person", observed=True)["year"].nunique()
        people = list(counts[counts >= 2].index)
    elif isinstance(people, str):
        people = [people]
    unknown = [p for p in people if p not in set(rich["person"])]
    if unknown or not people:
        raise NotCovered(f"rich_list.csv has no estimates for {', '.join(map(repr, unknown)) or 'nobody'}; "
                         f"names are spelt as in the table, for example {', '.join(sorted(set(rich['person']))[:3])}.")
    rows = rich[rich["person"].isin(people)].copy()
    rows["day"] = rows.apply(lambda r: r["as_of_date"] if pd.notna(r["as_of_date"]) else
                             (pd.Timestamp(str(r["as_of_text"]) + "-15") if len(str(r["as_of_text"])) == 7
                              else pd.Timestamp(f"{int(r['year'])}-07-01")), axis=1)
    ax = style.new_axes(ax, figsize=(9, 5))
    publishers = list(dict.fromkeys(rows["list_publisher"].astype(str)))
    for i, person in enumerate(people):
        mine = rows[rows["person"] == person].sort_values("day")
        colour = style.COLOURS[i % len(style.COLOURS)]
        for j, pub in enumerate(publishers):
            part = mine[mine["list_publisher"].astype(str) == pub]
            if part.empty:
                continue
            # A line joins the estimates of one list only: the kit says different lists are not comparable.
            if len(part) > 1:
                ax.plot(part["day"], part["net_worth_usd_bn"], color=colour, linewidth=1,
                        linestyle=style.LINESTYLES[(j + 1) % len(style.LINESTYLES)])
            inferred = part["name_inferred"].astype(bool)
            ax.scatter(part["day"], part["net_worth_usd_bn"], marker=style.MARKERS[j % len(style.MARKERS)],
                       s=45, zorder=3, edgecolors=colour, linewidths=1.5,
                       facecolors=[("white" if f else colour) for f in inferred])
        last = mine.iloc[-1]
        ax.annotate(person, (last["day"], last["net_worth_usd_bn"]), xytext=(4, 0), textcoords="offset points",
                    fontsize=8, color=colour)
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], color="black", marker=style.MARKERS[j % len(style.MARKERS)], linewidth=1,
                      linestyle=style.LINESTYLES[(j + 1) % len(style.LINESTYLES)], label=pub)
               for j, pub in enumerate(publishers)]
    n_inferred = int(rows["name_inferred"].astype(bool).sum())
    if n_inferred:
        handles.append(Line2D([], [], color="black", marker="o", markerfacecolor="white", linestyle="",
                              label="hollow: name inferred, not printed in the source"))
    style.whole_dates(ax.xaxis)
    style.legend_below(ax, handles, ncol=2)
    ax.set_ylabel("estimated net worth, US$ billion")
    ax.set_title("Estimates of the same fortunes by different lists and dates")
    text = (f"Estimates for {len(people)} people from {len(publishers)} kinds of source between "
            f"{rows['day'].min():%Y} and {rows['day'].max():%Y}; markers show whose estimate each point is, "
            "lines join estimates of the same list only, and points from different lists are not strictly "
            "comparable")
    if n_inferred:
        text += (f"; hollow points ({n_inferred}) carry names inferred by the kit's research, not printed in the "
                 "source.")
    else:
        text += "."
    return style.finish(ax, text, rows)


KIND_STYLE = {"retail_observed": ("o", "observed retail price"), "retail_cap": ("v", "government cap"),
              "promised": ("s", "price promised by officials"), "offered_by_stations": ("P", "offered by station owners"),
              "demanded_by_protesters": ("D", "demanded by protesters"), "trading_platform_max": ("X", "trading-platform maximum")}


def plot_fuel_prices(fuel: pd.DataFrame, place: str = "Mangystau Region", ax=None):
    """LPG prices of one place over time; marker shape says what each number is, hollow markers that only
    the month or year is known."""
    rows = lpg_timeline(fuel, place)
    if rows.empty:
        raise NotCovered(f"fuel_prices.csv has no LPG prices for {place}.")
    ax = style.new_axes(ax, figsize=(9, 4.5))
    observed = rows[rows["kind"].astype(str) == "retail_observed"]
    if len(observed) > 1:
        ax.plot(observed["day"], observed["price_kzt_per_litre"], color=style.GREY, linestyle="--", zorder=1)
    for i, (kind, (marker, label)) in enumerate(KIND_STYLE.items()):
        part = rows[rows["kind"].astype(str) == kind]
        if part.empty:
            continue
        colour = style.COLOURS[i % len(style.COLOURS)]
        labelled = False
        for exact, sub in part.groupby("exact_day"):
            ax.scatter(sub["day"], sub["price_kzt_per_litre"], marker=marker, s=70, zorder=3,
                       facecolors=colour if exact else "none", edgecolors=colour,
                       label=None if labelled else label)
            labelled = True
        ranged = part[part["price_high_kzt_per_litre"].notna()]
        for r in ranged.itertuples():
            ax.vlines(r.day, r.price_kzt_per_litre, r.price_high_kzt_per_litre, color=colour, linewidth=2)
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(dict(zip(labels, handles)).values(), dict(zip(labels, handles)).keys(), fontsize=8, loc="upper left")
    ax.set_ylabel("tenge per litre")
    ax.set_ylim(0, max(rows["price_high_kzt_per_litre"].max(skipna=True) if rows["price_high_kzt_per_litre"].notna().any()
                       else 0, rows["price_kzt_per_litre"].max()) * 1.15)
    # A long place ('Remote settlements in: Akmola Region, ...') would make the title wider than the figure.
    ax.set_title(textwrap.fill(f"LPG (autogas) prices, {place}", 60))
    # The dates drawn and a little room, not the years matplotlib gives a place with one or two figures.
    first_day, last_day = rows["day"].min(), rows["day"].max()
    pad = max(pd.Timedelta(days=20), (last_day - first_day) * 0.06)
    ax.set_xlim(first_day - pad, last_day + pad)
    style.whole_dates(ax.xaxis)
    hi = rows.loc[rows["price_kzt_per_litre"].idxmax()]
    first, last = rows.iloc[0], rows.iloc[-1]
    text = (f"{len(rows)} LPG price figures for {place} from {_when(first)} to {_when(last)}; "
            f"the highest is {hi['price_kzt_per_litre']:g} tenge a litre ({_when(hi)}, "
            f"{KIND_STYLE[str(hi['kind'])][1]}). Hollow markers: only the month (drawn at its first day) or the year "
            "(drawn at mid-year) is known; bars show a range.")
    return style.finish(ax, text, rows)


def _when(row) -> str:
    """'1 January 2022', 'January 2022' or '2021': as precise as the row's date is known."""
    return format_date(row["date"]) if pd.notna(row["date"]) else date_words(row["date_text"])


def plot_regional_caps(fuel: pd.DataFrame, ax=None):
    """The LPG caps of 6 January 2022 by region and city."""
    caps = regional_caps(fuel).sort_values("price_kzt_per_litre")
    ax = style.new_axes(ax, figsize=(8, 0.3 * len(caps) + 1.5))
    levels = sorted(caps["price_kzt_per_litre"].unique())
    colours = {lvl: style.COLOURS[i] for i, lvl in enumerate(levels)}
    hatches = {lvl: h for lvl, h in zip(levels, ["", "//", "..", "xx", "\\\\"])}
    for r in caps.itertuples():
        ax.barh(r.place, r.price_kzt_per_litre, color=colours[r.price_kzt_per_litre], hatch=hatches[r.price_kzt_per_litre])
    ax.set_xlabel("cap, tenge per litre")
    ax.set_title("LPG price caps from 6 January 2022 (180 days)")
    lowest = caps[caps["price_kzt_per_litre"] == min(levels)]["place"]
    text = (f"Caps set for {len(caps)} regions and cities from 6 January 2022, from {min(levels):g} to "
            f"{max(levels):g} tenge a litre; the lowest, {min(levels):g}, in {', '.join(sorted(lowest))}.")
    return style.finish(ax, text, caps)


BASIS_LABELS = {"sale_price": "sale price", "payment_suggested_by_leak": "payment suggested by a leak",
                "reported_fee": "reported fee", "proposed_fee": "proposed fee", "estimated_fee": "estimated fee",
                "reported_value": "reported or estimated value", "claimed_costs": "costs claimed",
                "ordered_costs": "costs ordered"}


# What each valued UK link is, in words, for the chart's labels (the row ids are for the data, not for readers).
UK_LABELS = {
    "sunninghill-sale-2007": "Sunninghill Park sale, 2007",
    "aitken-pandora-payment": "Payments to Jonathan Aitken's firm (Pandora Papers), 2007-2010",
    "blair-fee-ft-13m": "Blair's fee as reported by the FT, 2011",
    "blair-fee-telegraph-8m-a-year": "Blair's fee a year (Sunday Telegraph), 2011",
    "blair-fee-guardian-13m": "Blair's fee as repeated by the Guardian, 2022",
    "blair-fee-leaked-pitch-5-3m": "Blair's fee a year (proposal in leaked papers), 2016",
    "blair-fee-estimates-27m": "Blair's fee (highest estimate), 2016",
    "uwo-orders-2019": "Three London homes under the UWOs, 2019",
    "uwo-costs-claimed-2020": "Legal costs claimed from the NCA, 2020",
    "uwo-costs-interim-2020": "Costs the NCA was ordered to pay first, 2020",
    "uwo-bishops-avenue-mansion": "The Bishops Avenue mansion (UWO case), 2020",
    "uwo-chelsea-flat": "Chelsea flat (UWO case), 2020",
    "chathamhouse-elite-property": "London property of the elite (Chatham House data), 2021",
    "chathamhouse-family-property": "London property of the extended family (Chatham House data), 2021",
    "ti-family-uk-assets": "The family's UK assets (Transparency International UK), 2022",
    "mps-freeze-call-2022": "UK MPs' call for a freeze, 2022",
    "baker-street-opendemocracy": "Baker Street property (openDemocracy), 2021",
    "baker-street-exeter": "Baker Street property (University of Exeter), 2022",
    "nazarbayev-foundations-uk-company": "Assets linked to Nazarbayev's foundations (OCCRP), 2022",
}


def uk_label(row) -> str:
    """A UK link in words: its label, or what and when for a row added since."""
    what = str(row["category"]).replace("_", " ")
    return UK_LABELS.get(row["link_id"]) or f"{row['counterpart']} ({what}), {_years(row)}"


def plot_uk_links(uk: pd.DataFrame, currency: str = "GBP", ax=None):
    """Reported values of UK links in one currency, on a log scale; colour and marker give the kind of
    number (a sale price is not an estimate), contested rows are hollow."""
    rows = uk_values(uk, currency).sort_values("value")
    if rows.empty:
        raise NotCovered(f"uk_links.csv has no values in {currency}.")
    ax = style.new_axes(ax, figsize=(9, 0.35 * len(rows) + 1.5))
    bases = list(dict.fromkeys(rows["value_basis"].astype(str)))
    ypos = range(len(rows))
    for i, basis in enumerate(bases):
        sel = [k for k, b in enumerate(rows["value_basis"].astype(str)) if b == basis]
        part = rows.iloc[sel]
        colour = style.COLOURS[i % len(style.COLOURS)]
        contested = part["confidence"].astype(str) == "contested"
        ax.scatter(part["value"], [ypos[k] for k in sel], marker=style.MARKERS[i % len(style.MARKERS)], s=70,
                   facecolors=[("none" if c else colour) for c in contested], edgecolors=colour,
                   label=BASIS_LABELS.get(basis, basis), zorder=3)
        for k in sel:
            ax.hlines(ypos[k], rows["value"].min() / 2, rows.iloc[k]["value"], color=colour, linewidth=0.8, alpha=0.5)
    ax.set_yticks(list(ypos), [style.two_lines(uk_label(r), 48) for _, r in rows.iterrows()], fontsize=8)
    ax.set_xscale("log")
    symbol = "£" if currency == "GBP" else "$"
    from matplotlib.ticker import FuncFormatter

    ax.xaxis.set_major_formatter(FuncFormatter(lambda x, _pos: f"{symbol}{x:,.10g}m"))
    ax.set_xlabel(f"{symbol} million (log scale: each step is ten times the last)")
    ax.set_title(f"Reported values of the elite's UK links ({currency})")
    ax.legend(fontsize=8, loc="lower right")
    top = rows.iloc[-1]
    text = (f"{len(rows)} values in {currency} from {_value_words(rows['value'].min(), currency)} to "
            f"{_value_words(top['value'], currency)} "
            f"({uk_label(top)}); they are different kinds of number (sale prices, estimates, fees, costs), "
            "and hollow markers are contested figures.")
    return style.finish(ax, text, rows)


# ---------------------------------------------------------------------------------------------
# Explorers


class ScaleExplorer(Explorer):
    """Choose a person, a year and an estimate: see the fortune at several scales, with its sources."""

    title = "How big is a fortune?"
    hint = ("Pick a person and a year; then change the exchange-rate day. Try 20 April 2019, or a day "
            "the data does not cover (1 June 2021) to see why the kit will not guess a rate.")

    def __init__(self, rich: pd.DataFrame | None = None, economy: pd.DataFrame | None = None):
        self.rich = load_rich_list() if rich is None else rich
        self.economy = load_economy() if economy is None else economy
        self._syncing = False
        super().__init__()

    def _people(self):
        return sorted(self.rich["person"].unique())

    def _years(self, person):
        return sorted(int(y) for y in self.rich.loc[self.rich["person"] == person, "year"].unique())

    def _entries(self, person, year):
        if person is None or year is None:
            return []
        rows = estimates(self.rich, person, year)
        return [(entry_label(r), r["entry_id"]) for _, r in rows.iterrows()]

    def make_controls(self):
        person = "Vladimir Kim" if "Vladimir Kim" in set(self.rich["person"]) else self._people()[0]
        years = self._years(person)
        year = 2020 if 2020 in years else years[0]
        return {
            "person": widgets.Dropdown(options=self._people(), value=person, description="Person"),
            "year": widgets.Dropdown(options=years, value=year, description="Year"),
            "estimate": widgets.Dropdown(options=self._entries(person, year), description="Estimate",
                                         layout=widgets.Layout(width="32em")),
            "rate_date": widgets.DatePicker(value=JANUARY_2022, description="Rate of"),
        }

    def _on_change(self, change):
        if self._syncing:
            return
        owner = change["owner"]
        self._syncing = True
        try:
            if owner is self.controls["person"]:
                years = self._years(change["new"])
                keep = self.controls["year"].value
                self.controls["year"].options = years
                self.controls["year"].value = keep if keep in years else (years[-1] if years else None)
            if owner in (self.controls["person"], self.controls["year"]):
                entries = self._entries(self.controls["person"].value, self.controls["year"].value)
                self.controls["estimate"].options = entries
                self.controls["estimate"].value = entries[0][1] if entries else None
        finally:
            self._syncing = False
        self.update()

    def compute(self, person, year, estimate, rate_date):
        for name, value in (("a person", person), ("a year", year), ("an estimate", estimate),
                            ("a day for the exchange rates", rate_date)):
            if value is None:
                raise NotCovered(f"Choose {name}.")
        rows = self.rich[self.rich["entry_id"] == estimate]
        if rows.empty:
            raise NotCovered(f"No estimate for {person} in {year}.")
        scale = fortune_scale(rows.iloc[0], rate_date, self.economy)
        return {"scale": scale, "table": scale_table(scale), "person": person, "year": int(year),
                "usd": scale.usd, "kzt": scale.kzt, "gbp": scale.gbp,
                "years_average_wage": scale.years_average_wage, "years_minimum_wage": scale.years_minimum_wage,
                "share_of_gdp_pct": scale.share_of_gdp_pct, "notes": scale.notes, "source_ids": scale.source_ids}

    def render(self, result):
        scale = result["scale"]
        display(Markdown(f"**{result['person']}**: {entry_label(pd.Series(scale.entry))}. "
                         f"Whose estimate: {scale.entry['list_publisher']}."))
        display(style.Table(result["table"], rename={"as": "the fortune as", "how": "how it was found"}))
        for note in result["notes"]:
            display(Markdown(f"*Note:* {note}"))
        display(sources(result["source_ids"]))


class FuelPriceExplorer(Explorer):
    """Choose a place and a monthly LPG use: see the prices over time and what a month of fuel costs."""

    title = "What did the LPG price change mean for a household?"
    hint = ("Pick a place and how many litres a car uses in a month (your assumption). Compare the cost with "
            "the monthly minimum wage of 2022.")

    def __init__(self, fuel: pd.DataFrame | None = None, economy: pd.DataFrame | None = None):
        self.fuel = data.load("fuel_prices") if fuel is None else fuel
        self.economy = load_economy() if economy is None else economy
        self._drawn = (None, None, None)  # (place, axes, PNG) of the last drawing: litres and wage change only the table
        super().__init__()

    def _figure(self, place):
        if self._drawn[0] != place:
            ax = plot_fuel_prices(self.fuel, place, ax=self.axes())
            self._drawn = (place, ax, style.png(ax.figure))
        return self._drawn[1:]

    def _places(self):
        return lpg_places(self.fuel)

    def make_controls(self):
        places = self._places()
        return {
            "place": widgets.Dropdown(options=places, value="Mangystau Region" if "Mangystau Region" in places else places[0],
                                      description="Place"),
            "litres": widgets.IntSlider(value=100, min=20, max=300, step=10, description="Litres/month",
                                        continuous_update=False),
            "wage": widgets.Dropdown(options=[("minimum wage 2022", "minimum"), ("average wage 2022", "average")],
                                     value="minimum", description="Compare with"),
        }

    def compute(self, place, litres, wage):
        if place is None or wage is None:
            raise NotCovered("Choose a place and a wage to compare with.")
        if litres is None or litres <= 0:
            raise BadInput("Choose how many litres a month (more than 0).")
        rows = lpg_timeline(self.fuel, place)
        if rows.empty:
            raise NotCovered(f"No LPG prices for {place}.")
        monthly = monthly_wage(2022, wage, self.economy)
        table = rows[["date_text", "kind", "price_kzt_per_litre", "price_high_kzt_per_litre", "confidence"]].copy()
        table["kind"] = table["kind"].astype(str).map(lambda k: KIND_STYLE[k][1])
        table["cost_per_month_kzt"] = [monthly_fuel_cost(p, litres) for p in rows["price_kzt_per_litre"]]
        table["share_of_wage_pct"] = (100 * table["cost_per_month_kzt"] / monthly.value).round(1)
        ax, _ = self._figure(place)
        return {"place": place, "litres": litres, "wage": monthly, "table": table, "ax": ax,
                "costs": list(table["cost_per_month_kzt"]), "shares": list(table["share_of_wage_pct"]),
                "source_ids": data.split_ids(list(rows["source_ids"]) + monthly.source_ids)}

    def render(self, result):
        wage = result["wage"]
        style.show(result["ax"], self._figure(result["place"])[1])
        display(Markdown(f"Cost of **{result['litres']} litres a month** at each price (our calculation), and as a "
                         f"share of the {wage.label} ({wage.value:,.0f} tenge){' - ' + wage.note if wage.note else ''}. "
                         "For a range, the cost uses the lower end."))
        display(style.Table(fuel_cost_table(result["table"], result["litres"])))
        display(sources(result["source_ids"]))
