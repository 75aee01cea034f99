"""Source lists (qantar.sources): the few that carry a figure first, each by kind, the rest folded."""
from __future__ import annotations

import re

from qantar import data
from qantar.sources import KIND_LABELS, SHOWN, ranked, sources


def _ids(n):
    return list(data.load("sources")["source_id"].iloc[:n])


def test_at_most_five_are_shown_and_the_rest_is_folded_with_its_count():
    ids = _ids(12)
    html = sources(ids)._repr_html_()
    before, _, folded = html.partition("<details>")
    assert before.count("<li>") == SHOWN == 5
    assert "<summary>7 more</summary>" in folded and folded.count("<li>") == 7
    assert "<details>" not in sources(ids[:4])._repr_html_()


def test_the_sources_cited_most_come_first():
    a, b, c = _ids(3)
    assert ranked([a, b, b, c, c, c]) == [c, b, a]
    assert ranked(f"{a};{b};{c}") == [a, b, c]  # ties keep the order given


def test_every_source_says_its_kind_and_where_it_was_read_when_not_at_the_outlet():
    table = data.load("sources")
    carried = table[table["carried_by"].notna()].iloc[0]
    own = table[table["carried_by"].isna()].iloc[0]
    text = repr(sources([carried["source_id"], own["source_id"]]))
    assert f"read via {carried['carried_by']}" in text
    for row in (carried, own):
        assert f"{row['outlet']} ({KIND_LABELS[row['kind']]}" in text


def test_every_kind_the_schema_allows_has_words_for_students():
    kinds = next(f for f in data.schema("sources")["fields"] if f["name"] == "kind")["constraints"]["enum"]
    assert set(kinds) <= set(KIND_LABELS)


def test_a_source_read_on_a_re_publishers_site_names_that_site():
    table = data.load("sources")
    via = table[table["notes"].fillna("").str.match(r"(?i)via ")]
    missing = via[via["carried_by"].isna()]["source_id"].tolist()
    assert not missing, f"notes say 'via ...' but carried_by is blank: {missing}"
    agencies = table[table["outlet"].isin(["Associated Press", "AFP", "Reuters", "EFE"])]
    assert set(agencies["kind"]) == {"news_agency"}


def test_a_text_list_is_short_too():
    text = repr(sources(_ids(9)))
    assert len(re.findall(r"^- ", text, re.M)) == 5 and text.endswith("(4 more)")


def test_a_figures_source_list_is_shared_but_written_again_when_sources_csv_changes(monkeypatch):
    from qantar import sources as module

    ids = _ids(2)
    shared = module.for_figure(ids)
    assert module.for_figure(list(ids)) is shared  # one list per set of sources
    before = shared._repr_html_()
    assert shared._repr_html_() is before  # written out once
    index = {sid: {**row, "outlet": f"Renamed {n}"} for n, (sid, row) in enumerate(data._sources_by_id().items())}
    monkeypatch.setattr(data, "_sources_by_id", lambda root=None: index)  # as after an edit of sources.csv
    assert "Renamed" in shared._repr_html_() and "Renamed" in repr(shared)
