"""A teacher's own assignment, from the teacher's notebook to a graded gradebook (`qantar assign`, `qantar grade
--key`), and assessed builds of the kit's sets, whose questions hold no answer a student could reach."""
import csv
import json
import subprocess
import sys

import nbformat
import pytest

from qantar import cli, grading
from qantar.assignments import MATERIALS, AssignError, assessed_kit_set, assign, load_key, release
from qantar.assignments.build import questions_from, run_teacher
from qantar.assignments.kit import kit_notebook
from qantar.assignments.teacher import parse
from qantar.exercises import SET_MODULES, load_set
from qantar.exercises.assessed import assignment
from qantar.grading.submissions import solutions_read
from qantar.notebooks import ROOT

EXAMPLE = ROOT / "exercises" / "assignments" / "emergency_lifted_teacher.ipynb"
SHIPPED = ROOT / "exercises" / "assignments" / "emergency_lifted.ipynb"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return assign(EXAMPLE, tmp_path_factory.mktemp("build"))


def _secrets(qset) -> list[str]:
    """Texts of a key that must not be in a student notebook: expected values, chosen options' reasons,
    model answers and solution code (each line long enough to be telling)."""
    found = []
    for q in qset:
        if q.kind == "value":
            found.append(str(q.expected_value()))
        if q.kind == "written":
            found += [s for s in q.model_answer.split(". ") if len(s) > 30]
        if q.kind == "function":
            found += [str(result) for _, result in (q.cases() if callable(q.cases) else q.cases)]
        found += [line.strip() for line in q.solution_code.splitlines() if len(line.strip()) > 25]
        found += [q.explanation] if q.explanation else []
    return [s for s in found if len(s) >= 2]


def _answered(student, answers: dict) -> nbformat.NotebookNode:
    nb = nbformat.read(student, as_version=4)
    for cell in nb.cells:
        for blank, answer in answers.items():
            cell.source = cell.source.replace(blank, answer)
    return nb


# ---------------------------------------------------------------------------------------------
# The worked example, end to end


def test_the_student_notebook_holds_no_key(built):
    key = load_key(built.key)
    text = built.student.read_text(encoding="utf-8")
    nb = json.loads(text)
    assert built.warnings == []
    assert set(nb["metadata"]) == {"kernelspec", "language_info", "qantar"}
    assert nb["metadata"]["qantar"] == {"exercise_set": "emergency_lifted", "version": "assessed",
                                        "assignment_id": key.id}
    for cell in nb["cells"]:
        folded = cell["source"][0].startswith("# The questions of this notebook")
        assert cell["metadata"] == ({"jupyter": {"source_hidden": True}} if folded else {})
        assert not cell.get("outputs") and "attachments" not in cell
    for secret in _secrets(key.qset):
        if secret not in ("10", "8", "11", "14"):  # numbers that short appear in any text (dates, prompts)
            assert secret not in text, secret
    for word in ("model_answer", "solution_code", "expected", '"solution"', '"question"', "teacher-only"):
        assert word not in text
    assert "karaganda_lifted = ____" in text and "def days_between(region):" in text
    assert "Gives a date without saying where it comes from." in text  # the written question shows its rubric


def test_attachments_outputs_and_teacher_cells_stay_behind(built):
    from qantar.assignments.build import student_notebook

    nb = nbformat.read(EXAMPLE, as_version=4)
    prompt = _cell(nb.cells, "**Question 2")
    prompt.source += "\n\n![map](attachment:map.png)"
    prompt.attachments = {"map.png": {"image/png": "c2hvd24="}, "key.png": {"image/png": "c2VjcmV0"}}
    note = _cell(nb.cells, "**Teacher's note")
    note.attachments = {"answers.png": {"image/png": "dGVhY2hlcg=="}}
    given = _cell(nb.cells, "sources(")
    given.outputs = [nbformat.v4.new_output("stream", text="the answer is 2022-01-14")]
    given.metadata["secret"] = "2022-01-14"
    key = load_key(built.key)
    text = nbformat.writes(student_notebook(parse(nb, EXAMPLE), list(key.qset), key.id))
    assert "c2hvd24=" in text  # the picture the question shows
    for hidden in ("c2VjcmV0", "dGVhY2hlcg==", "2022-01-14", "Teacher's note", '"secret"'):
        assert hidden not in text, hidden


def test_the_key_is_the_teachers_alone(built):
    assert built.key.stat().st_mode & 0o077 == 0


def test_the_key_holds_every_answer_from_the_teachers_run(built):
    qset = load_key(built.key).qset
    assert [q.kind for q in qset] == ["value", "value", "choice", "function", "written"]
    emergency = __import__("qantar.data", fromlist=["load"]).load("emergency")
    assert qset["q1"].expected_value() == int((emergency["end"] < "2022-01-19").sum())
    assert str(qset["q2"].expected_value()) == "2022-01-14"
    assert qset["q3"].answer == "earlier"
    assert [result for _, result in qset["q4"].cases] == [11, 8, 14]
    assert qset["q5"].model_answer.strip().startswith("I would give 5 January 2022")


def test_the_shipped_student_notebook_is_the_build_of_the_teachers(built):
    assert SHIPPED.read_text(encoding="utf-8") == built.student.read_text(encoding="utf-8")


def test_the_worked_example_goes_from_assign_to_a_graded_gradebook(built, tmp_path):
    subs = tmp_path / "subs"
    right = {"lifted_before_19_january = ____": "lifted_before_19_january = 10",
             "karaganda_lifted = ____": "karaganda_lifted = '2022-01-14'",
             "shymkent_compared = ____": "shymkent_compared = 'earlier'",
             "days_between = ____": "def days_between(region):\n"
                                    "    row = emergency.loc[emergency['region'] == region].iloc[0]\n"
                                    "    return (row['end'] - row['start']).days",
             "start_date_answer = ____": 'start_date_answer = """I would give 5 January 2022, the date of the '
                                         "decree as Kazinform reported it, and say it was published overnight "
                                         'and that no source reports the hour it took effect."""'}
    for student, answers, extra in (("ana", right, ""), ("ben", {"lifted_before_19_january = ____":
                                                                  "lifted_before_19_january = '10'"}, ""),
                                    ("cem", right, "q3.solution()\nq4.hint(2)\n# q1.solution()")):
        nb = _answered(built.student, answers)
        if extra:
            nb.cells.append(nbformat.v4.new_code_cell(extra))
        (subs / student).mkdir(parents=True)
        nbformat.write(nb, str(subs / student / "emergency_lifted.ipynb"))
    report = grading.grade_folder(subs, out=tmp_path / "gradebook.csv", feedback_dir=tmp_path / "fb",
                                  key=built.key, progress=False)
    rows = {r["student"]: r for r in csv.DictReader(open(tmp_path / "gradebook.csv", encoding="utf-8"))}
    assert report.exercise_set == "emergency_lifted"
    assert [rows["ana"][q] for q in ("q1", "q2", "q3", "q4", "q5")] == ["correct"] * 4 + ["answered"]
    assert (rows["ana"]["score"], rows["ana"]["total"], rows["ana"]["notes"]) == ("4", "4", "")
    assert rows["ben"]["q1"] == "incorrect" and rows["ben"]["score"] == "0"
    # the blanks ben left as handed out, the function's and the written answer's too, are not attempted
    assert [rows["ben"][q] for q in ("q2", "q3", "q4", "q5")] == ["not attempted"] * 4
    assert rows["cem"]["flags"].startswith("answer shown by the code for q3;")  # a flag, not a note as well
    assert "hints read: q4 up to hint 2" in rows["cem"]["notes"] and "q1 (" not in rows["cem"]["notes"]
    feedback = (tmp_path / "fb" / "cem__emergency_lifted.md").read_text(encoding="utf-8")
    assert "asks for this question's answer (1 time, e.g. `q3.solution()`)" in feedback
    assert (tmp_path / "written_answers" / "emergency_lifted_q5.md").exists()


def test_a_key_for_another_assignment_is_one_line_before_anything_runs(built, tmp_path, capsys):
    subs = tmp_path / "subs"
    subs.mkdir()
    nbformat.write(nbformat.read(ROOT / "exercises" / "00_start_here.ipynb", as_version=4), str(subs / "ana.ipynb"))
    code = cli.main(["grade", str(subs), "--key", str(built.key), "--out", str(tmp_path / "g.csv"), "--quiet"])
    out = capsys.readouterr().out
    assert code == 2 and "Traceback" not in out
    assert out.strip().splitlines() == [f"Cannot grade: the key {built.key} is for the assignment "
                                        "'emergency_lifted', but the submissions are 'start'"]
    assert not (tmp_path / "g.csv").exists()


@pytest.mark.parametrize("argv, says", [
    (["--key", "{missing}"], "does not exist"),
    (["--key", "{notebook}"], "is not a key file from `qantar assign`"),
    (["--key", "{key}", "--set", "start"], "give --key (a teacher's assignment) or --set (a kit set), not both"),
])
def test_bad_key_values_are_one_line(built, tmp_path, capsys, argv, says):
    subs = tmp_path / "subs"
    subs.mkdir()
    values = {"missing": tmp_path / "nothing.key.json", "notebook": built.student, "key": built.key}
    argv = [a.format(**values) for a in argv]
    code = cli.main(["grade", str(subs), *argv, "--out", str(tmp_path / "g.csv"), "--quiet"])
    lines = capsys.readouterr().out.strip().splitlines()
    assert code == 2 and len(lines) == 1 and says in lines[0] and lines[0].startswith("Cannot grade: ")


# ---------------------------------------------------------------------------------------------
# A teacher notebook marked wrongly: one line each, nothing written


def _teacher_nb(edit):
    nb = nbformat.read(EXAMPLE, as_version=4)
    edit(nb.cells)
    return nb


def _cell(cells, start: str):
    return next(c for c in cells if c.source.startswith(start))


def _retag(cells, start, tag):
    _cell(cells, start).metadata["tags"] = [tag]


def _set_source(cells, start, old, new):
    cell = _cell(cells, start)
    cell.source = cell.source.replace(old, new)


@pytest.mark.parametrize("edit, says", [
    (lambda cells: _set_source(cells, "name: q2", "name: q2", "name: q1"),
     "two questions are named 'q1' (cells 7 and 10): give each its own name"),
    (lambda cells: _retag(cells, "karaganda_lifted =", "solutions"),
     "cell 12 has the tag 'solutions', which qantar assign does not know (did you mean solution?); its tags are "
     "assignment, question, solution, teacher-only"),
    (lambda cells: _retag(cells, "karaganda_lifted =", "qantar:solution"),
     "has the tag 'qantar:solution', which qantar assign does not know (did you mean solution?)"),
    (lambda cells: _retag(cells, "name: q2", "qestion"),
     "has the tag 'qestion', which qantar assign does not know (did you mean question?)"),
    (lambda cells: _retag(cells, "karaganda_lifted =", "raises-exception"),
     "question q2 (cell 10) has no answer: add a code cell tagged `solution` that sets `karaganda_lifted`"),
    (lambda cells: _set_source(cells, "name: q3", "option: later\n", ""),
     None),  # two options are still enough: no problem here
    (lambda cells: _set_source(cells, "name: q3", "option: later\noption: the same day\n", ""),
     "a choice question needs two `option:` lines or more"),
    (lambda cells: _set_source(cells, "name: q1", "kind: value", "kind: number"),
     "kind 'number' is not one of value, choice, written, function"),
    (lambda cells: _set_source(cells, "name: q1", "name: q1", "name: task-1"),
     "the name 'task-1' should be q and a number, like q1"),
    (lambda cells: _set_source(cells, "name: q1", "hint:", "hnit:"),
     "unknown key `hnit:` (did you mean `hint:`?)"),
    (lambda cells: _set_source(cells, "name: q5", "rubric: Gives a date and", "rubrics: x"),
     "unknown key `rubrics:` (did you mean `rubric:`?)"),
])
def test_a_teacher_notebook_marked_wrongly_is_one_line(edit, says):
    nb = _teacher_nb(edit)
    if says is None:
        parse(nb, EXAMPLE)
        return
    with pytest.raises(AssignError) as raised:
        parse(nb, EXAMPLE)
    message = str(raised.value)
    assert says in message and "\n" not in message


def test_a_solution_that_sets_nothing_is_a_missing_answer(tmp_path, capsys):
    nb = _teacher_nb(lambda cells: _set_source(cells, "karaganda_lifted =", "karaganda_lifted =", "karaganda_date ="))
    path = tmp_path / "broken_teacher.ipynb"
    nbformat.write(nb, str(path))
    code = cli.main(["assign", str(path), "--out", str(tmp_path / "out")])
    out = capsys.readouterr().out.strip().splitlines()
    assert code == 2 and out == ["Cannot assign: question q2 (cell 10) has no answer: its solution cell did not "
                                 "set `karaganda_lifted` when the notebook ran"]
    assert not (tmp_path / "out").exists()


def test_an_expected_line_that_disagrees_with_the_solution_is_caught():
    nb = _teacher_nb(lambda cells: _set_source(cells, "name: q1", "kind: value", "kind: value\nexpected: 9"))
    t = parse(nb, EXAMPLE)
    with pytest.raises(AssignError) as raised:
        questions_from(t, run_teacher(t))
    assert str(raised.value) == ("question q1 (cell 7): its solution gives '10' but its `expected:` line says '9': "
                                 "which is right?")


# ---------------------------------------------------------------------------------------------
# What a student calls in an assessed notebook


def _questions():
    return assignment({"exercise_set": "demo", "questions": [
        {"name": "q1", "var": "a", "kind": "value", "wants": "number", "hints": ["Count the rows."]},
        {"name": "q2", "var": "b", "kind": "choice", "options": ["earlier", "later"]},
        {"name": "q3", "var": "c", "kind": "written", "rubric": ["weak", "strong"], "min_words": 5},
        {"name": "q4", "var": "d", "kind": "value", "wants": "date"},
        {"name": "q5", "var": "e", "kind": "function"}]})


@pytest.mark.parametrize("question, answer, status, says", [
    ("q1", "12", "incorrect", "Give it as a number, without quotes"),
    ("q1", float("nan"), "incorrect", "NaN"),
    ("q1", 12, "answered", "Your answer is a number, the form this question wants. Your teacher marks it"),
    ("q2", "sooner", "incorrect", "is not one of the options. Choose one of: 'earlier', 'later'"),
    ("q2", "Later", "answered", "the form this question wants"),
    ("q3", "too short", "incorrect", "aim for at least 5"),
    ("q4", "14 January", "incorrect", "could not be read as a date"),
    ("q4", "2022-01-14", "answered", "Your answer is a date"),
    ("q5", 3, "incorrect", "should be a function"),
    ("q5", len, "answered", "Your answer is a function"),
])
def test_an_assessed_check_judges_the_form_only(question, answer, status, says):
    q = dict(zip(["q1", "q2", "q3", "q4", "q5"], _questions()))[question]
    result = q.check(answer)
    assert (result.status, result.points) == (status, 0.0) and says in result.message


def test_a_function_still_returning_the_blank_is_not_attempted():
    namespace = {}
    exec("from qantar.exercises.assessed import ____\ndef days_between(region):\n    return ____", namespace)
    result = _questions()[4].check(namespace["days_between"])
    assert result.status == "not attempted" and "still has ____ in it" in result.message


def test_an_assessed_summary_counts_forms_not_points():
    summary = _questions().summary({"a": 3, "b": "sooner", "c": "one two three four five six"})
    assert repr(summary).splitlines() == [
        "q1: Answer recorded", "q2: Not yet", "q3: Answer recorded", "q4: Not attempted", "q5: Not attempted",
        "2 of 5 answers have the form their question wants. Your teacher marks them with the answer key."]
    assert "Score" not in summary._repr_html_()


def test_solution_and_rubric_in_an_assessed_notebook():
    q1, _, q3, _, _ = _questions()
    assert "solutions are not in this notebook" in str(q1.solution())
    assert "1. weak\n2. strong" in str(q3.show_rubric()) and "1. weak" in str(q3.solution())
    assert "Hint 1 of 1" in str(q1.hint())


def test_solutions_read_counts_calls_and_key_attributes_not_comments():
    code = ["q2.solution()\nq2.solution( )\n# q3.solution()\nx = q1.expected_value()", "print(q4.answer)",
            "question.answer = quotes.expected",
            "q5.model()  # and q6.solution() in a comment", "q7.hint(2)\nq8.check()\nsolution()"]
    assert solutions_read(code) == {"q2": 2, "q1": 1, "q4": 1, "q5": 1}


# ---------------------------------------------------------------------------------------------
# Assessed builds of the kit's sets


def test_materials_give_each_set_its_names_without_its_questions():
    import pandas as pd

    for name in SET_MODULES:
        module = __import__(SET_MODULES[name], fromlist=["__all__"])
        qset = load_set(name)
        lesson = getattr(module, "LESSON", [])
        withheld = {"QUESTIONS", "LESSON", "____", *qset.variables, *(q.name for q in qset),
                    *(q.name for q in lesson)}
        wanted = set(module.__all__) - withheld
        namespace = {}
        exec(MATERIALS[name], namespace)
        made = {n for n in namespace if not n.startswith("_")}
        assert wanted <= made, (name, wanted - made)
        for n in wanted:
            if isinstance(getattr(module, n), pd.DataFrame):
                pd.testing.assert_frame_equal(namespace[n], getattr(module, n), obj=f"{name}.{n}")


# Run in a fresh interpreter: the set-up cell of each assessed notebook, then every way a student might look.
PROBE = r"""
import gc, inspect, json, sys
nb = json.load(open(sys.argv[1]))
setup = next(''.join(c['source']) for c in nb['cells'] if ''.join(c['source']).find('assignment(') > 0)
ns = {}
exec(setup, ns)
from qantar.exercises.engine import Question
texts, vars_worked = {}, False
for q in ns['QUESTIONS']:
    seen = [repr(q), str(q.solution()), str(q.show_rubric())] + [str(q.hint(n)) for n in range(1, 6)]
    for attr in dir(q):
        try:
            value = getattr(q, attr)
        except Exception:
            continue
        seen.append(repr(value))
        if callable(value):
            try:
                seen.append(inspect.getsource(value))
            except (TypeError, OSError):
                pass
    try:
        vars(q)
        vars_worked = True
    except TypeError:
        pass
    texts[q.name] = '\n'.join(seen)
print(json.dumps({
    "texts": texts,
    "modules": sorted(m for m in sys.modules if m.startswith('qantar.exercises.')
                      and m.split('.')[-1] in ('start', 'timeline', 'wealth', 'actors', 'reading')),
    "questions_in_memory": sum(isinstance(o, Question) for o in gc.get_objects()),
    "vars": vars_worked,
    "names": sorted(n for n in dir(ns['QUESTIONS'][0]) if not n.startswith('_')),
}))
"""


@pytest.mark.parametrize("name", list(SET_MODULES))
def test_an_assessed_kit_set_has_no_reachable_solutions(name, tmp_path):
    built = assessed_kit_set(name, tmp_path)
    qset = load_set(name)
    run = subprocess.run([sys.executable, "-c", PROBE, str(built.student)], capture_output=True, text=True,
                         timeout=300, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-2000:]
    found = json.loads(run.stdout.strip().splitlines()[-1])
    assert found["modules"] == [] and found["questions_in_memory"] == 0 and not found["vars"]
    assert not {"answer", "expected", "expected_value", "model", "model_answer", "solution_code",
                "explanation", "cases", "mistakes", "kit"} & set(found["names"])
    text = built.student.read_text(encoding="utf-8")
    assert f"from qantar.exercises.{name} import" not in text
    practice = kit_notebook(name).read_text(encoding="utf-8")  # what the kit's notebook gives anyway
    for q in qset:
        # What the question itself shows (its prompt, the options to choose from) is no secret.
        public = q.prompt + " ".join(getattr(q, "options", [])) + practice
        secrets = [s for s in _secrets([q]) if len(s) >= 6 and s not in public]
        assert [s for s in secrets if s in found["texts"][q.name]] == [], q.name
        assert [s for s in secrets if s in text and s not in practice and len(s) >= 20] == [], q.name


def test_an_assessed_kit_notebook_is_graded_with_the_kit_set(tmp_path):
    built = assessed_kit_set("start", tmp_path / "build")
    q1 = load_set("start")["q1"]
    nb = _answered(built.student, {f"{q1.var} = ____": q1.solution_code})
    (tmp_path / "subs").mkdir()
    nbformat.write(nb, str(tmp_path / "subs" / "ana.ipynb"))
    grading.grade_folder(tmp_path / "subs", out=tmp_path / "g.csv", progress=False)
    row = next(csv.DictReader(open(tmp_path / "g.csv", encoding="utf-8")))
    assert (row["exercise_set"], row["status"], row["q1"], row["q2"]) == ("start", "ok", "correct", "not attempted")


def test_release_shows_the_solutions(built, tmp_path, capsys):
    assert cli.main(["release", str(built.student), "--out", str(tmp_path)]) == 2
    assert "give its key with --key" in capsys.readouterr().out
    assert cli.main(["release", str(built.student), "--key", str(built.key), "--out", str(tmp_path)]) == 0
    released = tmp_path / "emergency_lifted_released.ipynb"
    setup = next(c.source for c in nbformat.read(released, as_version=4).cells if "assignment(" in c.source)
    ns = {}
    exec(setup, ns)
    assert "emergency.loc[emergency[\"region\"] == \"Karaganda Region\"" in str(ns["q2"].solution())
    assert "I would give 5 January 2022" in str(ns["q5"].solution())
    kit = release(assessed_kit_set("timeline", tmp_path / "kit").student, tmp_path / "kit")
    setup = next(c.source for c in nbformat.read(kit.student, as_version=4).cells if "assignment(" in c.source)
    ns = {}
    exec(setup, ns)
    assert load_set("timeline")["q1"].solution_code.strip() in str(ns["q1"].solution())


def test_assign_on_the_command_line(tmp_path, capsys):
    assert cli.main(["assign"]) == 2
    assert capsys.readouterr().out.strip() == ("Cannot assign: give a teacher notebook (qantar assign "
                                               "teacher.ipynb) or --kit-set NAME, one of them")
    assert cli.main(["assign", "--kit-set", "timetable", "--out", str(tmp_path)]) == 2
    assert capsys.readouterr().out.strip() == ("Cannot assign: unknown exercise set 'timetable'; the kit's sets "
                                               "are start, timeline, wealth, actors, reading")
    assert cli.main(["assign", str(tmp_path / "none.ipynb")]) == 2
    assert capsys.readouterr().out.strip() == f"Cannot assign: {tmp_path / 'none.ipynb'} does not exist"
    assert cli.main(["assign", "--kit-set", "timeline", "--out", str(tmp_path / "assessed")]) == 0
    out = capsys.readouterr().out
    assert f"Student notebook (hand this out): {tmp_path / 'assessed' / '01_timeline.ipynb'}" in out
    assert cli.main(["release", str(tmp_path / "assessed" / "01_timeline.ipynb"), "--out", str(tmp_path / "rel")]) == 0
    assert (tmp_path / "rel" / "01_timeline_released.ipynb").exists()
    assert cli.main(["release", str(tmp_path / "rel" / "01_timeline_released.ipynb")]) == 2
    assert "is not an assessed notebook from `qantar assign`" in capsys.readouterr().out


def test_an_assessed_notebook_without_its_metadata_is_found_by_its_set_up_cell(built, tmp_path):
    from qantar.grading.submissions import read_submission

    nb = nbformat.read(built.student, as_version=4)
    nb.metadata = {}
    nbformat.write(nb, str(tmp_path / "ana.ipynb"))
    sub = read_submission(tmp_path / "ana.ipynb", tmp_path, known={"emergency_lifted": "qantar.exercises.assessed"})
    assert (sub.exercise_set, sub.status) == ("emergency_lifted", "")
    assert sub.notes == ["exercise set found from the set-up cell (the notebook metadata was missing)"]
    kit = nbformat.read(assessed_kit_set("wealth", tmp_path / "kit").student, as_version=4)
    kit.metadata = {}
    nbformat.write(kit, str(tmp_path / "ben.ipynb"))
    assert read_submission(tmp_path / "ben.ipynb", tmp_path).exercise_set == "wealth"


def test_a_notebook_cannot_read_the_key_it_is_graded_against(built, tmp_path, monkeypatch):
    from qantar.grading import sandbox

    # The key in a folder the sandbox shows (one on PYTHONPATH), where a notebook could look for it.
    shown = tmp_path / "shown"
    shown.mkdir()
    key = shown / "emergency_lifted.key.json"
    key.write_bytes(built.key.read_bytes())
    shown.chmod(0o755)
    key.chmod(0o644)  # readable by anyone: only the sandbox's cover keeps it from the notebook
    monkeypatch.setenv("PYTHONPATH", str(shown))
    if sandbox.find_sandbox()[0] is None:
        pytest.skip("no sandbox on this machine: without one, a notebook runs as the teacher and reads anything")
    nb = nbformat.read(built.student, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        f"import json\nlifted_before_19_january = json.load(open({str(key)!r}))['questions'][0]['expected']"))
    (tmp_path / "subs").mkdir()
    nbformat.write(nb, str(tmp_path / "subs" / "eve.ipynb"))
    grading.grade_folder(tmp_path / "subs", out=tmp_path / "g.csv", key=key, progress=False, sandbox="on")
    row = next(csv.DictReader(open(tmp_path / "g.csv", encoding="utf-8")))
    assert row["q1"] == "not attempted" and "code cell 14 stopped with" in row["notes"]  # nothing to read


def test_a_teacher_notebook_that_stops_with_an_error_is_one_line(tmp_path, capsys):
    nb = _teacher_nb(lambda cells: _set_source(cells, "from qantar import data", 'data.load("emergency")',
                                               'data.load("emergencies")'))
    nbformat.write(nb, str(tmp_path / "broken_teacher.ipynb"))
    assert cli.main(["assign", str(tmp_path / "broken_teacher.ipynb"), "--out", str(tmp_path / "out")]) == 2
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1 and out[0].startswith("Cannot assign: the teacher notebook did not run to the end (code "
                                               "cell 1 stopped with ")
    assert out[0].endswith("fix it and run it in Jupyter first") and not (tmp_path / "out").exists()


def test_the_feedback_repeats_a_question_whole_or_cut_at_a_word_visibly():
    from qantar.assignments.build import PROMPT_CHARS, _prompt

    question = "**Question 5 (written).** In a report, which start date would you give? Write it in `answer`."
    assert _prompt(question) == "In a report, which start date would you give? Write it in `answer`."
    long = "**Question 6.** " + "word " * PROMPT_CHARS
    cut = _prompt(long)
    assert cut.endswith(" …") and len(cut) <= PROMPT_CHARS + 2 and cut[:-2].split(" ")[-1] == "word"
