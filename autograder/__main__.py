"""Command line: ``python -m autograder {release,grade,check} ...``."""
import argparse
import os
import sys


def _positive(kind):
    def parse(text):
        value = kind(text)
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be positive, got {text}")
        return value
    return parse


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade the course's exercises.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("release", help="assemble the instructor notebooks and generate the student versions")
    p.add_argument("assignments", nargs="*", help="assignment names (default: all)")

    g = sub.add_parser("grade", help="grade a folder or zip of submissions",
                       description="Grade every submission of ASSIGNMENT found in SUBMISSIONS "
                                   "(a folder of <student_id>/ folders, or an LMS zip).")
    g.add_argument("assignment", help="assignment name, e.g. ex01_rnn_forward")
    g.add_argument("submissions", help="folder of <student_id>/<assignment>.ipynb, or an LMS zip")
    g.add_argument("--out", required=True, metavar="DIR", help="output folder (grades.csv, feedback/, gradebook.db, log)")
    g.add_argument("--jobs", type=_positive(int), default=1, metavar="N", help="submissions graded at once (default 1)")
    g.add_argument("--timeout", type=_positive(float), default=30, metavar="SECONDS",
                   help="seconds per cell and per hidden test (default 30)")
    g.add_argument("--notebook-timeout", type=_positive(float), default=300, metavar="SECONDS",
                   help="seconds for one whole submission (default 300)")
    g.add_argument("--memory", type=_positive(int), default=2048, metavar="MB", help="address-space limit in MB (default 2048)")
    g.add_argument("--db", metavar="URL", help="SQLAlchemy URL of the gradebook (default sqlite:///OUT/gradebook.db)")
    g.add_argument("--scheduler", metavar="ADDRESS", help="tcp://HOST:PORT of a Dask scheduler to grade on")
    g.add_argument("--force", action="store_true", help="regrade submissions already graded")
    g.add_argument("--zip-regexp", metavar="REGEXP", help="file naming in a flat zip, with (?P<student_id>...) and "
                                        "(?P<file_id>...) groups (default: <student_id>_<assignment>_<file>)")

    c = sub.add_parser("check", help="run a notebook's visible tests as grading does")
    c.add_argument("notebook", help="path of the notebook to check")
    c.add_argument("--timeout", type=_positive(float), default=30, metavar="SECONDS",
                   help="seconds per cell (default 30)")
    args = parser.parse_args(argv)

    if args.command == "release":
        from autograder.assemble import release
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

    if not os.path.exists(args.submissions):
        print(f"error: {args.submissions} does not exist; give a folder of <student_id>/ "
              "folders or an LMS zip", file=sys.stderr)
        return 2
    from autograder.assemble import assignments
    if args.assignment not in assignments():
        print(f"error: unknown assignment {args.assignment!r}; the course has {assignments()}",
              file=sys.stderr)
        return 2
    from autograder.batch import InstructorError, Options, grade, spec_for
    from autograder.submissions import SubmissionsError
    try:
        spec = spec_for(args.assignment)
        os.makedirs(args.out, exist_ok=True)
        opts = Options(out=args.out, jobs=args.jobs, timeout=args.timeout,
                       notebook_timeout=args.notebook_timeout, memory_mb=args.memory, db=args.db,
                       scheduler=args.scheduler, force=args.force, zip_regexp=args.zip_regexp)
        code, _ = grade(spec, args.submissions, opts)
        return code
    except (InstructorError, SubmissionsError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
