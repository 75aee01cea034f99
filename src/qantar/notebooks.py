"""Notebook hygiene and the teacher -> student generator.

Teacher notebooks (exercises/teacher/) are the one source of each exercise set. The student version
drops cells tagged ``teacher-only`` and turns each cell tagged ``solution`` into a blank:
``variable = ____`` for every question variable the cell sets. Committed notebooks keep no outputs,
except golden cells tagged ``keep_output`` (their outputs are compared by nbval).

    python -m qantar.notebooks clean PATH...        strip outputs and widget state
    python -m qantar.notebooks golden PATH...       run, then keep only the golden cells' outputs
"""
from __future__ import annotations

import ast
import copy
import sys
from pathlib import Path

import nbformat

from .data import ROOT

TEACHER_DIR = ROOT / "exercises" / "teacher"
STUDENT_DIR = ROOT / "exercises"
NOTEBOOK_DIRS = [ROOT / "notebooks", TEACHER_DIR, STUDENT_DIR]

SOLUTION_TAG = "solution"
TEACHER_TAG = "teacher-only"
KEEP_TAG = "keep_output"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def tags(cell) -> list[str]:
    return list(cell.get("metadata", {}).get("tags", []))


def all_notebooks() -> list[Path]:
    return sorted(p for d in NOTEBOOK_DIRS for p in d.glob("*.ipynb"))


def clean(nb):
    """Strip outputs, execution counts and widget state, except from golden cells. Returns nb."""
    nb.metadata.pop("widgets", None)
    nb.metadata["kernelspec"] = dict(KERNELSPEC)
    nb.metadata["language_info"] = {"name": "python"}
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        cell.metadata.pop("collapsed", None)
        cell.metadata.pop("scrolled", None)
        if cell.cell_type != "code":
            continue
        if KEEP_TAG in tags(cell):
            # Widget views and images vary between runs; keep only the text a test can compare.
            cell.outputs = [o for o in cell.outputs if o.get("output_type") == "stream"
                            or "text/plain" in o.get("data", {})]
            for o in cell.outputs:
                if "data" in o:
                    o["data"] = {"text/plain": o["data"]["text/plain"]}
                    o["metadata"] = {}
        else:
            cell.outputs = []
            cell.execution_count = None
    return nb


def _solution_blanks(source: str, known: set[str]) -> dict[str, str | None]:
    """The question variables a solution cell sets at top level, in order, by assignment or by a function
    definition (``def share_function(...)`` for a function question): each -> the function's signature
    ('share_function(price, litres)', which the student's blank names), or None when it is assigned."""
    try:
        tree = ast.parse(source)
    except SyntaxError as err:
        raise ValueError(f"a solution cell is not valid Python ({err.msg}, line {err.lineno})") from None
    found: dict[str, str | None] = {}
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            if node.name in known and node.name not in found:
                found[node.name] = f"{node.name}({ast.unparse(node.args)})"
            continue
        targets = node.targets if isinstance(node, ast.Assign) else (
            [node.target] if isinstance(node, (ast.AnnAssign, ast.AugAssign)) else [])
        for target in targets:
            if isinstance(target, ast.Name) and target.id in known and target.id not in found:
                found[target.id] = None
    return found


def _blank(variables: dict[str, str | None]) -> str:
    """A solution cell as the student gets it: one ``variable = ____`` per question variable, and for a
    function the line that says what to write in its place."""
    lines = ["# Your code here: end by setting the variable below."]
    for name, signature in variables.items():
        if signature is not None:
            lines.append(f"# {name} is a function: replace the line below with  def {signature}:  and its body.")
        lines.append(f"{name} = ____")
    return "\n".join(lines)


def student_version(teacher_nb, known_variables: set[str]):
    """The student notebook made from a teacher notebook (a new object; the input is unchanged)."""
    nb = copy.deepcopy(teacher_nb)
    cells = []
    for cell in nb.cells:
        cell_tags = tags(cell)
        if TEACHER_TAG in cell_tags:
            continue
        if SOLUTION_TAG in cell_tags:
            variables = _solution_blanks(cell.source, known_variables)
            if not variables:
                raise ValueError(f"solution cell {cell.get('id', '?')} sets no question variable: "
                                 f"{cell.source[:60]!r}")
            cell.source = _blank(variables)
            cell.metadata["tags"] = [t for t in cell_tags if t != SOLUTION_TAG] + ["answer"]
        if KEEP_TAG in cell_tags:
            cell.metadata["tags"] = [t for t in cell.metadata["tags"] if t not in (KEEP_TAG, "nbval-check-output")]
        cells.append(cell)
    nb.cells = cells
    nb.metadata.setdefault("qantar", {})["version"] = "student"
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = []
            cell.execution_count = None
    return clean(nb)


def write(nb, path: Path) -> None:
    """Write a notebook deterministically (nbformat sorts keys; one trailing newline)."""
    text = nbformat.writes(nb)
    Path(path).write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8")


def known_variables() -> set[str]:
    from .exercises import available_sets

    return {v for qs in available_sets().values() for v in qs.variables}


def generate_students(teacher_dir: Path = TEACHER_DIR, student_dir: Path = STUDENT_DIR) -> list[Path]:
    """Regenerate every student notebook from its teacher notebook; returns the paths written."""
    known = known_variables()
    written = []
    for teacher_path in sorted(Path(teacher_dir).glob("*.ipynb")):
        nb = nbformat.read(teacher_path, as_version=4)
        target = Path(student_dir) / teacher_path.name
        write(student_version(nb, known), target)
        written.append(target)
    return written


def execute(nb, cwd: Path, timeout: int = 300):
    """Run a notebook in a fresh kernel (the kit's nbclient, ``qantar.runner``); returns the executed copy."""
    from .runner import execute as run

    return run(nb, cwd, timeout=timeout)


def refresh_golden(path: Path) -> None:
    """Run a notebook and keep only its golden cells' outputs, so nbval compares them next time."""
    nb = nbformat.read(path, as_version=4)
    executed = execute(nb, Path(path).parent)
    write(clean(executed), path)


def main(argv: list[str]) -> int:
    if len(argv) < 1 or argv[0] not in ("clean", "golden"):
        print(__doc__)
        return 2
    paths = [Path(p) for p in argv[1:]] or all_notebooks()
    for path in paths:
        if argv[0] == "clean":
            nb = nbformat.read(path, as_version=4)
            write(clean(nb), path)
        else:
            refresh_golden(path)
        print(f"{argv[0]}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
