"""The international actors (notebook 03): the CSTO deployment, who said what and when, and the ties.

Pure functions over the theme's tables: ``actors``, ``statements`` (dated, paraphrased, with a coded
stance), ``csto_members``, ``csto_deployment`` (every reported troop figure with its reporter),
``csto_contingents`` (units, dates, sites guarded) and ``ties`` (state and company ties). The elite's
personal ties with the UK live only in the wealth theme's ``uk_links`` table: ``build_network`` reads
that table and joins its people to actors by name, it never copies it.

Plot functions end with ``style.finish``; the explorers are thin wrappers over the functions.
"""
from __future__ import annotations

import unicodedata

import ipywidgets as widgets
import networkx as nx
import pandas as pd
from IPython.display import Markdown, display

from . import data, style
from .widgets import Explorer

ALL = "All contingents"
CONTINGENT_ORDER = [ALL, "Russia", "Belarus", "Armenia", "Kyrgyzstan", "Tajikistan"]

ACTOR_TYPES = ["state", "alliance", "international_org", "official", "opposition_figure", "company", "individual"]
TYPE_LABELS = {"state": "state", "alliance": "military alliance", "international_org": "international organisation",
               "official": "official", "opposition_figure": "opposition figure", "company": "company",
               "individual": "individual"}
# Each actor type: a colour and a node shape, so the network reads without colour too.
TYPE_STYLE = {
    "state": (style.PALETTE["blue"], "o"),
    "alliance": (style.PALETTE["vermillion"], "s"),
    "international_org": (style.PALETTE["bluish_green"], "D"),
    "official": (style.PALETTE["orange"], "^"),
    "opposition_figure": (style.PALETTE["reddish_purple"], "v"),
    "company": (style.PALETTE["sky_blue"], "h"),
    "individual": (style.PALETTE["yellow"], "p"),
}

# The stance vocabulary (documented in datasets/README.md). Order: closest to the Kazakh authorities first.
STANCES = ["supports_government", "frames_as_foreign_plot", "describes_deployment", "calls_for_restraint",
           "raises_rights_concerns", "calls_for_accountability", "warns_about_russia",
           "questions_official_account", "opposes_government"]
STANCE_LABELS = {
    "supports_government": "supports the Kazakh government",
    "frames_as_foreign_plot": "frames the unrest as a foreign plot",
    "describes_deployment": "describes the CSTO deployment",
    "calls_for_restraint": "calls for restraint",
    "raises_rights_concerns": "raises human rights concerns",
    "calls_for_accountability": "calls for accountability",
    "warns_about_russia": "questions the Russian-led deployment",
    "questions_official_account": "questions the official account",
    "opposes_government": "opposes the government",
}
# What each stance means (datasets/README.md): what a student codes a statement with before seeing the kit's codes.
STANCE_MEANINGS = {
    "supports_government": "backs the Kazakh authorities or their handling of the crisis, or defends the deployment "
                           "as a lawful answer to their request",
    "frames_as_foreign_plot": "presents the unrest as organised, trained or backed from abroad",
    "describes_deployment": "announces or describes the CSTO mission: its legal basis, size, tasks, length or end",
    "calls_for_restraint": "urges calm, restraint, dialogue or a peaceful way out",
    "raises_rights_concerns": "centres on human rights: lethal force, the order to fire without warning, media and "
                              "internet freedom",
    "calls_for_accountability": "asks for an investigation, sanctions or the release of detainees",
    "warns_about_russia": "questions the Russian-led deployment, sets conditions on it, or warns that the troops may "
                          "stay",
    "questions_official_account": "disputes part of the Kazakh authorities' account",
    "opposes_government": "opposes the Kazakh government or claims to lead the opposition",
}
# Each stance: a colour and a marker (second cue). Nine stances, so the ninth takes grey.
STANCE_STYLE = {stance: (colour, marker) for stance, colour, marker in zip(
    STANCES, style.COLOURS[:7] + [style.PALETTE["yellow"], style.GREY], ["o", "X", "s", "^", "D", "P", "v", "*", "h"])}

FIGURE_KINDS = ["announced", "deployed", "standing_force", "not_published"]
KIND_LABELS = {"announced": "announced (before or at departure)", "deployed": "reported as deployed",
               "standing_force": "size of the whole standing force (not a deployment)",
               "not_published": "no number published"}
KIND_STYLE = {"announced": (style.PALETTE["orange"], "s"), "deployed": (style.PALETTE["blue"], "o"),
              "standing_force": (style.PALETTE["black"], "X")}

# Edge kinds of the network and how each is drawn.
EDGE_KINDS = {
    "tie": ("a state or company tie (ties table)", "-"),
    "alliance": ("CSTO member in 2022 (members table)", "--"),
    "troops": ("sent troops to Kazakhstan (contingents table)", "-."),
    "uk_link": ("the elite's UK links (wealth theme)", ":"),
    "country": ("person, company or institution and its state (actors table)", (0, (1, 3))),
}
LAYERS = ["tie", "alliance", "troops", "country"]
# Each kind of edge in a few words, for the tables a student reads (the legend keeps the longer labels).
EDGE_WORDS = {"tie": "state or company tie", "alliance": "CSTO membership", "troops": "sent troops",
              "uk_link": "UK link (wealth theme)", "country": "home state"}
# The relations of the ties table (and those the network adds) in words.
RELATION_LABELS = {
    "announced_initiative": "announced an initiative in", "leases_site": "leases a site from",
    "exports_oil_through": "exports oil through", "pipeline_ends_in": "pipeline ends in",
    "shareholder": "shareholder of", "largest_taxpayer": "largest taxpayer of",
    "direct_investment_stock": "direct investment (stock) in", "trade": "trade with",
    "trade_share": "share of the foreign trade of", "investment_share": "share of the foreign investment in",
    "partnership_agreement": "partnership agreement with", "member_of": "member of",
    "participating_state": "participating state of", "institution_of": "institution of",
    "sent_troops": "sent troops to", "from": "based in",
}

# Sources of the narrative paragraphs of notebooks/03_international_actors.ipynb (ids of sources.csv).
CONTEXT_SOURCE_IDS = {
    "csto": ["tass-2012-06-28-csto-members", "hsc-2022-02-08-csto", "meduza-2022-01-07-technically-legal",
             "newsweek-2022-01-05-csto-request", "sputnik-2022-01-06-csto-decision",
             "armradio-2022-01-06-csto-deployed", "kursiv-2022-01-19-csto-leave"],
    "earlier_requests": ["eurasianet-2010-06-12-kyrgyz-plea", "thehindu-2010-06-13-kyrgyz-plea",
                         "azatutyun-2021-05-armenia-csto-appeal", "rferl-2022-05-17-pashinyan-criticizes-csto"],
    "framings": ["vlast-2024-01-11-truth"],
    # Accounts from different sides: an independent Russian-language outlet, an analysis, the EU's parliament.
    "further_reading": ["meduza-2022-01-07-technically-legal", "hsc-2022-02-08-csto",
                        "ep-2022-01-20-resolution-kazakhstan", "vlast-2024-01-11-truth"],
}


# ---------------------------------------------------------------------------------------------
# Loading


def load_tables(root=None, stances: bool = True) -> dict[str, pd.DataFrame]:
    """The theme's tables by name (uk_links comes from the wealth theme). ``stances=False`` leaves the kit's
    coding out of the statements, for a page where students code some statements before they see it."""
    names = ["actors", "statements", "csto_members", "csto_deployment", "csto_contingents", "ties", "uk_links"]
    tables = {name: data.load(name, root) for name in names}
    if not stances:
        tables["statements"] = tables["statements"].drop(columns="stance")
    return tables


def words(code) -> str:
    """A code of the tables as words: 'single_source' -> 'single source'; a blank stays blank."""
    return "" if code is None or pd.isna(code) else str(code).replace("_", " ")


def _confidence(values: pd.Series) -> pd.Series:
    return values.astype(object).map(data.confidence_words)


def _fold(text) -> str:
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode() or str(text)
    return "".join(ch for ch in text.casefold() if ch.isalnum())


def _date(value) -> str:
    """'6 Jan 2022'."""
    stamp = pd.Timestamp(value)
    return f"{stamp.day} {stamp:%b %Y}"


def short_name(name: str) -> str:
    """A label for charts: the name without its bracketed part."""
    return str(name).split(" (")[0]


def network_label(name: str) -> str:
    """A node label: the short name, or the abbreviation in brackets when the name is long
    ('Collective Security Treaty Organization (CSTO)' -> 'CSTO'), so labels overlap less."""
    short = short_name(name)
    inside = str(name)[len(short):].strip(" ()")
    return inside if len(short) > 26 and inside.isupper() and 2 <= len(inside) <= 6 else short


def actor_names(actors: pd.DataFrame) -> dict[str, str]:
    return dict(zip(actors["actor_id"], actors["name"]))


# ---------------------------------------------------------------------------------------------
# Tables to read: the theme's tables with words for their codes and names for their ids (style.Table shows them)


def members_table(members: pd.DataFrame) -> pd.DataFrame:
    """Who was in the alliance, and when: one row per membership spell."""
    return pd.DataFrame({
        "country": members["country"], "joined": members["joined"], "left": members["left"],
        "in January 2022": [words(status) + ("" if role == "none" else f", {words(role)}")
                            for status, role in zip(members["status_2022"].astype(object),
                                                    members["role_jan_2022"].astype(object))],
        "how sure": _confidence(members["confidence"]), "notes": members["notes"].fillna(""),
    })


def figures_table(deployment: pd.DataFrame) -> pd.DataFrame:
    """Every reported troop figure, in contingent order, as a reader writes it: who gave it, when, what it is."""
    table = reported_figures(deployment)
    return pd.DataFrame({
        "contingent": table["country"].astype(str), "figure": table["label"],
        "what the figure is": table["figure_kind"].astype(str).map(KIND_LABELS),
        "given by": table["reported_by"], "on": table["reported_on"].map(_date),
        "how sure": _confidence(table["confidence"]), "notes": table["notes"].fillna("").map(style.without_row_ids),
    })


def contingents_table(contingents: pd.DataFrame) -> pd.DataFrame:
    """What each contingent guarded and when it left Kazakhstan."""
    return pd.DataFrame({
        "contingent": contingents["country"].astype(str), "unit": contingents["unit"],
        "guarded": contingents["guarded"],
        "left Kazakhstan": contingents["departed"].map(lambda day: "" if pd.isna(day) else _date(day)),
        "how sure": _confidence(contingents["confidence"]),
    })


def _figure(value, unit) -> str:
    """'115 USD million per year', '24% of shares'; a tie without a number stays blank."""
    if pd.isna(value):
        return ""
    number = f"{value:,.1f}".removesuffix(".0")
    unit = "" if pd.isna(unit) else str(unit)
    return f"{number}{unit}" if unit.startswith("%") else f"{number} {unit}".strip()


def ties_table(ties: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Rows of the ties table with names instead of ids and words for each relation."""
    names = {a: short_name(n) for a, n in actor_names(actors).items()}
    return pd.DataFrame({
        "from": ties["from_actor"].map(names), "tie": ties["relation"].astype(str).map(RELATION_LABELS),
        "to": ties["to_actor"].map(names),
        "figure": [_figure(v, u) for v, u in zip(ties["value"], ties["unit"])],
        "year": ties["year"], "given by": ties["given_by"], "how sure": _confidence(ties["confidence"]),
    }).reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# The deployment


def figure_label(row) -> str:
    """'about 2,500', 'more than 2,000', '2,030' or 'not published'."""
    if pd.isna(row["troops"]):
        return "not published"
    return data.figure_text(row["troops"], str(row["troops_qualifier"]).replace("_", " "))  # more_than: more than


def reported_figures(deployment: pd.DataFrame) -> pd.DataFrame:
    """Every reported figure in contingent order, with a readable label; reporters kept."""
    table = deployment.copy()
    table["label"] = table.apply(figure_label, axis=1)
    table["order"] = table["country"].astype(str).map(CONTINGENT_ORDER.index)
    table = table.sort_values(["order", "reported_on", "figure_id"]).drop(columns="order")
    return table[["figure_id", "country", "figure_kind", "label", "troops", "troops_qualifier", "equipment_units",
                  "reported_by", "reported_on", "confidence", "source_ids", "notes"]].reset_index(drop=True)


def deployed_total(deployment: pd.DataFrame) -> pd.Series:
    """The latest exact figure for the whole force as deployed (2,030 in the data)."""
    rows = deployment[(deployment["country"] == ALL) & (deployment["figure_kind"] == "deployed")
                      & (deployment["troops_qualifier"] == "exact")]
    if rows.empty:
        raise ValueError("no exact deployed total for the whole force in the table")
    return rows.sort_values("reported_on").iloc[-1]


def latest_contingent_figures(deployment: pd.DataFrame) -> pd.DataFrame:
    """One figure per national contingent that has a number: a 'deployed' figure before an 'announced'
    one, then the latest. Contingents without a published number are left out."""
    rows = deployment[(deployment["country"] != ALL) & deployment["troops"].notna()
                      & deployment["figure_kind"].isin(["announced", "deployed"])].copy()
    rows["rank"] = (rows["figure_kind"] == "deployed").astype(int)
    rows = rows.sort_values(["country", "rank", "reported_on"]).groupby("country", observed=True).tail(1)
    rows["order"] = rows["country"].astype(str).map(CONTINGENT_ORDER.index)
    rows = rows.sort_values("order")
    return rows[["country", "troops", "troops_qualifier", "figure_kind", "reported_by", "reported_on",
                 "confidence", "source_ids"]].reset_index(drop=True)


def deployment_shares(deployment: pd.DataFrame) -> pd.DataFrame:
    """Each published contingent figure as a share of the deployed total (our calculation), plus the
    remainder that Russia and Belarus, which published no numbers, must account for between them."""
    total = deployed_total(deployment)
    table = latest_contingent_figures(deployment)
    table["share_of_total_pct"] = (table["troops"].astype(float) / float(total["troops"]) * 100).round(1)
    missing = sorted(set(deployment.loc[deployment["figure_kind"] == "not_published", "country"].astype(str)),
                     key=CONTINGENT_ORDER.index)
    rest = int(total["troops"]) - int(table["troops"].sum())
    remainder = pd.DataFrame([{
        "country": " and ".join(missing) + " (remainder, our calculation)", "troops": rest,
        "troops_qualifier": "about", "figure_kind": "our_calculation",
        "reported_by": f"our calculation: {int(total['troops']):,} minus the published figures",
        "reported_on": total["reported_on"], "confidence": "single_source",
        "source_ids": ";".join(data.split_ids(list(table["source_ids"]) + [total["source_ids"]])),
        "share_of_total_pct": round(rest / float(total["troops"]) * 100, 1)}])
    table["troops"] = table["troops"].astype(int)
    return pd.concat([table, remainder], ignore_index=True)


def plot_deployment(deployment: pd.DataFrame, ax=None):
    """Every reported figure of the CSTO force, one marker each, by contingent: kind by colour and marker,
    approximate figures hollow, 'more than' figures with an arrow; unpublished numbers named."""
    table = reported_figures(deployment)
    rows = CONTINGENT_ORDER[::-1]
    drawn = table[table["troops"].notna()].copy()
    counts = drawn.groupby(drawn["country"].astype(str)).size()
    # Each contingent gets a band tall enough for its figures, which are spread in date order.
    step = 0.3
    heights = [max(1.0, step * counts.get(c, 0) + 0.4) for c in rows]
    starts = [sum(heights[:i]) for i in range(len(rows))]
    ypos = {c: starts[i] + heights[i] / 2 for i, c in enumerate(rows)}
    drawn["offset"] = drawn.groupby("country", observed=True).cumcount()
    n = drawn["country"].astype(str).map(counts)
    drawn["y"] = drawn["country"].astype(str).map(ypos) + (drawn["offset"] - (n - 1) / 2) * step
    if ax is None:
        ax = style.new_axes(None, figsize=(10, 1.2 + 0.55 * sum(heights)))
    for kind in ["announced", "deployed", "standing_force"]:
        part = drawn[drawn["figure_kind"] == kind]
        if part.empty:
            continue
        colour, marker = KIND_STYLE[kind]
        hollow = part["troops_qualifier"] != "exact"
        faces = [("white" if h else colour) for h in hollow]
        ax.scatter(part["troops"].astype(float), part["y"], s=70, marker=marker, facecolors=faces,
                   edgecolors=colour, linewidths=1.8, zorder=3, label=KIND_LABELS[kind])
    for _, row in drawn.iterrows():
        x = float(row["troops"])
        shift = 8
        if row["troops_qualifier"] == "more_than":  # an arrow: the true number is higher
            ax.annotate("", xy=(x + 170, row["y"]), xytext=(x + 40, row["y"]),
                        arrowprops={"arrowstyle": "->", "color": style.PALETTE["black"], "lw": 1})
            shift = 30
        reporter = str(row["reported_by"]).split(",")[0].split(" (")[0]
        ax.annotate(f"{row['label']}: {reporter}, {_date(row['reported_on'])}", (x, row["y"]),
                    xytext=(shift, -3), textcoords="offset points", fontsize=7.5)
    silent = table[table["troops"].isna()]
    for _, row in silent.iterrows():
        ax.annotate(f"no number published ({str(row['reported_by']).split(' (')[0]})",
                    (40, ypos[str(row["country"])]), fontsize=8, style="italic", color="#555555", va="center")
    ax.set_yticks([ypos[c] for c in rows], rows)
    for start in starts[1:]:
        ax.axhline(start, color="#E5E5E5", linewidth=0.8)
    ax.set_xlim(0, 5600)
    ax.set_ylim(0, sum(heights))
    ax.set_xlabel("soldiers, as reported")
    ax.set_title("Troop figures for the CSTO force in Kazakhstan, as reported (January 2022)")
    ax.legend(loc="lower right", fontsize=8, title="hollow marker = approximate", title_fontsize=8)
    ax.grid(axis="y", visible=False)
    announced = table[(table["country"] == ALL) & (table["figure_kind"] == "announced")]
    total = deployed_total(deployment)
    silent_names = " and ".join(silent["country"].astype(str))
    text = (f"Each marker is one of {len(drawn)} reported troop figures for the CSTO force, by contingent: the "
            f"whole force was announced as {announced['label'].iloc[0]} on {_date(announced['reported_on'].iloc[0])} "
            f"and reported as deployed at {int(total['troops']):,} by {_date(total['reported_on'])}; "
            f"{silent_names} published no number.") if not announced.empty else (
            f"Each marker is one of {len(drawn)} reported troop figures for the CSTO force, by contingent.")
    standing = table[table["figure_kind"] == "standing_force"]
    if not standing.empty:
        text += (f" {standing['label'].iloc[0].capitalize()} is the size of the CSTO's whole standing "
                 "peacekeeping force, not a deployment figure.")
    return style.finish(ax, text, list(table["source_ids"]))


# ---------------------------------------------------------------------------------------------
# Statements


def with_actor_type(statements: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Statements with the actor's name and type, in date order (a table that has them already is only
    put in date order, so the explorers merge once)."""
    if {"name", "actor_type"} <= set(statements.columns):
        table = statements
    else:
        table = statements.merge(actors[["actor_id", "name", "actor_type"]], on="actor_id", how="left")
    return table.sort_values(["date", "statement_id"]).reset_index(drop=True)


def filter_statements(statements: pd.DataFrame, actors: pd.DataFrame, start=None, end=None, stances=None,
                      actor_types=None, actor_id=None) -> pd.DataFrame:
    """Statements between two dates (inclusive), of the given stances and actor types, in date order.
    ``stances`` and ``actor_types`` take one code or a list of codes; an unknown code is named in the error."""
    stances, actor_types = _codes(stances, STANCES, "stance"), _codes(actor_types, ACTOR_TYPES, "actor type")
    if actor_id is not None and actor_id not in set(actors["actor_id"]):
        raise ValueError(f"{actor_id!r} is not an actor_id of the actors table")
    table = with_actor_type(statements, actors)
    if start is not None:
        table = table[table["date"] >= pd.Timestamp(start)]
    if end is not None:
        table = table[table["date"] <= pd.Timestamp(end)]
    if stances:
        table = table[table["stance"].astype(str).isin(list(stances))]
    if actor_types:
        table = table[table["actor_type"].astype(str).isin(list(actor_types))]
    if actor_id:
        table = table[table["actor_id"] == actor_id]
    return table.reset_index(drop=True)


def _codes(values, known: list, what: str) -> list:
    """A list of codes from one code or several; an unknown code gives a message naming the known ones."""
    if values is None:
        return []
    values = [values] if isinstance(values, str) else list(values)
    unknown = [v for v in values if str(v) not in known]
    if unknown:
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))}; use one of: {', '.join(known)}")
    return [str(v) for v in values]


def first_statement(statements: pd.DataFrame, stance: str) -> pd.Series:
    """The earliest statement with a given stance (ties broken by statement id)."""
    rows = statements[statements["stance"].astype(str) == stance].sort_values(["date", "statement_id"])
    if rows.empty:
        raise ValueError(f"no statement has the stance {stance!r}")
    return rows.iloc[0]


def stance_counts(statements: pd.DataFrame, actors: pd.DataFrame) -> pd.DataFrame:
    """Number of statements by stance (rows) and actor type (columns); zeros where none."""
    table = with_actor_type(statements, actors)
    counts = pd.crosstab(table["stance"].astype(str), table["actor_type"].astype(str))
    rows = [s for s in STANCES if s in counts.index]
    columns = [t for t in ACTOR_TYPES if t in counts.columns]
    return counts.reindex(index=rows, columns=columns, fill_value=0)


def _timeline_rows(table: pd.DataFrame) -> list[str]:
    """Actors in the timeline, grouped by type, each group in order of first statement."""
    first = table.groupby("actor_id")["date"].min()
    kinds = table.drop_duplicates("actor_id").set_index("actor_id")["actor_type"].astype(str)
    return sorted(first.index, key=lambda a: (ACTOR_TYPES.index(kinds[a]), first[a], a))


def plot_statement_timeline(statements: pd.DataFrame, actors: pd.DataFrame, ax=None, highlight=None):
    """One marker per statement: date across, actor down (grouped by actor type), stance by colour and
    marker. ``highlight`` (an actor id) gets a shaded band."""
    table = with_actor_type(statements, actors)
    ax = style.new_axes(ax, figsize=_timeline_size(table))
    if table.empty:
        ax.set_title("Statements: none match these choices")
        ax.set_axis_off()
        return style.finish(ax, "No statement matches these choices.", [])
    table = _timeline_positions(table)
    _draw_timeline_frame(table, actors, ax, highlight)
    _draw_stance_markers(table, ax)
    return style.finish(ax, _timeline_description(table, actors, highlight), list(table["source_ids"]))


def _timeline_size(table: pd.DataFrame) -> tuple:
    return (10, max(3.0, 0.32 * table["actor_id"].nunique() + 1.6))


def _timeline_positions(table: pd.DataFrame) -> pd.DataFrame:
    """The table with each statement's place: x (its date; the same actor's statements of one day spread a
    little along the day) and y (its actor's row, grouped by actor type)."""
    table = table.copy()
    order = _timeline_rows(table)[::-1]
    ypos = {a: i for i, a in enumerate(order)}
    table["n"] = table.groupby(["actor_id", "date"]).cumcount()
    size = table.groupby(["actor_id", "date"])["statement_id"].transform("count")
    table["x"] = table["date"] + pd.to_timedelta((table["n"] - (size - 1) / 2) * 0.3, unit="D")
    table["y"] = table["actor_id"].map(ypos)
    return table


def _draw_timeline_frame(table: pd.DataFrame, actors: pd.DataFrame, ax, highlight=None, extra_handles=()) -> None:
    """What does not depend on which statements are shown: a row per actor of ``table`` (placed by
    ``_timeline_positions``), the stance legend (then ``extra_handles``), the labels."""
    import matplotlib.dates as mdates
    import matplotlib.lines as mlines

    order = table.drop_duplicates("actor_id").sort_values("y")
    if highlight in set(order["actor_id"]):
        y = order.loc[order["actor_id"] == highlight, "y"].iloc[0]
        ax.axhspan(y - 0.45, y + 0.45, color=style.PALETTE["yellow"], alpha=0.35, zorder=0)
    names = actor_names(actors)
    labels = [f"{short_name(names.get(a, a))} ({TYPE_LABELS[str(t)]})"
              for a, t in zip(order["actor_id"], order["actor_type"])]
    ax.set_yticks(list(order["y"]), [style.two_lines(label) for label in labels], fontsize=9)
    ax.set_ylim(-0.7, len(order) - 0.3)
    ax.set_xlabel("date (2022)")
    ax.set_title("Who said what, and when: statements by stance (January 2022)")
    present = set(table["stance"].astype(str))
    handles = [mlines.Line2D([], [], linestyle="", marker=STANCE_STYLE[s][1], color=STANCE_STYLE[s][0],
                             markeredgecolor="black", markeredgewidth=0.5, markersize=7.7, label=STANCE_LABELS[s])
               for s in STANCES if s in present] + list(extra_handles)
    style.legend_below(ax, handles, title="stance (kit's coding)")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))


def _draw_stance_markers(table: pd.DataFrame, ax) -> list:
    """One scatter per stance at the places ``_timeline_positions`` gave; returns them."""
    drawn = []
    for stance in STANCES:
        part = table[table["stance"].astype(str) == stance]
        if part.empty:
            continue
        colour, marker = STANCE_STYLE[stance]
        drawn.append(ax.scatter(part["x"], part["y"], s=60, color=colour, marker=marker, edgecolors="black",
                                linewidths=0.5, zorder=3, label=STANCE_LABELS[stance]))
    return drawn


def _timeline_description(table: pd.DataFrame, actors: pd.DataFrame, highlight=None) -> str:
    common = table["stance"].astype(str).value_counts()
    top = common.index[0]
    text = (f"{len(table)} statements by {table['actor_id'].nunique()} actors from {_date(table['date'].min())} "
            f"to {_date(table['date'].max())}, one marker each, coloured and shaped by stance; the most frequent "
            f"stance is '{STANCE_LABELS[top]}' ({common.iloc[0]} statements).")
    if highlight in set(table["actor_id"]):
        text += f" {short_name(actor_names(actors).get(highlight, highlight))} is highlighted."
    return text


def framings_table(statements: pd.DataFrame, actors: pd.DataFrame, statement_ids) -> pd.DataFrame:
    """Chosen statements side by side, each attributed: who, when, what (paraphrase), the studied words, sources."""
    table = with_actor_type(statements, actors).set_index("statement_id").loc[list(statement_ids)].reset_index()
    return pd.DataFrame({
        "statement": table["statement_id"],
        "who": table["speaker"],
        "date": table["date"].map(_date),
        "what they said (our paraphrase)": table["paraphrase"],
        "words studied": table["quote"].fillna(""),
        "stance (kit's coding)": table["stance"].astype(str).map(STANCE_LABELS),
        "sources": table["source_ids"].map(lambda ids: "; ".join(data.citations(ids))),
    })


# ---------------------------------------------------------------------------------------------
# The network of ties


def _name_index(actors: pd.DataFrame) -> dict[str, str]:
    index = {}
    for row in actors.itertuples():
        names = [row.name, short_name(row.name)] + (str(row.alt_names).split(";") if pd.notna(row.alt_names) else [])
        for name in names:
            if _fold(name):
                index.setdefault(_fold(name), row.actor_id)
    return index


def match_person(name: str, actors: pd.DataFrame) -> str | None:
    """The actor id of a person named in another table (by name or alt_names), or None."""
    return _name_index(actors).get(_fold(name))


def _add_edge(graph, a, b, kind, relation, source_ids, ref):
    if graph.has_edge(a, b):
        edge = graph.edges[a, b]
    else:
        graph.add_edge(a, b, kinds=[], relations=[], source_ids=[], refs=[])
        edge = graph.edges[a, b]
    if kind not in edge["kinds"]:
        edge["kinds"].append(kind)
    edge["relations"].append(relation)
    edge["refs"].append(ref)
    for sid in data.split_ids(source_ids):
        if sid not in edge["source_ids"]:
            edge["source_ids"].append(sid)


def build_network(actors: pd.DataFrame, ties: pd.DataFrame, members: pd.DataFrame | None = None,
                  contingents: pd.DataFrame | None = None, uk_links: pd.DataFrame | None = None,
                  layers=None) -> nx.Graph:
    """An undirected graph: one node per actor, one edge per pair of actors with any tie.

    Layers: ``tie`` (ties table), ``alliance`` (CSTO members in 2022 -> csto), ``troops`` (each
    contingent's state -> kazakhstan), ``country`` (officials, opposition figures, individuals and
    companies -> their state), ``uk_link`` (each person of the wealth theme's uk_links table -> uk; a
    person who is an actor joins by name, others become 'individual' nodes). Each edge keeps its kinds,
    relations, source ids and the ids of the rows behind it.
    """
    layers = list(LAYERS if layers is None else layers)
    graph = nx.Graph()
    for row in actors.itertuples():
        graph.add_node(row.actor_id, name=row.name, actor_type=str(row.actor_type), table="actors")
    if "tie" in layers:
        for row in ties.itertuples():
            _add_edge(graph, row.from_actor, row.to_actor, "tie", str(row.relation), row.source_ids, row.tie_id)
    if "alliance" in layers and members is not None:
        for row in members[(members["status_2022"] == "member") & members["actor_id"].notna()].itertuples():
            _add_edge(graph, row.actor_id, "csto", "alliance", "member_of", row.source_ids, f"csto_members:{row.country}")
    if "troops" in layers and contingents is not None:
        for row in contingents[contingents["country"] != ALL].itertuples():
            _add_edge(graph, row.actor_id, "kazakhstan", "troops", "sent_troops", row.source_ids,
                      f"csto_contingents:{row.country}")
    if "country" in layers:
        states = _state_ids(actors)
        for row in actors.itertuples():
            if row.actor_type in ("alliance", "international_org") or pd.isna(row.country):
                continue
            state = states.get(row.country)
            if state and state != row.actor_id:
                _add_edge(graph, row.actor_id, state, "country", "from", row.source_ids, f"actors:{row.actor_id}")
    if "uk_link" in layers and uk_links is not None and "uk" in graph:
        index = _name_index(actors)
        for row in uk_links.itertuples():
            if pd.isna(row.person):
                continue
            for person in str(row.person).split(";"):
                person = person.strip()
                node = index.get(_fold(person))
                if node is None:
                    node = person
                    if node not in graph:
                        graph.add_node(node, name=person, actor_type="individual", table="uk_links")
                _add_edge(graph, node, "uk", "uk_link", str(row.category) if hasattr(row, "category") else "uk_link",
                          row.source_ids, f"uk_links:{row.link_id}")
    return graph


def _state_ids(actors: pd.DataFrame) -> dict:
    """The state actor that stands for each country: the one whose name is the country (e.g. russia), else
    the first state actor of that country. Worked out in one pass: filtering the table once per actor took
    a third of the time of building the network."""
    named, first = {}, {}
    for row in actors[actors["actor_type"] == "state"].itertuples():
        if pd.isna(row.country):
            continue
        first.setdefault(row.country, row.actor_id)
        if row.name == row.country:
            named.setdefault(row.country, row.actor_id)
    return {**first, **named}


def degree_table(graph: nx.Graph) -> pd.DataFrame:
    """Each actor's degree (the number of other actors it is directly tied to), highest first."""
    rows = [{"actor_id": n, "name": graph.nodes[n]["name"], "actor_type": graph.nodes[n]["actor_type"],
             "degree": graph.degree(n)} for n in graph.nodes]
    return pd.DataFrame(rows).sort_values(["degree", "actor_id"], ascending=[False, True]).reset_index(drop=True)


def actor_ties(graph: nx.Graph, actor_id: str) -> pd.DataFrame:
    """The actor's direct ties: who, what kind, which relations, and the sources."""
    if actor_id not in graph:
        raise ValueError(f"{actor_id!r} is not in the network")
    rows = []
    for other in graph.neighbors(actor_id):
        edge = graph.edges[actor_id, other]
        rows.append({"with": graph.nodes[other]["name"], "actor_id": other,
                     "kinds": ", ".join(edge["kinds"]), "relations": ", ".join(dict.fromkeys(edge["relations"])),
                     "rows": ", ".join(edge["refs"]), "source_ids": ";".join(edge["source_ids"])})
    table = pd.DataFrame(rows, columns=["with", "actor_id", "kinds", "relations", "rows", "source_ids"])
    return table.sort_values("with").reset_index(drop=True)


def readable_ties(table: pd.DataFrame) -> pd.DataFrame:
    """An actor's ties (``actor_ties``) as a reader sees them: with whom, what kind, what, and who says so;
    no row ids."""
    def in_words(text, labels):
        return ", ".join(labels.get(part, words(part)) for part in str(text).split(", ") if part)

    return pd.DataFrame({
        "with": table["with"],
        "kind of tie": table["kinds"].map(lambda t: in_words(t, EDGE_WORDS)),
        "what": table["relations"].map(lambda t: in_words(t, RELATION_LABELS)),
        "sources": table["source_ids"].map(lambda ids: "; ".join(dict.fromkeys(data.citations(ids)))),
    })


def network_layout(graph: nx.Graph, seed: int = 21) -> dict:
    """Node positions: a seeded spring layout of the connected actors (the same data always gives the same
    picture; seed 21 gave the fewest overlapping labels, with and without the UK links, of seeds 0-39);
    actors with no tie in the kit's tables are lined up along the bottom."""
    # The layout depends only on the nodes and ties in their order: the lesson's figure and the actor
    # explorer lay out the same network, and the second asks for the first's positions.
    key = (tuple(graph.nodes), tuple(graph.edges), seed)
    if key not in _LAYOUTS:
        if len(_LAYOUTS) >= 8:
            _LAYOUTS.clear()
        _LAYOUTS[key] = _spring_layout(graph, seed)
    # a copy of each position: a caller may move a node (the isolated ones are tuples, which cannot change)
    return {node: xy.copy() if hasattr(xy, "copy") else xy for node, xy in _LAYOUTS[key].items()}


_LAYOUTS: dict = {}


def _spring_layout(graph: nx.Graph, seed: int) -> dict:
    isolated = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    linked = graph.subgraph([n for n in graph.nodes if n not in isolated])
    pos = nx.spring_layout(linked, seed=seed, k=2.2 / max(1, len(linked)) ** 0.5, iterations=300) if len(linked) else {}
    for i, node in enumerate(isolated):
        pos[node] = ((-1 + 2 * (i + 0.5) / len(isolated)) * 0.9, -1.35)
    return pos


def _draw_nodes(graph: nx.Graph, pos: dict, nodes: list, ax, kind: str, zorder: float = 2, node_size: float = 260,
                linewidths: float = 0.6):
    colour, shape = TYPE_STYLE[kind]
    drawn = nx.draw_networkx_nodes(graph, pos, nodelist=nodes, ax=ax, node_color=colour, node_shape=shape,
                                   node_size=node_size, edgecolors="black", linewidths=linewidths)
    drawn.set_zorder(zorder)
    return drawn


def _draw_labels(graph: nx.Graph, pos: dict, nodes: list, ax, zorder: float = 3) -> list:
    """Each node's short name under it, on a pale box; returns the texts."""
    texts = nx.draw_networkx_labels(graph, {n: (pos[n][0], pos[n][1] - 0.045) for n in nodes},
                                    labels={n: network_label(graph.nodes[n]["name"]) for n in nodes}, ax=ax,
                                    font_size=7.5, verticalalignment="top", clip_on=False,
                                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.75, "pad": 0.6})
    for text in texts.values():
        text.set_zorder(zorder)
    return list(texts.values())


def _network_base(graph: nx.Graph, pos: dict, ax, highlight_legend: bool) -> dict:
    """Draw what does not depend on the highlighted actor: every edge in grey (one collection per kind), the
    nodes by actor type, the labels, the legend and the title. Returns what ``_network_highlight`` needs."""
    import matplotlib.lines as mlines

    handles = []
    for kind, (label, linestyle) in EDGE_KINDS.items():
        edges = [e for e in graph.edges if graph.edges[e]["kinds"][0] == kind]
        if edges:
            nx.draw_networkx_edges(graph, pos, edgelist=edges, ax=ax, style=linestyle, edge_color="#8C8C8C",
                                   width=1.0, alpha=0.8)
            handles.append(mlines.Line2D([], [], color="#8C8C8C", linestyle=linestyle, label=label))
    for kind in ACTOR_TYPES:
        nodes = [n for n in graph.nodes if graph.nodes[n]["actor_type"] == kind]
        if not nodes:
            continue
        colour, shape = TYPE_STYLE[kind]
        drawn = _draw_nodes(graph, pos, nodes, ax, kind)
        drawn.set_label(TYPE_LABELS[kind])
        handles.append(mlines.Line2D([], [], color=colour, marker=shape, linestyle="", markeredgecolor="black",
                                     markersize=9, label=TYPE_LABELS[kind]))
    if highlight_legend:
        handles.append(mlines.Line2D([], [], color="black", linewidth=2.4, label="ties of the highlighted actor"))
    _draw_labels(graph, pos, list(graph.nodes), ax)
    ax.set_axis_off()
    style.legend_below(ax, handles)
    ax.set_title("Ties between the actors: states, alliances, organisations, companies, people")
    isolated = sorted(n for n in graph.nodes if graph.degree(n) == 0)
    if isolated:
        # at the axes' left edge: data x = -1.0 falls outside when the layout is narrower (the UK links)
        ax.annotate("no tie in the kit's tables:", (0.0, -1.22), xycoords=("axes fraction", "data"), fontsize=8,
                    style="italic", color="#555555")
    kinds = sorted({k for e in graph.edges for k in graph.edges[e]["kinds"]}, key=list(EDGE_KINDS).index)
    text = (f"A network of {graph.number_of_nodes()} actors and {graph.number_of_edges()} ties "
            f"({', '.join(EDGE_KINDS[k][0].split(' (')[0] for k in kinds)}); ")
    tail = (f" {len(isolated)} actors have no tie in the kit's tables "
            f"({', '.join(short_name(graph.nodes[n]['name']) for n in isolated)}).") if isolated else ""
    return {"graph": graph, "pos": pos, "highlight_artists": [], "text": text,
            "tail": tail, "sources": [sid for e in graph.edges for sid in graph.edges[e]["source_ids"]]}


def _network_highlight(ax, base: dict, highlight: str | None):
    """Draw (or move) the highlight over a network drawn by ``_network_base``: the actor's own ties in black,
    then its neighbours and itself (large) again with their names, so that they cover the black ties as
    nodes cover ties everywhere else; then the description and what was drawn. The rest of the network is
    left as it is, so an explorer draws only these artists at each change (see ``style.Layers``)."""
    graph, pos = base["graph"], base["pos"]
    if highlight is not None and highlight not in graph:
        raise ValueError(f"{highlight!r} is not in the network")
    for artist in base["highlight_artists"]:
        artist.remove()
    base["highlight_artists"] = []
    own = {tuple(sorted(e)) for e in graph.edges(highlight)} if highlight else set()
    if own:
        collection = nx.draw_networkx_edges(graph, pos, edgelist=sorted(own), ax=ax, edge_color="black", width=2.4)
        collection.set_label("highlight")
        collection.set_zorder(4)
        base["highlight_artists"].append(collection)
    if highlight:
        near = sorted(graph.neighbors(highlight))
        for kind in ACTOR_TYPES:
            nodes = [n for n in near if graph.nodes[n]["actor_type"] == kind]
            if nodes:
                again = _draw_nodes(graph, pos, nodes, ax, kind, zorder=5)
                again.set_label("_neighbours")  # not a legend entry; the base collections count the nodes
                base["highlight_artists"].append(again)
        ring = _draw_nodes(graph, pos, [highlight], ax, graph.nodes[highlight]["actor_type"], zorder=5,
                           node_size=900, linewidths=3)
        ring.set_label("highlight")
        base["highlight_artists"].append(ring)
        base["highlight_artists"].extend(_draw_labels(graph, pos, near + [highlight], ax, zorder=6))
        degree = graph.degree(highlight)
        text = base["text"] + (f"{short_name(graph.nodes[highlight]['name'])} is highlighted with its "
                               f"{degree} direct tie{'' if degree == 1 else 's'}.")
    else:
        degrees = degree_table(graph)
        text = base["text"] + (f"the actor with the most direct ties is {short_name(degrees['name'].iloc[0])} "
                               f"({degrees['degree'].iloc[0]}).")
    ax.qantar_network = {"nodes": list(graph.nodes), "edges": [tuple(e) for e in graph.edges],
                         "highlight": highlight,
                         "highlight_edges": sorted(own),
                         "neighbours": sorted(graph.neighbors(highlight)) if highlight else []}
    return style.finish(ax, text + base["tail"], base["sources"])


def plot_network(graph: nx.Graph, highlight: str | None = None, ax=None, pos=None):
    """The ties network: node colour and shape by actor type, edge style by kind; ``highlight`` (an
    actor id) drawn large with its own ties in black. What was drawn is kept on ``ax.qantar_network``."""
    if highlight is not None and highlight not in graph:
        raise ValueError(f"{highlight!r} is not in the network")
    ax = style.new_axes(ax, figsize=(11, 8.5))
    pos = network_layout(graph) if pos is None else pos
    base = _network_base(graph, pos, ax, highlight_legend=bool(highlight))
    return _network_highlight(ax, base, highlight)


def actor_profile(actor_id: str, actors: pd.DataFrame, statements: pd.DataFrame, graph: nx.Graph) -> dict:
    """What the actor explorer shows: who the actor is, its statements in order, its ties."""
    row = actors.set_index("actor_id").loc[actor_id]
    said = filter_statements(statements, actors, actor_id=actor_id)
    return {"actor_id": actor_id, "name": row["name"], "actor_type": str(row["actor_type"]),
            "summary": row["summary"], "statements": said, "ties": actor_ties(graph, actor_id)}


# ---------------------------------------------------------------------------------------------
# Explorers


class ActorExplorer(Explorer):
    """Choose an actor: its statements in date order, its ties, and its place in the network."""

    title = "Actor explorer"
    hint = ("Pick China, then the United States: compare what each said with what ties each has. "
            "Tick 'UK links' to add the elite's UK connections from the wealth theme.")

    def __init__(self, tables: dict | None = None):
        self.tables = load_tables() if tables is None else tables
        # Per value of the 'UK links' box: the graph, its layout and the drawn network, built once; an
        # update draws only the highlight over the network's kept pixels (style.Layers).
        self._networks = {}
        super().__init__()

    def make_controls(self):
        actors = self.tables["actors"].copy()
        actors["order"] = actors["actor_type"].astype(str).map(ACTOR_TYPES.index)
        actors = actors.sort_values(["order", "name"])
        options = [(f"{short_name(r.name)} ({TYPE_LABELS[str(r.actor_type)]})", r.actor_id) for r in actors.itertuples()]
        value = "csto" if "csto" in set(actors["actor_id"]) else options[0][1]
        return {"actor": widgets.Dropdown(options=options, value=value, description="Actor",
                                          layout=widgets.Layout(width="420px")),
                "uk_links": widgets.Checkbox(value=False, description="UK links (wealth theme)")}

    def graph(self, uk_links: bool) -> nx.Graph:
        return self._network(uk_links)["graph"]

    def _network(self, uk_links: bool) -> dict:
        if uk_links not in self._networks:
            t = self.tables
            layers = LAYERS + (["uk_link"] if uk_links else [])
            graph = build_network(t["actors"], t["ties"], t["csto_members"], t["csto_contingents"],
                                  t.get("uk_links"), layers=layers)
            ax = style.new_axes(None, figsize=(11, 8.5))
            self._networks[uk_links] = _network_base(graph, network_layout(graph), ax, highlight_legend=True)
            self._networks[uk_links]["ax"] = ax
            self._networks[uk_links]["layers"] = style.Layers(ax.figure)
        return self._networks[uk_links]

    def compute(self, actor, uk_links):
        if not isinstance(actor, str) or actor not in set(self.tables["actors"]["actor_id"]):
            raise ValueError(f"{actor!r} is not an actor of the kit's table; pick one from the list")
        network = self._network(bool(uk_links))
        profile = actor_profile(actor, self.tables["actors"], self.tables["statements"], network["graph"])
        profile["ax"] = _network_highlight(network["ax"], network, actor)
        network["layers"].replace(network["highlight_artists"])
        self._layers = network["layers"]
        return profile

    def render(self, result):
        said = result["statements"]
        display(Markdown(f"**{result['name']}** ({TYPE_LABELS[result['actor_type']]}). {result['summary']}"))
        if said.empty:
            display(Markdown("*No statement by this actor is in the kit's table.*"))
        else:
            display(Markdown(f"**{len(said)} statement(s), in date order** (our paraphrase; stance = the kit's coding):"))
            said_table = framings_table(self.tables["statements"], self.tables["actors"], said["statement_id"])
            display(style.Table(said_table))
        display(Markdown(f"**{len(result['ties'])} direct tie(s):**"))
        display(style.Table(readable_ties(result["ties"])))
        style.show(result["ax"], self._layers.png())


class StatementsExplorer(Explorer):
    """Filter the statements by date range, stance and actor type; see them on the timeline and in a table."""

    title = "Statements filter"
    hint = ("Choose only 'raises human rights concerns': who raised them, and when? Then move the start of "
            "the date range to 10 January: who was still speaking?")

    def __init__(self, statements: pd.DataFrame | None = None, actors: pd.DataFrame | None = None):
        self.statements = data.load("statements") if statements is None else statements
        self.actors = data.load("actors") if actors is None else actors
        # Every statement placed once; the figure's fixed part (every actor's row, every statement as a
        # grey dot, the legend) is drawn once, and an update draws only the chosen statements over it.
        self._table = _timeline_positions(with_actor_type(self.statements, self.actors))
        import matplotlib.lines as mlines

        ax = style.new_axes(None, figsize=_timeline_size(self._table))
        not_chosen = {"color": style.CONTEXT_GREY, "marker": "o"}
        _draw_timeline_frame(self._table, self.actors, ax, extra_handles=[
            mlines.Line2D([], [], linestyle="", markersize=5, label="not chosen", **not_chosen)])
        ax.scatter(self._table["x"], self._table["y"], s=22, zorder=2, label="_not chosen", **not_chosen)
        self._layers = style.Layers(ax.figure)
        self._ax = ax
        super().__init__()

    def make_controls(self):
        days = pd.date_range(self.statements["date"].min(), self.statements["date"].max(), freq="D")
        options = [(f"{d.day} {d:%b}", d.date()) for d in days]
        present = set(self.statements["stance"].astype(str))
        stances = [(STANCE_LABELS[s], s) for s in STANCES if s in present]
        types_present = set(self.actors.loc[self.actors["actor_id"].isin(self.statements["actor_id"]), "actor_type"].astype(str))
        types = [(TYPE_LABELS[t], t) for t in ACTOR_TYPES if t in types_present]
        return {
            "dates": widgets.SelectionRangeSlider(options=options, index=(0, len(options) - 1), description="Dates",
                                                  continuous_update=False, layout=widgets.Layout(width="520px")),
            "stances": widgets.SelectMultiple(options=stances, value=tuple(s for _, s in stances),
                                              description="Stances", rows=len(stances)),
            "actor_types": widgets.SelectMultiple(options=types, value=tuple(t for _, t in types),
                                                  description="Actor types", rows=len(types)),
        }

    def compute(self, dates, stances, actor_types):
        start, end = dates
        if not stances:
            raise ValueError("choose at least one stance (hold Ctrl or Cmd to pick several)")
        if not actor_types:
            raise ValueError("choose at least one actor type (hold Ctrl or Cmd to pick several)")
        table = filter_statements(self._table, self.actors, start, end, stances, actor_types)
        if table.empty:
            raise ValueError("no statement matches all these choices; widen the dates or pick more stances")
        self._layers.replace(_draw_stance_markers(table, self._ax))
        text = _timeline_description(table, self.actors) + " Light grey dots: the statements not chosen."
        return {"count": len(table), "statement_ids": list(table["statement_id"]), "table": table,
                "shown": framings_table(table, self.actors, table["statement_id"]),
                "ax": style.finish(self._ax, text, list(table["source_ids"])),
                "chosen": list(self._layers.changing)}

    def render(self, result):
        style.show(result["ax"], self._layers.png())
        display(Markdown(f"**{result['count']} statement(s)** (our paraphrase; stance = the kit's coding):"))
        display(style.Table(result["shown"]))


# ---------------------------------------------------------------------------------------------
# What a chart shows, as plain data (exercise q5 checks it; an assessed notebook uses it without the set)


def what_it_shows(ax) -> dict:
    """What a bar chart shows, as plain data a check can read: its title, the label of the axis of the
    counts, each bar's label and value, and the description and sources ``style.finish`` attached."""
    found = bars(ax)
    vertical = found[0][2] if found else True
    return {"title": ax.get_title(), "counted axis": ax.get_ylabel() if vertical else ax.get_xlabel(),
            "bars": [[label, value] for label, value, _ in found], "description": style.description(ax),
            "sources": list(getattr(ax, "qantar_source_ids", []))}


def bars(ax) -> list[tuple[str, float, bool]]:
    """(label, value, vertical) of each bar drawn on ``ax``, its label read from the category axis."""
    from matplotlib.container import BarContainer

    ax.figure.canvas.draw()  # tick labels get their text when drawn
    found = []
    for container in ax.containers:
        if not isinstance(container, BarContainer):
            continue
        vertical = container.orientation != "horizontal"
        axis = ax.xaxis if vertical else ax.yaxis
        ticks = [(tick.get_loc(), tick.label1.get_text()) for tick in axis.get_major_ticks()]
        for patch in container.patches:
            where = patch.get_x() + patch.get_width() / 2 if vertical else patch.get_y() + patch.get_height() / 2
            value = patch.get_height() if vertical else patch.get_width()
            label = min(ticks, key=lambda t: abs(t[0] - where))[1] if ticks else ""
            found.append((label, float(value), vertical))
    return found
