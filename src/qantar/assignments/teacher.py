"""Reading a teacher's assignment notebook: which cells are questions, which are solutions, which stay
with the teacher. Nothing runs here; every mistake in the marking is one ``AssignError`` line.

The marking (cell tags, set in JupyterLab's property inspector, and short ``key: value`` lines):

- a raw cell tagged ``assignment`` names the assignment (``name:``, and ``title:``);
- a raw cell tagged ``question`` opens a question: ``name:``, ``kind:`` (value, choice, written or
  function), ``variable:``, and as the kind needs ``hint:``, ``option:``, ``alternative:``, ``rubric:``,
  ``case:`` (each as many times as wanted), ``points:``, ``tolerance:``, ``ordered:``, ``accept:``,
  ``min words:``, ``expected:`` (a Python value: when no solution cell sets the variable), ``explanation:``;
- the Markdown cell after it is the question as students read it;
- a code cell tagged ``solution`` (after the question) sets the variable: running the teacher's
  notebook gives the expected answer (for a function question, the teacher's function gives each case's
  expected result; for a written one, the text is the model answer);
- a cell tagged ``teacher-only`` is for the teacher only and is left out of the student notebook.
"""
from __future__ import annotations

import ast
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from ..notebooks import SOLUTION_TAG, TEACHER_TAG

# The kit's own teacher notebooks use the same two tags for solutions and teacher-only cells.
ASSIGNMENT_TAG, QUESTION_TAG = "assignment", "question"
TAGS = (ASSIGNMENT_TAG, QUESTION_TAG, SOLUTION_TAG, TEACHER_TAG)
KINDS = ("value", "choice", "written", "function")
REPEATED = {"hint": "hints", "option": "options", "alternative": "alternatives", "rubric": "rubric",
            "case": "cases", "accept": "accept"}
SINGLE = ("name", "kind", "variable", "points", "tolerance", "ordered", "min words", "expected", "explanation")
NAME_RE = re.compile(r"^[A-Za-z][\w-]{0,59}$")  # an assignment's name
QUESTION_NAME_RE = re.compile(r"^q\d{1,3}$")


class AssignError(ValueError):
    """A problem in the teacher's notebook, said in one line (with the cell it is in)."""


@dataclass
class QuestionDraft:
    """One question as the teacher marked it, before the notebook is run."""

    name: str
    kind: str
    var: str
    cell: int  # the number of its question cell (1-based), for messages
    prompt_cell: int | None = None  # index of the Markdown cell students read
    solution_cell: int | None = None  # index of its solution cell
    fields: dict = field(default_factory=dict)  # the single fields, as text
    hints: list[str] = field(default_factory=list)
    options: list[str] = field(default_factory=list)
    alternatives: list[str] = field(default_factory=list)
    rubric: list[str] = field(default_factory=list)
    cases: list[str] = field(default_factory=list)  # Python expressions of each case's arguments
    accept: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"question {self.name} (cell {self.cell})"


@dataclass
class TeacherNotebook:
    path: Path
    nb: object
    name: str
    title: str
    questions: list[QuestionDraft]
    teacher_cells: set[int]  # indexes of the cells left out of the student notebook


def read(path) -> TeacherNotebook:
    path = Path(path)
    try:
        nb = nbformat.read(path, as_version=4)
    except FileNotFoundError:
        raise AssignError(f"{path} does not exist") from None
    except Exception as err:  # noqa: BLE001 - any broken file is one line
        raise AssignError(f"{path} is not a notebook Jupyter can open ({type(err).__name__})") from None
    return parse(nb, path)


def _tags(cell, number: int) -> list[str]:
    """The cell's tags that qantar assign reads. A tag that looks like one of them but is not (``solutions``,
    ``qestion``, ``qantar:solution``) is a mistake to report, not a tag to ignore."""
    tags = cell.get("metadata", {}).get("tags", [])
    if not isinstance(tags, list):
        raise AssignError(f"cell {number}: its tags are not a list of words")
    ours = []
    for tag in map(str, tags):
        if tag in TAGS:
            ours.append(tag)
            continue
        bare = tag.casefold().removeprefix("qantar").strip(":-_ ")
        close = difflib.get_close_matches(bare, TAGS, n=1, cutoff=0.75)
        if close or tag.casefold().startswith("qantar"):
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise AssignError(f"cell {number} has the tag {tag!r}, which qantar assign does not know{hint}; "
                              f"its tags are {', '.join(TAGS)}")
    if len(ours) > 1:
        raise AssignError(f"cell {number} has two of the tags {', '.join(TAGS)} ({', '.join(ours)}): give it one")
    return ours


def _config(cell, number: int, allowed: tuple[str, ...], repeated: dict) -> tuple[dict, dict]:
    """The ``key: value`` lines of a config cell: (single fields, repeated fields as lists)."""
    single, lists = {}, {plural: [] for plural in repeated.values()}
    for line_no, line in enumerate(cell.source.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, sep, value = line.partition(":")
        key, value = key.strip().casefold(), value.strip()
        if not sep or not key:
            raise AssignError(f"cell {number}, line {line_no}: write `key: value` (like `name: q1`), not {line.strip()[:60]!r}")
        if key in repeated:
            lists[repeated[key]].append(value)
        elif key in allowed:
            if key in single:
                raise AssignError(f"cell {number}: `{key}:` is given twice")
            single[key] = value
        else:
            known = ", ".join([*allowed, *repeated])
            close = difflib.get_close_matches(key, [*allowed, *repeated], n=1)
            hint = f" (did you mean `{close[0]}:`?)" if close else ""
            raise AssignError(f"cell {number}, line {line_no}: unknown key `{key}:`{hint}; known: {known}")
    return single, lists


def parse(nb, path: Path) -> TeacherNotebook:
    name, title = "", ""
    questions: list[QuestionDraft] = []
    teacher_cells: set[int] = set()
    current: QuestionDraft | None = None
    for index, cell in enumerate(nb.cells):
        number = index + 1
        tags = _tags(cell, number)
        tag = tags[0] if tags else ""
        if tag == ASSIGNMENT_TAG:
            single, _ = _config(cell, number, ("name", "title"), {})
            name, title = single.get("name", ""), single.get("title", "")
            teacher_cells.add(index)
        elif tag == QUESTION_TAG:
            if cell.cell_type == "code":
                raise AssignError(f"cell {number} is tagged `question` but is a code cell: make it a raw cell")
            current = _question(cell, number)
            questions.append(current)
            teacher_cells.add(index)
        elif tag == SOLUTION_TAG:
            if cell.cell_type != "code":
                raise AssignError(f"cell {number} is tagged `solution` but is not a code cell")
            if current is None:
                raise AssignError(f"cell {number} is a solution before any question: put its `question` "
                                  "cell above it")
            if current.solution_cell is not None:
                raise AssignError(f"{current.label} has two solution cells ({current.solution_cell + 1} and "
                                  f"{number}): join them into one")
            current.solution_cell = index
        elif tag == TEACHER_TAG:
            teacher_cells.add(index)
        elif current is not None and current.prompt_cell is None and cell.cell_type == "markdown":
            current.prompt_cell = index
    name = name or path.stem.removesuffix("_teacher")
    _check_assignment(name, questions)
    return TeacherNotebook(path, nb, name, title or name, questions, teacher_cells)


def _question(cell, number: int) -> QuestionDraft:
    single, lists = _config(cell, number, SINGLE, REPEATED)
    for needed in ("name", "kind", "variable"):
        if not single.get(needed):
            raise AssignError(f"cell {number}: the question has no `{needed}:` line")
    kind = single["kind"].casefold()
    if kind not in KINDS:
        raise AssignError(f"cell {number}: kind {single['kind']!r} is not one of {', '.join(KINDS)}")
    if not QUESTION_NAME_RE.match(single["name"]):
        raise AssignError(f"cell {number}: the name {single['name']!r} should be q and a number, like q1 (the "
                          "checks, the gradebook and the record of hints read use that form)")
    if not single["variable"].isidentifier():
        raise AssignError(f"cell {number}: the variable {single['variable']!r} is not a Python name (letters, "
                          "digits and _, not starting with a digit)")
    draft = QuestionDraft(single["name"], kind, single["variable"], number, fields=single, **lists)
    _check_fields(draft)
    return draft


def _number_field(draft: QuestionDraft, key: str, default: float) -> float:
    text = draft.fields.get(key)
    if text is None:
        return default
    try:
        value = float(text)
    except ValueError:
        raise AssignError(f"{draft.label}: `{key}:` should be a number, not {text!r}") from None
    if not value >= 0:
        raise AssignError(f"{draft.label}: `{key}:` should be 0 or more, not {text!r}")
    return value


def literal(draft: QuestionDraft, text: str, what: str):
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError):
        raise AssignError(f"{draft.label}: {what} {text[:60]!r} is not a Python value (text needs quotes: "
                          "'Almaty')") from None


def _check_fields(draft: QuestionDraft) -> None:
    _number_field(draft, "points", 1.0)
    _number_field(draft, "tolerance", 0.0)
    _number_field(draft, "min words", 15)
    if draft.fields.get("ordered", "no").casefold() not in ("yes", "no", "true", "false"):
        raise AssignError(f"{draft.label}: `ordered:` should be yes or no")
    if "expected" in draft.fields:
        literal(draft, draft.fields["expected"], "the expected value")
    if draft.kind == "choice" and len(draft.options) < 2:
        raise AssignError(f"{draft.label}: a choice question needs two `option:` lines or more")
    if draft.kind == "written" and len(draft.rubric) < 2:
        raise AssignError(f"{draft.label}: a written question needs its rubric, two `rubric:` lines or more "
                          "(weakest level first)")
    if draft.kind == "function" and not draft.cases:
        raise AssignError(f"{draft.label}: a function question needs `case:` lines (the arguments of each test "
                          "call, like `case: 'Almaty city'`)")
    for case in draft.cases:
        try:
            ast.parse(case, mode="eval")
        except SyntaxError:
            raise AssignError(f"{draft.label}: `case: {case[:60]}` is not a Python expression") from None


def _check_assignment(name: str, questions: list[QuestionDraft]) -> None:
    from ..exercises import SET_MODULES

    if not NAME_RE.match(name):
        raise AssignError(f"the assignment's name {name!r} should be one short word (letters, digits, - and _)")
    if name in SET_MODULES:
        raise AssignError(f"the assignment's name {name!r} is one of the kit's exercise sets: choose another")
    if not questions:
        raise AssignError("the notebook has no question: tag a raw cell `question` (see the teacher guide)")
    seen: dict[str, QuestionDraft] = {}
    variables: dict[str, QuestionDraft] = {}
    for q in questions:
        if q.name in seen:
            raise AssignError(f"two questions are named {q.name!r} (cells {seen[q.name].cell} and {q.cell}): "
                              "give each its own name")
        if q.var in variables:
            raise AssignError(f"questions {variables[q.var].name} and {q.name} both use the variable {q.var!r}: "
                              "give each its own")
        seen[q.name], variables[q.var] = q, q
        if q.prompt_cell is None:
            raise AssignError(f"{q.label} has no Markdown cell after it: write the question students read there")
        if q.solution_cell is None and q.kind == "function":
            raise AssignError(f"{q.label} has no answer: add a code cell tagged `solution` that defines "
                              f"the function `{q.var}`")
        if q.solution_cell is None and "expected" not in q.fields:
            raise AssignError(f"{q.label} has no answer: add a code cell tagged `solution` that sets "
                              f"`{q.var}`, or an `expected:` line")
