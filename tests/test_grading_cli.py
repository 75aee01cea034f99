"""`qantar grade` under odd input, without running a kernel: command-line values are checked before any
notebook runs; file names and error texts cannot drive the terminal; a notebook too big, a special file
or a cell whose source is a number is one line of the summary or one row, never a traceback or a hang.
"""
import csv
import io
import json
import os
import socket
import threading

import nbformat
import pytest

from qantar import cli, grading, notebooks
from qantar.exercises import load_set

STUDENT = notebooks.STUDENT_DIR / "00_start_here.ipynb"
needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are a POSIX feature")


@pytest.fixture
def no_grading(monkeypatch):
    """Fail if grading starts: every value must be refused before any notebook is read or run."""
    started = []

    def grade_folder(*args, **kwargs):
        started.append((args, kwargs))
        raise AssertionError("grading started")

    monkeypatch.setattr(grading, "grade_folder", grade_folder)
    return started


@pytest.fixture
def class_folder(tmp_path):
    """A folder with one tiny notebook in it (it would run if the values were not checked first)."""
    folder = tmp_path / "subs"
    folder.mkdir()
    nbformat.write(nbformat.read(STUDENT, as_version=4), str(folder / "ana.ipynb"))
    return folder


def grade(capsys, *argv):
    code = cli.main(["grade", *map(str, argv), "--quiet"])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def refused(capsys, no_grading, *argv):
    """Run `qantar grade`; it must stop with code 2 before grading. Returns the lines it printed."""
    code, out, err = grade(capsys, *argv)
    assert (code, no_grading, err) == (2, [], "")
    return out.splitlines()


# ---------------------------------------------------------------------------------------------
# Command-line values, checked before any notebook runs


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "0", "-5", "abc", "1e300", ""])
def test_timeout_must_be_a_positive_finite_number(capsys, no_grading, class_folder, tmp_path, value):
    lines = refused(capsys, no_grading, class_folder, "--out", tmp_path / "g.csv", f"--timeout={value}")
    assert lines == [f"Cannot grade: --timeout must be a number of seconds above 0 and at most 86400 (a day), "
                     f"like 60, not {value!r}"]


@pytest.mark.parametrize("value", ["0", "-1", "2.5", "many"])
def test_jobs_must_be_at_least_one(capsys, no_grading, class_folder, tmp_path, value):
    lines = refused(capsys, no_grading, class_folder, "--out", tmp_path / "g.csv", f"--jobs={value}")
    assert lines == [f"Cannot grade: --jobs must be a whole number of notebooks run at once, 1 or more, "
                     f"not {value!r}"]


def test_out_must_not_be_a_folder(capsys, no_grading, class_folder, tmp_path):
    lines = refused(capsys, no_grading, class_folder, "--out", tmp_path)
    assert lines == [f"Cannot grade: --out {tmp_path} is a folder: give the gradebook's file name, like "
                     f"{tmp_path / 'gradebook.csv'}"]


def test_out_must_be_in_a_folder_that_can_be_made(capsys, no_grading, class_folder, tmp_path):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    out = tmp_path / "notes.txt" / "marks" / "g.csv"
    lines = refused(capsys, no_grading, class_folder, "--out", out)
    assert lines == [f"Cannot grade: --out {out}: {tmp_path / 'notes.txt'} is not a folder"]


@needs_fifo
def test_out_must_not_be_a_named_pipe(capsys, no_grading, class_folder, tmp_path):
    os.mkfifo(tmp_path / "g.csv")  # writing the gradebook into it would wait forever
    lines = refused(capsys, no_grading, class_folder, "--out", tmp_path / "g.csv")
    assert lines == [f"Cannot grade: --out {tmp_path / 'g.csv'} is a named pipe (FIFO), not a file to write the "
                     "gradebook in"]


def unwritable_folder(tmp_path):
    """A folder no file can be made in: read-only for a user, /sys for root (who ignores permissions)."""
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    for folder in (locked, "/sys"):
        if os.path.isdir(folder) and cli._cannot_write_in(folder):
            return folder
    pytest.skip("no folder here refuses a new file")


@pytest.mark.parametrize("option", ["--out", "--feedback", "--written"])
def test_output_places_must_be_writable(capsys, no_grading, class_folder, tmp_path, option):
    folder = unwritable_folder(tmp_path)
    target = os.path.join(folder, "marks", "g.csv" if option == "--out" else "")
    args = ["--out", target] if option == "--out" else ["--out", tmp_path / "g.csv", option, target]
    lines = refused(capsys, no_grading, class_folder, *args)
    assert lines == [f"Cannot grade: {option} {target}: cannot write in {folder} (Permission denied)"]


@pytest.mark.parametrize("option", ["--feedback", "--written"])
def test_feedback_and_written_must_be_folders(capsys, no_grading, class_folder, tmp_path, option):
    (tmp_path / "notes.txt").write_text("a file, not a folder")
    lines = refused(capsys, no_grading, class_folder, "--out", tmp_path / "g.csv", option, tmp_path / "notes.txt")
    assert lines == [f"Cannot grade: {option} {tmp_path / 'notes.txt'}: {tmp_path / 'notes.txt'} is not a folder"]


def test_out_and_feedback_must_differ(capsys, no_grading, class_folder, tmp_path):
    lines = refused(capsys, no_grading, class_folder, "--out", tmp_path / "x", "--feedback", tmp_path / "x")
    assert lines == [f"Cannot grade: --out and --feedback name the same path, {tmp_path / 'x'}"]


def test_the_submissions_folder_must_exist_and_be_a_folder(capsys, no_grading, tmp_path):
    lines = refused(capsys, no_grading, tmp_path / "nothing", "--out", tmp_path / "g.csv")
    assert lines == [f"Cannot grade: the submissions folder {tmp_path / 'nothing'} does not exist"]
    (tmp_path / "one.ipynb").write_text("{}")
    lines = refused(capsys, no_grading, tmp_path / "one.ipynb", "--out", tmp_path / "g.csv")
    assert lines == [f"Cannot grade: {tmp_path / 'one.ipynb'} is not a folder: give the folder of submitted "
                     "notebooks"]


def test_every_problem_is_one_line(capsys, no_grading, tmp_path):
    lines = refused(capsys, no_grading, tmp_path / "nothing", "--out", tmp_path, "--timeout", "0", "--jobs", "0",
                    "--set", "nosuchset")
    assert [line.split(":")[1].split()[0] for line in lines] == ["the", "--timeout", "--jobs", "unknown", "--out"]
    assert all(line.startswith("Cannot grade: ") for line in lines)


def test_good_values_reach_the_grader_as_numbers(capsys, monkeypatch, class_folder, tmp_path):
    seen = {}

    def grade_folder(folder, **kwargs):
        seen.update(kwargs)
        return grading.GradeReport("start", [], kwargs["out"], None, [], 0.0)

    monkeypatch.setattr(grading, "grade_folder", grade_folder)
    code, out, _ = grade(capsys, class_folder, "--out", tmp_path / "new" / "g.csv", "--feedback", tmp_path / "fb",
                         "--timeout", "2.5", "--jobs", "3")
    assert (seen["timeout"], seen["jobs"]) == (2.5, 3)
    assert "No .ipynb file found under" in out  # the fake grader found nothing
    assert not (tmp_path / "new").exists() and not (tmp_path / "fb").exists()  # checking made nothing


# ---------------------------------------------------------------------------------------------
# What is printed: file names and error texts come from students

ESCAPES = "\x1b[2J\x1b]0;pwned\x07\x9b31m\u202e"  # clear screen, set title, CSI (C1), right-to-left
CONTROLS = set("\x1b\x07\x9b\u202e")


def test_terminal_text_shows_control_characters_as_codes():
    shown = grading.terminal_text("a\x1b[31mb\nc\u202ed\udcff\x85 Алия")
    assert shown == "a\\x1b[31mb\\nc\\u202ed\\udcff\\x85 Алия"


def test_the_summary_and_the_progress_lines_neutralise_escape_codes(tmp_path):
    sub = grading.Submission(tmp_path / "x.ipynb", f"bad{ESCAPES}.ipynb", "bad")
    row = grading.Graded(sub, grading.GRADING_FAILED, notes=[f"code cell 1 stopped with ValueError: {ESCAPES}"])
    report = grading.GradeReport("start", [row], tmp_path / f"g{ESCAPES}.csv", None, [], 1.0,
                                 skipped=[(f"pipe{ESCAPES}.ipynb", "a named pipe (FIFO), not a notebook file")])
    text = grading.summary_text(report)
    stream = io.StringIO()
    grading.Progress(1, stream=stream).update(row)
    for shown in (text, stream.getvalue()):
        assert not CONTROLS & set(shown)
        assert "bad\\x1b[2J\\x1b]0;pwned\\x07\\x9b31m\\u202e.ipynb" in shown
    assert len(text.splitlines()) == 6  # no line broken by a control character


def test_a_class_with_escape_codes_and_undecodable_bytes_in_file_names(capsys, tmp_path):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / f"evil{ESCAPES}.ipynb").write_text('{"cells": [ not json')
    (folder / os.fsdecode(b"caf\xe9.ipynb")).write_text('{"cells": [ not json')  # Latin-1, from another system
    code, out, err = grade(capsys, folder, "--out", tmp_path / "g.csv", "--feedback", tmp_path / "fb")
    assert code == 0
    assert not CONTROLS & set(out + err)
    assert "evil\\x1b[2J" in out and "caf\\xe9.ipynb: unreadable notebook" in out
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as handle:
        assert sorted(row["file"] for row in csv.DictReader(handle)) == ["caf\\xe9.ipynb", f"evil{ESCAPES}.ipynb"]


# ---------------------------------------------------------------------------------------------
# Reading: size first, special files never opened, cells of the wrong type


def test_a_notebook_over_the_limit_is_refused_before_it_is_hashed_or_opened(tmp_path, monkeypatch):
    big = tmp_path / "big.ipynb"
    with open(big, "wb") as handle:
        handle.truncate(60_000_000)  # sparse: 60 MB by stat, nothing on disk
    opened = []
    real_open, real_os_open = open, os.open
    monkeypatch.setattr("builtins.open", lambda file, *a, **k: opened.append(file) or real_open(file, *a, **k))
    monkeypatch.setattr(os, "open", lambda file, *a, **k: opened.append(file) or real_os_open(file, *a, **k))
    sub = grading.read_submission(big, tmp_path)
    monkeypatch.undo()
    assert (sub.status, sub.sha256) == (grading.UNREADABLE, "")
    assert sub.notes == ["the file is 60 MB, more than the 50 MB the grader reads"]
    assert str(big) not in map(str, opened)


def read_within(seconds, path, folder):
    """read_submission in a thread, so that a read that blocks fails the test instead of hanging it."""
    done = []
    reader = threading.Thread(target=lambda: done.append(grading.read_submission(path, folder)), daemon=True)
    reader.start()
    reader.join(seconds)
    if reader.is_alive():  # release the blocked open, then fail
        os.close(os.open(path, os.O_WRONLY | os.O_NONBLOCK))
        reader.join(5)
        pytest.fail(f"reading {path.name} blocked")
    return done[0]


@needs_fifo
def test_a_named_pipe_is_never_opened(tmp_path):
    os.mkfifo(tmp_path / "pipe.ipynb")  # opening it to read would wait for a writer forever
    sub = read_within(10, tmp_path / "pipe.ipynb", tmp_path)
    assert sub.status == grading.UNREADABLE
    assert sub.notes == ["the file is a named pipe (FIFO), not a notebook file"]


@needs_fifo
def test_special_files_are_skipped_with_a_reason(capsys, tmp_path):
    folder = tmp_path / "s"
    (folder / "timur").mkdir(parents=True)
    os.mkfifo(folder / "pipe.ipynb")
    (folder / "link_to_pipe.ipynb").symlink_to(folder / "pipe.ipynb")
    (folder / "timur" / "zero.ipynb").symlink_to(os.devnull)
    (folder / "gone.ipynb").symlink_to(folder / "nothing.ipynb")
    with socket.socket(socket.AF_UNIX) as listener:
        listener.bind(str(folder / "sock.ipynb"))
        (folder / "broken.ipynb").write_text('{"cells": [ not json')  # a real file still gets its row
        code, out, _ = grade(capsys, folder, "--out", tmp_path / "g.csv")
    assert code == 0
    assert out.splitlines()[-6:] == [
        "Skipped 5 file(s) that are not notebooks to read:",
        "  gone.ipynb: a link to a file that does not exist, not a notebook file: not opened",
        "  link_to_pipe.ipynb: a link to a named pipe (FIFO), not a notebook file: not opened",
        "  pipe.ipynb: a named pipe (FIFO), not a notebook file: not opened",
        "  sock.ipynb: a socket, not a notebook file: not opened",
        "  timur/zero.ipynb: a link to a device file, not a notebook file: not opened"]
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as handle:
        assert [row["file"] for row in csv.DictReader(handle)] == ["broken.ipynb"]


def notebook_json(source):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("from qantar.exercises.start import *")])
    nb.metadata["qantar"] = {"exercise_set": "start"}
    data = json.loads(nbformat.writes(nb))
    data["cells"].append({"cell_type": "code", "id": "x", "metadata": {}, "outputs": [],
                          "execution_count": None, "source": source})
    return json.dumps(data)


@pytest.mark.parametrize("source, kind", [(5, "a number"), (2.5, "a number"), (True, "true or false"),
                                          ({"a": 1}, "an object")])
def test_a_cell_whose_source_is_not_text_makes_an_unreadable_row(tmp_path, source, kind):
    (tmp_path / "odd.ipynb").write_text(notebook_json(source))
    sub = grading.read_submission(tmp_path / "odd.ipynb", tmp_path)
    assert sub.status == grading.UNREADABLE
    assert sub.notes == [f"the file is not a notebook the grader can run: the source of cell 2 is {kind}, not text"]


def test_the_rest_of_the_class_is_graded_around_a_number_source(capsys, tmp_path, monkeypatch):
    folder = tmp_path / "subs"
    folder.mkdir()
    (folder / "odd.ipynb").write_text(notebook_json(5))
    nbformat.write(nbformat.read(STUDENT, as_version=4), str(folder / "ana.ipynb"))
    ran = []

    async def run_submission(sub, module, *args):  # no kernel: the test is about reading
        ran.append(sub.file)
        return grading.Graded(sub, grading.OK, results=[r.as_dict() for r in load_set("start").grade({})])

    monkeypatch.setattr(grading.run, "run_submission", run_submission)
    code, out, _ = grade(capsys, folder, "--out", tmp_path / "g.csv")
    assert (code, ran) == (0, ["ana.ipynb"])
    assert ("  odd.ipynb: unreadable notebook (the file is not a notebook the grader can run: the source of "
            "cell 2 is a number, not text)") in out.splitlines()
    with open(tmp_path / "g.csv", newline="", encoding="utf-8") as handle:
        rows = {row["file"]: row["status"] for row in csv.DictReader(handle)}
    assert rows == {"ana.ipynb": "ok", "odd.ipynb": "unreadable notebook"}


# ---------------------------------------------------------------------------------------------
# The sandbox: said at the start when there is none; required with --sandbox on


@pytest.fixture
def no_sandbox_here(monkeypatch):
    from qantar.grading import sandbox as grading_sandbox

    monkeypatch.setattr(grading_sandbox, "find_sandbox", lambda *a: (None, "bubblewrap is not installed"))


@pytest.fixture
def no_kernels(monkeypatch):
    """Grade without running anything: every readable notebook gets the start set's blank results."""
    async def run_submission(sub, plan, *args):
        return grading.Graded(sub, grading.OK, results=[r.as_dict() for r in plan.qset.grade({})])

    monkeypatch.setattr(grading.run, "run_submission", run_submission)


def test_without_a_sandbox_the_grader_says_so_at_the_start_even_when_quiet(capsys, class_folder, tmp_path,
                                                                           no_sandbox_here, no_kernels):
    code, out, err = grade(capsys, class_folder, "--out", tmp_path / "g.csv")
    assert code == 0
    assert err.startswith("No sandbox: bubblewrap is not installed. Student code runs as you, with your files")
    assert "No sandbox: bubblewrap is not installed" in out  # and the summary repeats it


def test_sandbox_on_refuses_to_grade_without_one(capsys, class_folder, tmp_path, no_sandbox_here, no_kernels):
    code, out, _ = grade(capsys, class_folder, "--out", tmp_path / "g.csv", "--sandbox", "on")
    assert (code, out.splitlines()) == (2, ["Cannot grade: no sandbox: bubblewrap is not installed"])
    assert not (tmp_path / "g.csv").exists()


def test_sandbox_off_is_said_too(capsys, class_folder, tmp_path, no_kernels):
    code, _, err = grade(capsys, class_folder, "--out", tmp_path / "g.csv", "--sandbox", "off")
    assert code == 0 and err.startswith("No sandbox: it was turned off (--sandbox off).")
