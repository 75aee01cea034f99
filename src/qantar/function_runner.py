"""Run a student's functions on the grader's test arguments, in a fresh process (in the sandbox when
there is one), and report only what each call returned.

    python -m qantar.function_runner  < request.json  > one JSON line per event

The request: ``{"module": the exercise set's module, "setup": the code cells a teacher's assignment gives
its students (from its key; empty for a kit set), "imports": the notebook's import statements,
"limit": seconds, "marker": text, "functions": [{"question", "var", "name", "source", "cases": [the
encoded arguments of each call]}]}``. The runner first does the one-off set-up: it imports the exercise
set (``from <module> import *``, as the notebook's first cell does) and the notebook's imports, then says
``{"ready": true}``. Only then is any student code run: each function's source alone, in a copy of that
namespace, then each call, with ``limit`` seconds of CPU time for all the calls of one question (CPU,
not wall-clock time: a busy machine does not make a correct function too slow). Each call's result
crosses as plain data (``qantar.answers.encode``), like an answer from the notebook.

The runner never sees an expected result: the grader keeps them, so a function that walks up the stack
or searches memory finds the arguments and nothing else.
"""
from __future__ import annotations

import contextlib
import io
import json
import os
import signal
import sys
import time


DEFINE_SECONDS = 10  # CPU seconds to define a function (its source runs once before any call)


class TooSlow(KeyboardInterrupt):
    """Raised in a call by the CPU timer."""


def _emit(out, marker: str, event: dict) -> None:
    out.write(marker + json.dumps(event, allow_nan=False) + "\n")
    out.flush()


def _set_up(request: dict) -> dict:
    namespace: dict = {"__name__": "__main__"}
    exec(f"from {request['module']} import *", namespace)  # noqa: S102 - the exercise set, the teacher's code
    for cell in request.get("setup", []):  # a teacher's assignment: the cells its students are given (its key)
        try:
            with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
                exec(compile(cell, "<given cell>", "exec"), namespace)  # noqa: S102 - the teacher's code
        except Exception:  # noqa: BLE001 - a cell that fails here (a magic, a display) leaves its names out
            pass
    for statement in request.get("imports", []):
        try:
            exec(statement, namespace)  # noqa: S102 - import statements only, made by the grader
        except Exception:  # noqa: BLE001 - a package the notebook imports may be missing: its function will say
            pass
    return namespace


def _cpu_timer(seconds: float) -> None:
    if hasattr(signal, "setitimer"):
        # Repeats every half second: a function that catches one interrupt gets another.
        signal.setitimer(signal.ITIMER_PROF, max(seconds, 0.01), 0.5)


def _stop_timer() -> None:
    if hasattr(signal, "setitimer"):
        signal.setitimer(signal.ITIMER_PROF, 0)


def _interrupt(signum, frame):
    raise TooSlow()


def _define(function: dict, base: dict):
    namespace = dict(base)
    exec(compile(function["source"], f"<{function['var']}>", "exec"), namespace)  # noqa: S102
    found = namespace.get(function["name"])
    if not callable(found):
        found = namespace.get(function["var"])
    if not callable(found):
        raise NameError(f"its source defines no function named {function['name']}")
    return found


def _call(fn, args, seconds: float) -> dict:
    """Call ``fn`` with ``seconds`` of CPU time; what it returned (not yet encoded) or what happened."""
    try:
        _cpu_timer(seconds)
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
            return {"value": fn(*args)}
    except (TooSlow, KeyboardInterrupt):
        return {"timeout": True}
    except SystemExit:
        return {"exit": True}
    except BaseException as err:  # noqa: BLE001 - a student's function may raise anything
        try:
            said = str(err)[:200]
        except BaseException:  # noqa: BLE001
            said = ""
        return {"raised": [type(err).__name__[:80], said]}
    finally:
        _stop_timer()


def _run(function: dict, base: dict, limit: float, out, marker: str, answers) -> None:
    question = function["question"]
    try:
        _cpu_timer(max(limit, DEFINE_SECONDS))  # defining the function is set-up, with a limit of its own
        fn = _define(function, base)
    except BaseException as err:  # noqa: BLE001
        _emit(out, marker, {"q": question, "setup_error": f"{type(err).__name__}: {str(err)[:200]}"})
        return
    finally:
        _stop_timer()
    spent = 0.0
    try:
        for i, tree in enumerate(function["cases"]):
            args = answers.decode(tree)
            started = time.process_time()
            record = _call(fn, tuple(args) if isinstance(args, (tuple, list)) else (args,), limit - spent)
            spent += time.process_time() - started
            if "value" in record:
                record = {"ok": answers.encode(record.pop("value"))}
            _emit(out, marker, {"q": question, "i": i, **record})
            if "ok" not in record:
                break
    except TooSlow:  # the timer fired between two calls
        _emit(out, marker, {"q": question, "i": -1, "timeout": True})


def main() -> int:
    out = os.fdopen(os.dup(sys.stdout.fileno()), "w", encoding="utf-8")
    request = json.loads(sys.stdin.read())
    marker = request["marker"]
    from qantar import answers  # before any student code: the copy this runner trusts

    try:
        base = _set_up(request)
    except BaseException as err:  # noqa: BLE001
        _emit(out, marker, {"setup_error": f"{type(err).__name__}: {str(err)[:200]}"})
        return 1
    _emit(out, marker, {"ready": True})
    if hasattr(signal, "SIGPROF"):
        signal.signal(signal.SIGPROF, _interrupt)
    for function in request["functions"]:
        _run(function, base, float(request["limit"]), out, marker, answers)
    _emit(out, marker, {"done": True})
    return 0


if __name__ == "__main__":
    sys.exit(main())
