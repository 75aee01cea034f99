"""Planted faults: a table edited in Excel or a text editor the way a teacher might. Each fault gives one line
from `validate` and the same line from `load` (which refuses the table), naming file, line and column."""
import csv
import io
import json

import pandas as pd
import pytest

from qantar import data

SAVE_AS_UTF8 = 'save it as "CSV UTF-8 (Comma delimited)" in Excel, or with the encoding UTF-8 in a text editor'


def editor_lines(path) -> list[str]:
    """The file's lines with their endings, split where an editor splits them (LF, CR LF or a lone CR)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.readlines()


def ending(path) -> str:
    first = editor_lines(path)[0]
    return first[len(first.rstrip("\r\n")):]


def as_line(cells, end) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerow(cells)
    return out.getvalue()


def header(path) -> list[str]:
    return next(csv.reader([editor_lines(path)[0]]))


def append_row(path, changes, encoding="utf-8") -> int:
    """Append a copy of the table's first row with `changes` (in the file's own line ending, the new row
    encoded as `encoding`); returns the line the new row is on."""
    lines, end, cols = editor_lines(path), ending(path), header(path)
    first = dict(zip(cols, next(csv.reader([lines[1]]))))
    raw = path.read_bytes()
    if not raw.endswith((b"\n", b"\r")):
        raw += end.encode()
    path.write_bytes(raw + as_line([{**first, **changes}[c] for c in cols], end).encode(encoding))
    return len(lines) + 1


def rewrite_line(path, number, edit):
    """Replace line `number` (1 is the header) with edit(its cells), keeping the line's ending."""
    lines = editor_lines(path)
    text = lines[number - 1]
    lines[number - 1] = as_line(edit(next(csv.reader([text]))), text[len(text.rstrip("\r\n")):])
    path.write_bytes("".join(lines).encode("utf-8"))


def assert_reported(root, table, expected):
    """`validate` lists exactly this one problem, and `load` stops with the same line."""
    assert [str(p) for p in data.validate(root)] == [expected]
    with pytest.raises(data.DataError) as caught:
        data.load(table, root)
    assert str(caught.value) == expected


# --- files that Excel or an editor saved differently --------------------------------------------------


def test_a_latin1_byte_names_its_line_and_column(datasets_copy):
    path = datasets_copy / "cities.csv"
    line = append_row(path, {"city": "Pavlod\u00e4r", "alt_names": ""}, encoding="latin-1")
    assert_reported(datasets_copy, "cities", f"{path}, line {line}, column city: byte 0xE4 (perhaps '\u00e4') is "
                                             f"not UTF-8, so the file was saved in another encoding: {SAVE_AS_UTF8}")


def test_a_utf16_file_from_excel(datasets_copy):
    path = datasets_copy / "cities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert_reported(datasets_copy, "cities", f"{path}: the file is saved as UTF-16 (Excel's \"Unicode Text\"): "
                                             f"{SAVE_AS_UTF8}")


def test_an_empty_file(datasets_copy):
    path = datasets_copy / "cities.csv"
    path.write_bytes(b"")
    assert_reported(datasets_copy, "cities", f"{path}: the file is empty: restore it from a copy of the kit")


def test_a_table_with_only_its_header_has_no_rows(datasets_copy):
    path = datasets_copy / "cities.csv"
    path.write_bytes(editor_lines(path)[0].encode("utf-8"))
    assert_reported(datasets_copy, "cities", f"{path}: the table has its header but no rows: restore the rows "
                                             "from a copy of the kit")


def test_byte_order_marks_from_excel_are_accepted(datasets_copy):
    # Excel's "CSV UTF-8" starts the file with a byte-order mark; on sources.csv it once made every citation
    # in the kit look unknown.
    for path in [*datasets_copy.glob("*.csv"), *datasets_copy.glob("schemas/*.json")]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert [str(p) for p in data.validate(datasets_copy)] == []
    pd.testing.assert_frame_equal(data.load("sources", datasets_copy), data.load("sources"))


# --- the descriptor -------------------------------------------------------------------------------------


def test_a_schema_that_is_not_json(datasets_copy):
    path = datasets_copy / "schemas" / "cities.json"
    path.write_text('{\n  "fields": [\n    {"name": "city" "type": "string"}\n  ]\n}\n', encoding="utf-8")
    assert_reported(datasets_copy, "cities", f"{path}, line 3: not valid JSON: Expecting ',' delimiter at "
                                             "character 21 (look for a missing or extra comma, quote or bracket "
                                             "there)")


def test_a_table_entry_without_a_path(datasets_copy):
    path = datasets_copy / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    del next(r for r in descriptor["resources"] if r["name"] == "cities")["path"]
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert_reported(datasets_copy, "cities", f'{path}: the table \'cities\' has no "path": add "path": '
                                             '"cities.csv" to its entry')


# --- values that pandas alone would load without a word -----------------------------------------------


def test_an_enum_typo_is_refused_not_turned_into_nan(datasets_copy):
    path = datasets_copy / "sources.csv"
    line = append_row(path, {"source_id": "planted-src", "url": "https://example.org/planted", "kind": "partizan"})
    allowed = ", ".join(data.field("sources", "kind", datasets_copy)["constraints"]["enum"])
    assert_reported(datasets_copy, "sources", f"{path}, line {line}, column kind: 'partizan' is not one of the "
                                              f"allowed values: {allowed} (did you mean 'partisan'?)")


def test_a_renamed_header(datasets_copy):
    path = datasets_copy / "cities.csv"
    names = header(path)
    rewrite_line(path, 1, lambda cells: ["latitude" if c == "lat" else c for c in cells])
    assert_reported(datasets_copy, "cities", f"{path}, line 1: the header does not match the schema: column "
                                             f"{names.index('lat') + 1} is 'latitude', where the schema has 'lat' "
                                             f"(the header must read {','.join(names)})")


def test_a_duplicated_header(datasets_copy):
    path = datasets_copy / "cities.csv"
    names = header(path)
    rewrite_line(path, 1, lambda cells: ["lat" if c == "lon" else c for c in cells])
    assert_reported(datasets_copy, "cities", f"{path}, line 1: the header does not match the schema: column "
                                             f"{names.index('lon') + 1} is 'lat', which is also column "
                                             f"{names.index('lat') + 1}, where the schema has 'lon' (the header "
                                             f"must read {','.join(names)})")


@pytest.mark.parametrize("table", ["cities", "events"])  # lines that end in CR LF, and in LF
def test_a_stray_carriage_return_is_named_on_the_line_an_editor_shows(datasets_copy, table):
    path = datasets_copy / f"{table}.csv"
    lines = editor_lines(path)
    lines[2] = lines[2].replace(",", ",\r", 1)  # after the first cell, outside any quotes
    path.write_bytes("".join(lines).encode("utf-8"))
    assert len(editor_lines(path)) == len(lines) + 1  # the row now shows as lines 3 and 4
    assert_reported(datasets_copy, table, f"{path}, line 3: a stray carriage return (CR, an invisible line "
                                          "break) ends the line and cuts the row in two: join it with line 4")


def test_lines_are_counted_as_an_editor_shows_them_after_a_cell_on_two_lines(datasets_copy):
    path = datasets_copy / "sources.csv"
    rewrite_line(path, 3, lambda cells: [*cells[:-1], "A note\non two lines."])  # quoted: one row, two lines
    line = append_row(path, {"source_id": "planted-src", "url": "https://example.org/planted", "kind": "blog"})
    assert line == len(editor_lines(path))
    problems = data.validate(datasets_copy)
    assert [(p.row, p.column) for p in problems] == [(line, "kind")], [str(p) for p in problems]


def test_missing_cells(datasets_copy):
    path = datasets_copy / "cities.csv"
    rewrite_line(path, 3, lambda cells: cells[:-2])
    width = len(header(path))
    assert_reported(datasets_copy, "cities", f"{path}, line 3: the row has fewer cells than the header "
                                             f"({width - 2} of {width}): a missing comma?")


def test_a_negative_count(datasets_copy):
    path = datasets_copy / "casualty_reports.csv"
    line = append_row(path, {"report_id": "cr999", "value": "-8"})
    assert_reported(datasets_copy, "casualty_reports", f"{path}, line {line}, column value: '-8' is below the "
                                                       "minimum, 0")


def test_a_nul_character(datasets_copy):
    path = datasets_copy / "cities.csv"
    line = append_row(path, {"city": "Nul\x00town"})
    assert_reported(datasets_copy, "cities", f"{path}, line {line}, column city: 'Nul\\x00town' holds a NUL "
                                             "character (\\x00), which editors do not show: retype the cell")


def test_a_bad_date_names_its_row_without_pandas_advice(datasets_copy):
    path = datasets_copy / "sources.csv"
    line = append_row(path, {"source_id": "planted-src", "url": "https://example.org/planted",
                             "accessed": "2022-01-41"})
    assert_reported(datasets_copy, "sources", f"{path}, line {line}, column accessed: '2022-01-41' is not a "
                                              "valid date (write dates as YYYY-MM-DD)")


def test_a_foreign_key_that_points_nowhere(datasets_copy):
    # Only validate checks across tables: loading statements alone does not read actors.csv.
    path = datasets_copy / "statements.csv"
    line = append_row(path, {"statement_id": "s999", "actor_id": "no_such_actor"})
    assert [str(p) for p in data.validate(datasets_copy)] == [
        f"{path}, line {line}, column actor_id: 'no_such_actor' is not in column actor_id of actors.csv"]


# --- what the teacher had stays as it was ---------------------------------------------------------------


def test_validating_and_loading_never_write_a_file(datasets_copy):
    append_row(datasets_copy / "sources.csv", {"source_id": "planted-src", "kind": "partizan"})
    (datasets_copy / "cities.csv").write_bytes(b"\xef\xbb\xbf" + (datasets_copy / "cities.csv").read_bytes())
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in datasets_copy.rglob("*") if p.is_file()}
    assert data.validate(datasets_copy)
    for name in data.table_names(datasets_copy):
        try:
            data.load(name, datasets_copy)
        except data.DataError:
            pass
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in datasets_copy.rglob("*") if p.is_file()}
    assert after == before


def test_the_cli_prints_the_problem_and_no_traceback(datasets_copy, capsys):
    from qantar.cli import main

    path = datasets_copy / "cities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    assert main(["validate", "--datasets", str(datasets_copy)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0] == f"{path}: the file is saved as UTF-16 (Excel's \"Unicode Text\"): {SAVE_AS_UTF8}"
    assert "Traceback" not in out
