"""Building the student notebook of an assignment: the teacher's notebook run once for its answers, then
copied without them; and the same student build (assessed) for any of the kit's own sets.

A student notebook holds the questions' public parts only (``key.public_spec``), in one set-up cell that
calls ``qantar.exercises.assessed.assignment``. Solution cells become blanks, teacher cells are left
out, every output, cell metadata, unused attachment and notebook metadata but the kernel's is dropped,
and the result is searched for the key's answers before it is written.
"""
from __future__ import annotations

import copy
import json
import pprint
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from .. import answers as plain
from ..exercises.engine import CORRECT, ChoiceQuestion, FunctionQuestion, ValueQuestion, WrittenQuestion
from . import teacher
from .key import assignment_id, public_spec, released_text, write_key
from .teacher import AssignError

RUN_SECONDS = 300  # to run the teacher's notebook once (it loads data, draws figures)
_CASES = "_qantar_cases_"


@dataclass
class Built:
    name: str
    student: Path
    key: Path | None
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------------------------------------
# Running the teacher's notebook for its answers


def _case_cell(q: teacher.QuestionDraft) -> str:
    cases = ", ".join(f"({case})" for case in q.cases)
    return (f"{_CASES}{q.name} = []\n"
            f"for _qantar_args in [{cases}]:\n"
            "    _qantar_args = _qantar_args if isinstance(_qantar_args, tuple) else (_qantar_args,)\n"
            f"    {_CASES}{q.name}.append([_qantar_args, {q.var}(*_qantar_args)])\n")


def run_teacher(t: teacher.TeacherNotebook, timeout: float = RUN_SECONDS) -> dict:
    """The values the teacher's notebook gives each question's variable (function questions: their cases
    with the results of the teacher's function), as plain data read back like a student's answers."""
    from ..grading.kernel import OK, run_notebook
    from ..grading.run import _remove, _run_coroutine

    nb = copy.deepcopy(t.nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    functions = [q for q in t.questions if q.kind == "function"]
    nb.cells += [nbformat.v4.new_code_cell(_case_cell(q)) for q in functions]
    variables = [q.var for q in t.questions if q.kind != "function"]
    variables += [f"{_CASES}{q.name}" for q in functions]
    root = Path(tempfile.mkdtemp(prefix="qantar-assign-"))
    try:
        ran = _run_coroutine(run_notebook(nb, variables, [], timeout, root / "run"))
    finally:
        _remove(root)
    errors = [note for note in ran.notes if "stopped with" in note or "stopped after" in note]
    if ran.status != OK or errors or not isinstance(ran.payload, dict):
        why = "; ".join(ran.notes) or ran.status
        raise AssignError(f"the teacher notebook did not run to the end ({why}): fix it and run it in Jupyter first")
    return {var: plain.decode(tree) for var, tree in ran.payload.get("answers", {}).items()}


def _prompt(cell_source: str) -> str:
    """The question in one paragraph, for the feedback (its bold label, like **Question 1.**, left off)."""
    first = re.sub(r"\s+", " ", re.sub(r"^\*\*[^*]{1,80}\*\*\s*", "", cell_source.strip().split("\n\n")[0]))
    if len(first) <= PROMPT_CHARS:
        return first
    return first[:PROMPT_CHARS].rsplit(" ", 1)[0] + " …"  # at a word, and visibly shortened


PROMPT_CHARS = 600  # a question's first paragraph, as the feedback repeats it


def setup_code(t: teacher.TeacherNotebook) -> list[str]:
    """The code students are given (neither solution nor teacher cell): the grader's function runner runs
    it before a student's function, as the notebook did (it loads the tables the function uses)."""
    solutions = {d.solution_cell for d in t.questions}
    return [cell.source for index, cell in enumerate(t.nb.cells) if cell.cell_type == "code"
            and index not in solutions and index not in t.teacher_cells and cell.source.strip()]


def questions_from(t: teacher.TeacherNotebook, values: dict) -> list:
    """Every question whole (the engine's own kinds), from the teacher's marking and the run's values."""
    made = []
    for d in t.questions:
        common = dict(name=d.name, var=d.var, prompt=_prompt(t.nb.cells[d.prompt_cell].source), hints=d.hints,
                      solution_code=t.nb.cells[d.solution_cell].source if d.solution_cell is not None else "",
                      explanation=d.fields.get("explanation", ""), points=float(d.fields.get("points", 1)))
        if d.kind == "function":
            cases = values.get(f"{_CASES}{d.name}")
            if not isinstance(cases, list):
                raise AssignError(f"{d.label}: its cases could not be run with the solution's function `{d.var}`")
            made.append(FunctionQuestion(**common, cases=[(tuple(args), result) for args, result in cases],
                                         abs_tol=float(d.fields.get("tolerance", 0))))
            continue
        given = teacher.literal(d, d.fields["expected"], "the expected value") if "expected" in d.fields else None
        if d.solution_cell is not None and d.var not in values:
            raise AssignError(f"{d.label} has no answer: its solution cell did not set `{d.var}` when the notebook ran")
        ran = values.get(d.var, given)
        if isinstance(ran, (plain.NotPlain, plain.StudentFunction)):
            raise AssignError(f"{d.label}: `{d.var}` is not a plain value (a number, text, a date, a list...)")
        answer = given if "expected" in d.fields else ran
        if d.kind == "value":
            q = ValueQuestion(**common, expected=answer, accept=[teacher.literal(d, a, "an accepted answer")
                                                                 for a in d.accept],
                              abs_tol=float(d.fields.get("tolerance", 0)),
                              ordered=d.fields.get("ordered", "no").casefold() in ("yes", "true"))
        elif d.kind == "choice":
            if answer not in d.options:
                raise AssignError(f"{d.label}: its answer {str(answer)[:60]!r} is not one of its options")
            q = ChoiceQuestion(**common, options=d.options, answer=answer, alternatives=d.alternatives)
        else:
            if not isinstance(answer, str) or not answer.strip():
                raise AssignError(f"{d.label} has no answer: a written question's solution sets `{d.var}` to the "
                                  "model answer, as text")
            q = WrittenQuestion(**common, model_answer=answer, rubric=d.rubric,
                                min_words=int(float(d.fields.get("min words", 15))))
        if "expected" in d.fields and d.solution_cell is not None and q.evaluate(ran).status not in (CORRECT, "answered"):
            raise AssignError(f"{d.label}: its solution gives {str(ran)[:40]!r} but its `expected:` line says "
                              f"{str(given)[:40]!r}: which is right?")
        made.append(q)
    return made


# ---------------------------------------------------------------------------------------------
# The student notebook


SETUP_START = "# The questions of this notebook"


def setup_cells(name: str, specs: list[dict]) -> list:
    """A short Markdown note, then the folded cell that makes the questions from their public parts."""
    names = ", ".join(spec["name"] for spec in specs)
    spec = pprint.pformat({"exercise_set": name, "questions": specs}, width=110, sort_dicts=False)
    source = "\n".join([f"{SETUP_START}: their prompts, hints and rubrics, not their answers (your teacher",
                         "# keeps those and marks this notebook).",
                         "from qantar.exercises.assessed import ____, assignment", "",
                         f"QUESTIONS = assignment({spec})",
                         f"{names}{',' if len(specs) == 1 else ''} = QUESTIONS"]) + "\n"
    note = nbformat.v4.new_markdown_cell("Run the next cell before the others (it is folded: click the dots to "
                                         "unfold it). It loads the questions; their answers are not in this "
                                         "notebook.")
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["jupyter"] = {"source_hidden": True}
    return [note, cell]


def is_setup(cell) -> bool:
    return cell.cell_type == "code" and cell.source.startswith(SETUP_START)


def _stub(q) -> str:
    """The blank a student fills in, as in the kit's own exercise notebooks: ``variable = ____`` (an untouched
    blank is "not attempted", never "incorrect"); for a function, the line to write in its place."""
    if q.kind == "function":
        import ast

        try:
            node = next(n for n in ast.parse(q.solution_code).body if isinstance(n, ast.FunctionDef))
            params = ast.unparse(node.args)
        except (StopIteration, SyntaxError):
            params = "..."
        return (f"# Your code here: {q.var} is a function: replace the line below with  def {q.var}({params}):"
                f"  and its body.\n{q.var} = ____\n")
    if q.kind == "written":
        return (f"# Your answer: replace ____ below with your text between triple quotes, three \" on each side.\n"
                f"{q.var} = ____\n")
    return f"# Your code here: end by setting the variable below.\n{q.var} = ____\n"


def _rubric_markdown(q) -> str:
    levels = "\n".join(f"{i}. {level}" for i, level in enumerate(q.rubric, start=1))
    return f"*How your teacher marks {q.name}* (levels from weakest to strongest):\n\n{levels}"


def clean_cell(cell):
    """A copy of a cell with nothing but its source (and the attachments its text uses)."""
    if cell.cell_type == "code":
        new = nbformat.v4.new_code_cell(cell.source)
    elif cell.cell_type == "markdown":
        new = nbformat.v4.new_markdown_cell(cell.source)
        used = {k: v for k, v in (cell.get("attachments") or {}).items() if f"attachment:{k}" in cell.source}
        if used:
            new.attachments = used
    else:
        new = nbformat.v4.new_raw_cell(cell.source)
    return new


def assessed_notebook(cells, metadata_qantar: dict, kernelspec: dict | None):
    nb = nbformat.v4.new_notebook()
    nb.metadata = {"kernelspec": kernelspec or {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                "name": "python3"},
                   "language_info": {"name": "python"}, "qantar": metadata_qantar}
    for number, cell in enumerate(cells, start=1):
        cell.id = f"cell-{number}"  # the same build gives the same file
    nb.cells = cells
    return nb


_CLOSING = ("## Handing in\n\nSave the notebook (File > Save) and hand it in as your teacher asked. The checks "
            "above only looked at the form of your answers: your teacher marks them with the answer key, which "
            "is not in this notebook, and releases the solutions afterwards.")


def student_notebook(t: teacher.TeacherNotebook, questions: list, ident: str, released: bool = False):
    specs = [_spec(q, released) for q in questions]
    by_prompt = {d.prompt_cell: q for d, q in zip(t.questions, questions)}
    by_solution = {d.solution_cell: q for d, q in zip(t.questions, questions) if d.solution_cell is not None}
    answered_after_prompt = {d.prompt_cell for d in t.questions if d.solution_cell is None}
    cells, set_up = [], False
    for index, cell in enumerate(t.nb.cells):
        if index in t.teacher_cells:
            continue
        if not set_up and (cell.cell_type == "code" or index in by_solution or index in by_prompt):
            cells += setup_cells(t.name, specs)
            set_up = True
        if index in by_solution:
            q = by_solution[index]
            cells += [nbformat.v4.new_code_cell(_stub(q)), nbformat.v4.new_code_cell(f"{q.name}.check()")]
            continue
        cells.append(clean_cell(cell))
        if index in by_prompt:
            q = by_prompt[index]
            if q.kind == "written":
                cells.append(nbformat.v4.new_markdown_cell(_rubric_markdown(q)))
            if index in answered_after_prompt:
                cells += [nbformat.v4.new_code_cell(_stub(q)), nbformat.v4.new_code_cell(f"{q.name}.check()")]
    if not released:
        cells.append(nbformat.v4.new_markdown_cell(_CLOSING))
    version = "released" if released else "assessed"
    return assessed_notebook(cells, {"exercise_set": t.name, "version": version, "assignment_id": ident},
                     t.nb.metadata.get("kernelspec"))


def _spec(q, released: bool) -> dict:
    spec = public_spec(q, released)
    if released:
        spec["released"] = released_text(q)
    return spec


# ---------------------------------------------------------------------------------------------
# What must never reach a student notebook


def _secrets(q) -> list[tuple[str, str]]:
    """(text, what it is) of a question's key that should not appear in a student notebook."""
    found = []
    if q.kind == "value":
        expected = q.expected_value()
        values = expected if isinstance(expected, (list, tuple, set)) else [expected]
        for value in values:
            if isinstance(value, str) and len(value.strip()) >= 4:
                found.append((value, "its expected answer"))
            elif isinstance(value, float) and not value.is_integer():
                found.append((f"{value:g}", "its expected answer"))
            elif isinstance(value, (int, float)) and not isinstance(value, bool) and abs(value) >= 100:
                found.append((str(int(value)), "its expected answer"))
    if q.kind == "written":
        found += [(s.strip(), "a sentence of its model answer") for s in re.split(r"(?<=[.!?])\s+", q.model_answer)
                  if len(s.strip()) >= 40]
    stub = {line.strip() for line in _stub(q).splitlines()}
    public = f"def {q.var}(" if q.kind == "function" else None  # its signature is the question's, not a secret
    for line in q.solution_code.splitlines():
        text = line.strip()
        if (len(text) >= 20 and not text.startswith(("#", "import ", "from ")) and text not in stub
                and not (public and text.startswith(public))):
            found.append((text, "a line of its solution"))
    return found


def leaks(nb, questions: list) -> list[str]:
    """Where the student notebook shows part of a key: one warning each (the teacher decides)."""
    warnings = []
    for number, cell in enumerate(nb.cells, start=1):
        text = json.dumps(cell, ensure_ascii=False)
        if is_setup(cell):
            text = cell.source.split("= assignment(", 1)[0]  # the spec: prompts and hints are the teacher's
        for q in questions:
            for secret, what in _secrets(q):
                if secret in text or json.dumps(secret)[1:-1] in text:
                    warnings.append(f"cell {number} of the student notebook shows {what} of {q.name} "
                                    f"({secret[:40]!r}): is a solution left in an ordinary cell?")
    return warnings


# ---------------------------------------------------------------------------------------------
# Doing it


def assign(teacher_path, out_dir=None, timeout: float = RUN_SECONDS) -> Built:
    """Read, run and split a teacher's notebook: write ``<name>.ipynb`` (students) and ``<name>.key.json``
    (the teacher's) into ``out_dir`` (default: the teacher notebook's folder)."""
    t = teacher.read(teacher_path)
    out = Path(out_dir) if out_dir else Path(teacher_path).parent
    student_path, key_path = out / f"{t.name}.ipynb", out / f"{t.name}.key.json"
    if student_path.resolve() == Path(teacher_path).resolve():
        raise AssignError(f"the student notebook would replace the teacher's ({student_path}): name the teacher "
                          f"notebook {t.name}_teacher.ipynb, or give another --out folder")
    questions = questions_from(t, run_teacher(t, timeout))
    specs = [public_spec(q) for q in questions]
    ident = assignment_id(t.name, specs)
    nb = student_notebook(t, questions, ident)
    warnings = leaks(nb, questions)
    out.mkdir(parents=True, exist_ok=True)
    write_notebook(nb, student_path)
    write_key(key_path, t.name, t.title, ident, questions, student_path.name, setup_code(t))
    return Built(t.name, student_path, key_path, warnings)


def write_notebook(nb, path: Path) -> None:
    from ..grading.write import write_atomically

    nbformat.validate(nb)
    write_atomically(path, nbformat.writes(nb) + "\n")
