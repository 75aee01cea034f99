"""The corrections of the line-by-line fact audit of November 2026 (ids as in datasets/README.md).

Each test pins a corrected fact, so that a later edit cannot quietly bring the error back.
"""
import csv
import json
from pathlib import Path

import nbformat
import pandas as pd

from qantar import data
from qantar.exercises import actors as actors_exercises
from qantar.exercises import timeline as timeline_exercises

ROOT = Path(__file__).resolve().parents[1]


def notebook_text(path, cell_id=None, startswith=None):
    cells = nbformat.read(ROOT / path, as_version=4).cells
    chosen = [c for c in cells if (cell_id is None or c.get("id") == cell_id)
              and (startswith is None or c.source.lstrip().startswith(startswith))]
    assert chosen, (path, cell_id, startswith)
    return "\n".join(c.source for c in chosen)


def row(table, key, value):
    frame = data.load(table)
    return frame[frame[key].astype(object) == value].iloc[0]


# --- H1, M4, N3: actors q10's model answer -----------------------------------------------------

def test_q10_model_answer_gives_putins_separation_and_does_not_fault_blinken_for_the_future():
    answer = actors_exercises.q10.model_answer
    assert "did not mention the fuel price" not in answer
    assert "different people" in answer and "fuel-price" in answer  # Putin set the protesters apart ...
    assert "no evidence for the foreign part" in answer  # ... and gave no evidence for the foreign part
    assert "before the withdrawal" in answer and "left within two weeks" not in answer
    assert "at odds with Russia over Ukraine" in answer and "in conflict with Russia" not in answer
    assert "Both are claims by interested parties" in answer


def test_the_teacher_notebook_shows_the_same_q10_model_answer():
    cell = notebook_text("exercises/teacher/03_international_actors.ipynb", startswith="framings_answer")
    assert actors_exercises.q10.model_answer in cell


def test_putins_statement_records_the_separation_with_its_source():
    s15 = row("statements", "statement_id", "s15")
    assert "different people" in s15["paraphrase"] and "fuel-price" in s15["paraphrase"]
    assert "newizv-2022-01-10-putin-csto" in data.split_ids(s15["source_ids"])


# --- M1, C2, M2: claims cwi-01 and cwi-22 -------------------------------------------------------

def test_cwi01_uses_the_traced_custody_count_not_446():
    cwi01 = row("claims", "claim_id", "cwi-01")
    assert "446" not in cwi01["evidence"] and "802" in cwi01["evidence"]
    assert "govkz-mfa-2022-01-25-update" in data.split_ids(cwi01["evidence_source_ids"])
    assert row("casualty_reports", "report_id", "cr021")["value"] == 802


def test_cwi22_uses_the_prosecutor_generals_almaty_figures_not_the_withdrawn_164():
    cwi22 = row("claims", "claim_id", "cwi-22")
    assert "164" not in cwi22["evidence"] and "139" in cwi22["evidence"] and "151" in cwi22["evidence"]
    ids = data.split_ids(cwi22["evidence_source_ids"])
    assert {"interfax-2022-03-14-toll-230", "jjtv-2023-01-05-investigation"} <= set(ids)


# --- M3, L3, L4: the amnesty figures, each with who gives it -----------------------------------

def test_the_amnesty_qualifier_follows_who_gives_the_figure():
    reports = data.load("casualty_reports")
    amnesty = reports[(reports["measure"].astype(object) == "amnesty") & (reports["value"] == 1500)]
    by = {r["announced_by"].split(" (")[0].split(",")[0]: r["qualifier"] for _, r in amnesty.iterrows()}
    assert by == {"Prosecutor General's Office": "about", "RFE/RL": "more than"}, by
    context = row("context_events", "event_id", "ctx013")["description"]
    assert "about 1,500" in context and "more than 1,500" in context and "RFE/RL" in context
    lesson = notebook_text("notebooks/01_timeline.ipynb", startswith="## 5. The aftermath")
    assert "about 1,500" in lesson and "more than 1,500" in lesson


def test_the_official_amnesty_count_of_january_2023_is_recorded_and_the_hearing_figures_name_no_speaker():
    reports = data.load("casualty_reports")
    official = reports[(reports["measure"].astype(object) == "amnesty") & (reports["value"] == 1095)]
    assert len(official) == 1 and "Asylov" in official.iloc[0]["announced_by"]
    for report_id in ["cr038", "cr039"]:
        assert "Akhmetzhanov" not in row("casualty_reports", "report_id", report_id)["announced_by"]
    assert "Akhmetzhanov" in row("casualty_reports", "report_id", "cr040")["announced_by"]


# --- M5, L2: the detention and security-death series -----------------------------------------

def test_the_detention_series_includes_the_media_total_of_about_12000_with_its_caveat():
    reports = data.load("casualty_reports")
    detained = reports[reports["measure"].astype(object) == "detained"]
    media = detained[detained["value"] == 12000]
    assert len(media) == 1
    total = media.iloc[0]
    assert total["qualifier"] == "about" and str(total["announced_on"].date()) == "2022-01-12"
    assert total["announcer_kind"] != "official" and "Associated Press" in total["announced_by"]
    assert "not an official" in total["notes"]
    outlets = data.load("sources").set_index("source_id").loc[data.split_ids(total["source_ids"]), "outlet"]
    assert "Associated Press" in set(outlets)
    # the Interior Ministry's own highest count is unchanged: the custody share (q5) divides by it
    assert timeline_exercises._most_detained_interior_ministry() == 9900


def test_the_security_death_series_includes_the_interior_ministrys_16():
    reports = data.load("casualty_reports")
    security = reports[reports["measure"].astype(object) == "deaths_security_forces"]
    assert list(security.sort_values(["announced_on", "report_id"])["value"]) == [8, 13, 18, 17, 16, 19, 19]
    lesson = notebook_text("notebooks/01_timeline.ipynb", startswith="## Explore: the figures as announced")
    assert "8, 13, 18, 17, 16, 19" in lesson


# --- N1, N2, N5, L5: verdicts, key points and wording -----------------------------------------

def test_blinkens_hedged_remark_is_not_coded_as_an_unsupported_claim():
    us01 = row("claims", "claim_id", "us-01")
    assert us01["verdict"] != "unsupported" and "in this case" in us01["evidence"]


def test_lesson_03_key_points_name_the_governments_backers_and_the_un_and_osce():
    points = notebook_text("notebooks/03_international_actors.ipynb", startswith="## Key points")
    assert "Organization of Turkic States" in points and "Turkey" in points and "neighbours" in points.lower()
    assert "the UN and the OSCE" in points and "international organisations called" not in points


def test_the_russian_reply_to_blinken_keeps_its_tone():
    assert "stay alive" in row("statements", "statement_id", "s17")["paraphrase"]


def test_the_glossary_counts_the_early_liftings_out_of_17_units():
    glossary = (ROOT / "notebooks" / "glossary.md").read_text(encoding="utf-8")
    assert "ten of the 17 regions and cities" in glossary
    emergency = data.load("emergency")
    assert len(emergency) == 17 and int((emergency["end"] < pd.Timestamp("2022-01-19")).sum()) == 10


# --- C4: the README's count of actors with statements ----------------------------------------

def test_the_readme_counts_the_actors_that_have_statements():
    statements = data.load("statements")
    speaking = statements["actor_id"].astype(object).nunique()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert f"{len(statements)} dated statements from {speaking} actors" in " ".join(readme.split())


# --- The schemas reject an impossible figure and an impossible date ---------------------------

def _plant(datasets_copy, table, changes):
    path = datasets_copy / f"{table}.csv"
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        columns, first = reader.fieldnames, next(reader)
    with open(path, "a", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerow([{**first, **changes}.get(c, "") for c in columns])
    return sum(1 for _ in open(path, encoding="utf-8"))


def test_the_economy_schema_rejects_a_negative_figure(datasets_copy):
    line = _plant(datasets_copy, "economy", {"indicator": "population", "year": "2024",
                                            "period_start": "2024-01-01", "period_end": "2024-12-31",
                                            "value": "-20330104"})
    problems = [p for p in data.validate(datasets_copy) if p.file.endswith("economy.csv") and p.row == line]
    assert any(p.column == "value" and "minimum" in p.message for p in problems), [str(p) for p in problems]


def test_the_sources_schema_rejects_an_impossible_publication_date(datasets_copy):
    for n, published in enumerate(["2022-13-01", "2022-02-30", "2022-00", "2021-02-29", "2202-01-14"]):
        copy = datasets_copy.parent / f"copy{n}"
        import shutil

        shutil.copytree(datasets_copy, copy)
        line = _plant(copy, "sources", {"source_id": f"new-source-{n}", "url": f"https://example.org/{n}",
                                        "published": published})
        problems = [p for p in data.validate(copy) if p.file.endswith("sources.csv") and p.row == line]
        assert any(p.column == "published" for p in problems), (published, [str(p) for p in problems])


def test_the_sources_schema_still_accepts_real_partial_and_leap_dates(datasets_copy):
    for n, published in enumerate(["2024-02-29", "2022-01", "2004", ""]):
        _plant(datasets_copy, "sources", {"source_id": f"ok-source-{n}", "url": f"https://example.org/ok{n}",
                                          "published": published})
    assert [p for p in data.validate(datasets_copy) if p.file.endswith("sources.csv")] == []


def test_the_tightened_constraints_are_declared_in_the_schemas():
    economy = {f["name"]: f for f in json.loads((data.DATASETS / "schemas" / "economy.json").read_text())["fields"]}
    assert economy["value"]["constraints"]["minimum"] == 0
