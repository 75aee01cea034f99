"""The key file of a teacher's assignment, and the public half of any question.

The key (``<name>.key.json``, written by ``qantar assign``, kept by the teacher) holds every question
whole: its expected value, choice, model answer or test cases, as plain data (``qantar.answers``), so
that ``load_key`` gives the grader the same kind of ``QuestionSet`` as ``qantar.exercises.load_set``.
``public_spec`` is what a student notebook may hold of a question: its prompt, hints, options, rubric,
and the form an answer takes, never the answer.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import numbers
import os
from pathlib import Path

from .. import answers as plain
from ..exercises.engine import (ChoiceQuestion, FunctionQuestion, QuestionSet, ValueQuestion, WrittenQuestion,
                                _is_date)

FORMAT = "qantar assignment key 1"
MAX_KEY_BYTES = 20_000_000


class KeyProblem(ValueError):
    """A key file the grader cannot use; the message says why, in one line."""


def wants_of(q) -> str:
    """The form of a value question's answer ("number", "date"...), read from its expected value; "any"
    for a kind of its own (a map's description, say), whose form the notebook cannot tell."""
    if type(q) is not ValueQuestion:
        return "any"
    expected = q.expected_value()
    if isinstance(expected, bool):
        return "true/false"
    if isinstance(expected, numbers.Number):
        return "number"
    if _is_date(expected):
        return "date"
    if isinstance(expected, str):
        return "text"
    if isinstance(expected, (list, tuple, set, frozenset)):
        return "list"
    return "any"


def gives_solution(hint: str, q) -> bool:
    """Whether a hint shows a line of the solution's code (the last hints of the kit's sets come close to
    the full code: fine for practice, not for assessed work)."""
    lines = {line.strip() for line in q.solution_code.splitlines() if len(line.strip()) >= 20}
    return any(line in hint for line in lines if line not in q.prompt)


def public_spec(q, released: bool = False) -> dict:
    """The parts of a question a student notebook may hold (nothing that gives the answer). A hint that
    shows the solution's code is withheld (None) until the solutions are released."""
    hints = [h if released or not gives_solution(h, q) else None for h in q.hints]
    spec = {"name": q.name, "var": q.var, "prompt": q.prompt, "kind": q.kind, "hints": hints}
    if q.kind == "value":
        spec["wants"] = wants_of(q)
    if q.kind == "choice":
        spec["options"] = list(q.options)
    if q.kind == "written":
        spec.update(rubric=list(q.rubric), min_words=q.min_words)
    if q.kind == "judgement":
        spec.update(items={str(k): str(v) for k, v in q._items().items()}, labels=dict(q.labels))
    return spec


def released_text(q) -> str:
    """What ``solution()`` shows once the teacher has released the solutions."""
    if q.kind == "written":
        return f"{q.model()}\n\n{q.show_rubric()}"
    if q.kind == "judgement":
        kit = q.kit() if callable(q.kit) else q.kit
        rows = "\n".join(f"| `{item}` | {judgement} | {reason} |" for item, (judgement, reason) in kit.items())
        return f"**The kit's judgements for {q.name}**\n\n| item | judgement | reason |\n|---|---|---|\n{rows}"
    return str(q.solution())


def assignment_id(name: str, specs: list[dict]) -> str:
    """Names one build of an assignment: the same questions give the same id."""
    text = json.dumps({"name": name, "questions": specs}, sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# ---------------------------------------------------------------------------------------------
# Writing and reading the key


def question_record(q) -> dict:
    """One question of a key, whole, as JSON-ready data."""
    record = {"name": q.name, "kind": q.kind, "var": q.var, "prompt": q.prompt, "points": q.points,
              "hints": list(q.hints), "solution_code": q.solution_code, "explanation": q.explanation}
    if q.kind == "value":
        record.update(expected=plain.encode(q.expected_value()), accept=list(q.accept), abs_tol=q.abs_tol,
                      rel_tol=q.rel_tol, ordered=q.ordered)
    elif q.kind == "choice":
        record.update(options=list(q.options), answer=q.answer, alternatives=list(q.alternatives))
    elif q.kind == "written":
        record.update(model_answer=q.model_answer, rubric=list(q.rubric), min_words=q.min_words)
    elif q.kind == "function":
        cases = q.cases() if callable(q.cases) else q.cases
        record.update(cases=[[plain.encode(tuple(args)), plain.encode(result)] for args, result in cases],
                      abs_tol=q.abs_tol, rel_tol=q.rel_tol)
    return record


def write_key(path: Path, name: str, title: str, ident: str, questions: list, student_file: str,
              setup: list[str] | None = None) -> None:
    from ..grading.write import write_atomically

    key = {"format": FORMAT, "assignment": name, "title": title, "id": ident, "student_notebook": student_file,
           "made": dt.date.today().isoformat(), "setup_code": list(setup or []),
           "questions": [question_record(q) for q in questions]}
    write_atomically(Path(path), json.dumps(key, indent=1, ensure_ascii=False, allow_nan=False) + "\n")
    try:
        os.chmod(path, 0o600)  # the teacher's alone, on a shared machine too
    except OSError:
        pass


def _decoded(tree, what: str):
    value = plain.decode(tree)
    if isinstance(value, (plain.NotPlain, plain.StudentFunction)):
        raise KeyProblem(f"{what} cannot be read")
    return value


def _question(record: dict):
    common = dict(name=record["name"], var=record["var"], prompt=record.get("prompt", ""),
                  hints=list(record.get("hints", [])), solution_code=record.get("solution_code", ""),
                  explanation=record.get("explanation", ""), points=float(record.get("points", 1)))
    kind = record["kind"]
    if kind == "value":
        expected = _decoded(record["expected"], f"the expected value of {record['name']}")
        return ValueQuestion(**common, expected=expected, accept=list(record.get("accept", [])),
                             abs_tol=float(record.get("abs_tol", 0)), rel_tol=float(record.get("rel_tol", 1e-9)),
                             ordered=bool(record.get("ordered", False)))
    if kind == "choice":
        return ChoiceQuestion(**common, options=list(record["options"]), answer=record["answer"],
                              alternatives=list(record.get("alternatives", [])))
    if kind == "written":
        return WrittenQuestion(**common, model_answer=record.get("model_answer", ""), rubric=list(record["rubric"]),
                               min_words=int(record.get("min_words", 15)))
    if kind == "function":
        cases = [(tuple(_decoded(args, f"a case of {record['name']}")), _decoded(result, f"a case of {record['name']}"))
                 for args, result in record["cases"]]
        return FunctionQuestion(**common, cases=cases, abs_tol=float(record.get("abs_tol", 0)),
                                rel_tol=float(record.get("rel_tol", 1e-9)))
    raise KeyProblem(f"question {record['name']!r} has an unknown kind {kind!r}")


class Key:
    """A loaded key: the assignment's name, the id of its build, and its QuestionSet."""

    def __init__(self, path: Path, data: dict, qset: QuestionSet):
        self.path, self.name, self.id, self.qset = path, data["assignment"], data["id"], qset
        self.student_notebook = data.get("student_notebook", "")
        # The code cells students are given, run before a student's function (the tables it uses).
        self.setup_code = [str(cell) for cell in data.get("setup_code", [])]


def load_key(path) -> Key:
    """The key at ``path``; ``KeyProblem`` (one line) for anything that is not a readable key."""
    from ..grading.submissions import Refused, _read_regular_file

    path = Path(path)
    try:
        data = json.loads(_read_regular_file(path, MAX_KEY_BYTES).decode("utf-8"))
    except FileNotFoundError:
        raise KeyProblem(f"the key file {path} does not exist") from None
    except Refused as err:
        raise KeyProblem(f"the key file {path} cannot be read: {err}") from None
    except (OSError, UnicodeDecodeError, ValueError):
        raise KeyProblem(f"{path} is not a key file from `qantar assign` (not JSON)") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise KeyProblem(f"{path} is not a key file from `qantar assign` (give the .key.json it wrote)")
    try:
        questions = [_question(record) for record in data["questions"]]
        qset = QuestionSet(str(data["assignment"]), str(data.get("title") or data["assignment"]), questions)
        data["id"] = str(data["id"])
    except KeyProblem:
        raise
    except (KeyError, TypeError, ValueError, AttributeError) as err:
        raise KeyProblem(f"the key file {path} is damaged ({type(err).__name__}: {str(err)[:80]}): run "
                         "`qantar assign` again") from None
    return Key(path, data, qset)
