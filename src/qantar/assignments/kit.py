"""The assessed build of the kit's own sets, and releasing the solutions of any assessed notebook.

An exercise notebook of the kit imports its set (``from qantar.exercises.timeline import *``): the
questions, their keys, and the tables and tools the questions use. Its assessed build imports no set: its
first cell makes the same tables and tools (``MATERIALS``, checked against each set's ``__all__`` by the
tests) and keyless questions (``qantar.exercises.assessed``). The grader still judges with the set itself,
in its own process. The set's module stays installed, and the kit is public: a student who imports it by
hand, or reads the package's files, finds its keys (the teacher guide says so).
"""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..exercises import SET_MODULES, load_set
from .build import Built, assessed_notebook, clean_cell, is_setup, setup_cells, write_notebook
from .key import load_key, public_spec, released_text
from .teacher import AssignError

# The names each set's module gives its notebook, but for the questions, made without the set. Withheld:
# the lesson's own practice questions (LESSON), which carry keys.
MATERIALS = {
    "start": """
from qantar import data
cities = data.load("cities")
""",
    "timeline": """
import pandas as pd
from qantar import data, style, timeline
from qantar.sources import sources
events = data.load("events")
reports = data.load("casualty_reports")
emergency = data.load("emergency")
cities = data.load("cities")
""",
    "wealth": """
from qantar import data, wealth
rich = data.load("rich_list")
economy = data.load("economy")
fuel = data.load("fuel_prices")
uk = data.load("uk_links")
ar = data.load("asset_recovery")
""",
    "actors": """
from qantar import actors as tools
from qantar import data, style
from qantar.actors import what_it_shows
actors = data.load("actors")
statements = data.load("statements").drop(columns="stance")  # you code them first (q3)
deployment = data.load("csto_deployment")
contingents = data.load("csto_contingents")
members = data.load("csto_members")
ties = data.load("ties")
network = tools.build_network(actors, ties, members, contingents)


def kit_coding():
    \"\"\"The statements with the kit's stance column, once your own coding (q3) is recorded.\"\"\"
    if not q3.attempted():
        print("Judge first: code the five statements of question 3 and run q3.check(), then run this again.")
        return None
    return data.load("statements").copy()
""",
    "reading": """
from qantar import data, reading, style
claims, documents, paragraphs = reading.load_tables()
claims, paragraphs = reading.without_key(claims), reading.without_key(paragraphs)  # no verdicts, no classes
""",
}

ASSESSED_NOTE = ("**Assessed version.** Your teacher marks this notebook. The checks say only whether an answer has "
                 "the form a question wants (a number, a date, one of the options...); `qN.solution()`, the last "
                 "hints and the kit's own judgements come when your teacher releases the solutions.")
RELEASED_NOTE = ("**Solutions released.** `qN.solution()` now shows each solution, model answer or the kit's "
                 "judgements; the checks still look only at the form of an answer.")

_SET_IMPORT = re.compile(r"^\s*from\s+qantar\.exercises\.(\w+)\s+import\s+\*.*$", re.M)


def kit_notebook(name: str) -> Path:
    """The kit's student exercise notebook of set ``name``."""
    from ..notebooks import STUDENT_DIR

    for path in sorted(STUDENT_DIR.glob("*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        if nb.metadata.get("qantar", {}).get("exercise_set") == name:
            return path
    raise AssignError(f"no exercise notebook of the set {name!r} in {STUDENT_DIR}")


def assessed_kit_set(name: str, out_dir, released: bool = False) -> Built:
    """Write the assessed (or, once released, the released) build of a kit set: ``<notebook>`` in
    ``out_dir``, without the set's keys."""
    if name not in SET_MODULES:
        raise AssignError(f"unknown exercise set {name!r}; the kit's sets are {', '.join(SET_MODULES)}")
    source = kit_notebook(name)
    qset = load_set(name)  # in this process only: the build reads each question's public parts
    specs = [public_spec(q, released) | ({"released": released_text(q)} if released else {}) for q in qset]
    nb = nbformat.read(source, as_version=4)
    cells, replaced = [], False
    for cell in nb.cells:
        new = clean_cell(cell)
        if cell.cell_type == "code" and _SET_IMPORT.search(cell.source):
            if _SET_IMPORT.search(cell.source).group(1) != name:
                raise AssignError(f"{source.name} imports another set than {name!r}")
            rest = _SET_IMPORT.sub("", cell.source).strip()
            materials = (f"# The tables and tools of these exercises (the answer key is not loaded: your teacher "
                         f"marks them)\n{MATERIALS[name].strip()}\n")
            cells.append(nbformat.v4.new_code_cell(f"{rest}\n\n{materials}" if rest else materials))
            cells += setup_cells(name, specs)
            replaced = True
            continue
        cells.append(new)
    cells.insert(1, nbformat.v4.new_markdown_cell(RELEASED_NOTE if released else ASSESSED_NOTE))
    if not replaced:
        raise AssignError(f"{source.name} has no `from qantar.exercises.{name} import *` cell to replace")
    version = "released" if released else "assessed"
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    target = out / (source.name if not released else f"{source.stem}_released.ipynb")
    write_notebook(assessed_notebook(cells, {"exercise_set": name, "version": version}, nb.metadata.get("kernelspec")), target)
    return Built(name, target, None)


def release(student_path, out_dir, key_path=None) -> Built:
    """The released version of an assessed notebook: the same cells, and ``solution()`` shows each
    solution. A teacher's assignment needs its key; a kit set's notebook needs none."""
    student_path = Path(student_path)
    try:
        nb = nbformat.read(student_path, as_version=4)
    except FileNotFoundError:
        raise AssignError(f"{student_path} does not exist") from None
    except Exception as err:  # noqa: BLE001
        raise AssignError(f"{student_path} is not a notebook Jupyter can open ({type(err).__name__})") from None
    meta = nb.metadata.get("qantar", {})
    name = meta.get("exercise_set", "")
    if meta.get("version") != "assessed":
        raise AssignError(f"{student_path} is not an assessed notebook from `qantar assign`")
    if name in SET_MODULES and key_path is None:
        return assessed_kit_set(name, out_dir or student_path.parent, released=True)
    if key_path is None:
        raise AssignError(f"{student_path} is the assignment {name!r}: give its key with --key")
    key = load_key(key_path)
    if key.name != name:
        raise AssignError(f"the key {key_path} is for the assignment {key.name!r}, but {student_path.name} is "
                          f"{name!r}")
    specs = [public_spec(q, True) | {"released": released_text(q)} for q in key.qset]
    cells = []
    for cell in nb.cells:
        if is_setup(cell):
            cells.append(setup_cells(name, specs)[1])
        elif not (cell.cell_type == "markdown" and cell.source.startswith("## Handing in")):
            cells.append(clean_cell(cell))
    out = Path(out_dir or student_path.parent)
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{student_path.stem}_released.ipynb"
    write_notebook(assessed_notebook(cells, {"exercise_set": name, "version": "released", "assignment_id": key.id},
                     nb.metadata.get("kernelspec")), target)
    return Built(name, target, None)
