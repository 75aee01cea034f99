"""Reading the sources (notebook 04): the starting article, the official account and the evidence.

Pure functions over three tables: ``claims`` (what each document asserts, the kit's verdict and the
evidence), ``documents`` (who, when, for whom, why) and ``document_paragraphs`` (the article block by
block, with the key's classification). Plot functions end with ``style.finish``; the explorers are thin
wrappers over the functions.

The kit never stores the article's text. ``find_loaded_words`` works on a text the user supplies.
"""
from __future__ import annotations

import numbers
import re

import ipywidgets as widgets
import pandas as pd
from IPython.display import Markdown, display

from . import data, style
from .widgets import Explorer

ARTICLE = "cwi-article"
ANY = "(any)"

CLAIM_KINDS = ["fact", "official_claim_reported", "analysis", "opinion", "appeal"]
VERDICTS = ["supported", "supported_with_nuance", "contested", "unsupported", "wrong", "opinion"]
CLASSES = ["reporting", "official_claim_reported", "analysis", "opinion", "appeal"]

# What each verdict and each class means: one wording for the lesson's tables and the judge-first tasks.
VERDICT_MEANINGS = {
    "supported": "the evidence confirms it",
    "supported_with_nuance": "right in substance, but wrong or misleading in a detail",
    "contested": "sources disagree, or the evidence is closed to checking",
    "unsupported": "no evidence found, or the evidence does not bear it out",
    "wrong": "the evidence shows it is false",
    "opinion": "not a checkable claim: a judgement, a position, a warning or an appeal",
}
CLASS_MEANINGS = {
    "reporting": "describes events that can be checked",
    "official_claim_reported": "its core is what an official said",
    "analysis": "interpretation, explanation or forecast built on facts",
    "opinion": "value judgements, advocacy, a political programme",
    "appeal": "fundraising or self-promotion",
}

# Columns that hold the kit's own judgements (its verdicts, its classes, its notes). A student's tables
# leave them out (``without_key``): the kit shows its judgements only after the student has made theirs.
KEY_COLUMNS = ["verdict", "key_class", "accepted_alternatives", "loaded_words", "note"]

# Readable labels for charts and tables.
LABELS = {
    "fact": "fact", "official_claim_reported": "official claim reported", "analysis": "analysis",
    "opinion": "opinion", "appeal": "appeal", "reporting": "reporting",
    "supported": "supported", "supported_with_nuance": "supported, with nuance", "contested": "contested",
    "unsupported": "unsupported", "wrong": "wrong",
}

# Each verdict gets a colour and a hatch, so the chart reads without colour too.
VERDICT_STYLE = {
    "supported": (style.PALETTE["bluish_green"], ""),
    "supported_with_nuance": (style.PALETTE["sky_blue"], "//"),
    "contested": (style.PALETTE["orange"], "xx"),
    "unsupported": (style.PALETTE["reddish_purple"], ".."),
    "wrong": (style.PALETTE["vermillion"], "\\\\"),
    "opinion": (style.GREY, "--"),
}

# The article's parts, from its layout: a report with analysis (blocks 0-25), then a political
# programme with an interview (26-43), a section on British links (44-55, from its subheading),
# and the donation appeal (56-60, from its heading).
ARTICLE_PARTS = [
    ("report and analysis", 0, 25),
    ("programme and interview", 26, 43),
    ("British links", 44, 55),
    ("donation appeal", 56, 60),
]

# Words that carry a judgement. Each entry: a regular expression (word stems) -> why it is loaded.
# The kit's own voice uses them only inside an attribution or a short quote.
LOADED_WORDS = {
    r"bandits?": "a criminal label for people whose aims are disputed",
    r"terroris(?:ts?|m)": "a legal and political label; it asserts aims and organisation",
    r"thugs?": "an insult; it denies any political aim",
    r"criminals?": "a legal label applied before any trial",
    r"murderers?": "a legal label applied before any trial",
    r"looters?": "describes some people's acts; used for a whole crowd it is a judgement",
    r"extremists?": "a political label; in Kazakh law it can make a group illegal",
    r"pogroms?": "a word for violent riots against a group; it frames the events as senseless violence",
    r"regimes?": "suggests an illegitimate government",
    r"dictators?(?:hip)?": "a judgement on how a government holds power",
    r"autocrats?": "a judgement on how a government holds power",
    r"kleptocra(?:ts?|cy)": "accuses rulers of stealing the state's wealth",
    r"oligarchs?": "suggests wealth gained through political ties",
    r"clique": "belittles a group as a small self-serving circle",
    r"gangs?": "a criminal label for a group",
    r"stooges?": "an insult: says someone acts only for another",
    r"massacres?": "says killings were deliberate and indiscriminate; say who uses the word",
    r"heroic": "praise: the writer takes a side",
    r"terrified": "claims to know others' feelings",
    r"brutal(?:ity)?": "a judgement on violence",
    r"iron hand": "a metaphor for harsh rule",
    r"so-called": "signals that the writer rejects a name",
    r"coup": "a claim about organisers' aims; attribute it",
    r"colou?r revolutions?": "a term for uprisings said to be organised from abroad",
    r"aggression": "frames events as an attack from outside",
    r"uprising|revolt": "frames protests as a rising against rulers",
    r"riots?|rioters?": "stresses disorder rather than the protesters' demands",
    r"crackdown|clampdown": "frames the state's response as repression",
}


# ---------------------------------------------------------------------------------------------
# Tables


def load_tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(claims, documents, paragraphs) from the datasets."""
    return data.load("claims"), data.load("documents"), data.load("document_paragraphs")


def label(value) -> str:
    return LABELS.get(str(value), str(value))


def without_key(table: pd.DataFrame) -> pd.DataFrame:
    """The table without the kit's judgements (KEY_COLUMNS): what a student works on before judging."""
    return table.drop(columns=[c for c in KEY_COLUMNS if c in table.columns])


def title_of(documents: pd.DataFrame, document_id: str) -> str:
    """A document as a reader names it: its author and date ("Kassym-Jomart Tokayev, 2022-01-07")."""
    row = documents.set_index("document_id").loc[document_id]
    return f"{_short(row['author'])}, {row['date_text']}"


def claims_with_documents(claims: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Claims with the author, date and kind of the document that makes each one."""
    cols = ["document_id", "author", "kind", "date_text", "date_earliest", "date_latest"]
    return claims.merge(documents[cols], on="document_id", how="left", validate="many_to_one")


def sourcing_table(documents: pd.DataFrame) -> pd.DataFrame:
    """The sourcing questions for each document: who, when, for whom, why."""
    table = documents.assign(when=documents["date_text"])
    table = table[["title", "author", "author_role", "kind", "genre", "when", "audience", "purpose"]]
    return table.rename(columns={"title": "document", "author_role": "who they are", "audience": "for whom",
                                 "purpose": "why"})


SOURCING_QUESTIONS = {  # the sourcing questions, and the column of the documents table that answers each
    "who made it": "author", "who they are": "author_role", "what kind of document": "genre",
    "when": "date_text", "for whom": "audience", "why": "purpose",
}


def sourcing_card(documents: pd.DataFrame, document_ids: list[str]) -> pd.DataFrame:
    """The sourcing questions down the side, one column per document: who, when, for whom, why.
    The date is the one the document shows ("2022-01" for a page that gives only the month)."""
    rows = documents.set_index("document_id").loc[list(document_ids)]
    card = pd.DataFrame({"question": list(SOURCING_QUESTIONS)})
    for document_id, row in rows.iterrows():
        name = "the starting article" if document_id == ARTICLE else f"{_short(row['author'])}, {row['date_text']}"
        card[name] = [str(row[column]).replace("_", " ") for column in SOURCING_QUESTIONS.values()]
    return card


def verdict_counts(claims: pd.DataFrame, by: str = "claim_kind") -> pd.DataFrame:
    """A count of claims: one row per value of ``by``, one column per verdict (all verdicts shown)."""
    rows = CLAIM_KINDS if by == "claim_kind" else sorted(claims[by].dropna().astype(str).unique())
    table = pd.crosstab(claims[by].astype(str), claims["verdict"].astype(str))
    return table.reindex(index=rows, columns=VERDICTS, fill_value=0).rename_axis(index=by, columns="verdict")


def plot_verdicts(claims: pd.DataFrame, documents: pd.DataFrame, title: str | None = None, ax=None):
    """Horizontal stacked bars: for each claim kind, how many claims got each verdict."""
    counts = verdict_counts(claims)
    counts = counts[counts.sum(axis=1) > 0]
    ax = style.new_axes(ax, figsize=(9, 4.5))
    left = pd.Series(0, index=counts.index)
    for verdict in VERDICTS:
        colour, hatch = VERDICT_STYLE[verdict]
        values = counts[verdict]
        if values.sum() == 0:
            continue
        ax.barh([label(k) for k in counts.index], values, left=left, color=colour, hatch=hatch,
                edgecolor="white", label=label(verdict))
        left = left + values
    ax.invert_yaxis()
    ax.set_xlabel("number of claims")
    ax.set_title(title or "The kit's verdicts on the claims, by kind of claim")
    ax.legend(loc="lower right", fontsize=9)
    ax.grid(axis="y", visible=False)
    docs = documents[documents["document_id"].isin(claims["document_id"])]
    checkable = claims[claims["verdict"] != "opinion"]
    held = checkable["verdict"].isin(["supported", "supported_with_nuance"]).sum()
    documents_text = "1 document" if len(docs) == 1 else f"{len(docs)} documents"
    description = (f"Verdicts on {len(claims)} claims from {documents_text}: of the "
                   f"{len(checkable)} that can be checked, {held} are supported (with or without nuance), "
                   f"{(checkable['verdict'] == 'contested').sum()} contested, "
                   f"{(checkable['verdict'] == 'unsupported').sum()} unsupported and "
                   f"{(checkable['verdict'] == 'wrong').sum()} wrong; {len(claims) - len(checkable)} are "
                   "opinions. The verdicts are the kit's, from the evidence in claims.csv.")
    return style.finish(ax, description, docs["source_ids"])


def figures_side_by_side(claims: pd.DataFrame, documents: pd.DataFrame, quantity: str) -> pd.DataFrame:
    """Every figure given for one quantity (deaths, detained, attackers...), by document, oldest first."""
    rows = claims_with_documents(claims[claims["quantity"] == quantity], documents)
    rows = rows.dropna(subset=["figure"])
    if rows.empty:
        known = ", ".join(quantities(claims))
        raise ValueError(f"no figures for {quantity!r}; the quantities are: {known}")
    rows = rows.sort_values(["date_earliest", "date_latest", "claim_id"])
    if (rows["figure"] % 1 == 0).all():  # counts of people read as 164, not 164.0
        rows = rows.assign(figure=rows["figure"].astype("Int64"))
    columns = ["claim_id", "document_id", "author", "date_text", "date_earliest", "date_latest", "figure",
               "figure_qualifier", "figure_unit", "claim_kind", "verdict", "claim"]
    # a student's claims table has no verdicts (without_key): the figures side by side need none
    return rows[[c for c in columns if c in rows.columns]].reset_index(drop=True)


def quantities(claims: pd.DataFrame, min_figures: int = 1) -> list[str]:
    """The quantities for which at least ``min_figures`` claims give a number."""
    counts = claims.dropna(subset=["figure"])["quantity"].dropna().value_counts()
    return sorted(counts[counts >= min_figures].index)


def plot_figures(claims: pd.DataFrame, documents: pd.DataFrame, quantity: str, ax=None):
    """Each document's figure for one quantity, side by side, in date order, marked by verdict."""
    table = figures_side_by_side(claims, documents, quantity)
    ax = style.new_axes(ax, figsize=(9, 0.6 * len(table) + 1.8))
    # A document that reports someone else's figure gets a verdict on its report, not on the figure:
    # say so on its bar, or the same number would seem to be judged twice, differently.
    reported = table["claim_kind"].astype(str) == "official_claim_reported"
    labels = [f"{_short(a)} ({d}){', reporting it' if r else ''}"
              for a, d, r in zip(table["author"], table["date_text"], reported)]
    # Two figures from one document on one day would get the same label: the claim id tells them apart.
    repeated = pd.Series(labels).duplicated(keep=False)
    labels = [style.two_lines(f"{text}, claim {claim}" if twice else text)
              for text, claim, twice in zip(labels, table["claim_id"], repeated)]
    y = list(range(len(table)))
    judged = "verdict" in table.columns  # a student's table has no verdicts: plain bars, no legend
    for i, row in table.iterrows():
        colour, hatch = VERDICT_STYLE[row["verdict"]] if judged else (style.PALETTE["blue"], "")
        ax.barh(i, row["figure"], color=colour, hatch=hatch, edgecolor="white")
        ax.text(row["figure"], i, f" {data.figure_text(row['figure'], row['figure_qualifier'])}", va="center",
                fontsize=10)
    if judged:
        handles = [_patch(v) for v in VERDICTS if v in set(table["verdict"])]
        style.legend_below(ax, handles, title="the kit's verdict")
    ax.set_yticks(y, labels)
    ax.invert_yaxis()
    unit = table["figure_unit"].iloc[0]
    ax.set_xlabel(f"figure given ({unit})")
    import matplotlib.ticker as mticker

    # As the figures at the bar ends are written: 20,000, not 20000; whole numbers only.
    ax.xaxis.set_major_locator(mticker.MaxNLocator("auto", steps=[1, 2, 5, 10], integer=True))
    ax.xaxis.set_major_formatter(mticker.StrMethodFormatter("{x:,.0f}"))
    ax.set_xlim(0, table["figure"].max() * 1.15)
    ax.set_title(f"Figures for '{quantity.replace('_', ' ')}', by who gave them and when")
    ax.grid(axis="y", visible=False)

    def given_by(row) -> str:
        figure = data.figure_text(row["figure"], row["figure_qualifier"])
        return f"{figure} ({_short(row['author'])}, {row['date_text']})"

    given = [given_by(row) for _, row in table.iterrows()]
    if len(given) > 5:
        low, high = table.loc[table["figure"].idxmin()], table.loc[table["figure"].idxmax()]
        given = [f"from {given_by(low)} to {given_by(high)}"]
    description = (f"{len(table)} figure(s) for {quantity.replace('_', ' ')} in date order: {'; '.join(given)}."
                   + (" Bar patterns show the kit's verdict on each." if judged else ""))
    if reported.any():
        description += (" A bar marked 'reporting it' is a document quoting someone else's figure: its verdict is "
                        "on how faithfully it reports the figure, not on the figure itself.")
    docs = documents[documents["document_id"].isin(table["document_id"])]
    return style.finish(ax, description, docs["source_ids"])


def _patch(verdict):
    from matplotlib.patches import Patch

    colour, hatch = VERDICT_STYLE[verdict]
    return Patch(facecolor=colour, hatch=hatch, edgecolor="white", label=label(verdict))


def _short(author: str) -> str:
    return str(author).split(",")[0].split("(")[0].strip()


def first_to_give(claims: pd.DataFrame, documents: pd.DataFrame, quantity: str, figure: float) -> dict:
    """Which document first gave ``figure`` for ``quantity``, by the earliest date each could date from.

    Returns the document's row as a dict, with ``certain``: False when another document giving the same
    figure could be as old (their date ranges overlap).
    """
    if isinstance(figure, bool) or not isinstance(figure, numbers.Real):
        raise ValueError(f"the figure must be a number, such as 20000, not {figure!r}")
    table = figures_side_by_side(claims, documents, quantity)
    same = table[table["figure"] == figure]
    if same.empty:
        raise ValueError(f"no document gives {figure:g} for {quantity!r}")
    first = same.iloc[0]
    others = same.iloc[1:]
    certain = bool((others["date_earliest"] > first["date_latest"]).all())
    return {**first.to_dict(), "certain": certain}


def figure_gap(claims: pd.DataFrame, claim_a: str, claim_b: str) -> float:
    """Our calculation: the figure of claim_b minus the figure of claim_a (same unit required)."""
    unknown = [c for c in (claim_a, claim_b) if c not in set(claims["claim_id"])]
    if unknown:
        raise ValueError(f"no claim with the id {unknown[0]!r}; ids look like 'gov-08' or 'cwi-20'")
    rows = claims.set_index("claim_id").loc[[claim_a, claim_b]]
    if rows["figure"].isna().any():
        raise ValueError("both claims must give a figure")
    if rows["figure_unit"].nunique() != 1:
        raise ValueError("the two figures are in different units")
    return float(rows.loc[claim_b, "figure"] - rows.loc[claim_a, "figure"])


# ---------------------------------------------------------------------------------------------
# The article's paragraphs


def article_parts(paragraphs: pd.DataFrame) -> pd.Series:
    """The part of the article each block belongs to (ARTICLE_PARTS)."""
    def part(n):
        for name, first, last in ARTICLE_PARTS:
            if first <= n <= last:
                return name
        return "other"

    return paragraphs["paragraph"].map(part)


def word_shares(paragraphs: pd.DataFrame) -> pd.DataFrame:
    """Our calculation: percentage of each part's words in each class of the key (rows sum to 100)."""
    table = paragraphs.assign(part=article_parts(paragraphs), key_class=paragraphs["key_class"].astype(str))
    words = table.pivot_table(index="part", columns="key_class", values="words", aggfunc="sum", fill_value=0)
    words = words.reindex(index=[p[0] for p in ARTICLE_PARTS], columns=CLASSES, fill_value=0)
    return (100 * words.div(words.sum(axis=1), axis=0)).round(1)


def plot_article_parts(paragraphs: pd.DataFrame, documents: pd.DataFrame, ax=None):
    """Stacked bars: the share of each part's words in each class (the key's classification)."""
    shares = word_shares(paragraphs)
    words = paragraphs.assign(part=article_parts(paragraphs)).groupby("part")["words"].sum()
    ax = style.new_axes(ax, figsize=(9, 4))
    left = pd.Series(0.0, index=shares.index)
    hatches = ["", "//", "xx", "..", "--"]
    for i, cls in enumerate(CLASSES):
        ax.barh([f"{p} ({words.get(p, 0)} words)" for p in shares.index], shares[cls], left=left,
                color=style.COLOURS[i], hatch=hatches[i], edgecolor="white", label=label(cls))
        left = left + shares[cls]
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    ax.set_xlabel("share of the part's words (%, our calculation)")
    ax.set_title("What kind of writing fills each part of the article")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncol=3, fontsize=9)
    ax.grid(axis="y", visible=False)
    first, second = shares.index[0], shares.index[1]
    description = (f"In the article's {first} part, {shares.loc[first, 'reporting']:.0f}% of the words are in "
                   f"paragraphs the key classes as reporting; in the {second} part, "
                   f"{shares.loc[second, 'opinion']:.0f}% are opinion or advocacy (our calculation from the "
                   "key's classification of each block).")
    article = documents[documents["document_id"] == ARTICLE]
    return style.finish(ax, description, article["source_ids"])


def check_classification(paragraphs: pd.DataFrame, answers: dict) -> pd.DataFrame:
    """Compare a student's classes {paragraph: class} with the key: 'matches the key', 'defensible', 'differs'."""
    if not isinstance(answers, dict):
        raise ValueError("give your classes as a dictionary {paragraph number: class}, for example "
                         "{2: 'reporting', 5: 'opinion'}")
    key = paragraphs.set_index("paragraph")
    rows = []
    for n, given in answers.items():
        if isinstance(n, str) and n.strip().isdigit():
            n = int(n)
        if isinstance(n, bool) or n not in key.index:
            raise ValueError(f"there is no paragraph {n}; the article has blocks 0 to {key.index.max()}")
        given = str(given).strip().replace(" ", "_").lower()
        if given not in CLASSES:
            raise ValueError(f"{given!r} is not a class; use one of: {', '.join(CLASSES)}")
        alternatives = str(key.loc[n, "accepted_alternatives"] or "").split(";") if pd.notna(
            key.loc[n, "accepted_alternatives"]) else []
        if given == key.loc[n, "key_class"]:
            result = "matches the key"
        elif given in alternatives:
            result = "defensible"
        else:
            result = "differs"
        rows.append({"paragraph": n, "your_class": given, "key_class": key.loc[n, "key_class"],
                     "also_accepted": ", ".join(alternatives), "result": result, "note": key.loc[n, "note"]})
    return pd.DataFrame(rows)


# ---------------------------------------------------------------------------------------------
# Close reading


def find_loaded_words(text: str, lexicon: dict | None = None, context: int = 40) -> pd.DataFrame:
    """Loaded words in a text you give (a paragraph you type or paste): where, in what context, and why.

    One row per occurrence, in the order they appear. The lexicon maps regular expressions to a note.
    """
    if not isinstance(text, str):
        raise ValueError(f"give a text, in quotes, to search for loaded words (not {type(text).__name__})")
    lexicon = LOADED_WORDS if lexicon is None else lexicon
    rows = []
    for pattern, note in lexicon.items():
        for match in re.finditer(rf"(?<![\w-])(?:{pattern})(?![\w-])", text, flags=re.IGNORECASE):
            start, end = match.span()
            before = text[max(0, start - context):start]
            after = text[end:end + context]
            rows.append({"word": match.group(0), "position": start,
                         "context": f"...{before}[{match.group(0)}]{after}...".replace("\n", " "),
                         "why_loaded": note})
    table = pd.DataFrame(rows, columns=["word", "position", "context", "why_loaded"])
    return table.sort_values("position").reset_index(drop=True)


# Words in single quotes inside the kit's paraphrases: the speaker's own words. The quote may not start
# after a letter (Kazakhstan's) nor end before one.
_QUOTED = re.compile(r"(?<![\w])'([^']{2,80}?)'(?![\w])")


def quotes_of(document_id: str, claims: pd.DataFrame | None = None, documents: pd.DataFrame | None = None,
              statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """The words the kit quotes from one document: quoted inside its claims and its summary, and the
    short quotations of the same speaker on the same day in the statements table. The kit stores no
    official text whole (its rules allow short quotations only); these words are what can be read closely.

    One row per quotation: who said it and when, the words, the kit's sentence around them, the sources.
    """
    claims = data.load("claims") if claims is None else claims
    documents = data.load("documents") if documents is None else documents
    statements = data.load("statements") if statements is None else statements
    if document_id not in set(documents["document_id"]):
        raise ValueError(f"no document {document_id!r}; the documents are: {', '.join(documents['document_id'])}")
    doc = documents.set_index("document_id").loc[document_id]
    who = f"{_short(doc['author'])}, {doc['date_text']}"
    rows = []
    # the words come from the document, so its sources (who reported it) are theirs, not the evidence's
    for _, claim in claims[claims["document_id"] == document_id].iterrows():
        for words in _QUOTED.findall(str(claim["claim"])):
            rows.append((who, words, claim["claim"], doc["source_ids"]))
    for sentence in re.split(r"(?<=\.)\s+", str(doc["summary"])):
        for words in _QUOTED.findall(sentence):
            rows.append((who, words, sentence, doc["source_ids"]))
    same = statements[statements["speaker"].astype(str).str.startswith(_short(doc["author"]))
                      & (statements["date"].astype(str).str[:10] == str(doc["date_text"]))]
    for _, statement in same.dropna(subset=["quote"]).iterrows():
        rows.append((who, statement["quote"], statement["paraphrase"], statement["source_ids"]))
    table = pd.DataFrame(rows, columns=["who and when", "quoted words", "the kit's sentence", "source_ids"])
    return table.drop_duplicates(subset=["quoted words"]).reset_index(drop=True)


def statement_quotes(statement_ids: list[str], statements: pd.DataFrame | None = None) -> pd.DataFrame:
    """The short quotations of the given statements, in the same columns as ``quotes_of``."""
    statements = data.load("statements") if statements is None else statements
    chosen = statements.set_index("statement_id").loc[list(statement_ids)]
    return pd.DataFrame({
        "who and when": [f"{_short(s)}, {str(d)[:10]}" for s, d in zip(chosen["speaker"], chosen["date"])],
        "quoted words": chosen["quote"].to_list(), "the kit's sentence": chosen["paraphrase"].to_list(),
        "source_ids": chosen["source_ids"].to_list()})


def loaded_in_quotes(quotes: pd.DataFrame) -> pd.DataFrame:
    """Each quotation with the loaded words the finder flags in it and why (or a reminder to read it)."""
    found = [find_loaded_words(str(words)) for words in quotes["quoted words"]]
    return quotes.assign(
        **{"loaded words (the finder's list)": [", ".join(f["word"]) or "none from the list: read it yourself"
                                                for f in found],
           "why they are loaded": ["; ".join(dict.fromkeys(f["why_loaded"])) for f in found]})  # once each


# ---------------------------------------------------------------------------------------------
# Judge first: what a student sees of each item before judging it


def claim_items(claims: pd.DataFrame, documents: pd.DataFrame, claim_ids: list[str]) -> dict:
    """{claim id: who said it and when, the claim, and the evidence the kit found}: no verdict."""
    rows = claims.set_index("claim_id")
    return {claim_id: f"{title_of(documents, rows.loc[claim_id, 'document_id'])}. "
                      f"Claim: {rows.loc[claim_id, 'claim']} Evidence the kit found: {rows.loc[claim_id, 'evidence']}"
            for claim_id in claim_ids}


def block_items(paragraphs: pd.DataFrame, blocks: list[int]) -> dict:
    """{"block N": the kit's summary of block N of the article}: no class, no note."""
    rows = paragraphs.set_index("paragraph")
    return {f"block {n}": rows.loc[n, "summary"] for n in blocks}


# ---------------------------------------------------------------------------------------------
# Explorers


def filter_claims(claims: pd.DataFrame, verdict=ANY, claim_kind=ANY, paragraph=ANY, document=ANY) -> pd.DataFrame:
    """The claims that match every filter; ANY leaves a filter open."""
    for name, value, allowed in (("verdict", verdict, VERDICTS), ("claim_kind", claim_kind, CLAIM_KINDS)):
        if value != ANY and value not in allowed:
            raise ValueError(f"{value!r} is not a {name.replace('_', ' ')}; use one of: {', '.join(allowed)}")
    if paragraph != ANY and not str(paragraph).strip().isdigit():
        raise ValueError(f"the paragraph must be a block number from 0 to 60, not {paragraph!r}")
    keep = pd.Series(True, index=claims.index)
    if verdict != ANY:
        keep &= claims["verdict"].astype(str) == verdict
    if claim_kind != ANY:
        keep &= claims["claim_kind"].astype(str) == claim_kind
    if document != ANY:
        keep &= claims["document_id"] == document
    if paragraph != ANY:
        keep &= claims["paragraph"] == int(paragraph)
    return claims[keep]


class _ClaimsTables:
    """Mixin for an explorer over the claims and documents tables (the datasets unless others are given).

    Not an Explorer itself, so nothing that lists the explorers of this module tries to build it."""

    def __init__(self, claims: pd.DataFrame | None = None, documents: pd.DataFrame | None = None):
        self.claims = data.load("claims") if claims is None else claims
        self.documents = data.load("documents") if documents is None else documents
        super().__init__()


class ClaimExplorer(_ClaimsTables, Explorer):
    """Filter the claims by document, verdict, kind and paragraph; read the evidence and its sources."""

    title = "Claim explorer"
    hint = ("It opens on the headline (block 0) of the starting article. Pick another block, or set the block "
            "to (any) and choose a verdict: which claims got it, and on what evidence? Then try an official "
            "document.")

    def make_controls(self):
        paragraphs = sorted(int(p) for p in self.claims["paragraph"].dropna().unique())
        documents = [ANY] + [d for d in self.documents["document_id"] if d in set(self.claims["document_id"])]
        # It opens on one block of the article rather than on every claim at once: a list of ninety claims
        # is a wall, and the verdicts students judge in the exercises should not be on the lesson's page.
        first = ARTICLE if ARTICLE in documents else ANY
        block = str(paragraphs[0]) if first == ARTICLE and paragraphs else ANY
        authors = self.documents.set_index("document_id")["author"]
        named = [(ANY, ANY)] + [(_short(authors.get(d, d)), d) for d in documents if d != ANY]
        # The block menu comes first: it is the one a student moves through, and with another block chosen
        # the other menus narrow what it shows (a document menu moved first would change nothing while a
        # block of the article is chosen). Menus read as words, not as the tables' ids.
        return {
            "paragraph": widgets.Dropdown(options=[ANY] + [str(p) for p in paragraphs], value=block,
                                          description="Block"),
            "document": widgets.Dropdown(options=named, value=first, description="Document"),
            "verdict": widgets.Dropdown(options=[(ANY, ANY)] + [(label(v), v) for v in VERDICTS], value=ANY,
                                        description="Verdict"),
            "claim_kind": widgets.Dropdown(options=[(ANY, ANY)] + [(label(k), k) for k in CLAIM_KINDS], value=ANY,
                                           description="Kind"),
        }

    def compute(self, paragraph, document, verdict, claim_kind):
        table = filter_claims(self.claims, verdict=verdict, claim_kind=claim_kind, paragraph=paragraph,
                              document=document)
        if table.empty:
            raise ValueError("no claim matches all these choices; set one of the menus back to (any)")
        return {"count": len(table), "claim_ids": list(table["claim_id"]), "table": table}

    def render(self, result):
        lines = [f"**{result['count']} claim(s)**"]
        authors = self.documents.set_index("document_id")["author"]
        for _, row in result["table"].iterrows():
            where = f", paragraph {int(row['paragraph'])}" if pd.notna(row["paragraph"]) else ""
            sources = "; ".join(data.citations(row["evidence_source_ids"])) or "none (an opinion)"
            lines.append(
                f"- **{row['claim_id']}** ({_short(authors.get(row['document_id'], row['document_id']))}{where}): "
                f"{row['claim']}  \n  *Kind:* {label(row['claim_kind'])}. *Verdict:* **{label(row['verdict'])}**.  \n"
                f"  *Evidence:* {row['evidence']}  \n  *Lesson:* {row['lesson']}  \n  <small>Sources: {sources}</small>")
        display(Markdown("\n".join(lines)))


class FigureExplorer(_ClaimsTables, Explorer):
    """Pick a quantity: see every document's figure for it, side by side, in date order."""

    title = "Figures side by side"
    hint = ("Pick a quantity: who gave which figure, and when? Do the figures count the same thing "
            "(detained, arrested, held)?")

    def make_controls(self):
        options = quantities(self.claims, min_figures=2)
        # detentions first: the lesson shows the 20,000 already, and its exercises chart the death tolls
        value = "detained" if "detained" in options else options[0]
        return {"quantity": widgets.Dropdown(options=options, value=value, description="Quantity")}

    def compute(self, quantity):
        table = figures_side_by_side(self.claims, self.documents, quantity)
        ax = plot_figures(self.claims, self.documents, quantity, ax=self.axes())
        return {"quantity": quantity, "table": table, "ax": ax}

    def render(self, result):
        style.show(result["ax"])


class LoadedWordsExplorer(Explorer):
    """Type or paste a text: the loaded words in it are listed with their context."""

    title = "Loaded-words finder"
    hint = ("Paste a paragraph from a news report or a statement (or type your own), then compare it "
            "with a neutral rewrite.")

    def make_controls(self):
        return {"text": widgets.Textarea(value="", placeholder="Paste or type a text here",
                                         description="Text", layout=widgets.Layout(width="95%", height="8em"),
                                         continuous_update=False)}

    def compute(self, text):
        return {"table": find_loaded_words(text), "words": len(text.split())}

    def render(self, result):
        table = result["table"]
        if not result["words"]:
            display(Markdown("*Type or paste a text above.*"))
        elif table.empty:
            display(Markdown(f"No loaded words from the kit's list in these {result['words']} words. "
                             "The list is short: read the text yourself too."))
        else:
            display(Markdown(f"**{len(table)} loaded word(s)** in {result['words']} words:"))
            display(style.Table(table[["word", "context", "why_loaded"]]))
