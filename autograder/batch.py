"""Grade a batch of submissions of one assignment into a course's output folder.

``grade(spec, submissions, opts)`` is the coordinator: it reads the
instructor's download (``autograder.intake``), decides what needs
grading (new or changed submissions, ``--student``, ``--force``), hands
``Task``s to workers (``autograder.workers``), applies the deadline
(``autograder.deadline``), records every result (``autograder.store``) and
rebuilds the assignment's reports (``autograder.report``) and the course's
table (``autograder.course``) from every stored result. It is the only
writer of the output folder:

- ``gradebook.db`` (or ``--db URL``): nbgrader's gradebook;
- ``results/<assignment>/<student_id>.json``: the full result, written last;
- ``autograded/<student_id>/<assignment>/<notebook>.ipynb``: the notebook as
  graded, where nbgrader's ``generate_feedback`` and formgrader look for it;
- ``feedback/<student_id>/<notebook>.html``: the learner's page;
- ``<assignment>/grades.csv``, ``summary.txt``, ``score_histogram.png``,
  ``deadline.json`` (the deadline settings, reused by later runs);
- ``course_grades.csv`` (one row per student, a column per assignment) and
  ``autograder.log``.
"""
import hashlib
import json
import logging
import os
import sys
import tempfile
from dataclasses import dataclass, field

from tqdm import tqdm

from autograder import course, gradebook, report, store, torch_without_recurrent, verdict
from autograder.deadline import Deadline, apply_deadline
from autograder.grading import load_hidden
from autograder.intake import collect
from autograder.jail import describe, protections_off
from autograder.notebook import SourceNotebook
from autograder.spec import InstructorError, fingerprint
from autograder.task import Limits, Task, blank_result
from autograder.workers import dask_results, dask_security, local_results

log = logging.getLogger("autograder")


@dataclass
class Options:
    out: str
    jobs: int = 1
    limits: Limits = field(default_factory=Limits)
    db: str = None
    scheduler: str = None
    force: bool = False
    students: list = None             # regrade only these ids
    lms: str = "auto"
    zip_regexp: str = None
    roster: str = None
    deadline: Deadline = None         # None: the one stored by an earlier run, if any
    allow_unjailed: bool = False
    gpus: list = None                 # CUDA device numbers, one per concurrent submission
    tls: tuple = None                 # (CA file, certificate, key) for a Dask scheduler over TLS
    progress: bool = None             # None: a bar when stderr is a terminal


def _setup_log(out):
    log.setLevel(logging.INFO)
    for h in list(log.handlers):
        if getattr(h, "_autograder", False):
            log.removeHandler(h)
            h.close()
    handler = logging.FileHandler(os.path.join(out, "autograder.log"), encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(message)s"))
    handler._autograder = True
    log.addHandler(handler)
    log.propagate = False


def _say(message, level=logging.INFO):
    """A line for the instructor: the log and stderr."""
    log.log(level, message)
    print(message, file=sys.stderr)


def sandbox_state(opts):
    """What protects this run, recorded in every result and in the resume
    hash. Refuses to go on without the jail unless ``allow_unjailed``."""
    if opts.scheduler:
        return {"where": "dask-workers", "allow_unjailed": opts.allow_unjailed}
    off = protections_off()
    if off and not opts.allow_unjailed:
        raise InstructorError(
            "the jail cannot run on this machine (missing: " + ", ".join(off) + "). Grade as root "
            "on Linux with bubblewrap installed (see autograder/README.md, 'The jail'), or pass "
            "--allow-unjailed to grade without these protections (learner code then runs with "
            "your permissions)")
    if off:
        _say("WARNING: grading WITHOUT the jail's protections (" + ", ".join(off) + ")",
             logging.WARNING)
    return {"where": "local", "protections_off": off, **describe()}


def _deadline(out, assignment, given):
    """The deadline settings: those given (then stored), or the stored ones."""
    path = os.path.join(store.assignment_dir(out, assignment), "deadline.json")
    if given is not None:
        store.atomic_write(path, json.dumps(given.to_json(), indent=1))
        return given
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            stored = Deadline.from_json(json.load(f))
        _say(f"{assignment}: using the deadline settings stored in {path}")
        return stored
    return Deadline()


def _submission_info(sub):
    return {"submitted_at": sub.submitted_at, "timestamp_source": sub.timestamp_source,
            "lms_late": sub.lms_late, "name": sub.name, "email": sub.email,
            "members": list(sub.members), "origin": sub.origin}


def _finish(result, info, deadline, roster):
    """Attach the submission's metadata, the roster flag and the lateness;
    returns True when any of them changed."""
    before = json.dumps([result.get(k) for k in ("submission", "late", "score", "not_on_roster")])
    if info is not None:
        result["submission"] = info
    if roster is not None and result["student_id"] in roster.students:
        student = roster.students[result["student_id"]]
        result["submission"] = dict(result.get("submission") or {})
        result["submission"]["name"] = result["submission"].get("name") or student.name
        result["submission"]["email"] = result["submission"].get("email") or student.email
    if roster is not None:
        result["not_on_roster"] = result["student_id"] not in roster.students
    apply_deadline(result, deadline)
    after = json.dumps([result.get(k) for k in ("submission", "late", "score", "not_on_roster")])
    return before != after


def _missing_result(spec, sid, source):
    task = Task(sid, spec.name, spec.notebook, "", spec.hidden, {})
    result = blank_result(task)
    result.update(max_score=source.max_score, raw_score=0.0, status="missing: nothing submitted")
    result["tests"] = {gid: {"points": 0.0, "max_points": t.points, "passed": False,
                             "message": "nothing submitted"} for gid, t in source.tests.items()}
    return result


def _case_insensitive(folder):
    """True where ``folder``'s file system does not tell ``a`` from ``A``
    (macOS and Windows by default)."""
    with tempfile.NamedTemporaryFile(dir=folder, prefix=".case-probe-") as probe:
        name = os.path.basename(probe.name)
        return os.path.exists(os.path.join(folder, name.upper()))


def _without_case_clashes(subs, out):
    """``subs`` less the submissions whose student ids differ only in case,
    where the output folder cannot tell them apart (their results and
    feedback would overwrite each other): those are not graded, each with a
    warning that says why."""
    by_folded = {}
    for sub in subs:
        by_folded.setdefault(sub.student_id.casefold(), []).append(sub)
    clashes = {k: group for k, group in by_folded.items() if len(group) > 1}
    if not clashes or not _case_insensitive(out):
        return subs
    for group in clashes.values():
        ids = ", ".join(repr(s.student_id) for s in group)
        _say(f"NOT GRADED: the student ids {ids} differ only in case, and the file system of "
             f"{out} does not tell them apart (their results and feedback would overwrite each "
             "other); rename them in the download or grade into a folder on a case-sensitive "
             "file system", logging.WARNING)
    clashing = {id(s) for group in clashes.values() for s in group}
    return [s for s in subs if id(s) not in clashing]


def grade(spec, submissions, opts):
    """Grade every submission of ``spec`` found under ``submissions``;
    returns (exit code, {student_id: result} of every stored result)."""
    out = opts.out
    os.makedirs(store.assignment_dir(out, spec.name), exist_ok=True)
    _setup_log(out)
    bindir = os.path.dirname(sys.executable)       # nbgrader's alembic lives next to python
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    sandbox = sandbox_state(opts)
    source = SourceNotebook.from_json(spec.notebook, spec.source_json)
    test_ids = list(source.tests)
    hidden = load_hidden(spec.hidden)
    missing_hidden = [g for g in test_ids if g not in getattr(hidden, "TESTS", {})]
    if getattr(hidden, "KERNEL_SETUP", "") and not opts.scheduler and sandbox.get("sandbox"):
        # made once per torch installation (seconds), before any submission's clock starts
        replaced = torch_without_recurrent.binds()
        _say(f"{spec.name}: hidden tests run on torch without its recurrent kernels "
             f"({len(replaced)} libraries replaced)" if replaced else
             f"{spec.name}: torch's libraries without recurrent kernels cannot be made here "
             "(needs nm, x86_64 or aarch64 and a writable ~/.cache); the dispatcher switch-off alone "
             "applies",
             logging.INFO if replaced else logging.WARNING)
    if missing_hidden:
        log.warning("test cells without a hidden test (graded on the visible cell only): %s",
                    ", ".join(missing_hidden))
    roster = None
    if opts.roster:
        from autograder.roster import RosterError, read_roster
        try:
            roster = read_roster(opts.roster)
        except (RosterError, OSError) as exc:
            raise InstructorError(f"--roster {opts.roster}: {exc}") from exc
    intake = collect(submissions, spec.name, spec.notebook, lms=opts.lms, regexp=opts.zip_regexp)
    _say(f"{spec.name}: {len(intake.submissions)} submissions read as layout '{intake.layout}', "
         f"{len(intake.skipped)} entries skipped")
    for skipped in intake.skipped:
        log.warning("skipped %s: %s", skipped.entry, skipped.reason)
    subs = _without_case_clashes(intake.submissions, out)
    if opts.students:
        wanted = set(opts.students)
        unknown = wanted - {s.student_id for s in subs}
        if unknown:
            raise InstructorError("--student: no submission from " + ", ".join(sorted(unknown))
                                  + " in " + str(submissions))
        subs = [s for s in subs if s.student_id in wanted]
    deadline = _deadline(out, spec.name, opts.deadline)
    db_url = opts.db or "sqlite:///" + os.path.abspath(os.path.join(out, "gradebook.db"))
    try:
        gb = gradebook.open_gradebook(db_url)
    except gradebook.GradebookError as exc:
        raise InstructorError(str(exc)) from exc
    gradebook.register(gb, spec.name, spec.notebook, spec.source_json, deadline.due)
    shipped = verdict.bundle()
    verdict_hash = verdict.digest(shipped)
    fp = fingerprint(spec, opts.limits, sandbox, verdict_hash)

    results = store.load_results(out, spec.name)
    carried = dict(verdict_files=shipped, environment=verdict.environment()) if opts.scheduler else {}
    tasks, infos, refreshed = [], {}, 0
    for sub in subs:
        infos[sub.student_id] = _submission_info(sub)
        h = hashlib.sha256((sub.digest() + fp).encode()).hexdigest()
        old = results.get(sub.student_id)
        if old and old.get("hash") == h and not (opts.force or opts.students):
            if _finish(old, infos[sub.student_id], deadline, roster):
                store.record(gb, spec, out, sub.files, old)    # new deadline, roster or metadata
                refreshed += 1
            continue
        for note in sub.notes:
            log.info("%s: %s", sub.student_id, note)
        tasks.append((Task(sub.student_id, spec.name, spec.notebook, spec.source_json, spec.hidden,
                           sub.files, opts.limits, spec.helper_files, spec.drivers_source, h,
                           allow_unjailed=opts.allow_unjailed, verdict_hash=verdict_hash,
                           **carried), sub))
    skipped = len(subs) - len(tasks)
    log.info("grading %d submissions of %s (%d unchanged, skipped), jobs=%s, scheduler=%s",
             len(tasks), spec.name, skipped, opts.jobs, opts.scheduler)
    if skipped:
        _say(f"{skipped} unchanged submissions already graded (use --force to regrade)")
    if refreshed:
        _say(f"{refreshed} of them updated for the deadline, roster or submission details")
    files_of = {t.student_id: sub.files for t, sub in tasks}
    bar = sys.stderr.isatty() if opts.progress is None else opts.progress
    progress = tqdm(total=len(tasks), disable=not bar, unit="submission", file=sys.stderr)
    errors = done = 0
    run = [t for t, _ in tasks]
    if opts.scheduler and not opts.tls:
        _say(f"WARNING: the Dask scheduler {opts.scheduler} is reached without TLS: anyone who can "
             "reach its port can submit code that its workers run, and read the hidden tests; "
             "give --tls-ca, --tls-cert and --tls-key (see autograder/README.md)", logging.WARNING)
    stream = (dask_results(run, opts.scheduler, dask_security(*(opts.tls or ()))) if opts.scheduler
              else local_results(run, opts.jobs, opts.gpus))
    with gb:
        for task, result in stream:
            sid = task.student_id
            done += 1
            progress.update()
            if result.get("grader_error"):
                errors += 1
                log.error("%s: %s\n%s", sid, result["status"], "\n".join(result["log"]))
                if not bar:
                    print(f"[{done}/{len(run)}] {sid}: {result['status']}", file=sys.stderr)
                continue
            result["sandbox"] = sandbox
            result["answers"] = list(source.answers)
            _finish(result, infos[sid], deadline, roster)
            try:
                store.record(gb, spec, out, files_of[sid], result)
            except Exception as exc:         # noqa: BLE001 (one submission, not the batch)
                errors += 1
                log.exception("%s: could not record the result: %r", sid, exc)
                continue
            results[sid] = result
            for entry in result["log"]:
                log.warning("%s: %s", sid, entry)
            line = (f"{sid}: {result['score']:g}/{result['max_score']:g} "
                    f"status={result['status']} ({result.get('elapsed', 0):.1f} s)")
            log.info(line)
            if not bar:
                print(f"[{done}/{len(run)}] {line}", file=sys.stderr)
        if roster is not None:
            submitted = {sid for sub in intake.submissions                # graded or not (yet),
                         for sid in [sub.student_id, *sub.members]}        # and group members
            for sid in sorted(submitted & set(results)):
                if report.status_word(results[sid]["status"]) == "missing":   # submitted since
                    os.remove(store.result_path(out, spec.name, sid))
                    del results[sid]
            for sid in sorted(set(roster.students) - set(results) - submitted):
                result = _missing_result(spec, sid, source)
                student = roster.students[sid]
                result["submission"] = {"name": student.name, "email": student.email}
                gradebook.add_student(gb, sid, student.name, student.email)
                store.save_result(out, result)
                results[sid] = result
        text, finals = rebuild_reports(gb, out, spec.name, source)
        course.write_course_grades(out, gb, known={spec.name: finals})
    progress.close()
    print(text)
    log.info("done: %d graded, %d skipped, %d grader errors", len(tasks) - errors, skipped, errors)
    if errors:
        print(f"{errors} submissions hit a grader error (see {out}/autograder.log); "
              "re-run to retry them", file=sys.stderr)
    return (1 if errors else 0), results


def rebuild_reports(gb, out, assignment, source):
    """``<assignment>/grades.csv``, summary and histogram from every stored
    result of the assignment merged with the gradebook's manual grades;
    returns (the summary's text, {student_id: merged result})."""
    finals = course.final_results(gb, out, assignment)
    folder = store.assignment_dir(out, assignment)
    report.write_csv(os.path.join(folder, "grades.csv"), finals,
                     list(source.tests) + list(source.answers))
    full_max = source.max_score + sum(a.points for a in source.answers.values())
    text, _ = report.summarise(finals, list(source.tests), full_max)
    store.atomic_write(os.path.join(folder, "summary.txt"), text + "\n")
    if finals:
        report.histogram(os.path.join(folder, "score_histogram.png"), finals, full_max, assignment)
    return text, finals
