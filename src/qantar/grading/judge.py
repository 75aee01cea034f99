"""Judging a submission's answers, outside the kernel that made them.

What is guaranteed: every verdict is made here, in the grader's own process, which never runs student
code. The judge receives each answer as plain data (``qantar.answers``: numbers, text, dates, lists,
dictionaries, tables), rebuilt by the grader itself, and judges it with the exercise set the grader
loaded (each question by its kind, through the engine's own ``evaluate``). Nothing a notebook patches
in its kernel (builtins, json, the import machinery, IPython, a copy of qantar in its folder) reaches
here: a notebook can at most claim an answer, as if it had written it, never a verdict.

A function answer crosses as its source. ``run_functions`` runs it in a fresh process (in the sandbox
when there is one) that receives only that source and the test arguments, never the expected results;
the judge sees what each call returned, as plain data, and compares it here. The per-question time
limit counts CPU time spent in the student's calls only: importing the exercise set, loading data and
defining the function are one-off set-up with limits of their own.

``make_plan`` does this process's own set-up once per class (the expected values computed from the
data, the test arguments encoded), so that no submission's judging pays for it.
"""
from __future__ import annotations

import asyncio
import difflib
import json
import os
import secrets
import signal
import subprocess
import sys
from dataclasses import dataclass, field

from .. import answers as plain
from ..answers import NotPlain, StudentFunction
from .kernel import GRADING_FAILED
from .records import EMPTY, QUESTION_STATUSES, STATUSES, Graded, Submission
from .submissions import _sha256
from ..exercises.engine import ANSWERED, CORRECT, ERROR, INCORRECT, _echo

SETUP_SECONDS = 180  # wall-clock seconds for the function runner's set-up (imports, data) on a busy machine
# Wall-clock seconds the runner may go silent during a call: three times the CPU limit (at least this floor,
# the CPU time allowed for defining a function), plus a margin. It stops a function that sleeps.
_PER_EVENT_FLOOR = 10
MAX_RUNNER_OUTPUT = 20_000_000  # bytes of the function runner's output that are read


class TooSlow(KeyboardInterrupt):
    """A call ran out of time (the engine lets only interrupts through a check)."""


class NotChecked(KeyboardInterrupt):
    """A call could not be made at all; the message says why."""


@dataclass
class Plan:
    """What the judge prepares once for a class: the set, its module, the test arguments of each
    function question (encoded, keyed by their JSON) and the result of a question with no variable."""

    qset: object
    module: str
    cases: dict[str, list[str]] = field(default_factory=dict)  # question -> JSON of each call's arguments
    unsendable: dict[str, str] = field(default_factory=dict)  # question -> why its arguments cannot be sent
    missing: dict[str, object] = field(default_factory=dict)  # question -> its "variable not found" Result
    setup: list = field(default_factory=list)  # a teacher's assignment: the code cells students are given

    @property
    def function_vars(self) -> list[str]:
        return [q.var for q in self.qset if q.kind == "function"]


def _key(args) -> str:
    return json.dumps(plain.encode(tuple(args)), sort_keys=True, allow_nan=False)


def make_plan(qset, module: str, setup: list | None = None) -> Plan:
    """Compute, once, what judging needs from the data (expected values, options, test cases). ``setup``:
    the code a teacher's assignment gives students (from its key), run before their functions."""
    plan = Plan(qset, module, missing={q.name: r for q, r in zip(qset, qset.grade({}))},
                setup=list(setup or []))
    for q in qset:
        try:
            q.evaluate(_WarmUp())  # computes a question's expected value, mistakes, items... (cached)
        except Exception:  # noqa: BLE001 - a broken question is reported when it is judged
            pass
        if q.kind == "function":
            try:
                cases = q.cases() if callable(q.cases) else q.cases
                plan.cases[q.name] = [_key(args) for args, _ in cases]
            except Exception as err:  # noqa: BLE001
                plan.unsendable[q.name] = f"its test cases could not be made ({type(err).__name__})"
                continue
            if any('"not plain"' in key for key in plan.cases[q.name]):
                plan.unsendable[q.name] = "its test arguments are not plain data the runner can receive"
    return plan


class _WarmUp:
    """An answer no question accepts: judging it computes what each question needs, then fails."""


# ---------------------------------------------------------------------------------------------
# Running the functions


@dataclass
class Calls:
    """What the runner reported for one function question."""

    records: dict[int, dict] = field(default_factory=dict)  # call index -> {"ok": tree} / "raised" / ...
    setup_error: str = ""  # defining the function failed (a SyntaxError, a NameError...)
    stopped: str = ""  # why the runner stopped before its last call ("" if it did not)


def function_request(plan: Plan, answers: dict, imports: list[str], limit: float) -> dict | None:
    """What the runner needs for this submission's function answers, or None if it has none."""
    functions = []
    for q in plan.qset:
        value = answers.get(q.var)
        if q.kind == "function" and isinstance(value, StudentFunction) and q.name not in plan.unsendable:
            functions.append({"question": q.name, "var": q.var, "name": value.name, "source": value.source,
                              "cases": [json.loads(key) for key in plan.cases[q.name]]})
    if not functions:
        return None
    return {"module": plan.module, "setup": plan.setup, "imports": imports, "limit": limit, "functions": functions,
            "marker": f"@@qantar-run-{secrets.token_hex(8)}@@"}


async def run_functions(request: dict, command: list[str], cwd: str, limit: float) -> dict[str, Calls]:
    """Run the request's functions with ``command`` (the runner, sandboxed or not), restarting the runner
    for the functions left when one of them had to be stopped."""
    calls: dict[str, Calls] = {}
    left = list(request["functions"])
    while left:
        got = await _run_once({**request, "functions": left}, command, cwd, limit)
        calls.update(got)
        stopped = next((f for f in left if got[f["question"]].stopped), None)
        if stopped is None:
            break
        left = left[left.index(stopped) + 1:]
    return calls


async def _run_once(request: dict, command: list[str], cwd: str, limit: float) -> dict[str, Calls]:
    calls = {f["question"]: Calls() for f in request["functions"]}
    try:
        process = await asyncio.create_subprocess_exec(
            *command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=cwd,
            limit=MAX_RUNNER_OUTPUT, start_new_session=sys.platform != "win32")
    except OSError as err:
        for record in calls.values():
            record.stopped = f"the function runner could not start ({type(err).__name__})"
        return calls
    try:
        process.stdin.write(json.dumps(request, allow_nan=False).encode())
        await process.stdin.drain()
        process.stdin.close()
        await _read_events(process, request, calls, limit)
    except (OSError, ValueError, asyncio.IncompleteReadError) as err:
        _stop_all(request, calls, f"the function runner failed ({type(err).__name__})")
    finally:
        await _kill(process)
    return calls


async def _read_events(process, request, calls: dict[str, Calls], limit: float) -> None:
    marker, ready, budget = request["marker"], False, MAX_RUNNER_OUTPUT
    per_event = 3 * max(limit, _PER_EVENT_FLOOR) + 5
    while True:
        try:
            line = await asyncio.wait_for(process.stdout.readline(), SETUP_SECONDS if not ready else per_event)
        except asyncio.TimeoutError:
            _stop_all(request, calls, "took too long" if ready else "the set-up took too long", timeout=ready)
            return
        budget -= len(line)
        if not line or budget < 0:
            _stop_all(request, calls, "the process running it ended: did it stop Python, with os._exit?")
            return
        event = _event(line, marker)
        if event is None:
            continue
        if event.get("ready") is True:
            ready = True
        elif event.get("done") is True:
            return
        elif "setup_error" in event and "q" not in event:
            _stop_all(request, calls, f"the exercise set could not be loaded ({str(event['setup_error'])[:120]})")
            return
        else:
            _record(event, calls)


def _event(line: bytes, marker: str) -> dict | None:
    text = line.decode("utf-8", "replace")
    if not text.startswith(marker):
        return None  # printed by the student's code: not the runner's
    try:
        event = plain.loads(text[len(marker):])
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def _record(event: dict, calls: dict[str, Calls]) -> None:
    record = calls.get(event.get("q")) if isinstance(event.get("q"), str) else None
    if record is None:
        return
    if isinstance(event.get("setup_error"), str):
        record.setup_error = event["setup_error"][:300]
    elif type(event.get("i")) is int:
        record.records[event["i"]] = {k: v for k, v in event.items() if k in ("ok", "raised", "exit", "timeout")}


def _stop_all(request, calls: dict[str, Calls], why: str, timeout: bool = False) -> None:
    """Mark the function that was running (the first one not finished) as stopped; later ones are
    left for a restarted runner."""
    for function in request["functions"]:
        record = calls[function["question"]]
        finished = record.setup_error or any("ok" not in r for r in record.records.values()) or (
            len(record.records) == len(function["cases"]))
        if not finished:
            record.stopped = "timeout" if timeout else why
            return


async def _kill(process) -> None:
    if process.returncode is None:
        try:
            if sys.platform != "win32":
                os.killpg(process.pid, signal.SIGKILL)  # the runner and anything it started
            else:
                process.kill()
        except (ProcessLookupError, PermissionError):
            pass
    try:
        await asyncio.wait_for(process.wait(), 10)
    except asyncio.TimeoutError:
        pass


# ---------------------------------------------------------------------------------------------
# Judging


class RecordedFunction:
    """Stands in for a student's function: returns what the runner recorded for the same arguments."""

    def __init__(self, plan: Plan, question, calls: Calls | None):
        self.keys = plan.cases.get(question.name, [])
        self.calls = calls or Calls(stopped="the function was not run")
        self.name = question.var

    def __call__(self, *args):
        if self.calls.setup_error:
            raise _student_error(*self.calls.setup_error.split(": ", 1)) if ": " in self.calls.setup_error \
                else _student_error(self.calls.setup_error, "")
        key = _key(args)
        index = self.keys.index(key) if key in self.keys else None
        record = self.calls.records.get(index) if index is not None else None
        if record is None:
            if self.calls.stopped == "timeout" or any("timeout" in r for r in self.calls.records.values()):
                raise TooSlow()
            raise NotChecked(self.calls.stopped or "the grader did not run this call")
        if "timeout" in record:
            raise TooSlow()
        if "exit" in record:
            raise SystemExit()
        if "raised" in record and isinstance(record["raised"], list) and len(record["raised"]) == 2:
            raise _student_error(*map(str, record["raised"]))
        value = plain.decode(record.get("ok"))
        return value.stand_in() if isinstance(value, NotPlain) else value


def _student_error(name: str, said: str) -> Exception:
    """An exception named like the one the student's function raised, saying what it said."""
    return type(name[:80] or "Exception", (Exception,), {})(said[:200])


def _uncallable(*args):
    raise TypeError("a function given for a question that wants a value")


def not_plain_message(question, value: NotPlain) -> str:
    if value.type_name == "unreadable":
        return f"Your answer could not be read: {value.why}. Your teacher will look at it."
    if question.kind == "function":
        return (f"`{question.var}` should be a function written with def in your notebook; the grader could not "
                f"read it: {value.why}.")
    return (f"Your answer is not a plain value: {value.why}. The grader reads only plain values (a number, "
            "text, True/False, a date, a list, a dictionary or a table): convert yours, for example with "
            "int(), str() or .tolist().")


def echo_answer(value) -> str:
    """An answer as the engine's messages repeat it (at most ECHO_LIMIT characters, then how long it
    was), on one line: what the answers file and the flags compare. "" for a function."""
    if isinstance(value, StudentFunction):
        return ""
    if isinstance(value, NotPlain):
        return f"(not a plain value: {value.type_name})"
    if type(value) is str:
        return " ".join(_echo(value).split())
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a value the grader rebuilt should show itself; if not, its type
        text = f"({type(value).__name__})"
    return _echo(" ".join(text.split()), quote=False)


def judge(plan: Plan, answers: dict, calls: dict[str, Calls], limit: float) -> list[dict]:
    """Every question's result (``Result.as_dict()``), in order, from decoded answers by variable."""
    results = []
    for q in plan.qset:
        if q.var not in answers:
            result = plan.missing[q.name]
        else:
            result = _judge_one(plan, q, answers[q.var], calls.get(q.name), limit)
        record = result.as_dict()
        record["message"] = str(record["message"])[:600]
        results.append(record)
    return results


def _judge_one(plan: Plan, q, value, calls: Calls | None, limit: float):
    if isinstance(value, NotPlain):
        return q._result(INCORRECT, not_plain_message(q, value))
    if isinstance(value, StudentFunction):
        if q.kind != "function":
            value = _uncallable
        elif q.name in plan.unsendable:
            return q._result(ERROR, f"Your function could not be checked: {plan.unsendable[q.name]}. Your "
                                    "teacher will look at it.")
        else:
            value = RecordedFunction(plan, q, calls)
    try:
        return q.evaluate(value)
    except TooSlow:
        return q._result(ERROR, f"Checking `{q.var}` took more than {limit:g} seconds (does your function "
                                "loop forever?).")
    except NotChecked as err:
        return q._result(ERROR, f"Your function could not be checked ({err}). Your teacher will look at it.")
    except KeyboardInterrupt:
        raise
    except BaseException as err:  # noqa: BLE001 - a broken question is one error, not a stopped class
        return q._result(ERROR, f"The grader could not check this question ({type(err).__name__}).")


def renamed(plan: Plan, answers: dict, names: list[str]) -> dict[str, str]:
    """For each question whose variable is missing, a defined name close to it (a renamed variable?)."""
    variables = set(plan.qset.variables)
    candidates = [n for n in names if n not in variables]
    found = {}
    for q in plan.qset:
        if q.var not in answers:
            close = difflib.get_close_matches(q.var, candidates, n=1, cutoff=0.75)
            if close:
                found[q.name] = close[0]
    return found


__all__ = ["Plan", "make_plan", "function_request", "run_functions", "judge", "renamed", "Calls",
           "not_plain_message", "echo_answer"]


# ---------------------------------------------------------------------------------------------
# Checking the results of a whole run before anything is written

def _finish_rows(rows: list[Graded], subs: list[Submission], qset) -> None:
    """Fill empty notebooks' results, check every result, and note a submission changed meanwhile."""
    for row in rows:
        if row.status not in STATUSES:
            row.notes.append(f"the grader gave an unknown status ({str(row.status)[:40]!r})")
            row.status, row.results = GRADING_FAILED, None
        if qset is not None and row.status == EMPTY:
            row.results = [r.as_dict() for r in qset.grade({})]
        elif row.results is not None:
            _check_results(row, qset)
    for sub, row in zip(subs, rows):
        try:
            after = _sha256(sub.path) if sub.sha256 else ""
        except OSError:
            after = "missing"
        if sub.sha256 and after != sub.sha256:
            row.notes.append("WARNING: the submitted file changed while it was graded")


def _check_results(row: Graded, qset) -> None:
    """Results must be one per question of the set, in order, each with a known status; points are
    recomputed from the status and the set (never taken as given). Otherwise the row is distrusted."""
    problem = _results_problem(row.results, qset)
    if problem:
        row.status = GRADING_FAILED
        row.notes.append(f"the results did not match the set's questions ({problem})")
        row.results = None
        return
    for result, q in zip(row.results, qset):
        earned = q.scored and result["status"] in (CORRECT, ANSWERED)
        result["points"] = float(q.points) if earned else 0.0
        result["max_points"] = float(q.points) if q.scored else 0.0
        result["message"] = str(result.get("message", ""))[:600]
        result["exercise_set"] = qset.name


def _results_problem(results, qset) -> str:
    if qset is None or not isinstance(results, list):
        return "no list of results"
    if len(results) != len(qset):
        return f"{len(results)} results for {len(qset)} questions"
    for result, q in zip(results, qset):
        if not isinstance(result, dict) or result.get("question") != q.name:
            return f"a result for another question than {q.name}"
        if result.get("status") not in QUESTION_STATUSES:
            return f"an unknown status for {q.name}"
        points = result.get("points", 0)
        if type(points) not in (int, float) or not 0 <= points <= (q.points if q.scored else 0):
            return f"points out of range for {q.name}"
    return ""
