"""The teacher guide names only things that exist, and its "Adding a question" example works.

- every file path the guide names exists;
- every exercise it names (``timeline.q3``, ``wealth.q1–q8``) exists, and those it calls "(written)" are
  written questions with a rubric;
- every notebook section it quotes ("2. The spread") is a heading of the notebook named on that line;
- the documented example, pasted into a new set with a teacher notebook, comes out of the generator as a
  student question with its check, hints and solution, and the grader marks it.
"""
import re
import textwrap

import nbformat
import pytest

from qantar import grading, notebooks
from qantar.data import ROOT
from qantar.exercises import SET_MODULES, available_sets, load_set
from qantar.exercises.engine import CORRECT, NOT_ATTEMPTED, ____

GUIDE = ROOT / "exercises" / "TEACHER_GUIDE.md"
TEXT = GUIDE.read_text(encoding="utf-8")

# Files of a theme still being written when the guide was: a missing one is skipped with a note instead of
# failing. Empty since every theme notebook exists; add a path here only while its theme is in progress.
PENDING: set[str] = set()

_PATH_RE = re.compile(r"(?<![\w/.-])((?:notebooks|exercises|datasets|src|benchmarks|tests)/[\w./-]*\w"
                      r"|README\.md|CONTRIBUTING\.md|environment\.yml|Makefile)")
_EXERCISE_RE = re.compile(r"\b(start|timeline|wealth|actors|reading)\.q(\d+)(?:[–-]q(\d+))?")
_NOTEBOOK_RE = re.compile(r"notebooks/\d\d_\w+\.ipynb")
_SECTION_RE = re.compile(r'"((?:\d+\. |Explore|Check your understanding|Key points)[^"]*)"')


def named_paths():
    return sorted({m.group(1) for m in _PATH_RE.finditer(TEXT)})


def test_the_guide_names_paths():
    paths = named_paths()
    assert "notebooks/01_timeline.ipynb" in paths and "exercises/teacher/04_reading_the_sources.ipynb" in paths


@pytest.mark.parametrize("path", named_paths())
def test_every_path_the_guide_names_exists(path):
    if not (ROOT / path).exists() and path in PENDING:
        pytest.skip(f"{path} is being written (PENDING in this test)")
    assert (ROOT / path).exists(), f"the teacher guide names {path}, which does not exist"


def named_exercises():
    found = []
    for line in TEXT.splitlines():
        for match in _EXERCISE_RE.finditer(line):
            set_name, first, last = match.group(1), int(match.group(2)), match.group(3)
            written = line[match.end():match.end() + 12].lstrip(" `").startswith("(written)")
            for n in range(first, int(last or first) + 1):
                found.append((set_name, f"q{n}", written and not last))
    return found


def test_every_exercise_the_guide_names_exists_and_written_ones_have_a_rubric():
    found = named_exercises()
    assert len(found) > 30
    sets = available_sets()
    missing_sets = {s for s, _, _ in found if s not in sets}
    for set_name, question, written in found:
        if set_name in missing_sets:
            continue
        q = sets[set_name][question]  # KeyError: the guide names a question the set does not have
        if written:
            assert q.kind == "written", f"{set_name}.{question} is called written but is {q.kind}"
    for qset in sets.values():
        for q in qset:
            if q.kind == "written":
                assert q.model_answer.strip(), f"{qset.name}.{q.name} has no model answer"
                assert 3 <= len(q.rubric) <= 4, f"{qset.name}.{q.name}: the guide promises 3-4 rubric levels"
    assert not missing_sets, f"the guide names exercise sets that do not exist: {missing_sets}"


def _headings(path):
    nb = nbformat.read(ROOT / path, as_version=4)
    return [line.lstrip("#").strip() for c in nb.cells if c.cell_type == "markdown"
            for line in c.source.splitlines() if line.startswith("#")]


def test_every_section_the_guide_quotes_is_a_heading_of_its_notebook():
    checked = 0
    for line in TEXT.splitlines():
        sections = _SECTION_RE.findall(line)
        if not sections:
            continue
        paths = set(_NOTEBOOK_RE.findall(line))
        assert len(paths) == 1, f"a line quoting sections should name exactly one notebook: {line[:80]}"
        path = paths.pop()
        if not (ROOT / path).exists() and path in PENDING:
            continue
        headings = _headings(path)
        for section in sections:
            assert any(h.startswith(section) for h in headings), f"{path} has no section {section!r}"
            checked += 1
    assert checked >= 10


# ---------------------------------------------------------------------------------------------
# Authoring: the documented example becomes a working question


def guide_example() -> str:
    section = TEXT.split("## Adding a question", 1)[1]
    return re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)


def test_the_example_is_a_copy_of_a_start_question():
    example = guide_example()
    q1 = load_set("start")["q1"]
    assert "ValueQuestion(" in example and "q1" not in example
    for field in ("name=", "var=", "prompt=", "expected=", "hints=", "solution_code=", "explanation="):
        assert field in example
    assert 'solution_code="number_of_regions' in example and q1.var not in example


@pytest.fixture
def authoring_set(tmp_path, monkeypatch):
    """A new exercise set made of the start set's first question and the guide's example."""
    modules = tmp_path / "modules"
    modules.mkdir()
    source = textwrap.dedent('''\
        from qantar import data
        from qantar.exercises.engine import QuestionSet, ValueQuestion, ____  # noqa: F401
        from qantar.exercises.start import QUESTIONS as START

        QUESTIONS = QuestionSet("authoring", "Authoring test", [
            START["q1"],
        {example}])

        q1, q8 = QUESTIONS
        cities = data.load("cities")
        __all__ = ["q1", "q8", "____", "cities", "QUESTIONS"]
        ''').format(example=guide_example())
    (modules / "qauthoring_set.py").write_text(source, encoding="utf-8")
    monkeypatch.syspath_prepend(str(modules))
    monkeypatch.setenv("PYTHONPATH", str(modules))
    monkeypatch.setitem(SET_MODULES, "authoring", "qauthoring_set")
    yield load_set("authoring")
    # The start set's q1 object was re-labelled by the new set: give it back its own set's name.
    load_set("start")["q1"].exercise_set = "start"


def teacher_notebook(qset):
    new = nbformat.v4
    q = qset["q8"]
    nb = new.new_notebook()
    nb.metadata["qantar"] = {"exercise_set": "authoring"}
    nb.cells = [
        new.new_markdown_cell("# Authoring test"),
        new.new_markdown_cell("Teacher notes.", metadata={"tags": ["teacher-only"]}),
        new.new_code_cell("from qauthoring_set import *"),
        new.new_markdown_cell(f"**Question 3.** {q.prompt} Set `{q.var}`."),
        new.new_code_cell(q.solution_code, metadata={"tags": ["solution"]}),
        new.new_code_cell("q8.check()"),
        new.new_code_cell("summary = QUESTIONS.summary()",
                          metadata={"tags": ["teacher-only"]}),
    ]
    return nb


def test_a_question_made_from_the_guide_reaches_the_student_version(tmp_path, authoring_set):
    q = authoring_set["q8"]
    # The question itself: check, hints and solution.
    assert q.evaluate(____).status == NOT_ATTEMPTED
    assert q.evaluate(q.expected_value()).status == CORRECT
    assert q.evaluate(q.expected_value() + 1).status != CORRECT
    assert q.hints[0] in q.hint(1).markdown and q.hints[1] in q.hint(2).markdown
    assert q.solution_code in q.solution().markdown and q.explanation in q.solution().markdown

    # The generator: teacher notebook in, student notebook out.
    teacher_dir, student_dir = tmp_path / "teacher", tmp_path / "student"
    teacher_dir.mkdir()
    student_dir.mkdir()
    nbformat.write(teacher_notebook(authoring_set), str(teacher_dir / "99_authoring.ipynb"))
    written = notebooks.generate_students(teacher_dir, student_dir)
    assert [p.name for p in written] == ["99_authoring.ipynb"]
    student = nbformat.read(student_dir / "99_authoring.ipynb", as_version=4)
    sources = [c.source for c in student.cells]
    assert not any("Teacher notes" in s or "summary" in s for s in sources)
    assert any(q.prompt in s for s in sources)
    answer = next(c for c in student.cells if "answer" in notebooks.tags(c))
    assert answer.source.endswith("number_of_regions = ____") and q.solution_code not in answer.source
    assert "q8.check()" in sources

    # The grader marks the student version, blank and then answered.
    submissions = tmp_path / "submissions"
    submissions.mkdir()
    nbformat.write(student, str(submissions / "blank.ipynb"))
    answer.source = q.solution_code
    nbformat.write(student, str(submissions / "done.ipynb"))
    report = grading.grade_folder(submissions, out=tmp_path / "gradebook.csv", feedback_dir=tmp_path / "fb",
                                  timeout=30, jobs=2, progress=False)
    statuses = {r.submission.file: (r.status, [x["status"] for x in r.results]) for r in report.rows}
    assert statuses == {"blank.ipynb": ("ok", ["not attempted", "not attempted"]),
                        "done.ipynb": ("ok", ["not attempted", "correct"])}
    feedback = (tmp_path / "fb" / "blank.md").read_text(encoding="utf-8")
    assert q.hints[0] in feedback and q.solution_code not in feedback


# ---------------------------------------------------------------------------------------------
# Commands and built files the guide names: each `make X` is a Makefile target, each `qantar X` a subcommand,
# each handouts/ file one the build writes.

def _make_targets() -> set[str]:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    return {m.group(1) for m in re.finditer(r"^([\w.-]+):", makefile, re.M)}


def test_every_make_command_the_guide_names_exists():
    named = set(re.findall(r"`make (\w[\w-]*)", TEXT))
    assert {"handouts", "links", "lab", "dashboard"} <= named
    assert not named - _make_targets(), f"the guide names make targets that do not exist: {named - _make_targets()}"


def test_every_qantar_command_the_guide_names_exists():
    from qantar import cli

    parser = cli.build_parser()
    commands = set(parser._subparsers._group_actions[0].choices)
    named = set(re.findall(r"`(?:\.venv/bin/)?qantar (\w[\w-]*)", TEXT))
    assert {"handouts", "links", "grade"} <= named
    assert not named - commands, f"the guide names qantar commands that do not exist: {named - commands}"


def test_the_links_example_runs_and_leaves_nothing_to_replace(capsys):
    from qantar import cli

    example = re.search(r"make links REPO=(https://\S+) HUB=(https://\S+)", TEXT)
    assert cli.main(["links", "--repo", example.group(1), "--hub", example.group(2)]) == 0
    out = capsys.readouterr().out
    assert "mybinder.org/v2/gh/" in out and "git-pull?repo=" in out
    for placeholder in ("OWNER", "REPOSITORY", "YOUR-HUB"):
        assert placeholder not in TEXT and placeholder not in out


def test_every_handout_the_guide_names_is_one_the_build_writes():
    from qantar import handouts

    names = set(handouts.SHEETS) | {handouts.lesson_name(p) for p in handouts.lessons.lesson_paths()}
    named = set(re.findall(r"handouts/(?:A4|Letter|html)/([\w-]+)\.(?:pdf|html)", TEXT))
    handouts_section = TEXT.split("\n## Handouts\n", 1)[1].split("\n## ", 1)[0]  # its table names the files
    named |= {m for m in re.findall(r"^\| `([\w-]+)`", handouts_section, re.M)
              if m.startswith(("lesson-", "student-", "article-", "teacher-"))}
    named |= set(re.findall(r"`(lesson-\d\d-[\w-]+)`", TEXT))
    assert {"teacher-pack", "article-block-map", "student-timeline"} <= named
    assert not named - names, f"the guide names handouts the build does not write: {named - names}"


def test_the_new_sections_are_there():
    for needed in ("**Checklist**", "| handouts only", "| one projector", "| a computer room", "| a JupyterHub",
                   "| Binder", "## Handouts", "**Slower readers and students learning English**",
                   "**If a student is distressed or discloses a loss.**", "**Keep students' political opinions private.**",
                   "**Graphic videos in searches.**", "**The torture allegations.**"):
        assert needed in TEXT, needed
