"""The data layer: load the kit's tables as typed DataFrames, cite their sources, validate them.

Everything is driven by datasets/datapackage.json and the Table Schema of each table, so a new column
or table needs no code here. Loading and validating share one check of a table against its schema,
written with pandas (fast to import): `load` refuses a table that `validate` rejects, with the same
one-line message. Validation also checks what spans tables (foreign keys, cited sources) and imports
frictionless, when it runs, to check the descriptor against the Data Package spec.
"""
from __future__ import annotations

import csv
import datetime as dt
import functools
import io
import json
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

# The kit's folder. In the browser edition (qantar.lite) the package is installed in the kernel's own
# site-packages, and the kit's files are in the browser's drive, which the kernel mounts at /drive.
ROOT = Path("/drive") if sys.platform == "emscripten" else Path(__file__).resolve().parents[2]
DATASETS = Path(os.environ.get("QANTAR_DATASETS", ROOT / "datasets"))

ID_SEPARATOR = ";"
CONFIDENCE = ("confirmed", "single_source", "contested")
# How sure the kit is of a row, in the words a student reads (the `confidence` column).
CONFIDENCE_WORDS = {"confirmed": "confirmed (two or more sources)", "single_source": "one source only",
                    "contested": "contested (sources differ)"}


def confidence_words(code) -> str:
    """A confidence code in words: 'single_source' -> 'one source only'; an unknown code with spaces."""
    return CONFIDENCE_WORDS.get(str(code), str(code).replace("_", " "))
SAVE_AS_UTF8 = 'save it as "CSV UTF-8 (Comma delimited)" in Excel, or with the encoding UTF-8 in a text editor'


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a dataset, in words a teacher can act on."""

    file: str
    row: int | None  # the line an editor shows (the header is line 1); None for the whole file
    column: str | None
    message: str

    def __str__(self) -> str:
        where = [self.file]
        if self.row is not None:
            where.append(f"line {self.row}")
        if self.column:
            where.append(f"column {self.column}")
        return f"{', '.join(where)}: {self.message}"


class DataError(ValueError):
    """A table that cannot be read as its schema says. The message names file, line and column; `problem`
    is the same as a Problem (None for a mistake in the calling code, such as an unknown table name)."""

    def __init__(self, problem: Problem | str):
        super().__init__(str(problem))
        self.problem = problem if isinstance(problem, Problem) else None


def _relpath(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------------------------------------
# The descriptor


def _root(root) -> Path:
    return Path(root) if root is not None else DATASETS


@functools.lru_cache(maxsize=64)
def _read_json(path: str, stamp: int) -> dict:
    # utf-8-sig: Notepad may save the file with a byte-order mark, which json.loads refuses.
    try:
        return json.loads(Path(path).read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as err:
        raise DataError(Problem(_relpath(Path(path)), err.lineno, None,
                                f"not valid JSON: {err.msg} at character {err.colno} (look for a missing or "
                                "extra comma, quote or bracket there)")) from None
    except UnicodeDecodeError:
        raise DataError(Problem(_relpath(Path(path)), None, None, f"not saved as UTF-8: {SAVE_AS_UTF8}")) from None


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        raise DataError(Problem(_relpath(path), None, None, "the file is missing")) from None


def _json(path: Path) -> dict:
    return _read_json(str(path), _mtime(path))


def package(root=None) -> dict:
    """The parsed datapackage.json."""
    path = _root(root) / "datapackage.json"
    return _package(str(path), _mtime(path))


@functools.lru_cache(maxsize=8)
def _package(path: str, stamp: int) -> dict:
    # Checked once per version of the file: every lookup of a table goes through here.
    descriptor = _read_json(path, stamp)
    resources = descriptor.get("resources") if isinstance(descriptor, dict) else None
    if not isinstance(resources, list) or not all(isinstance(r, dict) and isinstance(r.get("name"), str)
                                                  for r in resources):
        raise DataError(Problem(_relpath(Path(path)), None, None,
                                'needs a "resources" list with a "name" for each table'))
    return descriptor


def table_names(root=None) -> list[str]:
    return [r["name"] for r in package(root)["resources"]]


def resource(name: str, root=None) -> dict:
    for res in package(root)["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(table_names(root))
    raise DataError(f"There is no table called {name!r}. The tables are: {known}.")


def _table_path(name: str, root=None) -> Path:
    path = resource(name, root).get("path")
    if not isinstance(path, str) or not path:
        raise DataError(Problem(_relpath(_root(root) / "datapackage.json"), None, None,
                                f'the table {name!r} has no "path": add "path": "{name}.csv" to its entry'))
    return _root(root) / path


def _schema_path(name: str, root=None) -> Path:
    """The file the table's schema is in: its own file, or datapackage.json when it is inline."""
    sch = resource(name, root).get("schema")
    return _root(root) / (sch if isinstance(sch, str) else "datapackage.json")


def schema(name: str, root=None) -> dict:
    """The Table Schema of a table (schemas may live in their own file or inline)."""
    sch = resource(name, root).get("schema")
    where = _schema_path(name, root)
    if sch is None:
        raise DataError(Problem(_relpath(where), None, None, f'the table {name!r} has no "schema": add '
                                                             f'"schema": "schemas/{name}.json" to its entry'))
    if isinstance(sch, str):
        sch = _json(where)
    fields = sch.get("fields") if isinstance(sch, dict) else None
    if not isinstance(fields, list) or not all(isinstance(f, dict) and isinstance(f.get("name"), str)
                                               for f in fields):
        raise DataError(Problem(_relpath(where), None, None, 'needs a "fields" list with a "name" for each field'))
    for spec in fields:
        kind = spec.get("type", "string")
        if kind not in PARSERS:
            raise DataError(Problem(_relpath(where), None, None,
                                    f"the field {spec['name']!r} has type {kind!r}, which the kit cannot read: "
                                    f"use one of {', '.join(PARSERS)}"))
    unknown = set(_as_list(sch.get("primaryKey"))) - {f["name"] for f in fields}
    if unknown:
        raise DataError(Problem(_relpath(where), None, None,
                                f'the "primaryKey" names {", ".join(sorted(unknown))}, which is not a field'))
    return sch


def field(name: str, column: str, root=None) -> dict:
    for f in schema(name, root)["fields"]:
        if f["name"] == column:
            return f
    raise DataError(f"Table {name!r} has no column {column!r}.")


# ---------------------------------------------------------------------------------------------
# Reading a table as text, lines counted as an editor counts them

UTF16_MARKS = (b"\xff\xfe", b"\xfe\xff")
NOT_UTF8 = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as decoding with surrogateescape keeps it
QUOTES = "a cell holding a comma, a quote or a line break must be in double quotes, with each quote inside doubled"


@dataclass(frozen=True)
class _Text:
    """A CSV file as text: its header, its rows, and the line each row starts on in an editor."""

    labels: list[str]
    rows: list[list[str]]
    lines: list[int]
    cut: frozenset[int]  # the rows that end in a stray carriage return, which cut them short
    has_nul: bool  # a NUL character somewhere (a damaged copy), looked for cell by cell only then


def _decode(path: Path, file: str) -> str:
    """The file's text. A byte that is not UTF-8 is kept as a lone surrogate, so that it can be located."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(Problem(file, None, None, "the file is missing: restore it from a copy of the kit")) from None
    except OSError as err:
        raise DataError(Problem(file, None, None, f"cannot be opened ({err.strerror})")) from None
    # Excel's "Unicode Text" is UTF-16: a byte-order mark, or a zero byte after each ASCII letter.
    if raw.startswith(UTF16_MARKS) or raw[:1000].count(0) > len(raw[:1000]) // 4:
        raise DataError(Problem(file, None, None, f"the file is saved as UTF-16 (Excel's \"Unicode Text\"): "
                                                  f"{SAVE_AS_UTF8}"))
    # utf-8-sig drops the byte-order mark of Excel's "CSV UTF-8", which would otherwise stick to the
    # first column's name.
    text = raw.decode("utf-8-sig", errors="surrogateescape")
    if not text.strip():
        raise DataError(Problem(file, None, None, "the file is empty: restore it from a copy of the kit"))
    return text


def _split(text: str, file: str) -> _Text:
    # A line ends at LF, CR LF or a lone CR, as in an editor (StringIO with newline="" splits so), and a
    # quoted cell may span lines: each row is given the line it starts on.
    physical = io.StringIO(text, newline="").readlines()
    ends_in_cr = [line.endswith("\r") for line in physical]
    reader = csv.reader(physical, strict=True)
    records, lines, cut_short = [], [], []
    start = 1
    try:
        for cells in reader:
            records.append(cells)
            lines.append(start)
            # A lone CR ending a row where the file's lines end otherwise (CR everywhere is an old Mac file).
            cut_short.append(ends_in_cr[reader.line_num - 1] and not ends_in_cr[0])
            start = reader.line_num + 1
    except csv.Error as err:
        if "end of data" in str(err):
            message = ("a double quote in this row is never closed, so the rest of the file reads as one cell "
                       f"({QUOTES})")
        else:
            message = f"cannot be read as CSV ({err}): {QUOTES}"
        raise DataError(Problem(file, start, None, message)) from None
    cut = frozenset(i for i, ends_short in enumerate(cut_short[1:]) if ends_short)
    return _Text(records[0], records[1:], lines[1:], cut, "\x00" in text)


def _read_text(path: Path) -> _Text:
    """The file split into cells. Raises DataError when it cannot be: missing, empty, not UTF-8, or
    broken quoting."""
    file = _relpath(path)
    text = _decode(path, file)
    table = _split(text, file)
    if NOT_UTF8.search(text):
        raise DataError(_not_utf8(table, file))
    return table


def _not_utf8(table: _Text, file: str) -> Problem:
    """Where the first byte that is not UTF-8 is (the whole file has to be saved again, so one is named)."""
    for line, cells in zip([1, *table.lines], [table.labels, *table.rows]):
        for j, cell in enumerate(cells):
            found = NOT_UTF8.search(cell)
            if found:
                byte = ord(found.group()) - 0xDC00
                guess = bytes([byte]).decode("cp1252", errors="replace")  # Excel's plain "CSV" on Windows
                perhaps = f" (perhaps {guess!r})" if guess != "\ufffd" else ""
                column = table.labels[j] if line > 1 and j < len(table.labels) else None
                return Problem(file, line, column, f"byte 0x{byte:02X}{perhaps} is not UTF-8, so the file was "
                                                   f"saved in another encoding: {SAVE_AS_UTF8}")
    return Problem(file, None, None, f"the file is not saved as UTF-8: {SAVE_AS_UTF8}")


# ---------------------------------------------------------------------------------------------
# Checking a table against its schema: one check, shared by load and validate

TRUE_VALUES = ("true", "True", "TRUE", "1")  # Table Schema's defaults
FALSE_VALUES = ("false", "False", "FALSE", "0")


def _as_string(text: pd.Series, spec: dict) -> pd.Series:
    return text


def _as_integer(text: pd.Series, spec: dict) -> pd.Series:
    whole = text.str.fullmatch(r"[+-]?\d+")  # to_numeric alone would take 2.5 or 1e3 as well
    return pd.to_numeric(text.where(whole), errors="coerce").astype("Int64")


def _as_number(text: pd.Series, spec: dict) -> pd.Series:
    return pd.to_numeric(text, errors="coerce").astype("float64")


def _as_date(text: pd.Series, spec: dict) -> pd.Series:
    return pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")


def _as_datetime(text: pd.Series, spec: dict) -> pd.Series:
    return pd.to_datetime(text, format="ISO8601", errors="coerce")


def _as_boolean(text: pd.Series, spec: dict) -> pd.Series:
    truth = {**dict.fromkeys(spec.get("trueValues", TRUE_VALUES), True),
             **dict.fromkeys(spec.get("falseValues", FALSE_VALUES), False)}
    return text.map(truth).astype("boolean")


# Each turns a column of text into its type, with a missing value where a cell cannot be read.
PARSERS = {"string": _as_string, "integer": _as_integer, "year": _as_integer, "number": _as_number,
           "date": _as_date, "datetime": _as_datetime, "boolean": _as_boolean}
TYPE_HINTS = {"integer": " (a whole number, digits only)", "year": " (a year, four digits)",
              "number": " (digits, with a point for decimals)", "date": " (write dates as YYYY-MM-DD)",
              "datetime": " (write YYYY-MM-DDTHH:MM:SS)", "boolean": " (write true or false)"}


@dataclass(frozen=True)
class _Checked:
    """A table checked against its schema: its rows as text and typed, the line of each, its problems."""

    file: str
    text: pd.DataFrame  # the rows that have the header's shape, as text (an empty cell is missing)
    typed: pd.DataFrame | None  # None when there are problems
    lines: list[int]
    problems: list[Problem]  # in the order of the file


def _check(path: Path, sch: dict) -> _Checked:
    """Check a table against its schema. Raises DataError when the file cannot be used as a table at all
    (missing, empty, not UTF-8, broken quoting, a header that does not match, no rows)."""
    file = _relpath(path)
    table = _read_text(path)
    names = [spec["name"] for spec in sch["fields"]]
    header = _header_problem(table.labels, names)
    if header:
        raise DataError(Problem(file, 1, None, header))
    if not table.rows:
        raise DataError(Problem(file, None, None, "the table has its header but no rows: restore the rows "
                                                  "from a copy of the kit"))
    problems, kept = _row_problems(table, file)
    lines = [table.lines[i] for i in kept]
    cells = np.array([table.rows[i] for i in kept], dtype=object).reshape(len(kept), len(names))
    text = pd.DataFrame(np.where(cells == "", None, cells), columns=names, dtype="str")  # "" is missing
    key = _as_list(sch.get("primaryKey"))
    typed = {}
    for j, spec in enumerate(sch["fields"]):
        name, rules = spec["name"], spec.get("constraints", {})
        typed[name] = PARSERS[spec.get("type", "string")](text[name], spec)
        for i, message in _cell_problems(cells[:, j], typed[name], spec, required=name in key):
            problems.append(Problem(file, lines[i], name, message))
        if rules.get("unique") and key != [name]:  # a key of one column is checked below
            for i, first in _duplicates(cells[:, [j]]):
                problems.append(Problem(file, lines[i], name, f"{cells[i, j]!r} is also on line {lines[first]}: "
                                                              "each value in this column must be unique"))
    key_cells = cells[:, [names.index(k) for k in key]]
    for i, first in _duplicates(key_cells) if key else []:
        shown = ", ".join(map(repr, key_cells[i]))
        problems.append(Problem(file, lines[i], key[0], f"duplicate key: {shown} is also on line {lines[first]}"))
    order = {name: n for n, name in enumerate(names)}
    problems.sort(key=lambda p: (p.row or 0, order.get(p.column, -1)))
    return _Checked(file, text, None if problems else _typed_frame(typed, cells, sch), lines, problems)


def _typed_frame(typed: dict[str, pd.Series], cells: np.ndarray, sch: dict) -> pd.DataFrame:
    # Enums become categories only once every value is known to be allowed (one that is not would silently
    # become NaN), so each cell's code can be looked up directly: several times faster than pd.Categorical.
    for j, spec in enumerate(sch["fields"]):
        enum = spec.get("constraints", {}).get("enum")
        if spec.get("type", "string") == "string" and enum:
            code = {"": -1, **{value: n for n, value in enumerate(enum)}}
            codes = np.fromiter(map(code.__getitem__, cells[:, j]), dtype=np.int64, count=len(cells))
            typed[spec["name"]] = pd.Series(pd.Categorical.from_codes(codes, dtype=pd.CategoricalDtype(enum)))
    return pd.concat(typed, axis=1)


def _as_list(value) -> list:
    return [] if value is None else [value] if isinstance(value, str) else list(value)


def _header_problem(labels: list[str], names: list[str]) -> str | None:
    if labels == names:
        return None
    must = f"the header must read {','.join(names)}"
    separator = next((s for s in ";\t" if len(labels) == 1 and s in labels[0]), None)
    if separator:
        return (f"the header does not match the schema: the values are separated by {separator!r}, not "
                f"commas; {SAVE_AS_UTF8}")
    for n, (label, name) in enumerate(zip(labels, names), start=1):
        if label != name:
            twice = f", which is also column {labels.index(label) + 1}" if label in labels[:n - 1] else ""
            return (f"the header does not match the schema: column {n} is {label!r}{twice}, where the schema "
                    f"has {name!r} ({must})")
    if len(labels) < len(names):
        return (f"the header does not match the schema: it lacks {names[len(labels)]!r} after column "
                f"{len(labels)} ({must})")
    return (f"the header does not match the schema: column {len(names) + 1}, {labels[len(names)]!r}, is not in "
            f"it ({must})")


def _row_problems(table: _Text, file: str) -> tuple[list[Problem], list[int]]:
    """Rows that are empty, have the wrong number of cells or hold a NUL character, and the other rows: only
    those get the column checks (a row of the wrong shape would have its cells misread)."""
    width = len(table.labels)
    problems, kept = [], []
    for i, (line, cells) in enumerate(zip(table.lines, table.rows)):
        if len(cells) != width and i - 1 in table.cut:
            continue  # the rest of a row cut short, named on the line before
        if not any(cells):
            problems.append(Problem(file, line, None, "the row is empty: delete the line"))
        elif len(cells) < width and i in table.cut:
            following = table.lines[i + 1] if i + 1 < len(table.lines) else line + 1
            problems.append(Problem(file, line, None, "a stray carriage return (CR, an invisible line break) "
                                                      "ends the line and cuts the row in two: join it with line "
                                                      f"{following}"))
        elif len(cells) < width:
            problems.append(Problem(file, line, None, f"the row has fewer cells than the header ({len(cells)} of "
                                                      f"{width}): a missing comma?"))
        elif len(cells) > width:
            problems.append(Problem(file, line, None, f"the row has more cells than the header ({len(cells)} of "
                                                      f"{width}): a stray comma? ({QUOTES})"))
        elif table.has_nul and any("\x00" in cell for cell in cells):
            j = next(j for j, cell in enumerate(cells) if "\x00" in cell)
            problems.append(Problem(file, line, table.labels[j],
                                    f"{cells[j]!r} holds a NUL character (\\x00), which editors do not show: "
                                    "retype the cell"))
        else:
            kept.append(i)
    return problems, kept


def _flags(result: pd.Series) -> np.ndarray:
    """A comparison as True or False for each row; a missing value counts as False."""
    return result.to_numpy(dtype=bool, na_value=False)


def _each(test, cells: np.ndarray) -> np.ndarray:
    """test(cell) for each cell, as True or False. A plain loop: on tables of a few hundred rows it is
    several times faster than a pandas string method, whose fixed cost dominates."""
    return np.fromiter(map(test, cells), dtype=bool, count=len(cells))


def _cell_problems(cells: np.ndarray, typed: pd.Series, spec: dict, required: bool) -> list[tuple[int, str]]:
    """(row, message) for each cell that breaks its field's type or constraints: one message a cell, for the
    first rule it breaks. `cells` is the column as text ("" when empty), `typed` as its type reads it."""
    found, flagged = [], np.zeros(len(cells), dtype=bool)
    for broken, message in _rules(cells, typed, spec, required):
        found += [(i, message(cells[i])) for i in np.flatnonzero(broken & ~flagged)]
        flagged |= broken
    return found


def _rules(cells: np.ndarray, typed: pd.Series, spec: dict, required: bool) -> list[tuple[np.ndarray, object]]:
    """(where the rule is broken, its message for a cell) for each rule of the field, in the order they are
    reported."""
    kind, rules = spec.get("type", "string"), spec.get("constraints", {})
    present = cells != ""
    valid = present if kind == "string" else typed.notna().to_numpy()
    checks = [(present & ~valid, lambda cell: f"{cell!r} is not a valid {kind}{TYPE_HINTS.get(kind, '')}")]
    if required or rules.get("required"):
        checks.insert(0, (~present, lambda cell: "the cell is empty, but this column needs a value"))
    if "enum" in rules:
        allowed = (_each(set(rules["enum"]).__contains__, cells) if kind == "string"
                   else _flags(typed.isin(rules["enum"])))
        checks.append((valid & ~allowed, lambda cell: _enum_message(cell, rules["enum"])))
    if "pattern" in rules:
        checks.append((valid & ~_each(re.compile(rules["pattern"]).fullmatch, cells),
                       lambda cell: f"{cell!r} is not in the form the column expects ({_form(spec)})"))
    if "minLength" in rules or "maxLength" in rules:
        lengths = np.fromiter(map(len, cells), dtype=np.int64, count=len(cells))
        checks.append((present & (lengths < rules.get("minLength", 0)),
                       lambda cell: f"{cell!r} is shorter than the {rules['minLength']} characters required"))
        checks.append((lengths > rules.get("maxLength", np.inf),
                       lambda cell: f"{cell!r} is longer than the {rules['maxLength']} characters allowed"))
    if "minimum" in rules:
        checks.append((_flags(typed < _bound(kind, rules["minimum"])),
                       lambda cell: f"{cell!r} is below the minimum, {rules['minimum']}"))
    if "maximum" in rules:
        checks.append((_flags(typed > _bound(kind, rules["maximum"])),
                       lambda cell: f"{cell!r} is above the maximum, {rules['maximum']}"))
    return checks


def _form(spec: dict) -> str:
    """The form a column's values take, in words: the first sentence of its description (a regular
    expression such as the one for dates in sources.csv would tell a teacher little), else its pattern."""
    words = re.split(r"\.\s+(?=[A-Z])", spec.get("description", ""))[0].rstrip(".")
    return words or f"the pattern {spec['constraints']['pattern']}"


def _bound(kind: str, value):
    return pd.Timestamp(value) if kind in ("date", "datetime") else float(value)


def _enum_message(cell, allowed: list) -> str:
    import difflib  # only when a value is wrong

    words = [json.dumps(v) if isinstance(v, bool) else str(v) for v in allowed]
    close = difflib.get_close_matches(str(cell), words, n=1)
    guess = f" (did you mean {close[0]!r}?)" if close else ""
    return f"{cell!r} is not one of the allowed values: {', '.join(words)}{guess}"


def _duplicates(keys: np.ndarray) -> list[tuple[int, int]]:
    """(row, the earlier row with the same key) for each row whose key repeats one; a key with an empty
    cell is left to the check for empty cells."""
    rows = list(map(tuple, keys))
    if len(set(rows)) == len(rows):
        return []
    first: dict[tuple, int] = {}
    repeats = []
    for i, key in enumerate(rows):
        if "" in key:
            continue
        if key in first:
            repeats.append((i, first[key]))
        first.setdefault(key, i)
    return repeats


# ---------------------------------------------------------------------------------------------
# Loading


def _stamp(path: Path) -> tuple | None:
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=64)
def _load_cached(name: str, root: str, stamps: tuple) -> pd.DataFrame:
    checked = _check(_table_path(name, root), schema(name, root))
    if checked.problems:
        raise DataError(checked.problems[0])
    return checked.typed


def load(name: str, root=None) -> pd.DataFrame:
    """Load a table by name as a typed DataFrame: dates parsed, counts as integers, enums as categories.

    Raises DataError, with the line `qantar validate` prints, if the table breaks its schema.

    >>> events = load("events")   # doctest: +SKIP
    """
    root_path = _root(root)
    # Cached per version of the table and of its schema, so that an edit to either is seen at once.
    stamps = (_stamp(_table_path(name, root_path)), _stamp(_schema_path(name, root_path)))
    return _load_cached(name, str(root_path), stamps).copy()


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
    path = _table_path("sources", root)
    return _sources_index(str(path), _stamp(path), str(_root(root)))


@functools.lru_cache(maxsize=4)
def _sources_index(path: str, stamp: tuple | None, root: str) -> dict[str, dict]:
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


def validate(root=None) -> list[Problem]:
    """Every problem in the datasets: each table against its schema (the check `load` makes), the
    descriptor against the Data Package spec, foreign keys, and the kit's own rules on sources.

    An empty list means the data is valid. Never raises on bad data, and never writes a file.
    """
    root_path = _root(root)
    try:
        names = table_names(root_path)
    except DataError as err:
        return [err.problem]
    problems, found = [], {}
    for name in names:
        try:
            found[name] = (_table_path(name, root_path), schema(name, root_path))
        except DataError as err:
            problems.append(err.problem)
    if not problems:  # frictionless would only say again what is wrong with the descriptor
        problems += _spec_problems(root_path)
    tables = {}
    for name, (path, sch) in found.items():
        try:
            tables[name] = _check(path, sch)
        except DataError as err:
            problems.append(err.problem)
    for checked in tables.values():
        problems += checked.problems
    problems += _foreign_key_problems(tables, root_path) + _citation_problems(tables)
    unique = list(dict.fromkeys(problems))
    return sorted(unique, key=lambda p: (p.file, p.row or 0, p.column or ""))


def _spec_problems(root: Path) -> list[Problem]:
    """What frictionless finds wrong with the descriptor against the Data Package spec. It is given the
    schemas as the kit read them, so that it does not refuse what the kit accepts (a byte-order mark)."""
    import frictionless

    descriptor = package(root)
    resources = [{**res, "schema": schema(res["name"], root)} for res in descriptor["resources"]]
    report = frictionless.Package.validate_descriptor({**descriptor, "resources": resources})
    return [Problem(_relpath(root / "datapackage.json"), None, None, err.message) for err in report.errors]


def _foreign_key_problems(tables: dict[str, _Checked], root: Path) -> list[Problem]:
    """Each value of a foreign key must be in the table it refers to (when that table could be read: if not,
    its own problem says why)."""
    problems = []
    for name, child in tables.items():
        for key in schema(name, root).get("foreignKeys", []):
            reference = key.get("reference", {})
            parent = tables.get(reference.get("resource") or name)
            fields, parent_fields = _as_list(key.get("fields")), _as_list(reference.get("fields"))
            if parent is None:
                continue
            if not set(fields) <= set(child.text) or not set(parent_fields) <= set(parent.text):
                problems.append(Problem(_relpath(_schema_path(name, root)), None, None,
                                        f"the foreign key {fields} -> {parent_fields} names a column that is "
                                        "not there"))
                continue
            known = set(parent.text[parent_fields].itertuples(index=False, name=None))
            for line, values in zip(child.lines, child.text[fields].itertuples(index=False, name=None)):
                if values not in known and not any(pd.isna(v) for v in values):
                    shown = ", ".join(map(repr, values))
                    problems.append(Problem(child.file, line, fields[0], f"{shown} is not in column "
                                                                         f"{','.join(parent_fields)} of "
                                                                         f"{Path(parent.file).name}"))
    return problems


def _citation_problems(tables: dict[str, _Checked]) -> list[Problem]:
    """The kit's rules: every cited id is in sources.csv, no source is entered twice, and a row's confidence
    is backed by enough sources."""
    sources = tables.get("sources")
    if sources is None or "source_id" not in sources.text:
        return []  # sources.csv's own problem says why; every citation would look wrong meanwhile
    known = set(sources.text["source_id"].dropna())
    problems = _repeated_url_problems(sources) if "url" in sources.text else []
    for checked in tables.values():
        id_columns = [c for c in checked.text if c == "source_ids" or c.endswith("_source_ids")]
        confidence = checked.text.get("confidence", pd.Series(index=checked.text.index, dtype="str"))
        for i, line in enumerate(checked.lines):
            cited = 0
            for col in id_columns:
                ids = split_ids(checked.text[col].iat[i])
                cited += len(ids)
                problems += [Problem(checked.file, line, col, f"source id {sid!r} is not in sources.csv")
                             for sid in ids if sid not in known]
            if confidence.iat[i] == "contested" and cited < 2:
                problems.append(Problem(checked.file, line, "source_ids",
                                        "a contested row must cite at least two sources"))
            if confidence.iat[i] == "confirmed" and cited < 2:
                problems.append(Problem(checked.file, line, "source_ids",
                                        "'confirmed' means two or more independent sources; "
                                        "cite them or mark the row single_source"))
    return problems


def _repeated_url_problems(sources: _Checked) -> list[Problem]:
    problems, seen = [], {}
    for line, url in zip(sources.lines, sources.text["url"]):
        url = url.strip() if isinstance(url, str) else ""
        if url and url in seen:
            problems.append(Problem(sources.file, line, "url",
                                    f"the same URL as line {seen[url]}: reuse that source_id"))
        seen.setdefault(url, line)
    return problems
