"""Source lists that inform instead of overwhelm: the few sources that carry a figure or a summary, each
labelled by kind, and the rest behind a collapsed "N more" (an HTML <details>, which JupyterLab, Voilà and
exported HTML all open and close).

    from qantar.sources import sources
    sources(events["source_ids"])            # under a table or summary
    sources(ids, shown=3, title="Sources")   # fewer up front

The sources that carry it most come first: those cited by the most rows, then in the order given.
Every source says what kind it is, and where we read an outlet's story on another site, both.
"""
from __future__ import annotations

import html
from collections import Counter

from . import data

SHOWN = 5  # sources shown before "N more": enough to see who says it, few enough to read

# The words a student reads for each kind in sources.csv.
KIND_LABELS = {
    "official": "official",
    "state_media": "state media",
    "independent_media": "independent media",
    "international_media": "international media",
    "news_agency": "news agency",
    "ngo": "NGO",
    "international_org": "international organisation",
    "think_tank": "think tank",
    "academic": "academic",
    "court": "court",
    "reference": "reference work",
    "partisan": "partisan",
}


def kind_label(kind) -> str:
    return KIND_LABELS.get(kind, str(kind).replace("_", " ")) if isinstance(kind, str) else "kind not recorded"


def _every_citation(ids) -> list[str]:
    """Each citation, repeats kept (data.split_ids keeps one of each): a row's ids, a column, a table."""
    import pandas as pd

    if isinstance(ids, pd.DataFrame):
        ids = [v for c in ids.columns if c == "source_ids" or c.endswith("_source_ids") for v in ids[c].dropna()]
    if isinstance(ids, (list, tuple, pd.Series)):
        return [sid for item in ids for sid in data.split_ids(item)]
    return data.split_ids(ids)


def ranked(ids) -> list[str]:
    """Source ids, most cited first (a list with repeats, 'a;b' strings or a source_ids column), ties in the
    order given."""
    cited = _every_citation(ids)
    counts = Counter(cited)
    first = {sid: i for i, sid in reversed(list(enumerate(cited)))}
    return sorted(counts, key=lambda sid: (-counts[sid], first[sid]))


def _entry(source_id: str, index: dict) -> tuple[str, str]:
    """(HTML, plain text) of one source: outlet, kind, date, title, and where it was read. ``index`` is
    ``data._sources_by_id()``, looked up once per list (it checks the file's date at each call)."""
    src = index.get(source_id)
    if src is None:
        return f"<li>[unknown source {html.escape(source_id)}]</li>", f"[unknown source {source_id}]"
    date = src["published"] if isinstance(src.get("published"), str) else "undated"
    carried = src.get("carried_by")
    via = f", read via {carried}" if isinstance(carried, str) and carried.strip() else ""
    text = f"{src['outlet']} ({kind_label(src.get('kind'))}{via}), {date}: \u201c{src['title']}\u201d"
    url = src.get("url") if isinstance(src.get("url"), str) else ""
    title = html.escape(src["title"])
    linked = f'<a href="{html.escape(url)}" target="_blank" rel="noopener">{title}</a>' if url else title
    return (f"<li><b>{html.escape(src['outlet'])}</b> <i>({html.escape(kind_label(src.get('kind')) + via)})</i>, "
            f"{html.escape(date)}: \u201c{linked}\u201d</li>"), text


class SourceList:
    """The sources of one figure, table or summary, for a notebook (HTML) and for plain text."""

    def __init__(self, ids, shown: int = SHOWN, title: str = "Sources"):
        self.ids = ranked(ids)
        self.shown = shown
        self.title = title

    def _repr_html_(self) -> str:
        return self._texts()[0]

    def __repr__(self) -> str:
        return self._texts()[1]

    def _texts(self) -> tuple[str, str]:
        """(HTML, plain text), made once per version of sources.csv: a notebook asks for both, and a
        figure note's list is shown again at many of an explorer's changes (``for_figure``)."""
        index = data._sources_by_id()
        kept = getattr(self, "_made", None)
        if kept is None or kept[0] is not index:
            self._made = kept = (index, self._html(index), self._plain(index))
        return kept[1], kept[2]

    def _html(self, index: dict) -> str:
        if not self.ids:
            return f"<p><small>{html.escape(self.title)}: none recorded.</small></p>"
        entries = [_entry(sid, index)[0] for sid in self.ids]
        top, rest = entries[: self.shown], entries[self.shown:]
        parts = [f'<div class="qantar-sources"><small><b>{html.escape(self.title)}</b>'
                 f"<ul>{''.join(top)}</ul>"]
        if rest:
            parts.append(f"<details><summary>{len(rest)} more</summary><ul>{''.join(rest)}</ul></details>")
        return "".join(parts) + "</small></div>"

    def _plain(self, index: dict) -> str:
        lines = [f"{self.title}:"] + [f"- {_entry(sid, index)[1]}" for sid in self.ids[: self.shown]]
        if len(self.ids) > self.shown:
            lines.append(f"({len(self.ids) - self.shown} more)")
        return "\n".join(lines)


_FIGURE_LISTS: dict = {}  # a figure's source ids, in order -> its SourceList
FIGURE_LISTS_KEPT = 64


def for_figure(ids) -> SourceList:
    """The source list under a figure (``style.FigureNote``), one per set of ids: an explorer shows the same
    figures again and again, and a list is written out once (see ``SourceList._texts``)."""
    key = tuple(ids)
    if key not in _FIGURE_LISTS:
        if len(_FIGURE_LISTS) >= FIGURE_LISTS_KEPT:
            _FIGURE_LISTS.pop(next(iter(_FIGURE_LISTS)))  # the oldest
        _FIGURE_LISTS[key] = SourceList(list(key))
    return _FIGURE_LISTS[key]


def sources(ids, shown: int = SHOWN, title: str = "Sources") -> SourceList:
    return SourceList(ids, shown, title)
