"""The grader: a folder of generated submissions, fair and hostile, graded into one row each.

The submissions are made at test time from the start set's teacher and student notebooks (and from a
small exercise set written into tmp_path for written and function questions), so the tests do not depend
on the theme sets.
"""
import copy
import csv
import hashlib
import subprocess
import sys
import textwrap

import nbformat
import pytest

from qantar import cli, grading, notebooks
from qantar.exercises import SET_MODULES, load_set

TEACHER = notebooks.TEACHER_DIR / "00_start_here.ipynb"
STUDENT = notebooks.STUDENT_DIR / "00_start_here.ipynb"
LOOP_TIMEOUT = 8  # seconds per notebook: long enough for a fair notebook on a busy 2-core machine


def _read(path):
    return nbformat.read(path, as_version=4)


def _code_cell_index(nb, text):
    return next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and text in c.source)


def _answer(nb, var, source):
    """Put ``source`` into the answer cell that sets ``var``."""
    nb.cells[_code_cell_index(nb, f"{var} = ")].source = source
    return nb


def _after_import(nb, source):
    """Insert a code cell right after the import cell."""
    nb.cells.insert(_code_cell_index(nb, "import") + 1, nbformat.v4.new_code_cell(source))
    return nb


def _hashes(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def start_submissions(folder):
    """Write one submission of each kind; returns {file name: (expected status, q1, q2)}."""
    folder.mkdir(parents=True, exist_ok=True)
    teacher, student = _read(TEACHER), _read(STUDENT)
    expected = {}

    def save(name, nb, status, q1="", q2=""):
        nbformat.write(nb, str(folder / name))
        expected[name] = (status, q1, q2)

    def solved():
        nb = copy.deepcopy(student)
        _answer(nb, "number_of_cities", "number_of_cities = len(cities)")
        return _answer(nb, "capital_name", "capital_name = 'Nur-Sultan'")

    correct = copy.deepcopy(teacher)
    correct.metadata["qantar"]["student"] = "Aliya Nurlanovna"
    # Stored outputs claiming a result are never read.
    correct.cells[_code_cell_index(correct, "q1.check()")].outputs = [
        nbformat.v4.new_output("execute_result", {"text/plain": "q1: Correct."})]
    save("correct.ipynb", correct, "ok", "correct", "correct")

    partly = copy.deepcopy(student)
    _answer(partly, "number_of_cities", "number_of_cities = len(cities)")
    _answer(partly, "capital_name", "capital_name = 'Astana'\nq2.hint(1)")
    save("partly.ipynb", partly, "ok", "correct", "incorrect")

    blank = copy.deepcopy(student)
    fake = blank.cells[_code_cell_index(blank, "q1.check()")]
    fake.outputs = [nbformat.v4.new_output("stream", text="q1: Correct. Well done.\n")]
    save("blank.ipynb", blank, "ok", "not attempted", "not attempted")

    (folder / "not_json.ipynb").write_text('{"cells": [ this is not json', encoding="utf-8")
    expected["not_json.ipynb"] = ("unreadable notebook", "", "")
    (folder / "zero_bytes.ipynb").write_bytes(b"")
    expected["zero_bytes.ipynb"] = ("unreadable notebook", "", "")

    empty = nbformat.v4.new_notebook()
    empty.metadata["qantar"] = {"exercise_set": "start"}
    save("empty.ipynb", empty, "empty notebook", "not attempted", "not attempted")

    deleted = solved()
    del deleted.cells[_code_cell_index(deleted, "capital_name = ")]
    save("deleted_cell.ipynb", deleted, "ok", "correct", "not attempted")

    reordered = solved()
    q1_block = [c for c in reordered.cells if "number_of_cities" in c.source or "q1.check" in c.source
                or "Question 1" in c.source]
    reordered.cells = [c for c in reordered.cells if c not in q1_block] + q1_block
    save("reordered.ipynb", reordered, "ok", "correct", "correct")

    renamed = solved()
    _answer(renamed, "number_of_cities", "number_of_citys = len(cities)")
    save("renamed_variable.ipynb", renamed, "ok", "not attempted", "correct")

    loop = solved()
    loop.cells.insert(_code_cell_index(loop, "capital_name = "), nbformat.v4.new_code_cell("while True:\n    pass"))
    save("infinite_loop.ipynb", loop, "timeout", "correct", "not attempted")

    dies = solved()
    _after_import(dies, "import os\nos._exit(1)")
    save("kernel_dies.ipynb", dies, "kernel died")

    loud = solved()
    _after_import(loud, "print('x' * 3_000_000)\nfor i in range(2000):\n    print('line', i)")
    save("prints_megabytes.ipynb", loud, "ok", "correct", "correct")

    other = solved()
    other.metadata["qantar"]["exercise_set"] = "timeline"
    save("other_set.ipynb", other, "wrong exercise set")

    stripped = solved()
    del stripped.metadata["qantar"]
    save("stripped_metadata.ipynb", stripped, "ok", "correct", "correct")

    unknown = solved()
    del unknown.metadata["qantar"]
    unknown.cells[_code_cell_index(unknown, "import")].source = "from qantar import data\ncities = data.load('cities')\n____ = None"
    save("no_set_at_all.ipynb", unknown, "unknown exercise set")

    escape = solved()
    _after_import(escape, textwrap.dedent("""\
        import glob, os
        for target in ["escape.txt", "../escape.txt", "../../escape.txt"]:
            with open(target, "w") as handle:
                handle.write("written by a student cell")
        for path in glob.glob("*.ipynb") + glob.glob("../**/*.ipynb", recursive=True):
            with open(path, "w") as handle:
                handle.write("overwritten")
        os.chdir("..")
        """))
    save("writes_files.ipynb", escape, "ok", "correct", "correct")

    quiet = solved()
    _after_import(quiet, "import io, sys\nsys.stdout = io.StringIO()  # everything printed from now on is lost")
    save("replaced_stdout.ipynb", quiet, "ok", "correct", "correct")

    tamper = copy.deepcopy(student)
    _after_import(tamper, textwrap.dedent("""\
        import qantar.exercises.engine as engine
        engine.ValueQuestion.judge = lambda self, answer: ("correct", "Well done.")
        engine.Question.evaluate = lambda self, answer: engine.Result(self.name, "correct", "ok", 1, 1)"""))
    _answer(tamper, "number_of_cities", "number_of_cities = 3")
    save("tampered_checks.ipynb", tamper, "ok", "incorrect", "not attempted")

    nested = solved()
    (folder / "timur").mkdir()
    nbformat.write(nested, str(folder / "timur" / "00_start_here.ipynb"))
    expected["timur/00_start_here.ipynb"] = ("ok", "correct", "correct")
    return expected


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp("grading")
    folder = root / "submissions"
    expected = start_submissions(folder)
    before = _hashes(folder)
    code = cli.main(["grade", str(folder), "--out", str(root / "gradebook.csv"), "--feedback",
                     str(root / "feedback"), "--timeout", str(LOOP_TIMEOUT), "--jobs", "2", "--quiet"])
    with open(root / "gradebook.csv", newline="", encoding="utf-8") as handle:
        rows = {row["file"]: row for row in csv.DictReader(handle)}
    return {"root": root, "folder": folder, "expected": expected, "before": before, "rows": rows,
            "code": code}


def test_every_submission_gets_one_row_with_the_expected_statuses(graded):
    assert graded["code"] == 0
    rows, expected = graded["rows"], graded["expected"]
    assert set(rows) == set(expected)
    for name, (status, q1, q2) in expected.items():
        row = rows[name]
        assert (row["status"], row["q1"], row["q2"]) == (status, q1, q2), (name, row)
        assert row["total"] == "2"
        points = [q1, q2].count("correct")
        assert row["score"] == ("" if status in ("unreadable notebook", "kernel died", "wrong exercise set",
                                                 "unknown exercise set") else str(points)), name


def test_gradebook_columns_and_student_names(graded):
    rows = graded["rows"]
    first = next(iter(rows.values()))
    assert list(first) == ["student", "file", "exercise_set", "status", "q1", "q2", "score", "total", "notes"]
    assert rows["correct.ipynb"]["student"] == "Aliya Nurlanovna"  # from the notebook metadata
    assert rows["partly.ipynb"]["student"] == "partly"  # from the file name
    assert rows["timur/00_start_here.ipynb"]["student"] == "timur"  # from the student's folder
    assert rows["other_set.ipynb"]["exercise_set"] == "timeline"
    assert rows["stripped_metadata.ipynb"]["exercise_set"] == "start"


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
    start = load_set("start")
    files = {p.name: p.read_text(encoding="utf-8") for p in feedback.glob("*.md")}
    assert len(files) == len(graded["expected"])
    partly = files["partly.md"]
    assert "## q1: Correct" in partly and "## q2: Not yet" in partly
    assert "Next: Hint 2 of 2, `q2.hint(2)`" in partly
    blank = files["blank.md"]
    assert "Replace ____" in blank and start["q1"].hints[0] in blank
    assert "Status: kernel died" in files["kernel_dies.md"] and "No question could be checked" in files["kernel_dies.md"]
    for text in files.values():
        for q in start:
            assert q.solution_code not in text and q.explanation not in text
        assert "Nur-Sultan" not in text


def test_hints_read_moves_the_next_hint_on():
    assert grading.hints_read(["q1.hint()\n# q2.hint(2)\nq3.hint(2); q3.hint(1)"]) == {"q1": 1, "q3": 2}
    q = load_set("start")["q1"]
    assert "Hint 2 of 2" in grading._next_hint(q, "incorrect", 1)
    assert "read all its hints" in grading._next_hint(q, "incorrect", 2)
    assert grading._next_hint(q, "correct", 0) == ""


def test_the_set_is_found_from_metadata_or_the_import_line():
    assert grading.set_from_imports(["x = 1", "from qantar.exercises.start import *"]) == "start"
    assert grading.set_from_imports(["import qantar.exercises.wealth as w"]) == "wealth"
    assert grading.set_from_imports(["from qantar import data"]) == ""


def test_a_printed_marker_from_a_student_is_not_the_result():
    marker = "@@m@@"
    assert grading.parse_grader_output('@@m@@{"results": []}@@m@@\n', marker) == {"results": []}
    assert grading.parse_grader_output("no marker here", marker) is None
    assert grading.parse_grader_output("@@m@@not json@@m@@", marker) is None


def test_feedback_files_never_overwrite_each_other(tmp_path):
    rows = [grading.Graded(grading.Submission(tmp_path / f, f, "x"), "unreadable notebook")
            for f in ("a b.ipynb", "a_b.ipynb", "A_B.ipynb")]
    written = grading.write_feedback(rows, None, tmp_path / "fb")
    assert sorted(p.name for p in written) == ["A_B.md", "a_b-2.md", "a_b-3.md"]


def test_spreadsheet_formulas_in_names_are_neutralised():
    assert grading._safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert grading._safe_cell("Aliya") == "Aliya"


def test_an_empty_or_missing_folder(tmp_path, capsys):
    assert cli.main(["grade", str(tmp_path / "nothing"), "--out", str(tmp_path / "g.csv")]) == 2
    (tmp_path / "empty").mkdir()
    assert cli.main(["grade", str(tmp_path / "empty"), "--out", str(tmp_path / "g.csv"), "--quiet"]) == 2
    assert "No .ipynb" in capsys.readouterr().out
    assert cli.main(["grade", str(tmp_path / "empty"), "--set", "nosuchset", "--quiet"]) == 2


# ---------------------------------------------------------------------------------------------
# A set with a function and a written question, written into tmp_path for these tests

PRACTICE = '''
from qantar.exercises.engine import FunctionQuestion, QuestionSet, ValueQuestion, WrittenQuestion, ____

QUESTIONS = QuestionSet("practice", "Practice: a number, a function and a written answer", [
    ValueQuestion(name="q1", var="answer_number", prompt="What is 6 times 7?", expected=42,
                  hints=["Multiply.", "Use the * operator."], solution_code="answer_number = 6 * 7"),
    FunctionQuestion(name="q2", var="double", prompt="Write a function double(x) that returns twice x.",
                     cases=[((2,), 4), ((5,), 10)], hints=["def double(x): ...", "return 2 * x"],
                     solution_code="def double(x):\\n    return 2 * x"),
    WrittenQuestion(name="q3", var="why_sources", prompt="Why compare two sources of one event?",
                    model_answer="Because each source has its own purpose.", min_words=5,
                    rubric=["Restates the question.", "Names one reason.", "Names reasons with an example."],
                    hints=["Think of who wrote each source."], solution_code="why_sources = 'x'"),
])
q1, q2, q3 = QUESTIONS
__all__ = ["q1", "q2", "q3", "____", "QUESTIONS"]
'''


@pytest.fixture
def practice_set(tmp_path, monkeypatch):
    """Register the practice set in this process and make it importable in the graders' kernels."""
    modules = tmp_path / "modules"
    modules.mkdir()
    (modules / "qgrade_practice.py").write_text(PRACTICE, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    monkeypatch.setenv("PYTHONPATH", str(modules))
    monkeypatch.setitem(SET_MODULES, "practice", "qgrade_practice")
    return load_set("practice")


def practice_notebook(answers: str, student=None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["qantar"] = {"exercise_set": "practice"}
    if student:
        nb.metadata["qantar"]["student"] = student
    nb.cells = [nbformat.v4.new_code_cell("from qgrade_practice import *"), nbformat.v4.new_code_cell(answers)]
    return nb


def test_written_answers_are_exported_side_by_side_with_the_rubric(tmp_path, practice_set):
    folder = tmp_path / "subs"
    folder.mkdir()
    nbs = {
        "ana.ipynb": practice_notebook("answer_number = 42\ndef double(x):\n    return 2 * x\n"
                                       "why_sources = 'Each source was written for a purpose and an audience.'"),
        "ben.ipynb": practice_notebook("answer_number = 41\ndouble = ____\nwhy_sources = 'Too short.'", "Ben K."),
        "cara.ipynb": practice_notebook("answer_number = ____\ndef double(x):\n    while True:\n        pass\n"
                                        "why_sources = '''A line.\\n\\nAnother paragraph | with a pipe here.'''"),
        "dan.ipynb": practice_notebook("answer_number = 42"),
    }
    for name, nb in nbs.items():
        nbformat.write(nb, str(folder / name))
    before = _hashes(folder)
    report = grading.grade_folder(folder, out=tmp_path / "out" / "gradebook.csv", feedback_dir=tmp_path / "fb",
                                  timeout=20, jobs=2, progress=False, question_limit=2)
    assert _hashes(folder) == before
    rows = {r.submission.file: r for r in report.rows}
    statuses = {f: [x["status"] for x in r.results] for f, r in rows.items()}
    assert statuses == {"ana.ipynb": ["correct", "correct", "answered"],
                        "ben.ipynb": ["incorrect", "not attempted", "incorrect"],
                        "cara.ipynb": ["not attempted", "error", "answered"],
                        "dan.ipynb": ["correct", "not attempted", "not attempted"]}
    assert "took more than 2 seconds" in rows["cara.ipynb"].results[1]["message"]
    assert [r.score for r in report.rows if r.submission.file == "ana.ipynb"] == [2]
    with open(tmp_path / "out" / "gradebook.csv", newline="") as handle:
        book = list(csv.DictReader(handle))
    assert [r["total"] for r in book] == ["2"] * 4  # written questions carry no auto-checked points
    assert [p.name for p in report.written_files] == ["practice_q3.md"]
    text = report.written_files[0].read_text(encoding="utf-8")
    assert report.written_files[0].parent == tmp_path / "out" / "written_answers"
    for level in practice_set["q3"].rubric:
        assert level in text
    assert "Each source was written for a purpose" in text and "> Another paragraph | with a pipe" in text
    assert "### Ben K. (`ben.ipynb`)" in text and "| Ben K. | incorrect | 2 | |" in text
    assert "*No written answer (not attempted).*" in text
    assert text.index("### ana") < text.index("### Ben K.") < text.index("### cara") < text.index("### dan")
    feedback = (tmp_path / "fb" / "ana.md").read_text(encoding="utf-8")
    assert "## q3: Answer recorded" in feedback and "Because each source" not in feedback


def test_grader_cell_recomputes_in_a_clean_namespace(tmp_path):
    """Student names that shadow builtins (print, json, dict) do not break the added cell. It runs in
    a subprocess: the cell re-imports qantar, which must not happen inside the test process."""
    source = grading.grader_cell_source("qantar.exercises.start", "@@x@@", 3)
    script = ("from qantar.exercises.start import *\nnumber_of_cities = len(cities)\n"
              "print = None\njson = None\ndict = None\n" + source)
    (tmp_path / "cell.py").write_text(script, encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "cell.py")], capture_output=True, text=True,
                          timeout=120)
    payload = grading.parse_grader_output(done.stdout, "@@x@@")
    assert payload is not None, done.stderr
    assert [r["status"] for r in payload["results"]] == ["correct", "not attempted"]
