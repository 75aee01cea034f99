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
    assert _left_aligned_columns(style.Table(frame)._repr_html_()) == {2, 3}
    assert _left_aligned_columns(style.Table(frame, index=False)._repr_html_()) == {1, 2}
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
