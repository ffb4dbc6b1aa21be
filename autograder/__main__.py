"""Command line: ``python -m autograder {release,grade,export,formgrader,check} ...``."""
import argparse
import os
import sys

LAYOUTS = ["auto", "folder", "flat", "nbgrader", "canvas", "moodle", "gradescope", "blackboard"]


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return parse


def _grade_parser(sub):
    g = sub.add_parser("grade", help="grade a folder or zip of submissions",
                       description="Grade every submission of ASSIGNMENT found in SUBMISSIONS "
                                   "(an LMS download: a folder or a zip; see --lms).")
    g.add_argument("assignment", help="assignment name, e.g. ex01_rnn_forward")
    g.add_argument("submissions", help="the LMS download: a folder or a zip")
    g.add_argument("--out", required=True, metavar="DIR",
                   help="the course's output folder (one for all assignments)")
    g.add_argument("--lms", choices=LAYOUTS, default="auto",
                   help="layout of the download (default: recognised by itself)")
    g.add_argument("--zip-regexp", metavar="REGEXP", help="file naming of a flat download, with "
                   "(?P<student_id>...) and (?P<file_id>...) groups")
    g.add_argument("--roster", metavar="CSV", help="the class list (Canvas gradebook export, Moodle "
                   "grading worksheet, or student_id[,name,email]): missing students get 0")
    g.add_argument("--due", metavar="DATETIME", help="due date, e.g. 2026-12-01T23:59+01:00 "
                   "(no time zone: UTC); stored and reused by later runs")
    g.add_argument("--late-policy", metavar="POLICY", default=None,
                   help="none (default), zero, per-day:RATE[:cap=CAP], per-hour:RATE[:cap=CAP]")
    g.add_argument("--cutoff", metavar="DATETIME", help="hard cut-off: later submissions score 0")
    g.add_argument("--extensions", metavar="CSV", help="per-student due dates: student_id,due")
    g.add_argument("--student", nargs="+", metavar="ID", help="regrade only these students")
    g.add_argument("--force", action="store_true", help="regrade submissions already graded")
    g.add_argument("--jobs", type=_positive(int), default=1, metavar="N",
                   help="submissions graded at once (default 1)")
    g.add_argument("--timeout", type=_positive(float), default=30, metavar="SECONDS",
                   help="seconds per cell and per hidden test (default 30)")
    g.add_argument("--notebook-timeout", type=_positive(float), default=300, metavar="SECONDS",
                   help="seconds for one whole submission (default 300)")
    g.add_argument("--memory", type=_positive(int), default=2048, metavar="MB",
                   help="memory of the learner's process in MB (default 2048)")
    g.add_argument("--grader-memory", type=_positive(int), default=4096, metavar="MB",
                   help="memory the grader may use for one submission in MB (default 4096)")
    g.add_argument("--db", metavar="URL",
                   help="SQLAlchemy URL of the gradebook (default sqlite:///OUT/gradebook.db)")
    g.add_argument("--scheduler", metavar="ADDRESS", help="tcp://HOST:PORT of a Dask scheduler")
    for name, what in (("ca", "the CA certificate"), ("cert", "this client's certificate"),
                       ("key", "this client's private key")):
        g.add_argument(f"--tls-{name}", metavar="FILE", help=f"{what} for a TLS Dask scheduler")
    g.add_argument("--gpus", metavar="0,1,...", type=lambda t: [g.strip() for g in t.split(",") if g.strip()],
                   help="CUDA devices for the learner's code, one per submission graded at once")
    g.add_argument("--allow-unjailed", action="store_true",
                   help="grade even where the jail cannot run (learner code runs unprotected)")


def _export_parser(sub):
    e = sub.add_parser("export", help="final grades (automatic + manual) in the files an LMS imports",
                       description="Merge the manual grades and overrides of the gradebook with the "
                                   "automatic results in DIR, rebuild every grades.csv and "
                                   "course_grades.csv, and write LMS files.")
    e.add_argument("out", metavar="DIR", help="the output folder of `grade`")
    e.add_argument("--db", metavar="URL", help="gradebook URL (default sqlite:///DIR/gradebook.db)")
    e.add_argument("--format", choices=["csv", "canvas", "moodle", "blackboard", "gradescope"], default="csv")
    e.add_argument("--to", metavar="FILE", help="where the LMS file goes (default DIR/export-FORMAT.csv)")
    e.add_argument("--assignment", action="append", metavar="NAME",
                   help="only this assignment (repeatable; default: all graded ones)")
    e.add_argument("--roster", metavar="CSV", help="the LMS's roster (needed by canvas and moodle; for "
                   "blackboard, the Grade Center download)")
    e.add_argument("--canvas-column", action="append", default=[], metavar="ASSIGNMENT=HEADER",
                   help='Canvas column of an assignment, e.g. ex03_lstm_forward="LSTM forward (4711)" '
                        "(default: the roster's column that starts with the assignment's name)")
    e.add_argument("--blackboard-column", metavar="HEADER",
                   help='the Grade Center column of the assignment, e.g. "LSTM forward [Total Pts: 20 '
                        'Score] |1281892" (default: the roster\'s column that starts with the '
                        "assignment's name)")
    e.add_argument("--feedback-zip", metavar="ZIP", help="also pack the feedback pages for the "
                   "LMS's bulk feedback upload (one assignment)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade the course's exercises.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("release", help="assemble the instructor notebooks and generate the student versions")
    p.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    _grade_parser(sub)
    _export_parser(sub)
    f = sub.add_parser("formgrader", help="grade written answers and override scores in nbgrader's formgrader")
    f.add_argument("out", metavar="DIR", help="the output folder of `grade`")
    f.add_argument("--db", metavar="URL", help="gradebook URL (default sqlite:///DIR/gradebook.db)")
    f.add_argument("--port", type=int, default=8888)
    f.add_argument("--prepare-only", action="store_true",
                   help="write DIR's nbgrader configuration and source notebooks, do not start")
    c = sub.add_parser("check", help="run a notebook's visible tests as grading does")
    c.add_argument("notebook", help="path of the notebook to check")
    c.add_argument("--timeout", type=_positive(float), default=30, metavar="SECONDS",
                   help="seconds per cell (default 30)")
    args = parser.parse_args(argv)

    if args.command == "release":
        from exercises.assemble import release
        for name, path in release(args.assignments or None).items():
            print(f"{name}: {path}")
        return 0
    if args.command == "check":
        from autograder.check import check
        if not os.path.isfile(args.notebook):
            print(f"error: {args.notebook} is not a file", file=sys.stderr)
            return 2
        check(args.notebook, timeout=args.timeout)
        return 0

    if args.command == "grade":
        from autograder import nbgrader_modules_only
        nbgrader_modules_only()
    from autograder.instructor import InstructorError, run
    try:
        return run(args)
    except InstructorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
