"""The international actors theme: data integrity, what the plots and the network draw, the explorers,
the exercises (judge first, the chart question, feedback for predictable mistakes) and words instead of ids."""
import re

import pandas as pd
import pytest

from qantar import actors as A
from qantar import data, style


@pytest.fixture(scope="module")
def tables():
    return A.load_tables()


# --- small tables that state their own facts ------------------------------------------------------


def small_actors():
    return pd.DataFrame({
        "actor_id": ["kz", "ru", "bloc", "pres", "oil", "uk"],
        "name": ["Kazakhstan", "Russia", "Bloc (alliance)", "A President", "Oil Co", "United Kingdom"],
        "actor_type": ["state", "state", "alliance", "official", "company", "state"],
        "country": ["Kazakhstan", "Russia", None, "Kazakhstan", "Russia", "United Kingdom"],
        "summary": ["s"] * 6,
        "alt_names": [None, None, None, "The President;Pres", None, None],
        "source_ids": ["a", "b", "c", "d", "e", "f"],
    })


def small_ties():
    return pd.DataFrame({"tie_id": ["t1", "t2"], "from_actor": ["ru", "oil"], "to_actor": ["kz", "kz"],
                         "relation": ["trade", "shareholder"], "value": [1.0, 50.0], "unit": ["u", "%"],
                         "year": [2021, 2022], "given_by": ["x", "y"], "description": ["d", "d"],
                         "source_ids": ["s1", "s2;s3"], "confidence": ["single_source", "confirmed"]})


def small_deployment():
    rows = [
        ("d1", A.ALL, "bloc", "announced", 2500, "about", "Secretary-General", "2022-01-06"),
        ("d2", A.ALL, "bloc", "deployed", 2030, "exact", "President", "2022-01-10"),
        ("d3", A.ALL, "bloc", "standing_force", 3600, "about", "Bloc", "2022-01-07"),
        ("d4", "Russia", "ru", "not_published", None, "not_published", "Defence Ministry", "2022-01-06"),
        ("d5", "Armenia", "am", "announced", 70, "about", "Agency", "2022-01-06"),
        ("d6", "Armenia", "am", "deployed", 100, "exact", "Ministry", "2022-01-07"),
        ("d7", "Kyrgyzstan", "kg", "announced", 150, "exact", "Parliament", "2022-01-07"),
    ]
    frame = pd.DataFrame(rows, columns=["figure_id", "country", "actor_id", "figure_kind", "troops",
                                        "troops_qualifier", "reported_by", "reported_on"])
    frame["troops"] = frame["troops"].astype("Int64")
    frame["reported_on"] = pd.to_datetime(frame["reported_on"])
    frame["equipment_units"] = pd.array([None] * len(frame), dtype="Int64")
    frame["source_ids"] = [f"src{i}" for i in range(len(frame))]
    frame["confidence"] = "single_source"
    frame["notes"] = ""
    return frame


def small_statements():
    return pd.DataFrame({
        "statement_id": ["s01", "s02", "s03", "s04"],
        "date": pd.to_datetime(["2022-01-05", "2022-01-07", "2022-01-06", "2022-01-07"]),
        "actor_id": ["pres", "ru", "kz", "pres"],
        "speaker": ["p", "r", "k", "p"],
        "paraphrase": ["a", "b", "c", "d"],
        "quote": [None, "so-called", None, None],
        "stance": ["frames_as_foreign_plot", "frames_as_foreign_plot", "supports_government", "describes_deployment"],
        "source_ids": ["x1", "x2", "x3", "x4"],
    })


# --- data integrity -------------------------------------------------------------------------------


def test_theme_tables_pass_validation():
    mine = {"actors.csv", "statements.csv", "csto_members.csv", "csto_deployment.csv", "csto_contingents.csv",
            "ties.csv"}
    problems = [p for p in data.validate() if p.file.split("/")[-1] in mine or "sources.csv" in p.file]
    assert problems == [], "\n".join(map(str, problems))


def test_every_actor_referenced_exists(tables):
    known = set(tables["actors"]["actor_id"])
    referenced = (set(tables["statements"]["actor_id"]) | set(tables["ties"]["from_actor"])
                  | set(tables["ties"]["to_actor"]) | set(tables["csto_deployment"]["actor_id"])
                  | set(tables["csto_deployment"]["reporter_actor"].dropna())
                  | set(tables["csto_members"]["actor_id"].dropna()) | set(tables["csto_contingents"]["actor_id"]))
    assert referenced - known == set()


def test_every_troop_figure_keeps_its_reporter_date_and_sources(tables):
    deployment = tables["csto_deployment"]
    assert deployment["reported_by"].fillna("").str.strip().str.len().gt(0).all()
    assert deployment["reported_on"].notna().all() and deployment["source_ids"].notna().all()
    # A figure without a number says so, and every number says how precise it is.
    assert (deployment["troops"].isna() == (deployment["troops_qualifier"] == "not_published")).all()


def test_the_kit_never_states_official_russian_or_belarusian_numbers(tables):
    deployment = tables["csto_deployment"]
    assert deployment.loc[deployment["country"].isin(["Russia", "Belarus"]), "troops"].isna().all()


def test_theme_meets_its_size_targets(tables):
    assert len(tables["actors"]) >= 20
    assert set(A.ACTOR_TYPES) == set(tables["actors"]["actor_type"].astype(str))
    assert set(tables["statements"]["stance"].astype(str)) <= set(A.STANCES)
    members = tables["csto_members"]
    assert set(members.loc[members["status_2022"] == "member", "country"]) == {
        "Russia", "Belarus", "Armenia", "Kazakhstan", "Kyrgyzstan", "Tajikistan"}


def test_quotes_are_short(tables):
    quotes = tables["statements"]["quote"].dropna()
    assert (quotes.str.split().str.len() <= 15).all()


def test_ties_do_not_copy_the_uk_links_table(tables):
    # The elite's UK links live only in uk_links.csv: no tie involves the UK or a person from that table.
    assert "uk" not in set(tables["ties"]["from_actor"]) | set(tables["ties"]["to_actor"])


# --- the deployment -------------------------------------------------------------------------------


def test_figure_labels_keep_the_qualifier():
    labels = A.reported_figures(small_deployment()).set_index("figure_id")["label"]
    assert labels["d1"] == "about 2,500" and labels["d2"] == "2,030" and labels["d4"] == "not published"


def test_latest_contingent_figures_prefer_deployed_then_latest():
    table = A.latest_contingent_figures(small_deployment()).set_index("country")
    assert table.loc["Armenia", "troops"] == 100 and table.loc["Kyrgyzstan", "troops"] == 150
    assert "Russia" not in table.index


def test_deployment_shares_are_of_the_deployed_total_and_name_the_remainder():
    table = A.deployment_shares(small_deployment())
    assert list(table["troops"]) == [100, 150, 2030 - 250]
    assert table["share_of_total_pct"].iloc[0] == round(100 / 2030 * 100, 1)
    assert "Russia" in table["country"].iloc[-1] and "our calculation" in table["country"].iloc[-1]


def test_plot_deployment_draws_one_marker_per_number_and_names_the_silent(tables):
    deployment = small_deployment()
    ax = A.plot_deployment(deployment)
    drawn = sum(len(c.get_offsets()) for c in ax.collections)
    assert drawn == deployment["troops"].notna().sum()
    texts = " ".join(t.get_text() for t in ax.texts)
    assert "no number published" in texts and "about 2,500" in texts
    assert "Russia published no number" in style.description(ax)
    assert style.caption(ax)  # sources of the rows drawn
    real = A.plot_deployment(tables["csto_deployment"])
    assert sum(len(c.get_offsets()) for c in real.collections) == tables["csto_deployment"]["troops"].notna().sum()


# --- statements -----------------------------------------------------------------------------------


def test_first_statement_and_stance_counts():
    statements, actors = small_statements(), small_actors()
    assert A.first_statement(statements, "frames_as_foreign_plot")["actor_id"] == "pres"
    counts = A.stance_counts(statements, actors)
    assert counts.loc["frames_as_foreign_plot", "official"] == 1
    assert counts.loc["frames_as_foreign_plot", "state"] == 1
    assert counts.to_numpy().sum() == len(statements)
    with pytest.raises(ValueError):
        A.first_statement(statements, "opposes_government")


def test_filter_statements_by_dates_stances_and_types():
    statements, actors = small_statements(), small_actors()
    got = A.filter_statements(statements, actors, "2022-01-06", "2022-01-07", ["frames_as_foreign_plot"], ["state"])
    assert list(got["statement_id"]) == ["s02"]
    assert list(A.filter_statements(statements, actors, actor_id="pres")["statement_id"]) == ["s01", "s04"]


def test_filter_statements_takes_one_code_and_names_a_mistyped_one():
    statements, actors = small_statements(), small_actors()
    one = A.filter_statements(statements, actors, stances="frames_as_foreign_plot")
    assert list(one["statement_id"]) == ["s01", "s02"]  # a single code, not its letters
    with pytest.raises(ValueError, match="unknown stance 'frames_as_foriegn_plot'"):
        A.filter_statements(statements, actors, stances=["frames_as_foriegn_plot"])
    with pytest.raises(ValueError, match="unknown actor type 'states'"):
        A.filter_statements(statements, actors, actor_types="states")
    with pytest.raises(ValueError, match="'chna' is not an actor_id"):
        A.filter_statements(statements, actors, actor_id="chna")


def test_explorers_answer_bad_values_with_a_message(tables):
    explorer = A.ActorExplorer(tables)
    explorer.controls["actor"].value = None
    assert explorer.result is None and "pick one from the list" in explorer.error
    for bad in (["usa"], "", pd.DataFrame()):
        with pytest.raises(ValueError, match="pick one from the list"):
            explorer.compute(bad, False)
    statements = A.StatementsExplorer(tables["statements"], tables["actors"])
    statements.controls["actor_types"].value = ()
    assert statements.result is None and "actor type" in statements.error


def test_timeline_draws_each_statement_with_a_colour_and_a_marker_per_stance():
    statements, actors = small_statements(), small_actors()
    ax = A.plot_statement_timeline(statements, actors, highlight="ru")
    assert sum(len(c.get_offsets()) for c in ax.collections) == len(statements)
    labels = [c.get_label() for c in ax.collections]
    assert labels == [A.STANCE_LABELS[s] for s in A.STANCES if s in set(statements["stance"])]
    markers = {A.STANCE_STYLE[s][1] for s in statements["stance"]}
    assert len(markers) == statements["stance"].nunique()  # the second cue differs too
    assert "4 statements by 3 actors" in style.description(ax) and "Russia is highlighted" in style.description(ax)
    assert style.caption(ax).count(";") >= 0 and ax.patches  # the highlight band


def test_the_whole_timeline_keeps_about_its_own_width(tables):
    """A notebook scales a picture down to the page's width: long actor labels and a legend beside the plot
    made it half as wide again as the figure, so every label was shown at two thirds of its size."""
    import io

    from PIL import Image

    ax = A.plot_statement_timeline(tables["statements"], tables["actors"])
    width = Image.open(io.BytesIO(style.png(ax.figure))).width
    assert width <= 1.2 * ax.figure.get_figwidth() * ax.figure.dpi, width
    lines = [line for t in ax.get_yticklabels() for line in t.get_text().split("\n")]
    assert max(len(line) for line in lines) <= style.LABEL_CHARS + 15  # the longest name, its type below
    assert any("Organization for Security" in t.get_text() for t in ax.get_yticklabels())


def test_framings_table_attributes_every_row(tables):
    table = A.framings_table(tables["statements"], tables["actors"], ["s15", "s34"])
    assert list(table["statement"]) == ["s15", "s34"]
    assert table["who"].str.contains("Putin").iloc[0] and table["sources"].str.len().gt(0).all()


# --- the network ----------------------------------------------------------------------------------


def test_network_joins_people_of_another_table_by_name():
    actors = small_actors()
    uk = pd.DataFrame({"link_id": ["l1", "l2"], "person": ["The President;Someone Else", None],
                       "category": ["property", "report"], "source_ids": ["u1", "u2"]})
    graph = A.build_network(actors, small_ties(), uk_links=uk, layers=["tie", "country", "uk_link"])
    assert graph.has_edge("pres", "uk") and graph.has_edge("Someone Else", "uk")
    assert graph.nodes["Someone Else"]["table"] == "uk_links"
    assert graph.has_edge("pres", "kz") and graph.has_edge("oil", "ru")  # country layer
    assert graph.edges["oil", "kz"]["source_ids"] == ["s2", "s3"]
    assert A.match_person("pres", actors) == "pres" and A.match_person("Nobody", actors) is None


def test_plot_network_draws_every_node_and_edge_and_the_highlight():
    graph = A.build_network(small_actors(), small_ties(), layers=["tie", "country"])
    ax = A.plot_network(graph, highlight="kz")
    drawn = ax.qantar_network
    assert set(drawn["nodes"]) == set(graph.nodes) and len(drawn["edges"]) == graph.number_of_edges()
    assert drawn["highlight"] == "kz" and drawn["neighbours"] == sorted(graph.neighbors("kz"))
    node_sets = [c for c in ax.collections if c.get_label() in A.TYPE_LABELS.values()]
    assert sum(len(c.get_offsets()) for c in node_sets) == graph.number_of_nodes()
    ring = [c for c in ax.collections if c.get_label() == "highlight" and hasattr(c, "get_offsets")
            and len(c.get_offsets()) == 1]
    assert ring, "the highlighted actor is drawn on its own"
    from matplotlib.collections import LineCollection

    black = [c for c in ax.collections if isinstance(c, LineCollection) and c.get_label() == "highlight"]
    grey = sum(len(c.get_segments()) for c in ax.collections if isinstance(c, LineCollection) and c not in black)
    assert grey == graph.number_of_edges()  # every tie in grey; the highlighted actor's again in black
    assert len(black) == 1 and len(black[0].get_segments()) == graph.degree("kz")
    labels = {t.get_text() for t in ax.texts}
    assert {"Kazakhstan", "Russia", "Bloc", "United Kingdom"} <= labels
    assert "Kazakhstan is highlighted with its 3 direct ties" in style.description(ax)
    assert "no tie in the kit's tables" in style.description(ax)  # the bloc and the UK are isolated here


def test_degree_counts_distinct_neighbours():
    graph = A.build_network(small_actors(), small_ties(), layers=["tie", "country"])
    degrees = A.degree_table(graph).set_index("actor_id")["degree"]
    assert degrees["kz"] == 3 and degrees["bloc"] == 0
    assert A.degree_table(graph)["actor_id"].iloc[0] == "kz"


@pytest.mark.parametrize("uk_links", [False, True])
def test_the_network_keeps_about_its_own_width_and_names_its_row_of_actors_without_ties(tables, uk_links):
    import io

    from PIL import Image

    explorer = A.ActorExplorer(tables)
    explorer.controls["uk_links"].value = uk_links
    ax = explorer.result["ax"]
    width = Image.open(io.BytesIO(explorer._layers.png())).width
    assert ax.bbox.width >= 0.85 * width, (ax.bbox.width, width)  # the network, not its legend, fills the picture
    note = next(t for t in ax.texts if t.get_text().startswith("no tie"))
    ax.figure.canvas.draw()
    assert ax.bbox.x0 <= note.get_window_extent().x0 < ax.bbox.x1  # shown, at the axes' left edge


def test_real_network_highlights_an_actor(tables):
    t = tables
    graph = A.build_network(t["actors"], t["ties"], t["csto_members"], t["csto_contingents"], t["uk_links"],
                            layers=A.LAYERS + ["uk_link"])
    assert graph.has_edge("russia", "csto") and graph.has_edge("armenia", "kazakhstan")
    assert graph.has_edge("nazarbayev", "uk")  # joined from the wealth theme's uk_links by name
    ax = A.plot_network(graph, highlight="china")
    assert ax.qantar_network["highlight"] == "china" and "kazakhstan" in ax.qantar_network["neighbours"]


# --- explorers ------------------------------------------------------------------------------------


def test_actor_explorer_follows_both_controls(tables):
    explorer = A.ActorExplorer(tables)
    explorer.controls["actor"].value = "usa"
    first = explorer.result
    assert first["actor_id"] == "usa" and set(first["statements"]["actor_id"]) == {"usa"}
    assert list(first["statements"]["date"]) == sorted(first["statements"]["date"])
    assert first["ax"].qantar_network["highlight"] == "usa"
    explorer.controls["actor"].value = "china"
    assert explorer.result["ax"].qantar_network["highlight"] == "china"
    assert set(explorer.result["statements"]["statement_id"]) != set(first["statements"]["statement_id"])
    nodes_before = len(explorer.result["ax"].qantar_network["nodes"])
    explorer.controls["uk_links"].value = True
    assert len(explorer.result["ax"].qantar_network["nodes"]) > nodes_before
    explorer.controls["actor"].value = "uk"
    assert "Nurali Aliyev" in list(explorer.result["ties"]["with"])
    assert explorer.error is None


def test_statements_explorer_follows_every_control(tables):
    explorer = A.StatementsExplorer(tables["statements"], tables["actors"])
    everything = explorer.result["count"]
    assert everything == len(tables["statements"])
    options = explorer.controls["dates"].options
    explorer.controls["dates"].index = (options.index(next(o for o in options if o[0] == "10 Jan")), len(options) - 1)
    later = explorer.result
    assert later["count"] < everything and later["table"]["date"].min() >= pd.Timestamp("2022-01-10")
    explorer.controls["stances"].value = ("raises_rights_concerns",)
    assert set(explorer.result["table"]["stance"].astype(str)) == {"raises_rights_concerns"}
    explorer.controls["actor_types"].value = ("international_org",)
    assert set(explorer.result["table"]["actor_type"].astype(str)) == {"international_org"}
    drawn = sum(len(c.get_offsets()) for c in explorer.result["chosen"])
    assert drawn == explorer.result["count"]
    explorer.controls["stances"].value = ()
    assert explorer.result is None and "stance" in explorer.error


def _drawn_network(ax):
    from matplotlib.collections import LineCollection

    lines = [c for c in ax.collections if isinstance(c, LineCollection)]
    black = [c for c in lines if c.get_label() == "highlight"]
    rings = [c for c in ax.collections if c.get_label() == "highlight" and not isinstance(c, LineCollection)]
    return sum(len(c.get_segments()) for c in lines if c not in black), black, rings


def test_actor_explorer_moves_the_highlight_on_its_one_figure_without_leftovers(tables):
    explorer = A.ActorExplorer(tables)
    for uk_links in (False, True):
        explorer.controls["uk_links"].value = uk_links
        graph = explorer.graph(uk_links)
        pos = A.network_layout(graph)  # the cached layout is the one the data always gives
        for actor_id in ["usa", "china", "russia", "un_sg", "csto"]:
            explorer.controls["actor"].value = actor_id
            ax = explorer.result["ax"]
            segments, black, rings = _drawn_network(ax)
            assert segments == graph.number_of_edges()  # every tie in grey, in the part drawn once
            assert all(a.get_animated() for a in black + rings)  # the highlight is drawn over it
            if graph.degree(actor_id):
                assert len(black) == 1 and len(black[0].get_segments()) == graph.degree(actor_id)
            else:
                assert black == []
            assert len(rings) == 1 and tuple(rings[0].get_offsets()[0]) == pytest.approx(tuple(pos[actor_id]))
            shown = set(explorer.result["statements"]["statement_id"])
            assert shown == set(tables["statements"].loc[tables["statements"]["actor_id"] == actor_id,
                                                         "statement_id"])
            assert A.short_name(tables["actors"].set_index("actor_id").loc[actor_id, "name"]) in style.description(ax)


def test_statements_explorer_draws_the_chosen_statements_over_all_of_them(tables):
    explorer = A.StatementsExplorer(tables["statements"], tables["actors"])
    ax = explorer.result["ax"]
    rows = tables["statements"]["actor_id"].nunique()
    grey = [c for c in ax.collections if c not in explorer.result["chosen"]]
    assert [len(c.get_offsets()) for c in grey] == [len(tables["statements"])]  # every statement, as context
    before, images = None, []
    for stances in [("raises_rights_concerns",), ("frames_as_foreign_plot", "supports_government"),
                    tuple(A.STANCES)]:
        explorer.controls["stances"].value = tuple(s for s in stances if s in set(tables["statements"]["stance"]))
        chosen = explorer.result["chosen"]
        assert sum(len(c.get_offsets()) for c in chosen) == explorer.result["count"]
        assert all(c.get_animated() and c.axes is ax for c in chosen)  # drawn over the fixed part only
        assert list(explorer.result["shown"]["statement"]) == explorer.result["statement_ids"]
        assert len(ax.get_yticks()) == rows  # every actor keeps its row: choices compare at a glance
        if before is not None:
            assert all(c.axes is None for c in before)  # the last choice's markers are gone
        before = chosen
        images.append(explorer._layers.png())
    assert len(set(images)) == len(images)  # each choice shows a different picture


# --- exercises ------------------------------------------------------------------------------------


def _exercise_namespace():
    """What a student's exercise notebook holds once every answer cell has run (the teacher's solutions)."""
    from qantar.exercises import actors as ex

    namespace = {}
    exec("from qantar.exercises.actors import *", namespace)
    return ex, namespace


def test_every_solution_passes_its_check_and_answers_are_computed():
    ex, namespace = _exercise_namespace()
    for q in ex.QUESTIONS:
        if q.kind == "written":
            assert len(q.rubric) == 4 and q.model_answer and len(q.hints) >= 2
            continue
        exec(q.solution_code, namespace)
        if q.name == "q3":  # the judgement is recorded; the kit's coding is handed out after it
            assert q.check(namespace[q.var]).status == "answered"
            namespace["coded"] = namespace["kit_coding"]()
            continue
        assert q.evaluate(namespace[q.var]).status == "correct", q.name
        assert callable(getattr(q, "expected", None) or getattr(q, "cases", None)), (
            f"{q.name}: expected values are computed from the data")
    kinds = [q.kind for q in ex.QUESTIONS]
    assert kinds.count("value") >= 6 and kinds.count("written") == 2
    assert {"judgement", "chart", "function"} <= set(kinds)


def test_the_lessons_practice_is_its_own_and_its_solutions_pass():
    ex, namespace = _exercise_namespace()
    namespace["statements"] = A.load_tables()["statements"]  # the lesson reloads them with the kit's coding
    for q in ex.LESSON:
        if q.kind == "value":
            exec(q.solution_code, namespace)
            assert q.evaluate(namespace[q.var]).status == "correct", q.name
    lesson, exercise = {q.name for q in ex.LESSON}, {q.name for q in ex.QUESTIONS}
    assert not lesson & exercise and not {q.var for q in ex.LESSON} & {q.var for q in ex.QUESTIONS}
    written = ex.c3
    assert written.kind == "written" and written.min_words == 100 and len(written.rubric) == 4
    assert 100 <= len(written.model_answer.split()) <= 150


def test_the_lessons_headline_numbers_still_match_the_data(tables):
    """What the lesson's golden-output cell used to print, kept here: the lesson's prose and key points rest
    on these numbers."""
    assert len(tables["actors"]) == 30 and len(tables["statements"]) == 56
    assert tables["statements"]["actor_id"].nunique() == 23
    assert int(A.deployed_total(tables["csto_deployment"])["troops"]) == 2030
    assert A.first_statement(tables["statements"], "frames_as_foreign_plot")["actor_id"] == "tokayev"
    shares = A.deployment_shares(tables["csto_deployment"])
    assert list(shares["troops"]) == [100, 150, 200, 1580] and shares["share_of_total_pct"].iloc[-1] == 77.8


def test_the_kits_coding_is_handed_out_only_after_the_students_own():
    from qantar.exercises import actors as ex
    from qantar.exercises.engine import RESULTS

    namespace = {}
    exec("from qantar.exercises.actors import *", namespace)
    tables_given = [v for v in namespace.values() if isinstance(v, pd.DataFrame)]
    assert tables_given and not any("stance" in t.columns for t in tables_given)
    assert "stance" not in A.load_tables(stances=False)["statements"].columns
    RESULTS.pop(("actors", "q3"), None)
    assert ex.kit_coding() is None  # a message instead, before q3 is recorded
    blank = {item: "" for item in ex.q3.template()}
    ex.q3.check(blank)
    assert ex.kit_coding() is None and "Judge first" in str(ex.q3.compare())
    ex.q3.check({item: "describes deployment" for item in blank})
    coded = ex.kit_coding()
    assert "stance" in coded.columns and len(coded) == len(ex.statements)
    RESULTS.pop(("actors", "q3"), None)


def test_judge_first_items_show_no_stance_and_the_lesson_and_the_set_code_different_statements():
    from qantar.exercises import actors as ex

    codes = set(A.STANCES) | {label.casefold() for label in A.STANCE_LABELS.values()}
    for task in (ex.c1, ex.q3):
        for text in task.items().values():
            assert not any(code in text.casefold() for code in codes), text
        kit = task.kit()
        coded = A.load_tables()["statements"].set_index("statement_id")["stance"].astype(str)
        assert all(kit[sid][0] == coded[sid] and len(kit[sid][1]) > 30 for sid in kit)  # the data's code, a reason
        assert set(task.labels) == set(A.STANCES)
    assert not set(ex.c1.items()) & set(ex.q3.items())
    assert 5 <= len(ex.q3.items()) <= 6 and 5 <= len(ex.c1.items()) <= 6


def test_the_exercises_ask_other_items_than_the_lessons_worked_examples():
    """The lesson works China's rows and degree and counts the actors calling for restraint; the exercises
    transfer to the EU and to another stance."""
    from qantar.exercises import actors as ex

    assert "eu" in ex.q7.solution_code and "eu" in ex.q8.solution_code
    assert "calls_for_restraint" not in ex.q6.solution_code and "calls_for_restraint" in ex.c2.solution_code
    lesson = nbformat_text("notebooks/03_international_actors.ipynb")
    assert 'network.degree("china")' in lesson and '"eu"' not in lesson
    assert "warns_about_russia" not in lesson.replace("questions the Russian-led deployment", "")


def nbformat_text(path):
    import nbformat

    from qantar.data import ROOT

    return "\n".join(c.source for c in nbformat.read(ROOT / path, as_version=4).cells)


@pytest.mark.parametrize("name", ["q1", "q2", "q4", "q6", "q7", "q8"])
def test_each_predictable_mistake_gets_its_own_message_without_the_answer(name):
    from qantar.exercises import actors as ex

    q = ex.QUESTIONS[name]
    mistakes = q.mistakes()
    assert mistakes, f"{name} names its predictable wrong answers"
    expected = q.expected_value()
    for wrong, reason in mistakes.items():
        result = q.evaluate(wrong)
        assert result.status == "incorrect" and result.message == reason
        assert f"{expected:g}" not in reason and f"{expected:,}" not in reason  # kind, and no answer in it


def test_the_lesson_ends_with_the_students_answer_then_the_key_points_to_compare():
    lesson = nbformat_text("notebooks/03_international_actors.ipynb")
    answer, rubric, key_points = (lesson.index("## 5. Your answer to the central question"),
                                  lesson.index("c3.show_rubric()"), lesson.index("## Key points: compare with yours"))
    assert answer < rubric < lesson.index("central_answer") < key_points
    assert "Golden output" not in lesson and "seed article" not in lesson.lower()
    assert "Question " not in lesson  # the lesson's practice is named c1-c3, never a copy of the set's qN
    assert lesson.count("Extension (optional)") >= 3 and "about 60 minutes for the core path" in lesson


# --- the chart question ---------------------------------------------------------------------------


def _counts_chart(labels=None, title="Statements by actor type", xlabel="statements", finish=True, plus=0):
    from qantar.exercises import actors as ex

    per_type = A.with_actor_type(ex.statements, ex.actors)["actor_type"].astype(str).value_counts()
    ax = style.new_axes(figsize=(7, 3.5))
    ax.barh(labels or [A.TYPE_LABELS[t] for t in per_type.index], per_type.values + plus)
    ax.set_title(title)
    ax.set_xlabel(xlabel)
    if finish:
        style.finish(ax, "Statements by actor type.", ex.statements["source_ids"])
    return ax


@pytest.mark.parametrize("chart, says", [
    (dict(), "right counts"),
    (dict(title=""), "Add a title"),
    (dict(xlabel=""), "Label the axis of the counts"),
    (dict(finish=False), "style.finish"),
    (dict(plus=1), "check your count"),
    (dict(labels=["a", "b", "c", "d", "e", "f"]), "not an actor type"),
])
def test_the_chart_question_reads_what_the_chart_shows(chart, says):
    from qantar.exercises import actors as ex

    result = ex.q5.evaluate(ex.what_it_shows(_counts_chart(**chart)))
    assert says in result.message and (result.status == "correct") == (says == "right counts")


def test_the_chart_question_takes_a_pandas_chart_with_codes_as_labels_and_is_plain_data():
    import json

    from qantar.exercises import actors as ex

    per_type = A.with_actor_type(ex.statements, ex.actors)["actor_type"].value_counts()  # every type, 0 too
    ax = per_type.plot.bar(ax=style.new_axes(), title="Statements by actor type", ylabel="statements")
    style.finish(ax, "Statements by actor type.", ex.statements["source_ids"])
    shown = ex.what_it_shows(ax)
    assert ex.q5.evaluate(shown).status == "correct"
    assert json.loads(json.dumps(shown)) == shown  # the grader reads answers as plain data, never a chart
    assert "what_it_shows(ax)" in ex.q5.evaluate(ax).message and ex.q5.evaluate(ax).status == "incorrect"
    assert "what_it_shows(ax)" in ex.q5.evaluate(None).message


# --- words, not ids -------------------------------------------------------------------------------

# A row id, a code or a source slug: 'mps-freeze-call-2022', 'warns_about_russia', 't01', 's15'.
ID_LIKE = re.compile(r"\b[a-z0-9]+(?:_[a-z0-9]+)+\b|\b[a-z]+(?:-[a-z0-9]+){2,}\b|\b[stdl]\d{2}\b")


def id_like(text: str, ids=frozenset()) -> list[str]:
    """The id-like strings of a label: codes and slugs, or an id of the tables written in lower case."""
    return ID_LIKE.findall(text) + [w for w in re.findall(r"\b[a-z][a-z_]*\b", text) if w in ids]


def test_the_id_detector_tells_ids_from_words():
    assert id_like("mps-freeze-call-2022") and id_like("warns_about_russia") and id_like("tie t01")
    assert id_like("china", {"china"}) and not id_like("China", {"china"})
    assert not id_like("UK MPs' call for a freeze, 2022") and not id_like("so-called colour revolution, 10 Jan 2022")


def _texts(ax) -> list[str]:
    ax.figure.canvas.draw()
    texts = [t.get_text() for t in [*ax.get_xticklabels(), *ax.get_yticklabels(), *ax.texts]]
    texts += [ax.get_title(), ax.get_xlabel(), ax.get_ylabel(), style.description(ax)]
    legend = ax.get_legend()
    if legend is not None:
        texts += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    return texts


def test_charts_label_everything_in_words_never_ids(tables):
    ids = frozenset(tables["actors"]["actor_id"]) | frozenset(tables["ties"]["tie_id"])
    explorer = A.ActorExplorer(tables)
    explorer.controls["uk_links"].value = True
    drawn = {"deployment": A.plot_deployment(tables["csto_deployment"]),
             "timeline": A.plot_statement_timeline(tables["statements"], tables["actors"]),
             "network": A.plot_network(A.build_network(tables["actors"], tables["ties"], tables["csto_members"],
                                                       tables["csto_contingents"]), highlight="china"),
             "actor explorer": explorer.result["ax"],
             "statements explorer": A.StatementsExplorer(tables["statements"], tables["actors"]).result["ax"]}
    found = {name: bad for name, ax in drawn.items() for bad in [sum((id_like(t, ids) for t in _texts(ax)), [])]
             if bad}
    assert not found, found


def test_tables_for_readers_show_names_and_words_never_ids(tables):
    ids = frozenset(tables["actors"]["actor_id"]) | frozenset(tables["ties"]["tie_id"])
    graph = A.build_network(tables["actors"], tables["ties"], tables["csto_members"], tables["csto_contingents"],
                            tables["uk_links"], layers=A.LAYERS + ["uk_link"])
    shown = {"members": A.members_table(tables["csto_members"]), "figures": A.figures_table(tables["csto_deployment"]),
             "contingents": A.contingents_table(tables["csto_contingents"]),
             "ties": A.ties_table(tables["ties"], tables["actors"]),
             "ties of the UK": A.readable_ties(A.actor_ties(graph, "uk")),
             "ties of Russia": A.readable_ties(A.actor_ties(graph, "russia"))}
    for name, table in shown.items():
        cells = [str(v) for v in table.drop(columns=["sources"], errors="ignore").to_numpy().ravel()]
        bad = sum((id_like(c, ids) for c in cells + list(table.columns)), [])
        assert not bad, (name, bad)
    assert set(A.RELATION_LABELS) >= set(tables["ties"]["relation"].astype(str))


def test_actor_explorer_shows_every_actor(tables):
    explorer = A.ActorExplorer(tables)
    for _, actor_id in explorer.controls["actor"].options:
        explorer.controls["actor"].value = actor_id
        assert explorer.error is None and explorer.result["ax"].qantar_network["highlight"] == actor_id
