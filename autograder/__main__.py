"""Command line: ``python -m autograder {release,grade,check} ...``."""
import argparse
import sys


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder",
                                     description="Release and grade the course's exercises.")
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("release", help="assemble the instructor notebooks and generate the student versions")
    p.add_argument("assignments", nargs="*", help="assignment names (default: all)")
    args = parser.parse_args(argv)
    if args.command == "release":
        from autograder.assemble import release
        for name, path in release(args.assignments or None).items():
            print(f"{name}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
