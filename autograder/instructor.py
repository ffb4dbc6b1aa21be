"""The instructor's commands behind the CLI: ``grade``, ``export``, ``formgrader``.

Each turns parsed arguments into a call of the module that does the work
and turns every instructor-side problem (a path, a roster, a date, a
gradebook URL) into one ``InstructorError`` whose message says what to fix.
"""
import os
import re
import sys

from autograder.spec import InstructorError


def _problems():
    """The exception types that mean "the instructor must fix something"."""
    from autograder.gradebook import GradebookError
    from autograder.intake import SubmissionsError
    from autograder.lateness import LatenessError
    from autograder.lms_export import ExportError
    from autograder.roster import RosterError
    return (SubmissionsError, RosterError, LatenessError, ExportError, GradebookError, OSError)


def _deadline(args):
    """The ``Deadline`` given on the command line, or None when none is."""
    if not (args.due or args.late_policy or args.cutoff or args.extensions):
        return None
    from autograder.deadline import Deadline
    from autograder.lateness import parse_datetime, parse_policy, read_extensions
    policy = parse_policy(args.late_policy or "none")
    if args.cutoff:
        policy.cutoff = parse_datetime(args.cutoff)
    extensions = read_extensions(args.extensions) if args.extensions else {}
    return Deadline(parse_datetime(args.due) if args.due else None, policy, extensions)


def grade(args):
    from autograder.batch import Options, grade
    from autograder.spec import spec_for
    from autograder.task import Limits
    if not os.path.exists(args.submissions):
        raise InstructorError(f"{args.submissions} does not exist; give the LMS download "
                              "(a folder or a zip)")
    if any((args.tls_ca, args.tls_cert, args.tls_key)) and not all((args.tls_ca, args.tls_cert, args.tls_key)):
        raise InstructorError("TLS to the scheduler needs all three: --tls-ca, --tls-cert and --tls-key")
    if args.gpus and args.scheduler:
        raise InstructorError("--gpus hands this machine's CUDA devices to its own jobs; a Dask "
                              "cluster's workers get none: grade on a GPU machine without --scheduler")
    for gpu in args.gpus or []:
        if not (gpu.isdigit() and os.path.exists(f"/dev/nvidia{int(gpu)}")):
            raise InstructorError(f"--gpus: no CUDA device {gpu!r} on this machine (/dev/nvidia{gpu} "
                                  "is missing); give device numbers such as 0,1")
    spec = spec_for(args.assignment, cache_dir=args.out)
    os.makedirs(args.out, exist_ok=True)
    limits = Limits(args.timeout, args.notebook_timeout, args.memory, args.grader_memory)
    opts = Options(out=args.out, jobs=args.jobs, limits=limits, db=args.db,
                   scheduler=args.scheduler, force=args.force, students=args.student,
                   lms=args.lms, zip_regexp=args.zip_regexp, roster=args.roster,
                   deadline=_deadline(args), allow_unjailed=args.allow_unjailed, gpus=args.gpus,
                   tls=(args.tls_ca, args.tls_cert, args.tls_key) if args.tls_ca else None)
    code, _ = grade(spec, args.submissions, opts)
    return code


def _open(args):
    from autograder import gradebook
    if not os.path.isdir(os.path.join(args.out, "results")):
        raise InstructorError(f"{args.out} holds no graded results; run `grade ... --out {args.out}` first")
    url = args.db or "sqlite:///" + os.path.abspath(os.path.join(args.out, "gradebook.db"))
    return gradebook.open_gradebook(url), url


def _canvas_columns(assignments, roster, given):
    """{assignment: Canvas header}: from ``--canvas-column A=HEADER``, else the
    roster's column whose name starts with the assignment's name."""
    columns = {}
    for item in given:
        name, sep, header = item.partition("=")
        if not sep:
            raise InstructorError(f"--canvas-column {item!r}: expected ASSIGNMENT=HEADER")
        columns[name] = header
    headers = roster.columns if roster is not None else []
    for a in assignments:
        if a not in columns:
            found = [h for h in headers if h.startswith(a) and re.search(r"\(\d+\)\s*$", h)]
            if len(found) != 1:
                raise InstructorError(
                    f"no Canvas column for {a!r} in the roster ({len(found)} candidates); give "
                    f'--canvas-column {a}="<name in Canvas> (<assignment id>)"')
            columns[a] = found[0]
    return columns


def _blackboard_column(assignment, roster, args):
    """The Grade Center header of ``assignment``: ``--blackboard-column``, else
    the roster's (a Grade Center download's) column that starts with its name."""
    if args.blackboard_column:
        return args.blackboard_column
    headers = roster.columns if roster is not None and roster.kind == "blackboard" else []
    found = [h for h in headers if h.startswith(assignment) and "|" in h]
    if len(found) != 1:
        raise InstructorError(
            f"no Blackboard column for {assignment!r} ({len(found)} candidates in "
            f"{'the Grade Center download' if headers else 'no Grade Center download'}); give "
            f'--blackboard-column "<column name> [Total Pts: <points> Score] |<column id>" as the '
            "first row of the Grade Center's Work Offline > Download shows it")
    return found[0]


def export(args):
    from autograder import batch, course, lms_export, store
    from autograder.notebook import SourceNotebook
    from autograder.roster import read_roster
    from autograder.spec import spec_for
    gb, _ = _open(args)
    roster = read_roster(args.roster) if args.roster else None
    assignments = args.assignment or store.assignments_with_results(args.out)
    finals = {}
    with gb:
        for a in assignments:
            spec = spec_for(a)
            _, finals[a] = batch.rebuild_reports(gb, args.out, a,
                                                 SourceNotebook.from_json(spec.notebook, spec.source_json))
            print(f"{a}: {os.path.join(store.assignment_dir(args.out, a), 'grades.csv')}")
        course.write_course_grades(args.out, gb)
    flat = [r for a in assignments for r in course.grade_rows(finals[a])]
    to = args.to or os.path.join(args.out, f"export-{args.format}.csv")
    skipped = []
    if args.format == "csv":
        lms_export.write_plain_csv(to, flat, assignments)
    elif args.format == "canvas":
        skipped = lms_export.write_canvas_csv(to, flat, roster,
                                              _canvas_columns(assignments, roster, args.canvas_column))
    elif len(assignments) != 1:
        raise InstructorError(f"--format {args.format} writes one assignment's file: give --assignment "
                              f"(graded here: {', '.join(assignments)})")
    elif args.format == "moodle":
        skipped = lms_export.write_moodle_csv(to, flat, roster, assignments[0])
    elif args.format == "blackboard":
        a = assignments[0]
        names = {sid: (r.get("submission") or {}).get("name") or "" for sid, r in finals[a].items()}
        skipped = lms_export.write_blackboard_csv(to, flat, a, _blackboard_column(a, roster, args),
                                                  roster, names)
    else:
        a = assignments[0]
        people = {sid: r.get("submission") or {} for sid, r in finals[a].items()}
        for line in lms_export.write_gradescope_csv(to, flat, a, people):
            print(f"note {line}", file=sys.stderr)
    print(f"{args.format}: {to}")
    if args.feedback_zip:
        if len(assignments) != 1:
            raise InstructorError("--feedback-zip packs one assignment's pages: give --assignment")
        a = assignments[0]
        pages, attachments = {}, {}
        for sid, r in finals[a].items():
            path = store.feedback_path(args.out, sid, r["notebook"])
            if os.path.exists(path):
                with open(path, "rb") as f:
                    pages[sid] = f.read()
            m = re.match(r"^.*?_(\d+)_(\d+)_", os.path.basename((r.get("submission") or {}).get("origin") or ""))
            if m and m.group(1) == sid:
                attachments[sid] = m.group(2)
        lms = args.format if args.format in ("canvas", "moodle") else "plain"
        skipped += lms_export.feedback_zip(args.feedback_zip, pages, roster, lms,
                                           attachment_ids=attachments)
        print(f"feedback: {args.feedback_zip} ({len(pages)} pages)")
    for line in skipped:
        print(f"skipped {line}", file=sys.stderr)
    return 0


def formgrader(args):
    from autograder import formgrader
    _, url = _open(args)
    return formgrader.start(args.out, url, args.port, prepare_only=args.prepare_only)


def run(args):
    try:
        return {"grade": grade, "export": export, "formgrader": formgrader}[args.command](args)
    except _problems() as exc:
        raise InstructorError(str(exc)) from exc
