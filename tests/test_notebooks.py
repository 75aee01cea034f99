"""Notebook hygiene and the teacher -> student generator."""
import nbformat
import pytest

from qantar import notebooks
from qantar.exercises import available_sets

TEACHER = sorted(notebooks.TEACHER_DIR.glob("*.ipynb"))


def test_every_teacher_notebook_has_a_student_version_equal_to_the_generators_output():
    known = notebooks.known_variables()
    assert TEACHER, "no teacher notebooks found"
    for path in TEACHER:
        expected = nbformat.writes(notebooks.student_version(nbformat.read(path, as_version=4), known))
        committed = (notebooks.STUDENT_DIR / path.name).read_text(encoding="utf-8")
        assert committed.rstrip("\n") == expected.rstrip("\n"), (
            f"exercises/{path.name} differs from its teacher version: run `make exercises`")


@pytest.mark.parametrize("path", notebooks.all_notebooks(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_committed_notebooks_are_clean(path):
    nb = nbformat.read(path, as_version=4)
    assert "widgets" not in nb.metadata, "widget state is stored: run `make clean-notebooks`"
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        if notebooks.KEEP_TAG in notebooks.tags(cell):
            assert all(o.get("output_type") != "error" for o in cell.outputs)
        else:
            assert cell.outputs == [] and cell.execution_count is None, (
                f"{path.name}: a cell has stored output: run `make clean-notebooks`")


@pytest.mark.parametrize("path", TEACHER, ids=lambda p: p.name)
def test_teacher_notebooks_name_their_set_and_match_its_solutions(path):
    nb = nbformat.read(path, as_version=4)
    set_name = nb.metadata.get("qantar", {}).get("exercise_set")
    sets = available_sets()
    assert set_name in sets, f"{path.name}: metadata qantar.exercise_set is missing or unknown"
    qset = sets[set_name]
    solution_cells = [c.source.strip() for c in nb.cells if notebooks.SOLUTION_TAG in notebooks.tags(c)]
    for q in qset:
        if q.kind == "written":
            assert any(q.var in src for src in solution_cells), f"{q.name}: no solution cell sets {q.var}"
        else:
            assert q.solution_code.strip() in solution_cells, (
                f"{path.name} {q.name}: the solution cell differs from the question's solution_code")
    assert any("all_correct" in c.source for c in nb.cells if notebooks.TEACHER_TAG in notebooks.tags(c)), (
        "a teacher-only cell should assert that every solution passes")


def test_student_version_removes_teacher_cells_and_blanks_solutions():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("Notes", metadata={"tags": ["teacher-only"]}),
                nbformat.v4.new_code_cell("helper = 2\nanswer_a = helper * 3\nanswer_b = 1",
                                          metadata={"tags": ["solution"]}),
                nbformat.v4.new_code_cell("q1.check()")]
    student = notebooks.student_version(nb, {"answer_a", "answer_b"})
    sources = [c.source for c in student.cells]
    assert "Notes" not in sources and "q1.check()" in sources
    blank = student.cells[0].source
    assert "answer_a = ____" in blank and "answer_b = ____" in blank and "helper" not in blank
    assert nb.cells[0].source == "Notes"  # the teacher notebook is unchanged


def test_a_solution_cell_without_a_question_variable_is_refused():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("x = 1", metadata={"tags": ["solution"]})]
    with pytest.raises(ValueError, match="sets no question variable"):
        notebooks.student_version(nb, {"answer"})


def test_clean_strips_outputs_but_keeps_golden_text():
    nb = nbformat.v4.new_notebook()
    nb.metadata["widgets"] = {"state": {}}
    plain = nbformat.v4.new_code_cell("1", execution_count=1,
                                      outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "1"})])
    golden = nbformat.v4.new_code_cell("print(2)", execution_count=2, metadata={"tags": ["keep_output"]},
                                       outputs=[nbformat.v4.new_output("stream", text="2\n"),
                                                nbformat.v4.new_output("display_data", {"image/png": "xx", "text/plain": "<Figure>"})])
    nb.cells = [plain, golden]
    notebooks.clean(nb)
    assert "widgets" not in nb.metadata
    assert plain.outputs == [] and plain.execution_count is None
    assert golden.execution_count == 2 and golden.outputs[0]["text"] == "2\n"
    assert golden.outputs[1]["data"] == {"text/plain": "<Figure>"}


def test_a_function_definition_is_a_solution_and_its_blank_names_the_parameters():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(
        "def share_function(price, litres=100, *, wage):\n    return 100 * price * litres / wage\n\nother = 1",
        metadata={"tags": ["solution"]})]
    blank = notebooks.student_version(nb, {"share_function"}).cells[0].source
    assert "return" not in blank and "100 *" not in blank  # the solution's body is gone
    assert "share_function = ____" in blank  # a blank the check reports as not attempted
    assert "def share_function(price, litres=100, *, wage):" in blank  # what to write instead
    assert "other" not in blank


def test_a_function_and_a_value_in_one_solution_cell_get_a_blank_each_in_order():
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell("total = 3\ndef per_day(n):\n    return n / total\n",
                                          metadata={"tags": ["solution"]})]
    blank = notebooks.student_version(nb, {"per_day", "total"}).cells[0].source
    assert blank.index("total = ____") < blank.index("per_day = ____")
