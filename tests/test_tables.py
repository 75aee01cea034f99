"""style.Table: how the explorers show a table to read (every row, whole cells, text left-aligned)."""
import re

import pandas as pd

from qantar import style


def _frame(rows=80):
    return pd.DataFrame({
        "date": [f"{d % 31 + 1} Jan 2022" for d in range(rows)],
        "what happened": [f"Event {d}: " + "a long description " * 8 for d in range(rows)],
        "troops": range(rows),
    })


def _left_aligned_columns(html: str) -> set[int]:
    return {int(n) for n in re.findall(r"td:nth-child\((\d+)\)", html)}


def test_every_row_and_the_whole_of_every_cell_is_shown():
    frame = _frame()
    html = style.Table(frame)._repr_html_()
    assert html.count("</tr>") == len(frame) + 1  # the header and every row: pandas would stop at 60
    assert frame["what happened"].iloc[40].strip() in html  # a middle row, in full (no "...")
    text = repr(style.Table(frame))
    assert frame["what happened"].iloc[40].strip() in text and "..." not in text


def test_text_columns_are_left_aligned_and_numbers_stay_right():
    frame = _frame(3)
    # nth-child counts the index cell: date is the 2nd cell of a row, "what happened" the 3rd, troops the 4th
    assert _left_aligned_columns(style.Table(frame, index=True)._repr_html_()) == {2, 3}
    assert _left_aligned_columns(style.Table(frame)._repr_html_()) == {1, 2}  # no 0, 1, 2 row numbers
    assert "<th>0</th>" not in style.Table(frame, index=False)._repr_html_()
    two_levels = frame.set_index(["date", "troops"])  # two index cells a row, then the text
    assert _left_aligned_columns(style.Table(two_levels)._repr_html_()) == {3}


def test_each_table_keeps_its_rules_to_itself_and_escapes_its_text():
    first, second = style.Table(_frame(2)), style.Table(pd.DataFrame({"n": [1], "text": ["<b>bold</b> & co"]}))
    assert first.id != second.id
    html = second._repr_html_()
    rules = re.search(r"<style>(.*?)</style>", html).group(1)
    assert all(rule.strip().startswith(f"#{second.id} ") for rule in re.split(r"[,}]", rules) if "nth-child" in rule)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in html and "<b>bold</b>" not in html


def test_a_table_for_people_has_no_nan_no_dot_zero_and_words_for_headers():
    import numpy as np

    frame = pd.DataFrame({"year": [2019.0, np.nan], "people": [162.0, 2.4], "tenge_bn": [1117.0, 3.5e9],
                          "caveat": ["a long caveat " * 20, np.nan]})
    html = style.Table(frame, rename={"tenge_bn": "tenge (billions)"})._repr_html_()
    assert "NaN" not in html and "None" not in html and "2019.0" not in html and "162.0" not in html
    assert ">2019<" in html and ">162<" in html and ">3,500,000,000<" in html and ">2.4<" in html
    assert "tenge (billions)" in html and ">caveat<" in html and "year" in html
    assert frame["caveat"].iloc[0].strip() in html  # whole, not cut to "..."


def test_notes_lose_their_pointers_to_other_rows_and_keep_everything_else():
    assert style.without_row_ids("given with 1,300 injured (cr013).") == "given with 1,300 injured."
    assert style.without_row_ids("as before (see d01), then (csto_deployment d05)") == "as before, then"
    assert style.without_row_ids("both (ev041, ev048).") == "both."
    assert style.without_row_ids("in 2022 (US$ 5m) (about 70)") == "in 2022 (US$ 5m) (about 70)"


def test_the_figures_explorer_table_shows_no_row_ids():
    from qantar import timeline

    explorer = timeline.FiguresExplorer()
    explorer.controls["measure"].value = "deaths_security_forces"
    shown = repr(style.Table(explorer.result["table"]))
    assert "1,300 injured" in shown and not re.search(r"\b(cr|ev)\d{3}\b", shown)
