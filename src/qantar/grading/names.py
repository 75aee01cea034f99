"""Who handed a notebook in: the student's name, and the identifier the school's platform gave them,
read from the path as Moodle, Canvas and Google Classroom export it, or from the notebook's metadata.

``--names`` chooses where the name comes from:

- ``auto`` (the default): a name in the form a platform writes it wherever it is found (a Moodle file
  or folder, a Canvas file, a Google Classroom copy), otherwise the student's own folder, otherwise the
  file name. A folder that holds several students' notebooks, or one of the same name under several
  parents (an assignment folder inside each student's folder), names nobody.
- ``folder``: a Moodle folder if there is one, otherwise the innermost folder whose name is not found
  under several parents; the file name for a notebook that is in no folder.
- ``file``: the file name, cleaned of the platform's additions (Moodle, Canvas, Classroom).
- ``metadata``: the name written in the notebook (``metadata.qantar.student``); ``auto`` where there
  is none. Anyone can write any name there, so it is used only when asked for; otherwise a name in the
  metadata that differs from the path's is flagged for the teacher (``flags``).

The forms, as each platform documents or writes them:

- Moodle, "Download all submissions" (mod/assign/locallib.php, ``download_submissions``): the full name
  with "_" made into spaces, "_", the participant number, "_assignsubmission_file_"; then the student's
  own file name (one flat folder), or "/" and the file (Moodle 3.1+ default, "Download submissions in
  folders"). With blind marking the name is "Participant". Other plugins write, for example,
  ``_assignsubmission_onlinetext_``.
- Canvas, "Download Submissions" (lib/content_zipper.rb, ``get_filename``): the sortable name
  ("Last, First") lower-cased with everything but letters and digits removed, "_LATE" when late, "_" the
  user id (``anon_`` and an id when the assignment is anonymous), "_" the file's id, "_" the file name.
- Google Classroom: a copy of the attached file per student, named "Student Name - File name", in the
  assignment's folder in Drive (Classroom API, ``Assignment.studentWorkFolder``); a Drive download is a
  zip of that folder, and Drive adds " (1)", " (2)" to a second file of the same name.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import PurePath

NAME_SOURCES = ("auto", "folder", "file", "metadata")
NAME_LIMIT = 100  # characters of a name that are kept

# "Full Name_1234_assignsubmission_file_" (+ the file name when flat); "Participant_1234_..." when blind.
MOODLE = re.compile(r"^(?P<name>[^_]+)_(?P<id>\d+)_assignsubmission_[a-z]+_(?P<rest>.*)$", re.S)
# "smithjohn_12345_67890_timeline.ipynb", "smithjohn_LATE_12345_67890_...", "anon_Ab3dE_67890_..."
CANVAS = re.compile(r"^(?:(?!LATE_)(?P<name>[^_]+)_)?(?:LATE_)?(?P<id>\d+|anon_[A-Za-z0-9]+)_\d+_(?P<rest>.+)$",
                    re.S)
# "Dana Lee - Timeline exercises.ipynb": the student's copy of a file attached in Classroom.
CLASSROOM = re.compile(r"^(?P<name>.+?) - (?P<title>.+)$", re.S)
DRIVE_DUPLICATE = re.compile(r" \(\d+\)$")  # "x (1).ipynb": a second file of that name in a Drive zip
NOTEBOOK_SUFFIXES = (".ipynb.json", ".ipynb")  # a browser saving a notebook as JSON adds ".json"


@dataclass(frozen=True)
class Name:
    student: str
    student_id: str = ""
    found_by: str = ""  # where the name came from, e.g. "Moodle folder", "file name"


def notebook_stem(file_name: str) -> str:
    """The file name without its notebook suffix (any case) or Drive's " (1)"."""
    lowered = file_name.casefold()
    for suffix in NOTEBOOK_SUFFIXES:
        if lowered.endswith(suffix):
            file_name = file_name[:-len(suffix)]
            break
    else:
        file_name = PurePath(file_name).stem
    return DRIVE_DUPLICATE.sub("", file_name).strip()


def _clean(name: str) -> str:
    return re.sub(r"\s+", " ", name).strip()[:NAME_LIMIT]


def _moodle(text: str, where: str) -> Name | None:
    found = MOODLE.match(text)
    if not found or not found["name"].strip():
        return None
    name = _clean(found["name"])
    if name.casefold() == "participant":  # blind marking: the number is all there is
        name = f"Participant {found['id']}"
    return Name(name, found["id"], f"Moodle {where}")


def _canvas(stem: str) -> Name | None:
    found = CANVAS.match(stem)
    if not found:
        return None
    student = found["name"] or found["id"]  # anonymous: the anonymous id is the name
    return Name(_clean(student), found["id"], "Canvas file name")


def _classroom(stem: str) -> tuple[str, str] | None:
    found = CLASSROOM.match(stem)
    if not found or not found["name"].strip() or not found["title"].strip():
        return None
    return _clean(found["name"]), _clean(found["title"])


def _same(a: str, b: str) -> bool:
    return DRIVE_DUPLICATE.sub("", a).strip().casefold() == DRIVE_DUPLICATE.sub("", b).strip().casefold()


class Namer:
    """Names every submission of one class: some rules look at the class's other paths (a folder that
    several students' files share names none of them)."""

    def __init__(self, paths: list[PurePath], source: str = "auto"):
        if source not in NAME_SOURCES:
            raise ValueError(f"--names must be one of {', '.join(NAME_SOURCES)}, not {source!r}")
        self.source = source
        parents: dict[str, set[PurePath]] = {}
        self.titles: dict[PurePath, list[str]] = {}  # folder -> titles of Classroom-style files in it
        self.notebooks: dict[PurePath, int] = {}
        for rel in paths:
            for folder in list(rel.parents)[:-1]:
                parents.setdefault(folder.name.casefold(), set()).add(folder.parent)
            self.notebooks[rel.parent] = self.notebooks.get(rel.parent, 0) + 1
            copy = _classroom(notebook_stem(rel.name))
            if copy:
                self.titles.setdefault(rel.parent, []).append(copy[1])
        # A folder name found under two or more parents is a shared folder (an assignment's), no one's.
        self.shared = {name for name, where in parents.items() if len(where) > 1}

    def name(self, rel: PurePath, metadata_student: str = "") -> Name:
        """The name for the notebook at ``rel`` (relative to the submissions folder)."""
        if self.source == "metadata" and metadata_student:
            return Name(_clean(metadata_student), "", "notebook metadata")
        if self.source == "file":
            return self._from_file(rel, always_split=True)
        if self.source == "folder":
            return self._from_folder(rel) or self._from_file(rel, always_split=True)
        return self._auto(rel)

    def _auto(self, rel: PurePath) -> Name:
        stem = notebook_stem(rel.name)
        found = _moodle(rel.name, "file name") or _canvas(stem)
        if found:
            return found
        moodle = next(filter(None, (_moodle(f, "folder") for f in reversed(rel.parts[:-1]))), None)
        if moodle:
            return moodle
        copy = _classroom(stem)
        if copy and self._classroom_copy(rel, copy[1]):
            return Name(copy[0], "", "Google Classroom file name")
        if self._holds_several_students(rel.parent):
            return self._from_file(rel, always_split=True)
        return self._from_folder(rel) or self._from_file(rel, always_split=True)

    def _classroom_copy(self, rel: PurePath, title: str) -> bool:
        """A "Name - Title" file is a Classroom copy when it is in no folder, when its folder bears the
        title (the assignment's folder), or when another file in its folder has the same title."""
        if len(rel.parts) == 1 or _same(rel.parent.name, title):
            return True
        return sum(_same(t, title) for t in self.titles.get(rel.parent, [])) > 1

    def _holds_several_students(self, folder: PurePath) -> bool:
        return len(self.titles.get(folder, [])) > 1

    def _from_folder(self, rel: PurePath) -> Name | None:
        folders = list(reversed(rel.parts[:-1]))  # innermost first
        for folder in folders:  # Moodle's folder, even above folders of the student's own
            found = _moodle(folder, "folder")
            if found:
                return found
        for folder in folders:
            if folder.casefold() not in self.shared and folder.strip():
                return Name(_clean(DRIVE_DUPLICATE.sub("", folder)), "", "folder")
        return None

    def _from_file(self, rel: PurePath, always_split: bool) -> Name:
        stem = notebook_stem(rel.name)
        found = _moodle(rel.name, "file name") or _canvas(stem)
        if found:
            return found
        copy = _classroom(stem)
        if copy and (always_split or self._classroom_copy(rel, copy[1])):
            return Name(copy[0], "", "Google Classroom file name")
        return Name(_clean(stem) or rel.name[:NAME_LIMIT], "", "file name")


def same_person(a: str, b: str) -> bool:
    """Whether two spellings of a name may be the same person: the same letters and digits, in any
    order and case ("smithjohn" from Canvas and "John Smith" from the metadata are)."""
    def letters(text: str) -> list[str]:
        return sorted(c for c in text.casefold() if c.isalnum())
    return letters(a) == letters(b)
