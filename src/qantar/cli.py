"""The `qantar` command: validate | exercises | clean-notebooks | setup-lab | grade."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def cmd_validate(args) -> int:
    from . import data

    problems = data.validate(args.datasets)
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


def cmd_setup_lab(args) -> int:
    """Silence JupyterLab's news and update pop-ups (they cover the page on a projector)."""
    settings = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings"
    settings.mkdir(parents=True, exist_ok=True)
    overrides = {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}}
    (settings / "overrides.json").write_text(json.dumps(overrides, indent=2) + "\n", encoding="utf-8")
    return 0


def cmd_grade(args) -> int:
    from . import grading

    try:
        report = grading.grade_folder(args.submissions, out=args.out, feedback_dir=args.feedback,
                                      written_dir=args.written, timeout=args.timeout, jobs=args.jobs,
                                      exercise_set=args.set, progress=not args.quiet)
    except (FileNotFoundError, KeyError) as err:
        print(f"Cannot grade: {err.args[0] if err.args else err}")
        return 2
    except KeyboardInterrupt:
        print("\nGrading interrupted: the kernels were stopped and no gradebook was written.")
        return 130
    print(grading.summary_text(report))
    if not report.rows:
        print(f"No .ipynb file found under {args.submissions}.")
        return 2
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
    p = sub.add_parser("setup-lab", help="write JupyterLab settings for the classroom")
    p.set_defaults(func=cmd_setup_lab)
    p = sub.add_parser("grade", help="grade a folder of submitted exercise notebooks (runs student code "
                                     "as you: see the README's teacher section)")
    p.add_argument("submissions", help="the folder of submitted .ipynb files (searched recursively)")
    p.add_argument("--out", default="gradebook.csv", help="the gradebook CSV to write (default: gradebook.csv)")
    p.add_argument("--feedback", default=None, metavar="DIR", help="write one feedback Markdown file per "
                                                                   "submission into DIR")
    p.add_argument("--written", default=None, metavar="DIR", help="where to export written answers "
                                                                  "(default: written_answers/ beside the gradebook)")
    p.add_argument("--set", default=None, help="the exercise set to grade (default: the most common in the folder)")
    p.add_argument("--timeout", type=float, default=60, metavar="S", help="seconds allowed per notebook (default 60)")
    p.add_argument("--jobs", type=int, default=None, metavar="N", help="notebooks run at once (default: the number of cores)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_grade)
    return parser


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
