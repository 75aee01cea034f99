"""What the grader knows of a submission (``Submission``) and what became of it (``Graded``), and the
statuses a row of the gradebook can have, each with the sentence the student's feedback gives."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..exercises.engine import ANSWERED, CORRECT, ERROR, INCORRECT, NOT_ATTEMPTED
from .kernel import GRADING_FAILED, KERNEL_DIED, NO_KERNEL, OK, TIMEOUT

# Row statuses, with the sentence the student's feedback gives for each.
# Row statuses, with the sentence the student's feedback gives for each.
UNREADABLE = "unreadable notebook"


EMPTY = "empty notebook"


UNKNOWN_SET = "unknown exercise set"


WRONG_SET = "wrong exercise set"


STATUSES = {
    OK: "Your notebook ran from top to bottom and every question was checked.",
    TIMEOUT: ("Your notebook did not finish in the time allowed: a cell probably runs forever (a loop "
              "that never ends, or a wait). Questions whose answers were set before that cell were "
              "checked; the others count as not attempted."),
    KERNEL_DIED: ("A cell stopped Python itself (the kernel died), so no question could be checked. "
                  "In Jupyter, use Kernel > Restart Kernel and Run All Cells to find the cell."),
    UNREADABLE: ("The file could not be opened as a notebook: it may be damaged, or not saved as .ipynb. "
                 "Open it in Jupyter, save it, and hand it in again."),
    EMPTY: "The notebook has no code in it, so no question could be checked.",
    UNKNOWN_SET: ("The grader could not tell which exercise notebook this is (its first code cell should "
                  "import the exercise set). Start again from a fresh copy of the exercise notebook."),
    WRONG_SET: "This is not the exercise notebook this assignment asked for.",
    GRADING_FAILED: ("The notebook ran, but the grader could not read the answers afterwards (a cell may "
                     "have changed how Python prints or imports). Your teacher will look at it."),
    NO_KERNEL: "The grader could not start Python for this notebook. Your teacher will grade it again.",
}


QUESTION_STATUSES = (CORRECT, INCORRECT, NOT_ATTEMPTED, ANSWERED, ERROR)


@dataclass
class Submission:
    """One submitted notebook, as read (never changed) from the submissions folder."""

    path: Path
    file: str  # path relative to the submissions folder, as shown in the gradebook
    student: str
    sha256: str = ""
    nb: object = None  # the notebook without outputs, or None if unreadable
    exercise_set: str = ""
    set_found_by: str = ""  # "metadata", "import line" or ""
    status: str = ""  # set when the notebook cannot be run
    notes: list[str] = field(default_factory=list)
    hints_read: dict[str, int] = field(default_factory=dict)  # question -> highest hint called
    student_id: str = ""  # the identifier the LMS put in the path (Moodle participant, Canvas user id)
    name_found_by: str = ""  # where the name came from ("Moodle folder", "file name", ...)
    metadata_student: str = ""  # the name written in the notebook's metadata, if any (never trusted alone)
    # question -> calls in the code that show its answer: solution(), model(), expected_value(), .answer...
    solutions_read: dict[str, int] = field(default_factory=dict)
    assignment_id: str = ""  # the build of a teacher's assignment (qantar assign), from the metadata


@dataclass
class Graded:
    """The outcome of one submission: its row of the gradebook and what its feedback needs."""

    submission: Submission
    status: str
    results: list[dict] | None = None  # Result.as_dict() of each question, in order, or None
    written: dict[str, str] = field(default_factory=dict)  # question -> the student's text
    notes: list[str] = field(default_factory=list)
    seconds: float = 0.0
    answers: dict[str, str] = field(default_factory=dict)  # question -> the answer as the engine echoes it
    flags: list[str] = field(default_factory=list)  # for the teacher only (flags.py): never in feedback

    @property
    def score(self):
        if self.results is None:
            return ""
        return _number(sum(r["points"] for r in self.results))


def _number(x: float):
    return int(x) if float(x).is_integer() else round(x, 2)
