"""The grader: a folder of generated submissions, fair and hostile, graded into one row each.

The submissions are made at test time for a small exercise set written into tmp_path (a number, a text,
a function and a written question), so the tests do not depend on the kit's sets, which change with
the lessons; one test grades the start set's own teacher and student notebooks. Attacks on the grader
are in test_grading_attacks.py.
"""
import csv
import hashlib
import json
import os
import subprocess
import sys
import textwrap

import nbformat
import pytest

from qantar import cli, grading, notebooks
from qantar.grading import kernel as grading_kernel
from qantar.exercises import SET_MODULES, ValueQuestion, load_set

LOOP_TIMEOUT = 8  # seconds per notebook: long enough for a fair notebook on a busy 2-core machine

CLASSROOM = '''
from qantar.exercises.engine import FunctionQuestion, QuestionSet, ValueQuestion, WrittenQuestion, ____

QUESTIONS = QuestionSet("classroom", "Classroom: a number, a name, a function and a written answer", [
    ValueQuestion(name="q1", var="number_of_cities", prompt="How many cities are in the table?", expected=19,
                  hints=["Each row is a city.", "len() of a table counts its rows."],
                  solution_code="number_of_cities = len(cities)", explanation="The table has 19 rows."),
    ValueQuestion(name="q2", var="capital_name", prompt="What was the capital called in January 2022?",
                  expected="Nur-Sultan", hints=["It was renamed in 2019.", "Look at the region column."],
                  solution_code="capital_name = 'Nur-Sultan'",
                  explanation="Renamed in 2019; Astana again since September 2022.",
                  mistakes={"Astana": "That is its name since September 2022, not in January 2022."}),
    FunctionQuestion(name="q3", var="double", prompt="Write double(x), which returns twice x.",
                     cases=[((2,), 4), ((5,), 10)], hints=["def double(x): ...", "return 2 * x"],
                     solution_code="def double(x):\\n    return 2 * x"),
    WrittenQuestion(name="q4", var="why_sources", prompt="Why compare two sources of one event?",
                    model_answer="Because each source was made by someone, for a purpose.", min_words=5,
                    rubric=["Restates the question.", "Names one reason.", "Names reasons with an example."],
                    hints=["Think of who wrote each source."], solution_code="why_sources = '...'"),
])
q1, q2, q3, q4 = QUESTIONS
cities = list(range(19))  # a stand-in for the cities table
__all__ = ["q1", "q2", "q3", "q4", "____", "cities", "QUESTIONS"]
'''
IMPORT = "from qgrade_classroom import *"
BLANK = {"number_of_cities": "number_of_cities = ____", "capital_name": "capital_name = ____",
         "double": "double = ____", "why_sources": "why_sources = ____"}
SOLVED = {"number_of_cities": "number_of_cities = len(cities)", "capital_name": "capital_name = 'Nur-Sultan'",
          "double": "def double(x):\n    return 2 * x",
          "why_sources": "why_sources = 'Each source was written for a purpose and an audience.'"}
NOTHING = ("not attempted",) * 4


def _set_module(root, name: str, source: str, monkeypatch) -> None:
    """Write an exercise set module and make it importable here, in the kernels and in the runners."""
    modules = root / "modules"
    modules.mkdir(exist_ok=True)
    (modules / f"qgrade_{name}.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(modules), os.environ.get("PYTHONPATH")])))
    monkeypatch.setitem(SET_MODULES, name, f"qgrade_{name}")


def classroom_notebook(answers: dict | None = None, student: str | None = None, checks: bool = True):
    """A student notebook of the classroom set: an import cell, then per question an answer and (unless
    ``checks`` is False: a check runs a student's function in the notebook too) a check."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["qantar"] = {"exercise_set": "classroom"}
    if student:
        nb.metadata["qantar"]["student"] = student
    nb.cells = [nbformat.v4.new_markdown_cell("# Classroom"), nbformat.v4.new_code_cell(IMPORT)]
    for number, (var, blank) in enumerate(BLANK.items(), start=1):
        nb.cells += [nbformat.v4.new_markdown_cell(f"## Question {number}"),
                     nbformat.v4.new_code_cell((answers or {}).get(var, blank))]
        if checks:
            nb.cells.append(nbformat.v4.new_code_cell(f"q{number}.check()"))
    return nb


def _code_cell_index(nb, text):
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and text in c.source)


def _after_import(nb, source):
    nb.cells.insert(_code_cell_index(nb, "import") + 1, nbformat.v4.new_code_cell(source))
    return nb


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def class_submissions(folder):
    """Write one submission of each kind; returns {file name: (expected status, q1, q2, q3, q4)}."""
    folder.mkdir(parents=True, exist_ok=True)
    expected = {}

    def save(name, nb, status, *questions):
        nbformat.write(nb, str(folder / name))
        expected[name] = (status, *(questions or ("",) * 4))

    solved = classroom_notebook(SOLVED, student="Aliya Nurlanovna")
    # Stored outputs claiming a result are never read.
    solved.cells[_code_cell_index(solved, "q1.check()")].outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "q1: Correct."})]
    save("correct.ipynb", solved, "ok", "correct", "correct", "correct", "answered")

    partly = classroom_notebook({"number_of_cities": "number_of_cities = len(cities)",
                                 "capital_name": "capital_name = 'Astana'\nq2.hint(1)"})
    save("partly.ipynb", partly, "ok", "correct", "incorrect", "not attempted", "not attempted")

    blank = classroom_notebook()
    blank.cells[_code_cell_index(blank, "q1.check()")].outputs = [
        nbformat.v4.new_output("stream", text="q1: Correct. Well done.\n")]
    save("blank.ipynb", blank, "ok", *NOTHING)

    (folder / "not_json.ipynb").write_text('{"cells": [ this is not json', encoding="utf-8")
    expected["not_json.ipynb"] = ("unreadable notebook", "", "", "", "")
    (folder / "zero_bytes.ipynb").write_bytes(b"")
    expected["zero_bytes.ipynb"] = ("unreadable notebook", "", "", "", "")

    empty = nbformat.v4.new_notebook()
    empty.metadata["qantar"] = {"exercise_set": "classroom"}
    save("empty.ipynb", empty, "empty notebook", *NOTHING)

    deleted = classroom_notebook(SOLVED)
    del deleted.cells[_code_cell_index(deleted, "capital_name = ")]
    save("deleted_cell.ipynb", deleted, "ok", "correct", "not attempted", "correct", "answered")

    reordered = classroom_notebook(SOLVED)
    q1_block = [c for c in reordered.cells if "number_of_cities" in c.source or "q1.check" in c.source]
    reordered.cells = [c for c in reordered.cells if c not in q1_block] + q1_block
    save("reordered.ipynb", reordered, "ok", "correct", "correct", "correct", "answered")

    renamed = classroom_notebook({**SOLVED, "number_of_cities": "number_of_citys = len(cities)"})
    save("renamed_variable.ipynb", renamed, "ok", "not attempted", "correct", "correct", "answered")

    loop = classroom_notebook(SOLVED)
    loop.cells.insert(_code_cell_index(loop, "capital_name = "), nbformat.v4.new_code_cell("while True:\n    pass"))
    save("infinite_loop.ipynb", loop, "timeout", "correct", "not attempted", "not attempted", "not attempted")

    dies = _after_import(classroom_notebook(SOLVED), "import os\nos._exit(1)")
    save("kernel_dies.ipynb", dies, "kernel died")

    loud = _after_import(classroom_notebook(SOLVED),
                         "print('x' * 3_000_000)\nfor i in range(2000):\n    print('line', i)")
    save("prints_megabytes.ipynb", loud, "ok", "correct", "correct", "correct", "answered")

    other = classroom_notebook(SOLVED)
    other.metadata["qantar"]["exercise_set"] = "timeline"
    save("other_set.ipynb", other, "wrong exercise set")

    stripped = classroom_notebook(SOLVED)
    del stripped.metadata["qantar"]
    save("stripped_metadata.ipynb", stripped, "ok", "correct", "correct", "correct", "answered")

    unknown = classroom_notebook(SOLVED)
    del unknown.metadata["qantar"]
    unknown.cells[_code_cell_index(unknown, "import")].source = "cities = list(range(19))\n____ = None"
    save("no_set_at_all.ipynb", unknown, "unknown exercise set")

    escape = _after_import(classroom_notebook(SOLVED), textwrap.dedent("""\
        import glob, os
        for target in ["escape.txt", "../escape.txt", "../../escape.txt"]:
            with open(target, "w") as handle:
                handle.write("written by a student cell")
        for path in glob.glob("*.ipynb") + glob.glob("../**/*.ipynb", recursive=True):
            with open(path, "w") as handle:
                handle.write("overwritten")
        os.chdir("..")
        """))
    save("writes_files.ipynb", escape, "ok", "correct", "correct", "correct", "answered")

    quiet = _after_import(classroom_notebook(SOLVED),
                          "import io, sys\nsys.stdout = io.StringIO()  # everything printed from now on is lost")
    save("replaced_stdout.ipynb", quiet, "ok", "correct", "correct", "correct", "answered")

    tamper = _after_import(classroom_notebook({"number_of_cities": "number_of_cities = 3"}), textwrap.dedent("""\
        import qantar.exercises.engine as engine
        engine.ValueQuestion.judge = lambda self, answer: ("correct", "Well done.")
        engine.Question.evaluate = lambda self, answer: engine.Result(self.name, "correct", "ok", 1, 1)"""))
    save("tampered_checks.ipynb", tamper, "ok", "incorrect", *NOTHING[1:])

    (folder / "timur").mkdir()
    nbformat.write(classroom_notebook(SOLVED), str(folder / "timur" / "classroom.ipynb"))
    expected["timur/classroom.ipynb"] = ("ok", "correct", "correct", "correct", "answered")
    return expected


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    with pytest.MonkeyPatch.context() as patch:
        _set_module(root, "classroom", CLASSROOM, patch)
        folder = root / "submissions"
        expected = class_submissions(folder)
        before = _hashes(folder)
        code = cli.main(["grade", str(folder), "--out", str(root / "gradebook.csv"), "--feedback",
                         str(root / "feedback"), "--timeout", str(LOOP_TIMEOUT), "--jobs", "2", "--quiet"])
        with open(root / "gradebook.csv", newline="", encoding="utf-8") as handle:
            rows = {row["file"]: row for row in csv.DictReader(handle)}
        yield {"root": root, "folder": folder, "expected": expected, "before": before, "rows": rows, "code": code,
               "set": load_set("classroom")}


def test_every_submission_gets_one_row_with_the_expected_statuses(graded):
    assert graded["code"] == 0
    rows, expected = graded["rows"], graded["expected"]
    assert set(rows) == set(expected)
    for name, (status, *questions) in expected.items():
        row = rows[name]
        assert (row["status"], [row[q] for q in ("q1", "q2", "q3", "q4")]) == (status, questions), (name, row)
        assert row["total"] == "3"  # the written question carries no auto-checked points
        points = questions[:3].count("correct")
        assert row["score"] == ("" if status in ("unreadable notebook", "kernel died", "wrong exercise set",
                                                 "unknown exercise set") else str(points)), name


def test_gradebook_columns_and_student_names(graded):
    rows = graded["rows"]
    first = next(iter(rows.values()))
    assert list(first) == ["student", "student_id", "file", "exercise_set", "status", "q1", "q2", "q3", "q4", "score",
                           "total", "notes", "flags"]
    # A name in the metadata is not trusted over the path (anyone can type any name there): it is flagged.
    assert rows["correct.ipynb"]["student"] == "correct"
    assert "the notebook's metadata names 'Aliya Nurlanovna'" in rows["correct.ipynb"]["flags"]
    assert rows["partly.ipynb"]["student"] == "partly"  # from the file name
    assert rows["timur/classroom.ipynb"]["student"] == "timur"  # from the student's folder
    assert rows["other_set.ipynb"]["exercise_set"] == "timeline"
    assert rows["stripped_metadata.ipynb"]["exercise_set"] == "classroom"


def test_the_answers_file_beside_the_gradebook(graded):
    with open(graded["root"] / "gradebook.answers.csv", newline="", encoding="utf-8") as handle:
        answers = list(csv.DictReader(handle))
    assert list(answers[0]) == ["student", "student_id", "file", "question", "kind", "status", "answer"]
    by = {(a["file"], a["question"]): a for a in answers}
    assert [by["partly.ipynb", q]["answer"] for q in ("q1", "q2", "q3", "q4")] == ["19", "'Astana'", "", ""]
    assert [by["partly.ipynb", q]["status"] for q in ("q1", "q2")] == ["correct", "incorrect"]
    assert [by["correct.ipynb", q]["kind"] for q in ("q1", "q2", "q3", "q4")] == ["value", "value", "function",
                                                                                 "written"]
    assert by["correct.ipynb", "q3"]["answer"] == by["correct.ipynb", "q4"]["answer"] == ""  # code, text: not echoed
    assert by["blank.ipynb", "q1"]["answer"] == ""  # not attempted
    # Every submission whose questions were checked has one row per question; the others have none.
    checked = {f for f, row in graded["rows"].items() if row["score"] != ""}
    assert {a["file"] for a in answers} == checked
    assert len(answers) == 4 * len(checked)


def test_notes_explain_what_happened(graded):
    notes = {name: row["notes"] for name, row in graded["rows"].items()}
    assert "not valid JSON" in notes["not_json.ipynb"] and "empty" in notes["zero_bytes.ipynb"]
    assert "neither the metadata nor an import line" in notes["no_set_at_all.ipynb"]
    assert "number_of_citys" in notes["renamed_variable.ipynb"]
    assert f"stopped after {LOOP_TIMEOUT}" in notes["infinite_loop.ipynb"]
    assert "kernel died in code cell 2" in notes["kernel_dies.ipynb"]
    assert "printed 3.0 million characters" in notes["prints_megabytes.ipynb"]
    assert "import line" in notes["stripped_metadata.ipynb"]
    assert "'timeline'" in notes["other_set.ipynb"]
    assert "changed" not in " ".join(notes.values())


def test_no_submission_changed_and_nothing_escaped_into_the_submissions_folder(graded):
    folder = graded["folder"]
    assert _hashes(folder) == graded["before"]
    assert not list(graded["root"].rglob("escape.txt"))


def test_feedback_says_what_the_check_said_and_the_next_hint_never_the_answer(graded):
    feedback = graded["root"] / "feedback"
    classroom = graded["set"]
    files = {p.name: p.read_text(encoding="utf-8") for p in feedback.glob("*.md")}
    assert len(files) == len(graded["expected"])
    partly = files["partly.md"]
    assert "## q1: Correct" in partly and "## q2: Not yet" in partly
    assert "That is its name since September 2022" in partly  # the known mistake's reason
    assert "Next: Hint 2 of 2, `q2.hint(2)`" in partly
    blank = files["blank.md"]
    assert "Replace \\_\\_\\_\\_" in blank and classroom["q1"].hints[0] in blank
    died = files["kernel_dies.md"]
    assert "Status: kernel died" in died and "No question could be checked" in died
    for text in files.values():
        for q in classroom:
            assert q.solution_code not in text and (not q.explanation or q.explanation not in text)
        assert "Nur-Sultan" not in text


def test_hints_read_moves_the_next_hint_on():
    assert grading.hints_read(["q1.hint()\n# q2.hint(2)\nq3.hint(2); q3.hint(1)"]) == {"q1": 1, "q3": 2}
    q = ValueQuestion("q1", "x", "A question?", hints=["A nudge.", "Closer."], expected=1)
    assert "Hint 2 of 2" in grading._next_hint(q, "incorrect", 1)
    assert "read all its hints" in grading._next_hint(q, "incorrect", 2)
    assert grading._next_hint(q, "correct", 0) == ""


def test_the_set_is_found_from_metadata_or_the_import_line():
    assert grading.set_from_imports(["x = 1", "from qantar.exercises.start import *"]) == "start"
    assert grading.set_from_imports(["import qantar.exercises.wealth as w"]) == "wealth"
    assert grading.set_from_imports(["from qantar import data"]) == ""


def test_a_printed_marker_from_a_student_is_not_the_export():
    marker = "@@m@@"
    assert grading_kernel.parse_export('@@m@@{"answers": {}}@@m@@\n', marker) == {"answers": {}}
    assert grading_kernel.parse_export("no marker here", marker) is None
    assert grading_kernel.parse_export("@@m@@not json@@m@@", marker) is None
    assert grading_kernel.parse_export('@@m@@{"a": NaN}@@m@@', marker) is None  # the format tags NaN


def test_feedback_files_never_overwrite_each_other(tmp_path):
    rows = [grading.Graded(grading.Submission(tmp_path / f, f, "x"), "unreadable notebook")
            for f in ("a b.ipynb", "a_b.ipynb", "A_B.ipynb")]
    written = grading.write_feedback(rows, None, tmp_path / "fb")
    assert sorted(p.name for p in written) == ["A_B.md", "a_b-2.md", "a_b-3.md"]


def test_spreadsheet_formulas_in_names_are_neutralised():
    assert grading._safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert grading._safe_cell("  +1") == "'  +1"
    assert grading._safe_cell("\uff1dSUM(A1)") == "'\uff1dSUM(A1)"  # a full-width equals sign
    assert grading._safe_cell("Aliya") == "Aliya"


def test_an_empty_or_missing_folder(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "nothing"), "--out", str(tmp_path / "g.csv")]) == 2
    (tmp_path / "empty").mkdir()
    assert cli.main(["grade", str(tmp_path / "empty"), "--out", str(tmp_path / "g.csv"), "--quiet"]) == 2
    assert "No .ipynb" in capsys.readouterr().out
    assert cli.main(["grade", str(tmp_path / "empty"), "--set", "nosuchset", "--quiet"]) == 2


# ---------------------------------------------------------------------------------------------
# Written answers, function answers and time limits


@pytest.fixture
def classroom(tmp_path, monkeypatch):
    _set_module(tmp_path, "classroom", CLASSROOM, monkeypatch)
    return load_set("classroom")


def grade_notebooks(tmp_path, notebooks_by_name: dict, **options):
    folder = tmp_path / "subs"
    folder.mkdir()
    for name, nb in notebooks_by_name.items():
        nbformat.write(nb, str(folder / name))
    before = _hashes(folder)
    options = {"timeout": 30, "jobs": 2, "progress": False, "question_limit": 2, **options}
    report = grading.grade_folder(folder, out=tmp_path / "out" / "gradebook.csv", feedback_dir=tmp_path / "fb",
                                  **options)
    assert _hashes(folder) == before
    return report, {r.submission.file: r for r in report.rows}


def statuses(rows):
    return {f: [x["status"] for x in r.results] if r.results is not None else r.status for f, r in rows.items()}


def test_written_answers_are_exported_side_by_side_with_the_rubric(tmp_path, classroom):
    report, rows = grade_notebooks(tmp_path, {
        "ana.ipynb": classroom_notebook(SOLVED),
        "ben.ipynb": classroom_notebook({"number_of_cities": "number_of_cities = 18",
                                         "why_sources": "why_sources = 'Too short.'"}, "Ben K."),
        "cara.ipynb": classroom_notebook({"double": "def double(x):\n    while True:\n        pass",
                                          "why_sources": "why_sources = '''A line.\\n\\nAnother paragraph | with a "
                                                         "pipe here.'''"}, checks=False),
        "dan.ipynb": classroom_notebook({"number_of_cities": "number_of_cities = 19"}),
    }, names="metadata")  # Ben's name is the one in his notebook's metadata
    assert statuses(rows) == {"ana.ipynb": ["correct", "correct", "correct", "answered"],
                              "ben.ipynb": ["incorrect", "not attempted", "not attempted", "incorrect"],
                              "cara.ipynb": ["not attempted", "not attempted", "error", "answered"],
                              "dan.ipynb": ["correct", "not attempted", "not attempted", "not attempted"]}
    assert "took more than 2 seconds" in rows["cara.ipynb"].results[2]["message"]
    assert rows["ana.ipynb"].score == 3
    with open(tmp_path / "out" / "gradebook.csv", newline="") as handle:
        book = list(csv.DictReader(handle))
    assert [r["total"] for r in book] == ["3"] * 4  # written questions carry no auto-checked points
    assert [p.name for p in report.written_files] == ["classroom_q4.md"]
    text = report.written_files[0].read_text(encoding="utf-8")
    assert report.written_files[0].parent == tmp_path / "out" / "written_answers"
    for level in classroom["q4"].rubric:
        assert level in text
    assert "Each source was written for a purpose" in text and "> Another paragraph | with a pipe" in text
    assert "### Ben K. (ben.ipynb)" in text and "| Ben K. | incorrect | 2 | |" in text
    assert "*No written answer (not attempted).*" in text
    assert text.index("### ana") < text.index("### Ben K.") < text.index("### cara") < text.index("### dan")
    feedback = (tmp_path / "fb" / "ana.md").read_text(encoding="utf-8")
    assert "## q4: Answer recorded" in feedback and "Because each source" not in feedback


def test_flags_reach_the_gradebook_and_never_the_feedback(tmp_path, classroom):
    copied = {"number_of_cities": "number_of_cities = 18", "capital_name": "capital_name = 'Almaty'"}
    pasted = "why_sources = 'Because each source was made by someone, for a purpose. Yes.'"
    report, rows = grade_notebooks(tmp_path, {
        "ana.ipynb": classroom_notebook(copied), "ben.ipynb": classroom_notebook({**copied, "why_sources": pasted}),
        "cara.ipynb": classroom_notebook(SOLVED)})
    with open(tmp_path / "out" / "gradebook.csv", newline="", encoding="utf-8") as handle:
        book = {row["file"]: row["flags"] for row in csv.DictReader(handle)}
    assert book == {"ana.ipynb": "the same wrong answers as ben (ben.ipynb) to q1, q2",
                    "ben.ipynb": "the same wrong answers as ana (ana.ipynb) to q1, q2; q4: the written answer "
                                 "overlaps the model answer (100% of the shorter text's 5-word runs in common)",
                    "cara.ipynb": ""}
    assert "Flags: 2 row(s)" in grading.summary_text(report)
    for name in ("ana", "ben"):
        feedback = (tmp_path / "fb" / f"{name}.md").read_text(encoding="utf-8")
        other = "ben" if name == "ana" else "ana"
        assert f"{other}.ipynb" not in feedback and f"as {other} " not in feedback and "overlap" not in feedback


FUNCTIONS = {
    "uses_the_set.ipynb": ("double = None\ndef double(x):\n    return x + x if cities else 0", "correct"),
    "lambda.ipynb": ("double = lambda x: 2 * x", "correct"),
    "imports.ipynb": ("import math\ndef double(x):\n    return int(math.fsum([x, x]))", "correct"),
    "prints.ipynb": ("def double(x):\n    print('thinking', x)\n    return 2 * x", "correct"),
    "raises.ipynb": ("def double(x):\n    raise ValueError('not today')", "incorrect"),
    "exits.ipynb": ("def double(x):\n    exit()", "incorrect"),
    "sleeps.ipynb": ("def double(x):\n    import time\n    time.sleep(600)", "error"),
    "catches_interrupts.ipynb": ("def double(x):\n    while True:\n        try:\n            while True:\n"
                                 "                pass\n        except BaseException:\n            pass", "error"),
    "kills_itself.ipynb": ("def double(x):\n    import os\n    os._exit(3)", "error"),
    "needs_a_helper.ipynb": ("def helper(x):\n    return 2 * x\ndef double(x):\n    return helper(x)", "incorrect"),
    "returns_an_odd_object.ipynb": ("def double(x):\n    class Four:\n        def __eq__(self, other):\n"
                                    "            return True\n    return Four()", "incorrect"),
    "not_a_function.ipynb": ("double = 4", "incorrect"),
    "a_builtin.ipynb": ("double = abs", "incorrect"),
}


def test_a_function_runs_alone_on_the_test_arguments(tmp_path, classroom, monkeypatch):
    monkeypatch.setattr(grading.judging, "SETUP_SECONDS", 60)
    monkeypatch.setattr(grading.judging, "_PER_EVENT_FLOOR", 1)  # a sleeping function is stopped sooner
    _, rows = grade_notebooks(tmp_path, {name: classroom_notebook({"double": source}, checks=False)
                                         for name, (source, _) in FUNCTIONS.items()}, jobs=2, question_limit=1)
    got = {name: row.results[2] for name, row in rows.items()}
    assert {name: r["status"] for name, r in got.items()} == {name: s for name, (_, s) in FUNCTIONS.items()}
    assert "stopped with ValueError: not today" in got["raises.ipynb"]["message"]
    assert "called exit()" in got["exits.ipynb"]["message"]
    assert "NameError" in got["needs_a_helper.ipynb"]["message"]
    assert "not a plain value" in got["returns_an_odd_object.ipynb"]["message"]
    assert "written with def" in got["a_builtin.ipynb"]["message"]
    assert "more than 1 seconds" in got["sleeps.ipynb"]["message"]
    assert "did it stop Python" in got["kills_itself.ipynb"]["message"]


SLOW_SET_UP = CLASSROOM.replace("cities = list(range(19))", "import time\ntime.sleep(3)  # a data load\n"
                                                             "cities = list(range(19))")


def test_the_question_time_limit_does_not_count_set_up_even_on_busy_cores(tmp_path, monkeypatch):
    """Four notebooks at once on two cores kept busy by two other processes, a set that takes 3 s to
    import and a limit of 1 s per question: every correct answer is still correct."""
    _set_module(tmp_path, "classroom", SLOW_SET_UP, monkeypatch)
    burners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(2)]
    try:
        _, rows = grade_notebooks(tmp_path, {f"s{i}.ipynb": classroom_notebook(SOLVED) for i in range(4)},
                                  jobs=4, question_limit=1, timeout=120)
    finally:
        for burner in burners:
            burner.kill()
            burner.wait()
    assert statuses(rows) == {f"s{i}.ipynb": ["correct", "correct", "correct", "answered"] for i in range(4)}


def test_the_export_cell_reads_answers_in_a_namespace_of_its_own(tmp_path):
    """Student names that shadow builtins (print, json, dict, type) do not break the added cell. It runs in
    a subprocess: the cell must not run inside the test process."""
    path = tmp_path / "answers.json"
    source = grading_kernel.export_cell_source(["number_of_cities", "capital_name", "double"], ["double"],
                                               "@@x@@", str(path))
    script = ("import datetime, pandas as pd\nnumber_of_cities = 19\ncapital_name = pd.Series(['Nur-Sultan'])\n"
              "def double(x):\n    return 2 * x\n"
              "print = None\njson = None\ndict = None\ntype = None\n" + source)
    (tmp_path / "cell.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "cell.py")], capture_output=True, text=True, timeout=120)
    payload = grading_kernel.parse_export(done.stdout, "@@x@@")
    assert payload is not None, done.stderr
    assert payload == json.loads(path.read_text())
    answers = {var: grading.plain.decode(tree) for var, tree in payload["answers"].items()}
    assert answers["number_of_cities"] == 19 and list(answers["capital_name"]) == ["Nur-Sultan"]
    assert answers["double"].source == "def double(x):\n    return 2 * x\n"
    assert "number_of_cities" in payload["names"] and "datetime" not in payload["names"]


def _round_trip(value):
    return grading.plain.decode(grading.plain.loads(json.dumps(grading.plain.encode(value), allow_nan=False)))


def test_answers_cross_as_plain_data_and_odd_objects_as_a_record_of_what_they_were():
    import datetime as dt

    import numpy as np
    import pandas as pd

    table = pd.DataFrame({"city": ["Aktau", "Zhanaozen"], "n": [1, 2]}, index=[5, 6])
    for value in (42, -1.5, "Nur-Sultan", True, None, [1, "a", [2.5]], (1, 2), {"a": (1, 2), 3: None}, {1, 2},
                  dt.date(2022, 1, 5), dt.datetime(2022, 1, 5, 1, 30), pd.Timestamp("2022-01-05"), 1 + 2j, b"\xff"):
        assert _round_trip(value) == value and type(_round_trip(value)) is type(value), value
    assert _round_trip(float("nan")) != _round_trip(float("nan"))  # NaN crosses, tagged
    assert _round_trip(np.int64(7)) == 7 and list(_round_trip(np.array([1, 2]))) == [1, 2]
    assert _round_trip(table).equals(table) and _round_trip(table["city"]).equals(table["city"])
    assert _round_trip(pd.DataFrame(index=[1, 2])).shape == (2, 0)

    class Anything:
        def __eq__(self, other):
            return True

    class AnyText(str):
        def __eq__(self, other):
            return True

    for odd in (Anything(), [Anything()], AnyText("x"), {"k": Anything()}, 10 ** 5000, abs, [lambda: 1]):
        decoded = _round_trip(odd)
        assert isinstance(decoded, grading.plain.NotPlain) and decoded.why, odd
    assert "Anything" in _round_trip([Anything()]).why


@pytest.mark.parametrize("forged", [{"$": "eval", "v": "1"}, {"$": "dict", "v": [[[1], 2]]}, {"no": "tag"},
                                    {"$": "dataframe", "columns": [], "index": [1], "records": []},
                                    {"$": "function", "v": 1}, [{"$": "blank"}], "x" * 2_000_000])
def test_a_forged_export_is_an_unreadable_answer_never_an_object(forged):
    decoded = grading.plain.decode(forged)
    assert isinstance(decoded, grading.plain.NotPlain) and decoded.type_name == "unreadable"


def test_the_start_set_teacher_notebook_gets_full_marks(tmp_path):
    """The kit's own start set, by whatever questions it holds: its teacher notebook is right everywhere,
    its student notebook attempts nothing."""
    pair = {"teacher.ipynb": nbformat.read(notebooks.TEACHER_DIR / "00_start_here.ipynb", 4),
            "student.ipynb": nbformat.read(notebooks.STUDENT_DIR / "00_start_here.ipynb", 4)}
    _, rows = grade_notebooks(tmp_path, pair, timeout=120)
    start = load_set("start")
    assert [r["status"] for r in rows["teacher.ipynb"].results] == [
        "correct" if q.scored else "answered" for q in start]
    assert {r["status"] for r in rows["student.ipynb"].results} == {"not attempted"}


# ---------------------------------------------------------------------------------------------
# A gradebook that cannot be corrupted


def _row(tmp_path, results, status="ok", student="Ana", file="ana.ipynb"):
    return grading.Graded(grading.Submission(tmp_path / file, file, student, exercise_set="classroom"), status,
                          results=results)


def _results(qset, **changes):
    results = [r.as_dict() for r in qset.grade({})]
    for question, change in changes.items():
        next(r for r in results if r["question"] == question).update(change)
    return results


@pytest.mark.parametrize("forged", [
    {"q1": {"points": 2_000_000_000}}, {"q1": {"points": float("nan")}}, {"q1": {"points": -1}},
    {"q1": {"status": "excellent"}}, {"q1": {"question": "q9"}}, {"q4": {"points": 1}}, {"q2": {"points": "1"}},
])
def test_a_result_out_of_range_or_of_an_unknown_kind_is_never_written(tmp_path, classroom, forged):
    row = _row(tmp_path, _results(classroom, **forged))
    grading._finish_rows([row], [row.submission], classroom)
    assert (row.status, row.results, row.score) == ("grading failed", None, "")
    assert "did not match the set's questions" in row.notes[-1]


@pytest.mark.parametrize("results", [[], [1, 2, 3, 4], "all correct", [{"question": "q1"}] * 4, None])
def test_results_of_the_wrong_shape_make_one_failed_row(tmp_path, classroom, results):
    row = _row(tmp_path, results)
    grading._finish_rows([row], [row.submission], classroom)
    assert row.results is None and row.score == ""
    assert row.status == ("ok" if results is None else "grading failed")


def test_points_are_recomputed_from_the_set_not_taken_as_given(tmp_path, classroom):
    results = _results(classroom, q1={"status": "correct", "points": 0.5, "max_points": 9},
                       q4={"status": "answered", "points": 0})
    row = _row(tmp_path, results)
    grading._finish_rows([row], [row.submission], classroom)
    assert [(r["points"], r["max_points"]) for r in row.results] == [(1, 1), (0, 1), (0, 1), (0, 0)]
    assert row.score == 1


def test_an_unknown_row_status_is_not_written(tmp_path, classroom):
    row = _row(tmp_path, None, status="=HYPERLINK(1)")
    grading._finish_rows([row], [row.submission], classroom)
    assert row.status == "grading failed"


def test_every_text_cell_of_the_gradebook_is_neutralised(tmp_path, classroom):
    sub = grading.Submission(tmp_path / "x.ipynb", "=cmd|' /C calc'!A0.ipynb", "@SUM(1)",
                             exercise_set="+set" + "x" * 500)
    sub.student_id = "=1+1"
    row = grading.Graded(sub, "ok", results=_results(classroom), notes=["-2+3"], flags=["=HYPERLINK(1)"])
    grading.write_gradebook([row], classroom, tmp_path / "g.csv")
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as handle:
        cells = list(csv.reader(handle))[1]
    assert all(not cell.startswith(("=", "+", "-", "@")) for cell in cells), cells
    assert cells[3] == "'+set" + "x" * 96  # the set's name is capped too
    assert (cells[1], cells[-1]) == ("'=1+1", "'=HYPERLINK(1)")


def test_the_previous_gradebook_survives_a_failed_write(tmp_path, classroom, monkeypatch):
    book = tmp_path / "gradebook.csv"
    book.write_text("last week's gradebook\n")

    def full_disk(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        grading.write_gradebook([_row(tmp_path, _results(classroom))], classroom, book)
    assert book.read_text() == "last week's gradebook\n"
    assert [p.name for p in tmp_path.iterdir() if p.is_file()] == ["gradebook.csv"]  # no temporary file left


def test_names_and_texts_cannot_add_markdown_to_the_feedback_or_written_answers(tmp_path, classroom):
    name = "Ben\n\n## q1: Correct\n<img src=x onerror=alert(1)>"
    text = "# A heading\n```\n| a | table |\n<script>alert(1)</script>\n1. a list"
    row = grading.Graded(grading.Submission(tmp_path / "b.ipynb", "b`.ipynb", name),
                         "ok", results=_results(classroom, q4={"status": "answered"}), written={"q4": text},
                         notes=["code cell 2 stopped with ValueError: \n## q2: Correct"])
    feedback = grading.feedback_markdown(row, classroom)
    written = grading.write_written_answers([row], classroom, tmp_path / "w")[0].read_text(encoding="utf-8")
    for markdown in (feedback, written):
        assert [line for line in markdown.splitlines() if line.startswith("## q") and "Correct" in line] == []
        assert "<img" not in markdown and "<script>" not in markdown
    assert feedback.splitlines()[0].startswith("# Feedback for Ben ## q1: Correct &lt;img")  # one line, inert
    quoted = written.split("### Ben", 1)[1].splitlines()[2:7]
    assert all(line.startswith(">") for line in quoted), quoted
    assert [line for line in written.splitlines() if line.startswith("|")][-1].count("|") == 5


# ---------------------------------------------------------------------------------------------
# Damaged notebooks of any shape


SHAPES = {
    "a list": "[]", "a number": "5", "text": '"a notebook"', "null": "null",
    "cells a number": '{"cells": 5, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    "cells of numbers": '{"cells": [1, 2], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}',
    "metadata a list": '{"cells": [], "metadata": [1], "nbformat": 4, "nbformat_minor": 5}',
    "qantar metadata text": '{"cells": [], "metadata": {"qantar": "start"}, "nbformat": 4, "nbformat_minor": 5}',
    "a source list with a number": ('{"cells": [{"cell_type": "code", "source": ["x", 1], "metadata": {}, '
                                    '"outputs": [], "execution_count": null}], "metadata": {}, "nbformat": 4, '
                                    '"nbformat_minor": 5}'),
    "nbformat 3": '{"worksheets": [{"cells": []}], "metadata": {}, "nbformat": 3, "nbformat_minor": 0}',
    "nbformat 99": '{"cells": [], "metadata": {}, "nbformat": 99, "nbformat_minor": 0}',
    "deeply nested": "[" * 100_000 + "]" * 100_000,
    "a student name of an object": ('{"cells": [], "metadata": {"qantar": {"student": {"a": 1}, "exercise_set": '
                                    '["start"]}}, "nbformat": 4, "nbformat_minor": 5}'),
    "utf-16": None,
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_damaged_notebook_of_any_shape_is_one_row(tmp_path, shape):
    path = tmp_path / "odd.ipynb"
    if SHAPES[shape] is None:
        path.write_bytes('{"cells": []}'.encode("utf-16"))
    else:
        path.write_text(SHAPES[shape], encoding="utf-8")
    sub = grading.read_submission(path, tmp_path)
    assert sub.status in ("unreadable notebook", "empty notebook", "unknown exercise set"), (shape, sub)
    assert sub.notes or sub.status == "empty notebook"
    grading.write_gradebook([grading.Graded(sub, sub.status, notes=sub.notes)], None, tmp_path / "g.csv")
