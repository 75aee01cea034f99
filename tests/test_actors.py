"""The international actors theme: data integrity, what the plots and the network draw, the explorers."""
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


def test_every_solution_passes_its_check_and_answers_are_computed():
    from qantar.exercises import actors as ex

    namespace = {}
    exec("from qantar.exercises.actors import *", namespace)
    for q in list(ex.QUESTIONS) + list(ex.LESSON):
        if q.kind == "written":
            assert len(q.rubric) >= 3 and q.model_answer and len(q.hints) >= 2
            continue
        exec(q.solution_code, namespace)
        assert q.evaluate(namespace[q.var]).status == "correct", q.name
        assert callable(q.expected), f"{q.name}: expected values are computed from the data"
    assert sum(q.kind != "written" for q in ex.QUESTIONS) >= 6 and sum(q.kind == "written" for q in ex.QUESTIONS) >= 2


def test_group_by_question_has_a_single_answer():
    from qantar.exercises import actors as ex

    row = A.stance_counts(ex.statements, ex.actors).loc["raises_rights_concerns"]
    assert (row == row.max()).sum() == 1


def test_actor_explorer_shows_every_actor(tables):
    explorer = A.ActorExplorer(tables)
    for _, actor_id in explorer.controls["actor"].options:
        explorer.controls["actor"].value = actor_id
        assert explorer.error is None and explorer.result["ax"].qantar_network["highlight"] == actor_id
