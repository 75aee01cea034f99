"""The data layer: typed loading, citations, and validation that names file, line and column."""
import csv
import json

import pandas as pd
import pytest

from qantar import data


def append_row(path, row):
    with open(path, "a", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerow(row)


def header(path):
    with open(path, encoding="utf-8") as handle:
        return next(csv.reader(handle))


def test_real_datasets_are_valid():
    problems = data.validate()
    assert problems == [], "\n".join(map(str, problems))


def test_every_declared_table_loads_with_its_declared_columns():
    for name in data.table_names():
        frame = data.load(name)
        declared = [f["name"] for f in data.schema(name)["fields"]]
        assert list(frame.columns) == declared, name


def test_load_types_columns_from_the_schema():
    cities = data.load("cities")
    assert pd.api.types.is_float_dtype(cities["lat"])
    sources = data.load("sources")
    assert isinstance(sources["kind"].dtype, pd.CategoricalDtype)
    assert pd.api.types.is_datetime64_any_dtype(sources["accessed"])


def test_load_unknown_table_names_the_known_ones():
    with pytest.raises(data.DataError, match="cities"):
        data.load("citiez")


def test_load_returns_a_copy_so_callers_cannot_corrupt_the_cache():
    first = data.load("cities")
    first.loc[:, "city"] = "changed"
    assert "changed" not in set(data.load("cities")["city"])


def test_load_sees_an_edited_schema_at_once(datasets_copy):
    # The cache of loaded tables is keyed on the schema's version too, not only the CSV's.
    data.load("cities", datasets_copy)
    path = datasets_copy / "schemas" / "cities.json"
    sch = json.loads(path.read_text(encoding="utf-8"))
    next(f for f in sch["fields"] if f["name"] == "lat")["constraints"]["maximum"] = 0
    path.write_text(json.dumps(sch), encoding="utf-8")
    with pytest.raises(data.DataError, match=r"cities.csv, line 2, column lat: '[\d.]+' is above the maximum, 0$"):
        data.load("cities", datasets_copy)


def test_split_ids_accepts_strings_lists_and_frames():
    assert data.split_ids("a;b; c") == ["a", "b", "c"]
    assert data.split_ids(["a;b", "b;c", None]) == ["a", "b", "c"]
    frame = pd.DataFrame({"source_ids": ["x;y", "y"], "evidence_source_ids": ["z", None]})
    assert data.split_ids(frame) == ["x", "y", "z"]
    assert data.split_ids(float("nan")) == []


def test_citations_name_outlet_and_date():
    cited = data.citations("naturalearth-110m-admin0;cwi-2022-01-seed")
    assert cited == ["Natural Earth (2018-05)", "Committee for a Workers' International (socialistworld.net) (2022-01-14)"]
    assert data.citation("no-such-source").startswith("[unknown source")
    assert data.citation("wikipedia-en-pavlodar") == "Wikipedia (English), \u201cPavlodar\u201d"  # undated: title
    assert data.caption("cwi-2022-01-seed;cwi-2022-01-seed").count("Committee") == 1
    assert data.caption([]) == "Sources: none recorded."
    assert "https://www.naturalearthdata.com" in data.citation("naturalearth-110m-admin0", long=True)


def test_the_seed_article_is_a_partisan_source():
    sources = data.load("sources").set_index("source_id")
    assert sources.loc["cwi-2022-01-seed", "kind"] == "partisan"


def test_city_spellings_cover_the_renamed_cities():
    cities = data.load("cities").set_index("city")
    assert "Astana" in cities.loc["Nur-Sultan", "alt_names"]
    assert "Uralsk" in cities.loc["Oral", "alt_names"]
    assert "Ust-Kamenogorsk" in cities.loc["Oskemen", "alt_names"]


# --- planted faults: each gives one line naming file, line and column ---------------------------

def _plant(datasets_copy, table, changes):
    path = datasets_copy / f"{table}.csv"
    cols = header(path)
    with open(path, encoding="utf-8") as handle:
        first = next(csv.DictReader(handle))
    row = {**first, **changes}
    append_row(path, [row.get(c, "") for c in cols])
    return path


@pytest.mark.parametrize("table, changes, column, words", [
    ("sources", {"source_id": "new-src", "url": "https://example.org/a", "accessed": "2022-13-01"},
     "accessed", "not a valid date"),
    ("sources", {"source_id": "new-src2", "url": "https://example.org/b", "kind": "blog"}, "kind",
     "is not one of the allowed values"),
    ("cities", {"city": "Nowhere", "lat": "12.5"}, "lat", "is below the minimum"),
    ("cities", {"city": "Elsewhere", "source_ids": "no-such-source"}, "source_ids", "not in sources.csv"),
    ("cities", {}, None, "duplicate key"),
    ("sources", {"source_id": "copy-of-seed", "url": "https://www.naturalearthdata.com/downloads/110m-cultural-vectors/"},
     "url", "the same URL"),
])
def test_a_planted_bad_row_is_reported_with_file_line_and_column(datasets_copy, table, changes, column, words):
    path = _plant(datasets_copy, table, changes)
    line = sum(1 for _ in open(path, encoding="utf-8"))
    problems = data.validate(datasets_copy)
    matching = [p for p in problems if p.row == line and words in p.message]
    assert matching, [str(p) for p in problems]
    text = str(matching[0])
    assert text.startswith(f"{path}") and f"line {line}" in text
    if column:
        assert matching[0].column == column and f"column {column}" in text


def test_a_missing_column_is_reported(datasets_copy):
    path = datasets_copy / "cities.csv"
    rows = list(csv.reader(open(path, encoding="utf-8")))
    with open(path, "w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([r[:-1] for r in rows])
    problems = data.validate(datasets_copy)
    assert any("header does not match" in p.message or "fewer cells" in p.message for p in problems)


def test_a_contested_row_must_cite_two_sources(datasets_copy):
    path = datasets_copy / "economy.csv"
    cols = header(path)
    values = {"indicator": "test", "year": "2021", "value": "1", "unit": "x",
              "source_ids": "cwi-2022-01-seed", "confidence": "contested"}
    append_row(path, [values.get(c, "") for c in cols])
    problems = data.validate(datasets_copy)
    assert any("at least two sources" in p.message for p in problems), [str(p) for p in problems]


def test_a_malformed_csv_row_is_a_clear_problem_not_a_traceback(datasets_copy):
    path = datasets_copy / "cities.csv"
    with open(path, "a", encoding="utf-8") as handle:
        handle.write('Broken,"unclosed quote,Region,45,70,naturalearth-110m-admin0\n')
    problems = data.validate(datasets_copy)
    assert problems and all(isinstance(p, data.Problem) for p in problems)


def test_validate_cli_prints_one_line_per_problem_and_fails(datasets_copy, capsys):
    from qantar.cli import main

    _plant(datasets_copy, "cities", {"city": "Nowhere", "lat": "abc"})
    assert main(["validate", "--datasets", str(datasets_copy)]) == 1
    out = capsys.readouterr().out
    assert "cities.csv, line" in out and "column lat" in out and "Traceback" not in out


def test_every_date_column_declares_the_range_its_table_covers():
    # The declared range is what lets validation catch a mistyped year (2021 for 2022, 2202 for 2022).
    for name in data.table_names():
        for spec in data.schema(name)["fields"]:
            if spec.get("type") in ("date", "datetime"):
                constraints = spec.get("constraints", {})
                assert "minimum" in constraints and "maximum" in constraints, f"{name}.{spec['name']}"


def test_a_date_outside_the_declared_range_is_reported(datasets_copy):
    path = _plant(datasets_copy, "sources", {"source_id": "late-src", "url": "https://example.org/c",
                                             "accessed": "2202-01-05"})
    problems = data.validate(datasets_copy)
    assert any(p.column == "accessed" and "maximum" in p.message for p in problems), [str(p) for p in problems]


def test_as_date_reads_the_forms_students_and_tables_use():
    import datetime as dt

    want = dt.date(2022, 1, 5)
    for value in ["2022-01-05", " 5 January 2022 ", "5 Jan 2022", pd.Timestamp("2022-01-05 14:00"),
                  dt.datetime(2022, 1, 5, 9), want]:
        assert data.as_date(value) == want, value
    with pytest.raises(ValueError):
        data.as_date("05/01/2022")  # ambiguous: day or month first?
    with pytest.raises(TypeError):
        data.as_date(20220105)
