"""Student names as schools' platforms export submissions: Moodle, Canvas and Google Classroom layouts,
nested folders, names in the metadata, duplicates, and files of other forms (reported, never silent).

The fixtures follow each platform's own naming (cited at each); the notebooks in them have no code, so
the grader reads and names them without starting a kernel.
"""
import csv
from pathlib import PurePath

import nbformat
import pytest

from qantar import cli, grading
from qantar.grading.names import Namer, notebook_stem, same_person

# Moodle, mod/assign/locallib.php, download_submissions(): the full name ("_" made into spaces), "_", the
# participant number, "_assignsubmission_file_", then "/" and the file ("Download submissions in folders",
# the default since Moodle 3.1) or the file name directly (flat). Blind marking writes "Participant".
MOODLE_FOLDERS = {
    "Ben Jones_4411_assignsubmission_file_/01_timeline.ipynb": ("Ben Jones", "4411"),
    "Aliya Nurlanovna_4412_assignsubmission_file_/01_timeline.ipynb": ("Aliya Nurlanovna", "4412"),
    "Aliya Nurlanovna_4412_assignsubmission_file_/work/draft.ipynb": ("Aliya Nurlanovna", "4412"),
    "Participant_1234567_assignsubmission_file_/01_timeline.ipynb": ("Participant 1234567", "1234567"),
    "Алия Нурланова_4413_assignsubmission_file_/01_timeline.ipynb": ("Алия Нурланова", "4413"),
}
MOODLE_FLAT = {"Ben Jones_4411_assignsubmission_file_01_timeline.ipynb": ("Ben Jones", "4411")}
# Canvas, lib/content_zipper.rb, get_filename(): the sortable name ("Last, First") lower-cased with all but
# letters and digits removed, "_LATE" when late, "_" user id ("anon_" + an id when anonymous), "_" the
# file's id, "_" the file name (a resubmitted file gets "-1" before its extension).
CANVAS = {
    "nurlanovnaaliya_12345_67890_01_timeline.ipynb": ("nurlanovnaaliya", "12345"),
    "jonesben_LATE_23456_78901_01_timeline-1.ipynb": ("jonesben", "23456"),
    "anon_Xy7Qe_78902_01_timeline.ipynb": ("anon_Xy7Qe", "anon_Xy7Qe"),
    "нурлановаалия_34568_78903_01_timeline.ipynb": ("нурлановаалия", "34568"),  # Ruby's [[:word:]] keeps Cyrillic
}
# Google Classroom: one copy of the attached file per student, "Student Name - File name", in the
# assignment's Drive folder (Classroom API: Assignment.studentWorkFolder); a Drive download zips that
# folder (one per class when the class folder is downloaded) and names a second file of the same name
# "name (1)".
CLASSROOM = {
    "Timeline exercises/Dana Lee - Timeline exercises.ipynb": ("Dana Lee", ""),
    "Timeline exercises/Emil Sato - Timeline exercises (1).ipynb": ("Emil Sato", ""),
    "10B History/Wealth/Aru Bek - 02_wealth.ipynb": ("Aru Bek", ""),
    "10B History/Wealth/Zhan Or - 02_wealth.ipynb": ("Zhan Or", ""),
    "Google Classroom/Mira Kim - 01_timeline.ipynb": ("Mira Kim", ""),
    "Google Classroom/Timur Ali - my copy.ipynb": ("Timur Ali", ""),
}
# A teacher's own folders, at any depth, and an assignment folder inside each student's (as nbgrader's
# exchange has): the student is the folder that is not in everyone's.
NESTED = {
    "period3/dana/x.ipynb": ("dana", ""),
    "period3/emil/x.ipynb": ("emil", ""),
    "kim/ps1/x.ipynb": ("kim", ""),
    "lee/ps1/x.ipynb": ("lee", ""),
    "solo.ipynb": ("solo", ""),
}


@pytest.mark.parametrize("layout", [MOODLE_FOLDERS, MOODLE_FLAT, CANVAS, CLASSROOM, NESTED],
                         ids=["moodle-folders", "moodle-flat", "canvas", "classroom", "nested"])
def test_each_platform_layout_names_its_students(layout):
    namer = Namer([PurePath(p) for p in layout])
    got = {path: (n.student, n.student_id) for path in layout for n in [namer.name(PurePath(path))]}
    assert got == layout


def test_a_lone_classroom_copy_and_a_students_own_dashed_file():
    lone = PurePath("Timeline exercises/Dana Lee - Timeline exercises.ipynb")  # the assignment's folder
    own = PurePath("period3/dana/Dana L - my notes.ipynb")  # in the student's folder: the folder names her
    assert Namer([lone]).name(lone).student == "Dana Lee"
    assert Namer([own]).name(own).student == "dana"


def test_the_folder_and_file_choices():
    paths = [PurePath(p) for p in ("period3/dana/Dana Lee - notes.ipynb",
                                   "Ben Jones_4411_assignsubmission_file_/w/a.ipynb", "top.ipynb",
                                   "x/nurlanovnaaliya_12345_67890_a.ipynb")]
    folder, file = Namer(paths, "folder"), Namer(paths, "file")
    assert [folder.name(p).student for p in paths] == ["dana", "Ben Jones", "top", "x"]
    assert [file.name(p).student for p in paths] == ["Dana Lee", "a", "top", "nurlanovnaaliya"]
    with pytest.raises(ValueError):
        Namer(paths, "email")


def test_notebook_stems_and_spellings_of_one_name():
    stems = [notebook_stem(n) for n in ("a.ipynb", "a.IPYNB", "a.ipynb.json", "a (2).ipynb", "a.Ipynb.JSON")]
    assert stems == ["a"] * 5
    assert same_person("nurlanovnaaliya", "Aliya Nurlanovna") and not same_person("jonesben", "Ben Jonas")
    assert not same_person("nurlanovaaliya", "Aliya Nurlanovna")  # one letter fewer


def _empty_notebook(student=None):
    """A notebook of the start set without code: read and named, never run."""
    nb = nbformat.v4.new_notebook()
    nb.metadata["qantar"] = {"exercise_set": "start"}
    if student:
        nb.metadata["qantar"]["student"] = student
    nb.cells = [nbformat.v4.new_markdown_cell("# Start")]
    return nb


def _write(folder, rel, nb):
    path = folder / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(nbformat.writes(nb), encoding="utf-8")


def _gradebook(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return {row["file"]: row for row in csv.DictReader(handle)}


@pytest.fixture
def lms_class(tmp_path):
    """One folder holding a download of each platform, a nested class, the same name twice, and files
    of other forms."""
    folder = tmp_path / "downloads"
    expected = {**MOODLE_FOLDERS, **MOODLE_FLAT, **CANVAS, **CLASSROOM, **NESTED}
    for rel in expected:
        _write(folder, rel, _empty_notebook())
    _write(folder, "nurlanovnaaliya_12345_67891_02_wealth.ipynb", _empty_notebook())
    _write(folder, "satoemil_34567_89012_01_timeline.ipynb", _empty_notebook(student="Emil Sato"))
    _write(folder, "period3/dana/y.ipynb", _empty_notebook(student="Emil"))
    _write(folder, "shouting.IPYNB", _empty_notebook())
    _write(folder, "browser.ipynb.json", _empty_notebook())
    (folder / "page.ipynb.json").write_text("<html>Not a notebook</html>", encoding="utf-8")
    (folder / "essay.pdf").write_bytes(b"%PDF-1.4")
    (folder / "class.zip").write_bytes(b"PK\x03\x04")
    (folder / "Ben Jones_4411_assignsubmission_onlinetext_").mkdir()
    (folder / "Ben Jones_4411_assignsubmission_onlinetext_" / "onlinetext.html").write_text("<p>hi</p>")
    (folder / ".DS_Store").write_bytes(b"\0")
    (folder / "__MACOSX").mkdir()
    (folder / "__MACOSX" / "._solo.ipynb").write_bytes(b"\0")
    return folder, expected


def test_a_class_downloaded_from_each_platform(lms_class, tmp_path, capsys):
    folder, expected = lms_class
    code = cli.main(["grade", str(folder), "--out", str(tmp_path / "gradebook.csv"), "--quiet", "--sandbox", "off"])
    out = capsys.readouterr().out
    assert code == 0
    rows = _gradebook(tmp_path / "gradebook.csv")
    for rel, (student, student_id) in expected.items():
        assert (rows[rel]["student"], rows[rel]["student_id"]) == (student, student_id), rel
    # The same name twice: both rows kept, both flagged.
    assert rows["period3/dana/y.ipynb"]["student"] == "dana"
    assert "named 'dana' like 1 other submission(s) (period3/dana/y.ipynb)" in rows["period3/dana/x.ipynb"]["flags"]
    assert "named 'dana' like 1 other submission(s) (period3/dana/x.ipynb)" in rows["period3/dana/y.ipynb"]["flags"]
    # A name in the metadata: used only when asked; one that disagrees is flagged, one that agrees is not.
    assert "metadata names 'Emil'" in rows["period3/dana/y.ipynb"]["flags"]
    assert rows["satoemil_34567_89012_01_timeline.ipynb"]["flags"] == ""  # "Sato, Emil" as Canvas writes it
    # Other forms: read as notebooks when they are, a row saying why when they are not, listed otherwise.
    assert rows["shouting.IPYNB"]["status"] == "empty notebook" and ".IPYNB" in rows["shouting.IPYNB"]["notes"]
    assert rows["browser.ipynb.json"]["status"] == "empty notebook"
    assert (rows["page.ipynb.json"]["status"], rows["page.ipynb.json"]["student"]) == ("unreadable notebook", "page")
    assert "browser downloads" in rows["page.ipynb.json"]["notes"]
    skipped = out[out.index("Skipped"):].splitlines()
    assert skipped[:4] == [
        "Skipped 3 file(s) that are not notebooks to read:",
        "  Ben Jones_4411_assignsubmission_onlinetext_/onlinetext.html: a .html file, not a notebook: ask for the "
        ".ipynb file (File > Download in Jupyter)",
        "  class.zip: a zip archive, not opened: unzip it into the folder and grade again",
        "  essay.pdf: a .pdf file, not a notebook: ask for the .ipynb file (File > Download in Jupyter)"]
    assert not any("DS_Store" in line or "MACOSX" in line for line in out.splitlines())
    # Ben Jones (Moodle, twice), Aliya Nurlanovna (two Moodle files), nurlanovnaaliya (two Canvas files), dana.
    assert "Flags: 8 row(s) of the gradebook carry flags" in out
    assert "Names: 4 name(s) belong to more than one submission (flagged)." in out


def test_names_from_the_metadata_when_asked(lms_class, tmp_path, capsys):
    folder, _ = lms_class
    assert cli.main(["grade", str(folder), "--out", str(tmp_path / "g.csv"), "--quiet", "--sandbox", "off",
                     "--names", "metadata"]) == 0
    rows = _gradebook(tmp_path / "g.csv")
    assert rows["period3/dana/y.ipynb"]["student"] == "Emil"
    assert "metadata" not in rows["period3/dana/y.ipynb"]["flags"]
    assert rows["period3/dana/x.ipynb"]["student"] == "dana"  # no name in its metadata: the path's, noted
    assert "no student name in the notebook's metadata" in rows["period3/dana/x.ipynb"]["notes"]


def test_the_review_case_two_students_in_one_classroom_folder(tmp_path, capsys):
    """The review's finding: two students unzipped from one Classroom download were both the folder."""
    folder = tmp_path / "Google Classroom"
    for name in ("Ana Smith", "Ben Jones"):
        _write(folder, f"{name} - 00_start_here.ipynb", _empty_notebook())
    report = grading.grade_folder(tmp_path, out=tmp_path / "g.csv", progress=False, sandbox="off")
    assert sorted(r.submission.student for r in report.rows) == ["Ana Smith", "Ben Jones"]
    assert not any(r.flags for r in report.rows)


def test_an_unknown_names_choice_is_refused(capsys, tmp_path):
    with pytest.raises(SystemExit) as stop:
        cli.main(["grade", str(tmp_path), "--names", "email"])
    assert stop.value.code == 2
    assert "invalid choice: 'email'" in capsys.readouterr().err


def test_an_answers_file_that_is_a_folder_is_refused_before_grading(tmp_path, capsys, monkeypatch):
    (tmp_path / "subs").mkdir()
    (tmp_path / "book.answers.csv").mkdir()
    monkeypatch.setattr(grading, "grade_folder", lambda *a, **k: pytest.fail("grading started"))
    assert cli.main(["grade", str(tmp_path / "subs"), "--out", str(tmp_path / "book.csv")]) == 2
    assert "the answers file beside it" in capsys.readouterr().out


def test_the_graders_own_files_from_an_earlier_run_are_not_listed(tmp_path, capsys):
    folder = tmp_path / "class"
    _write(folder, "ana.ipynb", _empty_notebook())
    argv = ["grade", str(folder), "--out", str(folder / "gradebook.csv"), "--feedback", str(folder / "fb"),
            "--quiet", "--sandbox", "off"]
    for _ in range(2):  # the second run finds the first run's gradebook, answers and feedback in the folder
        assert cli.main(argv) == 0
        out = capsys.readouterr().out
        assert "Skipped" not in out and "Graded 1 notebook(s)" in out
    (folder / "notes.txt").write_text("mine")
    assert cli.main(argv) == 0
    assert "  notes.txt: a .txt file, not a notebook" in capsys.readouterr().out
