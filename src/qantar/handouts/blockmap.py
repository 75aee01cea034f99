"""The article block map: each block of the starting article with its number, kind, length and the kit's
one-line summary, so a teacher numbers a printed copy in minutes; and how to obtain the article."""
from __future__ import annotations

import html

from .. import data
from ..reading import ARTICLE
from . import page

SEED_SOURCE = "cwi-2022-01-seed"


def blocks():
    paragraphs = data.load("document_paragraphs")
    rows = paragraphs[paragraphs["document_id"] == ARTICLE].sort_values("paragraph")
    return rows[["paragraph", "block_kind", "words", "summary"]]


def article_source() -> dict:
    sources = data.load("sources").set_index("source_id")
    row = sources.loc[SEED_SOURCE]
    return {"outlet": row["outlet"], "title": row["title"], "url": row["url"],
            "published": row["published"], "accessed": row["accessed"], "notes": row["notes"]}


def _day(published) -> str:
    """sources.csv's published date as a reader writes it ("14 January 2022"); a partial or blank one as it is."""
    import datetime as dt

    text = published if isinstance(published, str) else ""
    try:
        return f"{dt.date.fromisoformat(text):%-d %B %Y}"
    except ValueError:
        return text


def wayback(url: str) -> str:
    return f"https://web.archive.org/web/2022/{url}"


def block_map_sheet() -> str:
    source = article_source()
    table = blocks()
    rows = "".join(f"<tr><td style='text-align:right'>{int(r.paragraph)}</td><td>{html.escape(str(r.block_kind))}</td>"
                   f"<td style='text-align:right'>{int(r.words)}</td><td>{html.escape(str(r.summary))}</td></tr>"
                   for r in table.itertuples())
    published = source["published"]
    archived = wayback(source["url"])
    body = (
        "<h1>The starting article: block map</h1>"
        f"<p><b>{html.escape(str(source['title']))}</b>, {html.escape(str(source['outlet']))}"
        f"{', dated ' + _day(published) if _day(published) else ''} "
        "(datasets/sources.csv, row <code>cwi-2022-01-seed</code>).</p>"
        "<h2>Getting the article</h2><ul>"
        f"<li><b>Its address</b> (read by the kit's authors on {source['accessed']:%d %B %Y}): "
        f"<a href=\"{html.escape(source['url'])}\">{html.escape(source['url'])}</a></li>"
        "<li><b>An archived copy:</b> the kit has recorded no snapshot of its own. This address opens the Internet "
        "Archive's capture nearest to the start of 2022, if it holds one: "
        f"<a href=\"{html.escape(archived)}\">{html.escape(archived)}</a> (its calendar lists any other captures); "
        "the kit has not checked that copy against the page it read.</li>"
        "<li><b>Licence:</b> not known. The kit does not reproduce the article, and its sources table records no "
        "licence for it. Before printing copies for a class, check the site's terms and your school's copying "
        "licence.</li>"
        f"<li><b>Dating:</b> {html.escape(str(source['notes']))} If you set the dating question (reading.q10), "
        "print without the browser's header and footer, which show the address and so the date.</li></ul>"
        "<h2>Numbering the blocks</h2><p>The headline is block 0; then every block separated by a blank line is "
        f"the next number, the photo caption, subheadings and the donation appeal included: {len(table)} blocks, "
        f"0 to {len(table) - 1}. Write each number in the margin of the printed copy; the word counts help you "
        "check you are on the right block. The summaries are the kit's own words, not the article's; each says what "
        "the block claims, not what the kit has found true (the teacher pack's key to the blocks notes the kit's "
        "checks).</p>"
        f"<table><thead><tr><th>block</th><th>kind</th><th>words</th><th>the kit's summary</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        "<p class='sheet-footer'>From datasets/document_paragraphs.csv. For the teacher: the key's classes and "
        "notes are in the teacher pack and exercises/teacher/04_reading_the_sources.ipynb.</p>")
    return page.document("Article block map", body)
