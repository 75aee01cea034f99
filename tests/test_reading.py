"""Reading the sources: the claims, documents and paragraphs tables, the pure functions and the explorers."""
import io

import matplotlib.pyplot as plt
import pandas as pd
import pytest
from PIL import Image

from qantar import data, reading, style
from qantar.exercises import reading as exercises

SEED = data.ROOT.parent / "shared" / "seeds" / "000_8abb1f5ddb2ee9c1.txt"


def _seed_script():
    """scripts/make_seed_hashes.py as a module (it splits the article into blocks)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_seed_hashes", data.ROOT / "scripts" / "make_seed_hashes.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# ---------------------------------------------------------------------------------------------
# Small tables stating their own facts


def small_documents():
    return pd.DataFrame({
        "document_id": ["a", "b", "c"],
        "author": ["Minister A, ministry", "Paper B (daily)", "Group C"],
        "author_role": ["x", "y", "z"], "kind": ["official", "partisan", "ngo"],
        "genre": ["statement", "article", "report"],
        "date_text": ["2022-01-07", "2022-01", "2022-01-15"],
        "date_earliest": pd.to_datetime(["2022-01-07", "2022-01-10", "2022-01-15"]),
        "date_latest": pd.to_datetime(["2022-01-07", "2022-01-31", "2022-01-15"]),
        "audience": ["p", "q", "r"], "purpose": ["s", "t", "u"], "summary": ["", "", ""],
        "source_ids": ["src-a", "src-b", "src-c"],
    })


def small_claims():
    return pd.DataFrame({
        "claim_id": ["gov-01", "cwi-01", "cwi-02", "hrw-01", "cwi-03"],
        "document_id": ["a", "b", "b", "c", "b"],
        "paragraph": pd.array([pd.NA, 2, 3, pd.NA, 3], dtype="Int64"),
        "claim": ["x"] * 5,
        "claim_kind": ["fact", "fact", "opinion", "fact", "analysis"],
        "verdict": ["unsupported", "supported", "opinion", "supported_with_nuance", "wrong"],
        "evidence": ["e"] * 5, "evidence_source_ids": ["s1", "s2", None, "s3", "s4"], "lesson": ["l"] * 5,
        "quantity": ["attackers", "attackers", None, "attackers", "deaths"],
        "figure": [20000.0, 20000.0, None, 15000.0, 100.0],
        "figure_unit": ["people", "people", None, "people", "people"],
        "figure_qualifier": ["about", "exact", None, "more than", "exact"],
    })


def small_paragraphs():
    return pd.DataFrame({
        "document_id": ["b"] * 4, "paragraph": [0, 1, 26, 56],
        "block_kind": ["headline", "body", "body", "subheading"], "words": [10, 30, 60, 5],
        "summary": ["h", "r", "p", "a"], "key_class": ["reporting", "reporting", "opinion", "appeal"],
        "accepted_alternatives": ["opinion", None, "analysis;reporting", None],
        "loaded_words": [None] * 4, "note": ["n1", "n2", "n3", "n4"],
    })


def test_verdict_counts_show_every_kind_and_verdict():
    counts = reading.verdict_counts(small_claims())
    assert list(counts.columns) == reading.VERDICTS and list(counts.index) == reading.CLAIM_KINDS
    assert counts.loc["fact", "supported"] == 1 and counts.loc["fact", "unsupported"] == 1
    assert counts.values.sum() == 5


def test_plot_verdicts_describes_what_it_drew_and_cites_the_documents():
    ax = reading.plot_verdicts(small_claims(), small_documents())
    text = style.description(ax)
    assert "5 claims from 3 document(s)" in text and "1 wrong" in text and "1 are opinions" in text
    assert ax.qantar_source_ids == ["src-a", "src-b", "src-c"]


def test_figures_side_by_side_sorts_by_date_and_rejects_unknown_quantities():
    table = reading.figures_side_by_side(small_claims(), small_documents(), "attackers")
    assert list(table["document_id"]) == ["a", "b", "c"]
    assert reading.quantities(small_claims(), min_figures=2) == ["attackers"]
    with pytest.raises(ValueError, match="attackers, deaths"):
        reading.figures_side_by_side(small_claims(), small_documents(), "tanks")


def test_plot_figures_draws_one_bar_per_figure():
    ax = reading.plot_figures(small_claims(), small_documents(), "attackers")
    assert len(ax.patches) == 3
    assert ("about 20,000 (Minister A, 2022-01-07); 20,000 (Paper B, 2022-01); more than 15,000 (Group C"
            in style.description(ax))
    assert {t.get_text().strip() for t in ax.texts} == {"about 20,000", "20,000", "more than 15,000"}  # bar ends


def test_plot_figures_marks_a_document_that_reports_someone_elses_figure():
    claims = small_claims()
    claims.loc[claims["claim_id"] == "cwi-01", "claim_kind"] = "official_claim_reported"
    ax = reading.plot_figures(claims, small_documents(), "attackers")
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["Minister A (2022-01-07)", "Paper B (2022-01), reporting it", "Group C (2022-01-15)"]
    assert "not on the figure itself" in style.description(ax)
    assert "reporting it" not in style.description(reading.plot_figures(small_claims(), small_documents(),
                                                                        "attackers"))


def test_plot_figures_tells_apart_two_figures_of_one_document():
    claims = small_claims()
    claims.loc[claims["claim_id"] == "cwi-03", ["quantity", "figure"]] = ["attackers", 5000.0]  # Paper B again
    labels = [t.get_text() for t in reading.plot_figures(claims, small_documents(), "attackers").get_yticklabels()]
    assert len(set(labels)) == len(labels) == 4
    assert "Paper B (2022-01), claim cwi-01" in labels and "Paper B (2022-01), claim cwi-03" in labels
    assert "Minister A (2022-01-07)" in labels  # a label that is not repeated stays short


def test_every_quantity_of_the_kit_has_one_label_per_bar_true_ticks_and_its_own_width():
    claims, documents = data.load("claims"), data.load("documents")
    for quantity in claims["quantity"].dropna().astype(str).unique():
        ax = reading.plot_figures(claims, documents, quantity)
        labels = [t.get_text() for t in ax.get_yticklabels()]
        assert len(set(labels)) == len(labels), (quantity, labels)
        ax.figure.canvas.draw()
        low, high = ax.get_xlim()
        ticks = [(v, t.get_text()) for v, t in zip(ax.get_xticks(), ax.get_xticklabels()) if low <= v <= high]
        # each tick is a whole number written as the bar ends are (20,000), and says its own value
        assert all(float(v).is_integer() and text.replace(",", "") == f"{v:.0f}" for v, text in ticks), ticks
        # nothing sticks out far enough to make the notebook show the figure much smaller (labels, legend)
        width = Image.open(io.BytesIO(style.png(ax.figure))).width
        assert width <= 1.25 * ax.figure.get_figwidth() * ax.figure.dpi, (quantity, width)
        plt.close(ax.figure)


def test_bad_inputs_give_plain_messages():
    claims, documents, paragraphs = small_claims(), small_documents(), small_paragraphs()
    bad_calls = [
        (lambda: reading.check_classification(paragraphs, None), "dictionary"),
        (lambda: reading.check_classification(paragraphs, [(0, "opinion")]), "dictionary"),
        (lambda: reading.check_classification(paragraphs, {True: "opinion"}), "no paragraph True"),
        (lambda: reading.find_loaded_words(None), "give a text"),
        (lambda: reading.find_loaded_words(["regime"]), "give a text"),
        (lambda: reading.first_to_give(claims, documents, "attackers", "20000"), "must be a number"),
        (lambda: reading.first_to_give(claims, documents, "attackers", None), "must be a number"),
        (lambda: reading.figure_gap(claims, "gov-1", "cwi-01"), "no claim with the id 'gov-1'"),
        (lambda: reading.filter_claims(claims, verdict="wromg"), "not a verdict"),
        (lambda: reading.filter_claims(claims, claim_kind="facts"), "not a claim kind"),
        (lambda: reading.filter_claims(claims, paragraph="two"), "block number"),
    ]
    for call, message in bad_calls:
        with pytest.raises(ValueError, match=message):
            call()
    # paragraph numbers typed as text are read as numbers
    assert reading.check_classification(paragraphs, {"1": "reporting"})["result"][0] == "matches the key"


def test_first_to_give_uses_the_earliest_possible_date_and_flags_overlaps():
    first = reading.first_to_give(small_claims(), small_documents(), "attackers", 20000)
    assert first["document_id"] == "a" and first["certain"]
    docs = small_documents()
    docs.loc[0, ["date_earliest", "date_latest"]] = [pd.Timestamp("2022-01-12"), pd.Timestamp("2022-01-12")]
    first = reading.first_to_give(small_claims(), docs, "attackers", 20000)
    assert first["document_id"] == "b" and not first["certain"]  # b may date from 10 to 31 January
    with pytest.raises(ValueError):
        reading.first_to_give(small_claims(), small_documents(), "attackers", 1)


def test_figure_gap_is_b_minus_a_and_needs_two_figures():
    assert reading.figure_gap(small_claims(), "hrw-01", "gov-01") == 5000
    with pytest.raises(ValueError, match="both claims"):
        reading.figure_gap(small_claims(), "gov-01", "cwi-02")


def test_word_shares_weigh_by_words_and_sum_to_100():
    shares = reading.word_shares(small_paragraphs())
    assert shares.loc["report and analysis", "reporting"] == 100
    assert shares.loc["programme and interview", "opinion"] == 100
    assert set(shares.sum(axis=1).round()) <= {0, 100}


def test_check_classification_accepts_the_key_and_defensible_alternatives():
    result = reading.check_classification(small_paragraphs(), {0: "opinion", 1: "reporting", 26: "appeal",
                                                               56: "appeal"})
    assert list(result["result"]) == ["defensible", "matches the key", "differs", "matches the key"]
    assert reading.check_classification(small_paragraphs(), {26: "Reporting"})["result"][0] == "defensible"
    with pytest.raises(ValueError, match="not a class"):
        reading.check_classification(small_paragraphs(), {0: "propaganda"})
    with pytest.raises(ValueError, match="no paragraph 99"):
        reading.check_classification(small_paragraphs(), {99: "opinion"})


def test_find_loaded_words_lists_each_occurrence_in_order_with_context():
    text = "The regime called them bandits. Bandits! A so-called alliance. Banditry is not matched."
    found = reading.find_loaded_words(text)
    assert list(found["word"]) == ["regime", "bandits", "Bandits", "so-called"]
    assert "[regime]" in found["context"][0] and found["why_loaded"].str.len().min() > 10
    assert reading.find_loaded_words("Prices rose on 1 January.").empty
    custom = reading.find_loaded_words("a grim day", lexicon={"grim": "mood"})
    assert list(custom["why_loaded"]) == ["mood"]


def test_filter_claims_combines_filters():
    claims = small_claims()
    assert len(reading.filter_claims(claims)) == 5
    assert list(reading.filter_claims(claims, paragraph="3")["claim_id"]) == ["cwi-02", "cwi-03"]
    assert list(reading.filter_claims(claims, verdict="wrong", claim_kind="analysis")["claim_id"]) == ["cwi-03"]
    assert reading.filter_claims(claims, document="a", verdict="supported").empty


def test_sourcing_table_asks_who_when_for_whom_why():
    table = reading.sourcing_table(small_documents())
    assert {"who they are", "when", "for whom", "why"} <= set(table.columns)


# ---------------------------------------------------------------------------------------------
# Explorers: every control is driven


def test_claim_explorer_follows_every_control():
    explorer = reading.ClaimExplorer()
    everything = explorer.result["count"]
    assert everything == len(data.load("claims"))
    explorer.controls["document"].value = reading.ARTICLE
    article = explorer.result["count"]
    assert 30 <= article < everything
    explorer.controls["verdict"].value = "wrong"
    assert explorer.result["claim_ids"] == ["cwi-42"]
    explorer.controls["verdict"].value = reading.ANY
    explorer.controls["claim_kind"].value = "opinion"
    assert set(explorer.result["table"]["verdict"].astype(str)) == {"opinion"}
    explorer.controls["claim_kind"].value = reading.ANY
    explorer.controls["paragraph"].value = "14"
    assert set(explorer.result["claim_ids"]) == {"cwi-26", "cwi-27", "cwi-28"}
    explorer.controls["verdict"].value = "supported"  # nothing in paragraph 14 is plainly supported
    assert explorer.result is None and "no claim matches" in explorer.error


def test_figure_explorer_draws_each_quantity():
    explorer = reading.FigureExplorer()
    assert explorer.result["quantity"] == "deaths"
    assert {"deaths", "attackers", "detained"} <= set(explorer.controls["quantity"].options)
    for quantity in explorer.controls["quantity"].options:
        explorer.controls["quantity"].value = quantity
        assert explorer.error is None and len(explorer.result["table"]) >= 2
        assert style.description(explorer.result["ax"])


def test_loaded_words_explorer_reads_the_text_box():
    explorer = reading.LoadedWordsExplorer()
    assert explorer.result["words"] == 0 and explorer.result["table"].empty
    explorer.controls["text"].value = "Officials blamed terrorists and bandits; critics spoke of a massacre."
    assert list(explorer.result["table"]["word"]) == ["terrorists", "bandits", "massacre"]
    explorer.controls["text"].value = "   "
    assert explorer.error is None and explorer.result["words"] == 0


# ---------------------------------------------------------------------------------------------
# The real datasets


@pytest.fixture(scope="module")
def tables():
    return reading.load_tables()


def test_the_article_has_at_least_30_claims_and_61_blocks(tables):
    claims, documents, paragraphs = tables
    assert (claims["document_id"] == reading.ARTICLE).sum() >= 30
    assert list(paragraphs["paragraph"]) == list(range(61))
    assert (documents["document_id"] == reading.ARTICLE).sum() == 1


def test_every_checked_claim_cites_evidence(tables):
    claims, _, _ = tables
    missing = claims[(claims["verdict"] != "opinion") & claims["evidence_source_ids"].isna()]
    assert missing.empty, f"claims without evidence sources: {list(missing['claim_id'])}"


def test_claims_point_to_real_paragraphs_and_figures_have_units_and_qualifiers(tables):
    claims, _, paragraphs = tables
    article = claims[claims["document_id"] == reading.ARTICLE]
    assert article["paragraph"].notna().all()
    assert set(article["paragraph"]) <= set(paragraphs["paragraph"])
    assert claims.loc[claims["document_id"] != reading.ARTICLE, "paragraph"].isna().all()
    with_figure = claims[claims["figure"].notna()]
    assert with_figure["quantity"].notna().all() and with_figure["figure_unit"].notna().all()
    # how the document put it ('about', 'up to'...) goes with every figure, and only with a figure
    assert with_figure["figure_qualifier"].notna().all()
    assert claims.loc[claims["figure"].isna(), "figure_qualifier"].isna().all()
    for quantity, rows in with_figure.groupby("quantity"):
        assert rows["figure_unit"].nunique() == 1, f"{quantity} mixes units"


def test_claim_ids_name_their_documents_author(tables):
    claims, documents, _ = tables
    kinds = documents.set_index("document_id")["kind"]
    for _, row in claims.iterrows():
        if row["claim_id"].startswith("cwi-"):
            assert row["document_id"] == reading.ARTICLE
        if row["claim_id"].startswith("gov-"):
            assert kinds[row["document_id"]] == "official"


def test_the_official_account_is_under_the_same_scrutiny(tables):
    claims, documents, _ = tables
    joined = reading.claims_with_documents(claims, documents)
    official = joined[joined["kind"] == "official"]
    verdicts = set(official["verdict"].astype(str))
    assert {"unsupported", "contested"} <= verdicts
    assert (official["quantity"] == "attackers").any() and (official["figure"] == 164).any()


def test_document_dates_are_ranges_that_fit_their_text(tables):
    _, documents, _ = tables
    assert (documents["date_earliest"] <= documents["date_latest"]).all()
    for _, row in documents.iterrows():
        assert row["date_earliest"].strftime("%Y-%m-%d").startswith(row["date_text"])
        assert row["date_latest"].strftime("%Y-%m-%d").startswith(row["date_text"])


def test_alternatives_differ_from_the_key(tables):
    _, _, paragraphs = tables
    for _, row in paragraphs.dropna(subset=["accepted_alternatives"]).iterrows():
        assert row["key_class"] not in row["accepted_alternatives"].split(";")


@pytest.mark.skipif(not SEED.exists(), reason="the seed article (../shared) is not on this machine")
def test_paragraph_numbers_and_word_counts_match_the_seed(tables):
    _, _, paragraphs = tables
    blocks = _seed_script().seed_blocks(SEED.read_text(encoding="utf-8"))
    assert len(blocks) == len(paragraphs)
    assert list(paragraphs["words"]) == [len(b.split()) for b in blocks]


def test_every_exercise_solution_passes_and_expected_values_come_from_the_data():
    namespace = {"claims": exercises.claims, "documents": exercises.documents,
                 "paragraphs": exercises.paragraphs}
    for q in exercises.QUESTIONS:
        if q.kind == "written":
            assert q.model_answer and len(q.rubric) >= 3 and len(q.hints) >= 2
            continue
        exec(q.solution_code, namespace)  # noqa: S102 - our own solution code
        assert q.evaluate(namespace[q.var]).status == "correct", q.name
    auto = [q for q in exercises.QUESTIONS if q.kind != "written"]
    written = [q for q in exercises.QUESTIONS if q.kind == "written"]
    assert len(auto) >= 6 and len(written) >= 3
    assert exercises.q6.expected_value() == "tokayev-2022-01-07-address"


def test_classification_questions_accept_the_alternatives_of_the_data():
    q1 = exercises.q1
    alternatives = exercises.paragraphs.set_index("paragraph").loc[6, "accepted_alternatives"].split(";")
    for alt in alternatives:
        assert q1.evaluate(alt).status == "correct"
    assert q1.evaluate("appeal").status == "incorrect"
    assert q1.evaluate(6).status == "incorrect"
