"""The `qantar` command: validate | exercises | clean-notebooks | dashboard | setup-lab | grade | export |
report | assign | release | handouts | links."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path


def cmd_validate(args) -> int:
    from . import data

    problems = data.validate(args.datasets)
    # A problem may quote a cell in any script; a console that cannot show a character (a Windows code
    # page, output piped to a file) prints an escape for it rather than stopping with a traceback.
    if hasattr(sys.stdout, "reconfigure"):
        sys.stdout.reconfigure(errors="backslashreplace")
    for problem in problems:
        print(problem)
    if problems:
        print(f"\n{len(problems)} problem(s) in the datasets. Fix each line above, then run `make test` again.")
        return 1
    print(f"Datasets valid: {len(data.table_names(args.datasets))} tables checked.")
    return 0


def cmd_exercises(args) -> int:
    from . import notebooks

    try:
        written = notebooks.generate_students()
    except ValueError as err:
        print(f"Cannot generate the student notebooks: {err}")
        return 1
    for path in written:
        print(f"wrote {path.relative_to(notebooks.ROOT)}")
    return 0


def cmd_clean(args) -> int:
    from . import notebooks

    return notebooks.main(["clean", *args.paths])


def cmd_dashboard(args) -> int:
    from . import dashboard

    return dashboard.run(args.notebooks or dashboard.NOTEBOOKS, args.port)


def cmd_setup_lab(args) -> int:
    """Silence JupyterLab's news and update pop-ups (they cover the page on a projector)."""
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2) + "\n", encoding="utf-8")
    return 0


# Seconds per notebook: a day at most. Beyond that a value is a typo, and the kernel client's timers
# overflow (a timeout of 1e300 s fails every notebook instead of waiting).
MAX_TIMEOUT = 86_400


def _seconds(text) -> float | None:
    try:
        value = float(text)
    except (TypeError, ValueError):
        return None
    return value if 0 < value <= MAX_TIMEOUT else None  # nan fails both comparisons, inf the second


def _count(text) -> int | None:
    try:
        value = int(text)
    except (TypeError, ValueError):
        return None
    return value if value >= 1 else None


def _cannot_write_in(folder: Path) -> str:
    """Why no file can be made in ``folder`` (tried, not guessed: permissions lie for root), or ''."""
    import tempfile

    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as err:
        return err.strerror or err.__class__.__name__
    return ""


def _folder_problem(label: str, folder: Path) -> str:
    """Why the grader could not make ``folder`` (if missing) and write into it, or ''. ``label`` names
    the option and its value, as the message shows them."""
    existing = folder
    while not os.path.exists(existing) and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        return f"{label}: {existing} is not a folder"
    reason = _cannot_write_in(existing)
    return f"{label}: cannot write in {existing} ({reason})" if reason else ""


def _gradebook_problem(out: Path) -> str:
    from .grading import not_a_regular_file

    if out.is_dir():
        return f"--out {out} is a folder: give the gradebook's file name, like {out / 'gradebook.csv'}"
    if os.path.exists(out) and not out.is_file():  # a named pipe would stall the last step of grading
        return f"--out {out} is {not_a_regular_file(out)}, not a file to write the gradebook in"
    if not out.is_file():
        return _folder_problem(f"--out {out}", out.parent)
    try:
        with open(out, "ab"):  # appends nothing: the gradebook is rewritten only after grading
            pass
    except OSError as err:
        return f"--out {out} cannot be written ({err.strerror or err.__class__.__name__})"
    return ""


def _answers_file_problem(out: Path) -> str:
    """The answers file is written beside the gradebook (gradebook.answers.csv): it must be a file too."""
    from .grading import answers_path, not_a_regular_file

    answers = answers_path(out)
    if os.path.lexists(answers) and not answers.is_file():
        kind = "a folder" if answers.is_dir() else not_a_regular_file(answers)
        return f"--out {out}: the answers file beside it, {answers}, is {kind}; move it or choose another --out"
    return ""


def _submissions_problem(folder: Path) -> str:
    if not os.path.exists(folder):
        return f"the submissions folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder: give the folder of submitted notebooks"
    if not os.access(folder, os.R_OK | os.X_OK):
        return f"the submissions folder {folder} cannot be read"
    return ""


def grade_problems(args) -> list[str]:
    """What is wrong with `qantar grade`'s values, one line each, found before any notebook runs."""
    from .exercises import SET_MODULES

    problems = [_submissions_problem(Path(args.submissions))]
    if _seconds(args.timeout) is None:
        problems.append(f"--timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT} (a day), "
                        f"like 60, not {args.timeout!r}")
    if args.jobs is not None and _count(args.jobs) is None:
        problems.append(f"--jobs must be a whole number of notebooks run at once, 1 or more, not {args.jobs!r}")
    key = getattr(args, "key", None)
    if key is not None:
        from .assignments import KeyProblem, load_key

        if args.set:
            problems.append("give --key (a teacher's assignment) or --set (a kit set), not both")
        try:
            load_key(key)
        except KeyProblem as err:
            problems.append(str(err))
    elif args.set and args.set not in SET_MODULES:
        problems.append(f"unknown exercise set {args.set!r}; known: {', '.join(SET_MODULES)}")
    out = Path(args.out)
    problems.append(_gradebook_problem(out) or _answers_file_problem(out))
    for option, folder in (("--feedback", args.feedback), ("--written", args.written)):
        if folder is not None:
            problems.append(_folder_problem(f"{option} {folder}", Path(folder)))
            if Path(folder).resolve() == out.resolve():
                problems.append(f"--out and {option} name the same path, {out}")
    return [problem for problem in problems if problem]


def _reason(err: BaseException) -> str:
    if isinstance(err, OSError) and err.strerror:
        return f"{err.strerror}: {err.filename}" if err.filename else err.strerror
    return str(err.args[0]) if err.args else str(err)


def merge_written_marks(args) -> int:
    """`qantar grade --merge-written`: the teacher's levels from the marks file into the gradebook."""
    from .grading import terminal_text
    from .grading.gradebook import CsvProblem
    from .grading.marks import MarksProblem, marks_path, merge_written

    from .assignments import KeyProblem, load_key

    marks = args.marks or marks_path(args.out, args.written)
    try:
        qset = load_key(args.key).qset if getattr(args, "key", None) else None  # a teacher's own assignment
        report = merge_written(args.out, marks, qset=qset)
    except (CsvProblem, MarksProblem, KeyProblem) as problem:
        print(f"Cannot merge the written marks: {terminal_text(problem)}")
        return 2
    except OSError as err:
        print(f"Cannot merge the written marks: {terminal_text(_reason(err))}")
        return 2
    for line in report.lines():
        print(terminal_text(line))
    return 1 if report.problems else 0


def cmd_grade(args) -> int:
    from . import grading
    from .assignments import KeyProblem

    if args.submissions is None:
        if args.merge_written:
            return merge_written_marks(args)
        print("Cannot grade: give the folder of submitted notebooks (or --merge-written to merge written marks)")
        return 2
    if args.marks and not args.merge_written:
        print("Cannot grade: --marks goes with --merge-written")
        return 2
    problems = grade_problems(args)
    for problem in problems:
        print(f"Cannot grade: {grading.terminal_text(problem)}")
    if problems:
        return 2
    jobs = _count(args.jobs) if args.jobs is not None else None
    try:
        report = grading.grade_folder(args.submissions, out=args.out, feedback_dir=args.feedback,
                                      written_dir=args.written, timeout=_seconds(args.timeout), jobs=jobs,
                                      exercise_set=args.set, progress=not args.quiet, sandbox=args.sandbox,
                                      names=args.names, key=args.key)
    except (OSError, KeyError, KeyProblem) as err:  # e.g. the disk filled up while the gradebook was written
        print(f"Cannot grade: {grading.terminal_text(_reason(err))}")
        return 2
    except KeyboardInterrupt:
        print("\nGrading interrupted: the kernels were stopped and no gradebook was written.")
        return 130
    print(grading.summary_text(report))
    if not report.rows:
        found = "to grade" if report.skipped else "found"
        print(f"No .ipynb file {found} under {grading.terminal_text(args.submissions)}.")
        return 2
    if args.merge_written:  # grading again, then the levels typed so far: the gradebook keeps them
        return merge_written_marks(args)
    return 0


def _said(what: str, action, problems: tuple) -> int:
    """Run a step that reads the teacher's files and prints what it wrote; a problem it foresaw
    (``problems``) or a file it could not read or write is one line, "Cannot <what>: ..."."""
    from .grading import terminal_text

    try:
        result = action()
    except problems as problem:
        print(f"Cannot {what}: {terminal_text(problem)}")
        return 2
    except OSError as err:
        print(f"Cannot {what}: {terminal_text(_reason(err))}")
        return 2
    for line in result.lines():
        print(terminal_text(line))
    return 0


def cmd_export(args) -> int:
    from .grading import lms
    from .grading.gradebook import CsvProblem

    return _said("export", lambda: lms.export(args.gradebook, args.lms, out=args.out, assignment=args.assignment,
                                              out_of=args.out_of, comments=args.comments),
                 (CsvProblem, lms.ExportProblem))


def cmd_report(args) -> int:
    from .grading import report
    from .grading.gradebook import CsvProblem

    return _said("write the class report",
                 lambda: report.write_report(args.gradebook, out=args.out, roster=args.roster), (CsvProblem,))


def cmd_handouts(args) -> int:
    from . import handouts
    from .handouts.lessons import LessonError
    from .handouts.pdf import PrintError

    out = Path(args.out)
    problem = _folder_problem(f"--out {out}", out)
    if problem:
        print(f"Cannot build the handouts: {problem}")
        return 2
    try:
        built = handouts.build(out)
    except (PrintError, LessonError) as err:
        print(f"Cannot build the handouts: {err}")
        return 1
    except OSError as err:  # e.g. the disk filled up
        print(f"Cannot build the handouts: {_reason(err)}")
        return 1
    took = sum(built.seconds.values())
    print(f"{len(built.pages)} pages and {len(built.pdfs)} PDFs in {built.out} ({took:.0f} s): open "
          f"{built.out / 'html'} in a browser, print from {built.out / 'A4'} or {built.out / 'Letter'}.")
    return 0


def cmd_links(args) -> int:
    from . import links

    try:
        print(links.links_text(args.repo, branch=args.branch, hub=args.hub))
    except ValueError as err:
        print(f"Cannot make the links: {err}")
        return 2
    return 0


def cmd_assign(args) -> int:
    from .assignments import AssignError, assessed_kit_set, assign
    from .grading import terminal_text

    if (args.teacher is None) == (args.kit_set is None):
        print("Cannot assign: give a teacher notebook (qantar assign teacher.ipynb) or --kit-set NAME, one of them")
        return 2
    try:
        if args.kit_set == "all":
            from .exercises import SET_MODULES

            for name in SET_MODULES:
                print(f"Student notebook (hand this out): {assessed_kit_set(name, args.out or 'assessed').student}")
            print("Grade each set with: qantar grade SUBMISSIONS_DIR --set NAME (the kit's keys are public: see "
                  "the teacher guide)")
            return 0
        if args.kit_set:
            built = assessed_kit_set(args.kit_set, args.out or "assessed")
        else:
            built = assign(args.teacher, args.out)
    except (AssignError, OSError) as err:
        print(f"Cannot assign: {terminal_text(_reason(err))}")
        return 2
    print(f"Student notebook (hand this out): {built.student}")
    if built.key is not None:
        print(f"Key (keep it: it holds the answers): {built.key}")
        print(f"Grade with: qantar grade SUBMISSIONS_DIR --key {built.key}")
    else:
        print(f"Grade with: qantar grade SUBMISSIONS_DIR --set {built.name} (the kit's keys are public: see the "
              "teacher guide)")
    for warning in built.warnings:
        print(f"Warning: {terminal_text(warning)}")
    return 0


def cmd_release(args) -> int:
    from .assignments import AssignError, KeyProblem, release
    from .grading import terminal_text

    try:
        built = release(args.notebook, args.out, args.key)
    except (AssignError, KeyProblem, OSError) as err:
        print(f"Cannot release: {terminal_text(_reason(err))}")
        return 2
    print(f"Released notebook (solution() shows each solution): {built.student}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="qantar", description="Qantar 2022 teaching kit tools.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("validate", help="check every dataset against its schema and the kit's rules")
    p.add_argument("--datasets", default=None, help="a datasets folder (default: the kit's)")
    p.set_defaults(func=cmd_validate)
    p = sub.add_parser("exercises", help="regenerate the student notebooks from exercises/teacher/")
    p.set_defaults(func=cmd_exercises)
    p = sub.add_parser("clean-notebooks", help="strip outputs and widget state from notebooks")
    p.add_argument("paths", nargs="*")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("dashboard", help="serve the lessons as pages for a projector (code hidden, widgets "
                                         "live), to this machine only")
    p.add_argument("--port", type=int, default=8866, help="the port (default 8866): http://127.0.0.1:PORT/")
    p.add_argument("--notebooks", default=None, metavar="DIR", help="the folder served (default: the kit's notebooks/)")
    p.set_defaults(func=cmd_dashboard)
    p = sub.add_parser("setup-lab", help="write JupyterLab settings for the classroom")
    p.set_defaults(func=cmd_setup_lab)
    p = sub.add_parser("grade", help="grade a folder of submitted exercise notebooks (runs student code, in a "
                                     "sandbox where there is one: see the README's teacher section)")
    p.add_argument("submissions", nargs="?", default=None,
                   help="the folder of submitted .ipynb files (searched recursively); leave it out with "
                        "--merge-written to merge the written marks only")
    p.add_argument("--out", default="gradebook.csv", help="the gradebook CSV to write (default: gradebook.csv)")
    p.add_argument("--feedback", default=None, metavar="DIR", help="write one feedback Markdown file per "
                                                                   "submission into DIR")
    p.add_argument("--written", default=None, metavar="DIR", help="where to export written answers "
                                                                  "(default: written_answers/ beside the gradebook)")
    p.add_argument("--set", default=None, help="the exercise set to grade (default: the most common in the folder)")
    # --timeout and --jobs are read as text and checked in cmd_grade, for a one-line message.
    p.add_argument("--timeout", default="60", metavar="S", help="seconds allowed per notebook (default 60)")
    p.add_argument("--jobs", default=None, metavar="N", help="notebooks run at once (default: the number of cores)")
    p.add_argument("--sandbox", choices=["auto", "on", "off"], default="auto",
                   help="run each notebook in a sandbox (Linux, bubblewrap): auto uses it where it works and says "
                        "when it does not (default); on refuses to grade without it")
    p.add_argument("--names", choices=["auto", "folder", "file", "metadata"], default="auto",
                   help="where each student's name comes from. auto (default): the name as Moodle, Canvas or "
                        "Google Classroom writes it in the file or folder name, otherwise the student's own "
                        "folder, otherwise the file name; folder: the innermost folder, passing over one "
                        "found in every student's folder (an assignment's); file: the file name, "
                        "cleaned of what the platform added; metadata: the name written in the notebook "
                        "(anyone can write any name there, so it is used only when asked for)")
    p.add_argument("--key", default=None, metavar="KEY", help="grade a teacher's own assignment against its key "
                                                              "(the .key.json from qantar assign)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.add_argument("--merge-written", action="store_true",
                   help="put the levels typed in the marks file into the gradebook (--out): score and total "
                        "then count the written questions")
    p.add_argument("--marks", default=None, metavar="FILE",
                   help="the marks file (default: marks.csv in the written answers folder)")
    p.set_defaults(func=cmd_grade)
    p = sub.add_parser("assign", help="split a teacher's assignment notebook into the student notebook and a "
                                      "private key; or build a kit set for assessed work (--kit-set)")
    p.add_argument("teacher", nargs="?", default=None, help="the teacher's notebook (see the teacher guide)")
    p.add_argument("--kit-set", default=None, metavar="NAME", help="instead, a kit set's notebook without its keys "
                                                                   "(all: every set)")
    p.add_argument("--out", default=None, metavar="DIR", help="where to write (default: beside the teacher "
                                                              "notebook; assessed/ for --kit-set)")
    p.set_defaults(func=cmd_assign)
    p = sub.add_parser("release", help="write an assessed notebook again with its solutions released")
    p.add_argument("notebook", help="the student notebook that qantar assign wrote")
    p.add_argument("--key", default=None, metavar="KEY", help="its key (a teacher's assignment; not for a kit set)")
    p.add_argument("--out", default=None, metavar="DIR", help="where to write (default: beside the notebook)")
    p.set_defaults(func=cmd_release)
    p = sub.add_parser("export", help="write a gradebook's scores as a file Moodle or Canvas imports, or a sheet "
                                      "for Google Classroom")
    p.add_argument("gradebook", help="the gradebook CSV written by qantar grade")
    p.add_argument("--lms", required=True, choices=["moodle", "canvas", "google"],
                   help="moodle: the assignment's offline grading worksheet; canvas: the gradebook import; "
                        "google: a sheet to copy from (Classroom imports no grades)")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="the file to write (default: beside the gradebook, named for the LMS)")
    p.add_argument("--assignment", default=None, metavar="NAME",
                   help="Canvas: the assignment column, as in Canvas's own export, like 'Timeline (1234)' "
                        "(default: 'Qantar 2022: ' and the exercise set's name, a new assignment)")
    p.add_argument("--out-of", default=None, metavar="N",
                   help="scale every score to N points, the maximum grade set in the LMS (default: the "
                        "gradebook's total)")
    p.add_argument("--comments", action="store_true",
                   help="moodle: add your written-marks comments as feedback comments (they replace any "
                        "feedback comment already typed in Moodle)")
    p.set_defaults(func=cmd_export)
    p = sub.add_parser("report", help="write one page on how the class did (offline HTML, printable)")
    p.add_argument("gradebook", help="the gradebook CSV written by qantar grade")
    p.add_argument("--roster", default=None, metavar="FILE",
                   help="the class list (a CSV with a student column, or the participants list your LMS "
                        "exports), to see who has not handed in")
    p.add_argument("--out", default=None, metavar="FILE",
                   help="the page to write (default: the gradebook's name with .html)")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("handouts", help="build the printable handouts and static lesson pages (offline) into handouts/")
    p.add_argument("--out", default="handouts", metavar="DIR", help="the folder to build into (default: handouts)")
    p.set_defaults(func=cmd_handouts)
    p = sub.add_parser("links", help="print the Binder and nbgitpuller links for the kit's repository")
    p.add_argument("--repo", required=True, metavar="URL",
                   help="the repository's address on GitHub, like https://github.com/school/qantar")
    p.add_argument("--branch", default="main", help="the branch students get (default: main)")
    p.add_argument("--hub", default=None, metavar="URL", help="your JupyterHub's address, for the nbgitpuller link")
    p.set_defaults(func=cmd_links)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
