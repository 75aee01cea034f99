"""Exercise sets, one module per notebook, on one small engine (engine.py).

In a notebook: ``from qantar.exercises.start import *`` gives ``q1, q2, ...`` and the blank ``____``.
"""
from .engine import (ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED, RESULTS, ChoiceQuestion,  # noqa: F401
                     FunctionQuestion, QuestionSet, Result, ValueQuestion, WrittenQuestion, ____)
from .judge_first import JudgeFirstQuestion  # noqa: F401

# Every exercise set, by the name stored in its notebooks' metadata (qantar.exercise_set).
SET_MODULES = {
    "start": "qantar.exercises.start",
    "timeline": "qantar.exercises.timeline",
    "wealth": "qantar.exercises.wealth",
    "actors": "qantar.exercises.actors",
    "reading": "qantar.exercises.reading",
}


def load_set(name: str) -> QuestionSet:
    """The QuestionSet called ``name`` (imports its module)."""
    import importlib

    if name not in SET_MODULES:
        raise KeyError(f"unknown exercise set {name!r}; known: {', '.join(SET_MODULES)}")
    return importlib.import_module(SET_MODULES[name]).QUESTIONS


def available_sets() -> dict[str, QuestionSet]:
    """Every set whose module exists (themes still being written are skipped)."""
    found = {}
    for name in SET_MODULES:
        try:
            found[name] = load_set(name)
        except ModuleNotFoundError:
            continue
    return found
