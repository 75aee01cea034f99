"""The data layer: load the kit's tables as typed DataFrames, cite their sources, validate them.

Everything is driven by datasets/datapackage.json and the Table Schema of each table, so a new column
or table needs no code here. Loading uses pandas only (fast to import); validation imports frictionless
when it runs.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[2]
DATASETS = Path(os.environ.get("QANTAR_DATASETS", ROOT / "datasets"))

ID_SEPARATOR = ";"
CONFIDENCE = ("confirmed", "single_source", "contested")


class DataError(ValueError):
    """A table that cannot be read as its schema says. The message names file, row and column."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, in words a teacher can act on."""

    file: str
    row: int | None  # the line number in the CSV file (the header is line 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


# ---------------------------------------------------------------------------------------------
# The descriptor


def _root(root) -> Path:
    return Path(root) if root is not None else DATASETS


@functools.lru_cache(maxsize=8)
def _read_json(path: str, mtime: float) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))


def _json(path: Path) -> dict:
    return _read_json(str(path), path.stat().st_mtime)


def package(root=None) -> dict:
    """The parsed datapackage.json."""
    return _json(_root(root) / "datapackage.json")


def table_names(root=None) -> list[str]:
    return [r["name"] for r in package(root)["resources"]]


def resource(name: str, root=None) -> dict:
    for res in package(root)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(table_names(root))
    raise DataError(f"There is no table called {name!r}. The tables are: {known}.")


def schema(name: str, root=None) -> dict:
    """The Table Schema of a table (schemas may live in their own file or inline)."""
    res = resource(name, root)
    sch = res.get("schema", {"fields": []})
    if isinstance(sch, str):
        sch = _json(_root(root) / sch)
    return sch


def field(name: str, column: str, root=None) -> dict:
    for f in schema(name, root)["fields"]:
        if f["name"] == column:
            return f
    raise DataError(f"Table {name!r} has no column {column!r}.")


# ---------------------------------------------------------------------------------------------
# Loading


def _convert(series: pd.Series, spec: dict, where: str) -> pd.Series:
    kind = spec.get("type", "string")
    enum = spec.get("constraints", {}).get("enum")
    try:
        if kind == "integer" or kind == "year":
            return pd.to_numeric(series, errors="raise").astype("Int64")
        if kind == "number":
            return pd.to_numeric(series, errors="raise").astype("float64")
        if kind == "date":
            return pd.to_datetime(series, format="%Y-%m-%d", errors="raise")
        if kind == "datetime":
            return pd.to_datetime(series, format="ISO8601", errors="raise")
        if kind == "boolean":
            truth = {"true": True, "false": False, "yes": True, "no": False, "1": True, "0": False}
            mapped = series.str.lower().map(truth)
            if (mapped.isna() & series.notna()).any():
                raise ValueError("not true/false")
            return mapped.astype("boolean")
    except (ValueError, TypeError) as err:
        raise DataError(
            f"{where}, column {spec['name']}: cannot read the values as {kind} ({err}). "
            "Run `make validate` to see each bad row."
        ) from None
    if enum:
        return pd.Categorical(series, categories=enum)
    return series


@functools.lru_cache(maxsize=64)
def _load_cached(path: str, mtime: float, name: str, root: str) -> pd.DataFrame:
    fields = schema(name, root)["fields"]
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    except (pd.errors.ParserError, UnicodeDecodeError) as err:
        raise DataError(f"{path}: cannot be read as CSV ({err}). Run `make validate`.") from None
    for spec in fields:
        col = spec["name"]
        if col in raw.columns:
            raw[col] = _convert(raw[col], spec, path)
    return raw


def load(name: str, root=None) -> pd.DataFrame:
    """Load a table by name as a typed DataFrame: dates parsed, counts as integers, enums as categories.

    >>> events = load("events")   # doctest: +SKIP
    """
    root_path = _root(root)
    path = root_path / resource(name, root)["path"]
    if not path.exists():
        raise DataError(f"{path}: the file is missing.")
    frame = _load_cached(str(path), path.stat().st_mtime, name, str(root_path))
    return frame.copy()


# ---------------------------------------------------------------------------------------------
# Dates

DATE_FORMATS = ("%Y-%m-%d", "%d %B %Y", "%d %b %Y", "%B %d %Y", "%B %d, %Y")


def as_date(value) -> dt.date:
    """A calendar date from a date, a datetime, a pandas Timestamp, or text such as '2022-01-05' or
    '5 January 2022'. Raises ValueError for text it cannot read and TypeError for anything else."""
    if isinstance(value, str):
        text = value.strip()
        for fmt in DATE_FORMATS:
            try:
                return dt.datetime.strptime(text, fmt).date()
            except ValueError:
                continue
        raise ValueError(text)
    if isinstance(value, (pd.Timestamp, dt.datetime)):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise TypeError(type(value).__name__)


def figure_text(value, qualifier=None) -> str:
    """A figure as it was given: '225', 'about 20,000', 'at least 8', 'up to 100' (whole numbers with
    thousands separators; the qualifier 'exact' or none adds nothing)."""
    qualifier = "" if qualifier is None or pd.isna(qualifier) or qualifier == "exact" else f"{qualifier} "
    return f"{qualifier}{value:,.0f}" if float(value).is_integer() else f"{qualifier}{value:,}"


# ---------------------------------------------------------------------------------------------
# Citations


def split_ids(value) -> list[str]:
    """'a;b' -> ['a', 'b']; also accepts a list, a Series or a DataFrame with source_ids."""
    if isinstance(value, pd.DataFrame):
        cols = [c for c in value.columns if c == "source_ids" or c.endswith("_source_ids")]
        return split_ids([v for c in cols for v in value[c].dropna()])
    if isinstance(value, (list, tuple, set, pd.Series)):
        out: list[str] = []
        for item in value:
            for sid in split_ids(item):
                if sid not in out:
                    out.append(sid)
        return out
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return []
    return [s.strip() for s in str(value).split(ID_SEPARATOR) if s.strip()]


def _sources_by_id(root=None) -> dict[str, dict]:
    path = _root(root) / resource("sources", root)["path"]
    return _sources_index(str(path), path.stat().st_mtime, str(_root(root)))


@functools.lru_cache(maxsize=4)
def _sources_index(path: str, mtime: float, root: str) -> dict[str, dict]:
    # Cached per file version: captions cite many ids, and each redraw of an explorer asks again.
    table = load("sources", root)
    return {row["source_id"]: row for row in table.to_dict("records")}


def citation(source_id: str, root=None, long: bool = False) -> str:
    """One source as text: 'Outlet (date)' or, long, 'Outlet, "Title", date. URL'."""
    src = _sources_by_id(root).get(source_id)
    if src is None:
        return f"[unknown source {source_id}]"
    dated = isinstance(src.get("published"), str)
    date = src["published"] if dated else "undated"
    if not long:
        # An undated page (a reference article) is told apart from its siblings by its title.
        return f"{src['outlet']} ({date})" if dated else f"{src['outlet']}, \u201c{src['title']}\u201d"
    url = src.get("url") if isinstance(src.get("url"), str) else ""
    return f"{src['outlet']}, \u201c{src['title']}\u201d, {date}. {url}".strip()


def citations(ids, root=None, long: bool = False) -> list[str]:
    """Citations for source ids given as 'a;b', a list, or a DataFrame with a source_ids column."""
    return [citation(sid, root, long) for sid in split_ids(ids)]


def caption(ids, root=None) -> str:
    """The sources caption printed under a figure or table."""
    cited = list(dict.fromkeys(citations(ids, root)))
    if not cited:
        return "Sources: none recorded."
    return "Sources: " + "; ".join(cited) + "."


# ---------------------------------------------------------------------------------------------
# Validation


def _relpath(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


def _message(err) -> str:
    cell = getattr(err, "cell", None)
    kind = err.type
    note = err.note
    if kind == "type-error":
        expected = note.split('"')[1].split("/")[0] if '"' in note else "the declared type"
        hint = " (write dates as YYYY-MM-DD)" if expected == "date" else ""
        return f"{cell!r} is not a valid {expected}{hint}"
    if kind == "constraint-error":
        rule = note.replace('constraint "', "").replace('" is "', " = ").rstrip('"')
        return f"{cell!r} breaks the rule {rule}"
    if kind == "missing-cell":
        return "the row has fewer cells than the header"
    if kind == "extra-cell":
        return "the row has more cells than the header (a stray comma? quote text containing commas)"
    if kind == "primary-key":
        return f"duplicate key: {note}"
    if kind == "foreign-key":
        return f"refers to something that does not exist ({note})"
    if kind in ("missing-label", "extra-label", "incorrect-label", "blank-label", "duplicate-label"):
        return f"the header does not match the schema ({err.message})"
    if kind == "blank-row":
        return "the row is empty"
    return err.message


def _frictionless_problems(root: Path) -> list[Problem]:
    import frictionless

    problems = []
    report = frictionless.validate(str(root / "datapackage.json"))
    for task in report.tasks:
        path = _relpath(root / task.place) if task.place else task.name
        for err in task.errors:
            problems.append(
                Problem(path, getattr(err, "row_number", None), getattr(err, "field_name", None) or None,
                        _message(err))
            )
    for err in report.errors:
        problems.append(Problem(_relpath(root / "datapackage.json"), None, None, err.message))
    return problems


def _csv_rows(path: Path):
    """(line number, row dict) for each data row; the header is line 1."""
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, row


def _kit_problems(root: Path) -> list[Problem]:
    problems: list[Problem] = []
    sources_path = root / resource("sources", root)["path"]
    known_ids, seen_urls = set(), {}
    if sources_path.exists():
        for line, row in _csv_rows(sources_path):
            known_ids.add(row.get("source_id"))
            url = (row.get("url") or "").strip()
            if url and url in seen_urls:
                problems.append(Problem(_relpath(sources_path), line, "url",
                                        f"the same URL as line {seen_urls[url]}: reuse that source_id"))
            seen_urls.setdefault(url, line)
    for res in package(root)["resources"]:
        path = root / res["path"]
        if not path.exists():
            problems.append(Problem(_relpath(path), None, None, "the file is missing"))
            continue
        columns = [f["name"] for f in schema(res["name"], root)["fields"]]
        id_columns = [c for c in columns if c == "source_ids" or c.endswith("_source_ids")]
        for line, row in _csv_rows(path):
            cited = 0
            for col in id_columns:
                ids = split_ids(row.get(col))
                cited += len(ids)
                for sid in ids:
                    if sid not in known_ids:
                        problems.append(Problem(_relpath(path), line, col,
                                                f"source id {sid!r} is not in sources.csv"))
            if (row.get("confidence") or "") == "contested" and cited < 2:
                problems.append(Problem(_relpath(path), line, "source_ids",
                                        "a contested row must cite at least two sources"))
            if (row.get("confidence") or "") == "confirmed" and cited < 2:
                problems.append(Problem(_relpath(path), line, "source_ids",
                                        "'confirmed' means two or more independent sources; "
                                        "cite them or mark the row single_source"))
    return problems


def validate(root=None) -> list[Problem]:
    """Every problem in the datasets: schema checks (frictionless) plus the kit's own rules.

    An empty list means the data is valid. Never raises on bad data.
    """
    root_path = _root(root)
    try:
        package(root_path)
    except (OSError, json.JSONDecodeError) as err:
        return [Problem(_relpath(root_path / "datapackage.json"), None, None, f"cannot be read ({err})")]
    problems = _frictionless_problems(root_path) + _kit_problems(root_path)
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.row or 0, p.column or ""))
