"""One printable HTML page: the shell (title, print style for A4 and US Letter), Markdown, notebook outputs.

Everything a page shows is in the file: styles inline, figures as data: addresses, no script. Chromium prints
it to PDF (pdf.py) and the page is also handed out as it is, for a screen without Jupyter.
"""
from __future__ import annotations

import base64
import html
import struct

import mistune

_markdown = mistune.create_markdown(escape=False, plugins=["table", "strikethrough"])

# Print style: black text, grey rules, no coloured fills (pages are often photocopied in black and white).
CSS = """
@page { margin: 14mm 14mm 16mm 14mm; }
html { font-family: "DejaVu Sans", "Liberation Sans", Arial, sans-serif; font-size: 10.5pt; color: #000; }
body { max-width: 180mm; margin: 0 auto; line-height: 1.38; }
h1 { font-size: 17pt; margin: 0 0 4pt 0; } h2 { font-size: 13pt; margin: 14pt 0 4pt 0; border-bottom: 1px solid #777; }
h3 { font-size: 11.5pt; margin: 10pt 0 3pt 0; } h4 { font-size: 10.5pt; margin: 8pt 0 2pt 0; }
h2, h3, h4 { break-after: avoid; }
p, li { orphans: 2; widows: 2; }
.kicker { font-size: 9pt; color: #333; border: 1px solid #777; padding: 3pt 6pt; margin: 0 0 8pt 0; }
table { border-collapse: collapse; margin: 4pt 0 8pt 0; font-size: 8.5pt; width: 100%; }
th, td { border: 1px solid #999; padding: 2pt 4pt; vertical-align: top; text-align: left; }
th { background: #eee; }
tr { break-inside: avoid; }
pre, code { font-family: "DejaVu Sans Mono", monospace; font-size: 8.5pt; }
pre { white-space: pre-wrap; border-left: 3px solid #999; padding: 2pt 6pt; margin: 4pt 0; }
.code pre { background: #f4f4f4; }
img { max-width: 100%; height: auto; }
.figure { break-inside: avoid; margin: 6pt 0; }
.explorer { border: 1.5px solid #000; padding: 4pt 8pt; margin: 8pt 0; }
.explorer > h4 { margin-top: 2pt; }
.still { border-top: 1px dashed #555; padding-top: 4pt; margin-top: 6pt; }
.still-caption { font-size: 9pt; margin: 0 0 3pt 0; }
.write-in { border: 1px solid #555; padding: 3pt 6pt 6pt 6pt; margin: 6pt 0; break-inside: avoid; }
.write-in .line { border-bottom: 1px solid #888; height: 17pt; }
.write-in p { margin: 0; font-size: 9pt; }
.note { font-size: 9pt; font-style: italic; }
.small { font-size: 8.5pt; }
.sheet-footer { font-size: 8pt; color: #333; margin-top: 8pt; }
a { color: #000; }
.page-break { break-before: page; }
details > summary { list-style: none; font-size: 9pt; }
details > summary::-webkit-details-marker { display: none; }
details:not([open]) > summary::after { content: " (listed in the notebook and in datasets/sources.csv)"; }
"""


def markdown(text: str) -> str:
    return _markdown(text)


def document(title: str, body: str, kicker: str = "") -> str:
    head = f'<p class="kicker">{kicker}</p>' if kicker else ""
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{html.escape(title)}</title><style>{CSS}</style></head>"
            f"<body>{head}{body}</body></html>\n")


def write_in(label: str, lines: int = 4) -> str:
    return (f'<div class="write-in"><p>{label}</p>' + '<div class="line"></div>' * lines + "</div>")


def _png_width(data: bytes) -> int:
    return struct.unpack(">I", data[16:20])[0]


def image(png_base64: str, dpi: int) -> str:
    """An <img> at the size it has on screen (pixels / dpi * 96), its pixels kept for print."""
    raw = base64.b64decode(png_base64)
    width = round(_png_width(raw) / dpi * 96)
    return (f'<div class="figure"><img style="width:{width}px" '
            f'src="data:image/png;base64,{png_base64}" alt="figure"></div>')


def output(out: dict, dpi: int) -> str:
    """One notebook output as HTML: the richest form a page can show without a script."""
    kind = out.get("output_type")
    if kind == "stream":
        return f"<pre>{html.escape(out.get('text', ''))}</pre>"
    if kind == "error":
        raise ValueError(f"a cell stopped with {out.get('ename')}: {out.get('evalue')}")
    bundle = out.get("data", {})
    if "image/png" in bundle:
        png = bundle["image/png"]
        return image(png, out.get("metadata", {}).get("qantar_print_dpi", dpi))
    if "text/html" in bundle:
        return f"<div>{bundle['text/html']}</div>"
    if "text/markdown" in bundle:
        return f"<div>{markdown(bundle['text/markdown'])}</div>"
    if "text/plain" in bundle:
        return f"<pre>{html.escape(bundle['text/plain'])}</pre>"
    return ""


def shortened_tables(markup: str, rows: int) -> str:
    """``markup`` with each table cut to its first ``rows`` rows and a line saying how many more there are
    (a still on paper shows what the view looks like; the whole list is on screen)."""
    def cut(match):
        body = match.group(1)
        kept = body.split("<tr>")
        if len(kept) - 1 <= rows:
            return match.group(0)
        more = len(kept) - 1 - rows
        return (f"<tbody>{'<tr>'.join(kept[:rows + 1])}</tbody></table>"
                f'<p class="note">… and {more} more rows on screen.</p><table hidden><tbody>')

    import re

    return re.sub(r"<tbody>(.*?)</tbody>", cut, markup, flags=re.S)
