"""Grade a batch of submissions: schedule, record, resume, summarise.

One coordinator (this module, in the instructor's process) turns
submissions into tasks, hands them to workers (a local process pool with
``--jobs N``, or a Dask cluster with ``--scheduler``), and is the only
writer of everything in the output folder:

- ``gradebook.db`` (or ``--db URL``): nbgrader's gradebook;
- ``results/<student_id>.json``: the full result, written last, once the
  gradebook holds the grades; its ``hash`` (the submission's content, the
  source notebook, the hidden tests and the limits) lets a re-run skip
  finished work and regrade anything half-done;
- ``autograded/<student_id>/<assignment>/<notebook>.ipynb``: the notebook as
  graded, where nbgrader's ``generate_feedback`` and formgrader look for it
  (with ``--CourseDirectory.root=DIR``);
- ``grades.csv``, ``feedback/<student_id>/<notebook>.html``,
  ``autograder.log``, ``summary.txt`` and ``score_histogram.png``.
"""
import csv
import hashlib
import inspect
import json
import logging
import multiprocessing
import os
import statistics
import sys
import time
import traceback
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

from autograder import feedback, gradebook
from autograder.grading import grade_task, load_hidden
from autograder.jail import protections_off
from autograder.notebook import SourceNotebook
from autograder.submissions import collect

GRADER_VERSION = "1"
log = logging.getLogger("autograder")


@dataclass
class AssignmentSpec:
    """Everything about an assignment that grading needs."""
    name: str
    notebook: str
    source_json: str
    hidden: str                       # module name or path of the hidden tests
    helper_files: dict = field(default_factory=dict)
    drivers_source: str = ""


@dataclass
class Options:
    out: str
    jobs: int = 1
    timeout: float = 30
    notebook_timeout: float = 300
    memory_mb: int = 2048
    db: str = None
    scheduler: str = None
    force: bool = False
    zip_regexp: str = None
    progress: bool = None             # None: a bar when stderr is a terminal


class InstructorError(Exception):
    """Something the instructor must fix (a message says what)."""


def spec_for(name):
    """The course assignment ``name`` (from ``autograder.assemble``)."""
    from autograder import assemble
    if name not in assemble.assignments():
        raise InstructorError(f"unknown assignment {name!r}; the course has {assemble.assignments()}")
    try:                                     # in memory: nothing written, no race with a build
        if hasattr(assemble, "assemble"):
            import nbformat
            source_json = nbformat.writes(assemble.assemble(name))
        else:
            source_json = assemble.source_notebook(name).read_text()
    except Exception as exc:                 # a template or reference that does not assemble
        raise InstructorError(f"could not assemble the source notebook of {name!r}: {exc}") from exc
    release_dir = assemble.student_notebook(name).parent
    if release_dir.is_dir():
        helpers = {p.name: p.read_bytes() for p in sorted(release_dir.iterdir())
                   if p.is_file() and p.suffix != ".ipynb"}
    else:
        helpers = {p.name: p.read_bytes() for p in assemble.helper_files(name)}
    hidden = f"autograder.hidden.{name}"
    try:
        load_hidden(hidden)
    except ImportError as exc:
        raise InstructorError(f"no hidden tests for {name!r} ({exc}); add autograder/hidden/{name}.py")
    from autograder import drivers
    return AssignmentSpec(name, name, source_json, hidden, helpers, inspect.getsource(drivers))


def _verdict_sources(module):
    """Text of the hidden test module, the modules next to it (shared
    helpers) and the reference solutions it compares with."""
    folders = {os.path.dirname(os.path.abspath(module.__file__))}
    try:
        import solutions
        folders.add(os.path.dirname(os.path.abspath(solutions.__file__)))
    except ImportError:
        pass
    texts = []
    for folder in sorted(folders):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    texts.append(name + "\0" + f.read())
    return "\0".join(texts)


def fingerprint(spec, opts):
    """What a finished result depends on besides the submission itself."""
    module = load_hidden(spec.hidden)
    cells = [(c["cell_type"], c["source"], c.get("metadata", {}).get("nbgrader"))
             for c in json.loads(spec.source_json)["cells"]]
    parts = [GRADER_VERSION, json.dumps(cells, sort_keys=True), _verdict_sources(module),
             spec.drivers_source,
             json.dumps(sorted((k, hashlib.sha256(v).hexdigest()) for k, v in spec.helper_files.items())),
             repr((opts.timeout, opts.notebook_timeout, opts.memory_mb))]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()


class Progress:
    """A bar on a terminal, a plain line per submission otherwise."""

    def __init__(self, total, bar):
        self.total, self.bar, self.start, self.done = total, bar, time.monotonic(), 0

    def update(self, line):
        self.done += 1
        if not self.bar:
            print(f"[{self.done}/{self.total}] {line}", file=sys.stderr, flush=True)
            return
        elapsed = time.monotonic() - self.start
        eta = elapsed / self.done * (self.total - self.done)
        width = 30
        filled = int(width * self.done / max(1, self.total))
        print(f"\r[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} "
              f"ETA {int(eta) // 60}:{int(eta) % 60:02d}  ", end="", file=sys.stderr, flush=True)
        if self.done == self.total:
            print(file=sys.stderr)


def _atomic_write(path, text):
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", errors="backslashreplace") as f:
        f.write(text)
    os.replace(tmp, path)


MAX_TEXT = 50_000          # characters of any one string a result keeps
MAX_MESSAGE = 2_000        # characters of a test's message


def _cut(text, limit):
    text = text.encode("utf-8", "backslashreplace").decode("utf-8")   # lone surrogates
    return text if len(text) <= limit else (
        text[:limit] + f"\n… ({len(text) - limit} more characters not kept)")


def sanitise(value, limit=MAX_TEXT):
    """A copy of a result with every string valid UTF-8 and at most ``limit``
    characters long (test messages: ``MAX_MESSAGE``): whatever a learner
    prints or raises, the files written from it stay small and writable."""
    if isinstance(value, str):
        return _cut(value, limit)
    if isinstance(value, list):
        return [sanitise(v, limit) for v in value]
    if isinstance(value, dict):
        return {_cut(k, 200) if isinstance(k, str) else k:
                sanitise(v, MAX_MESSAGE if k == "message" else limit) for k, v in value.items()}
    return value


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


def write_csv(path, results, test_ids):
    rows = []
    for sid in sorted(results):
        r = results[sid]
        rows.append([sid, r["assignment"], f"{r['score']:g}", f"{r['max_score']:g}", r["status"]]
                    + [f"{r['tests'].get(g, {}).get('points', 0):g}" for g in test_ids])
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["student_id", "assignment", "score", "max_score", "status"] + list(test_ids))
        w.writerows(rows)
    os.replace(tmp, path)


def summarise(results, test_ids, max_score):
    """(text table, stats dict)."""
    scores = [r["score"] for r in results.values()]
    stats = {"n": len(scores),
             "mean": statistics.fmean(scores) if scores else 0.0,
             "median": statistics.median(scores) if scores else 0.0,
             "pass_rate": {g: (sum(r["tests"].get(g, {}).get("passed", False) for r in results.values())
                               / len(scores) if scores else 0.0) for g in test_ids},
             "statuses": {}}
    for r in results.values():
        key = r["status"].split(":")[0].split(";")[0]
        stats["statuses"][key] = stats["statuses"].get(key, 0) + 1
    lines = [f"submissions: {stats['n']}   max score: {max_score:g}",
             f"mean score:  {stats['mean']:.2f}",
             f"median:      {stats['median']:.2f}",
             "", f"{'test':<32} {'pass rate':>9}"]
    lines += [f"{g:<32} {100 * p:8.1f}%" for g, p in stats["pass_rate"].items()]
    lines += ["", "statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["statuses"].items()))]
    return "\n".join(lines), stats


def histogram(path, results, max_score, assignment):
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    scores = [r["score"] for r in results.values()]
    fig, ax = plt.subplots(figsize=(6, 3.5))
    bins = max(1, min(20, int(max_score) + 1)) if max_score else 10
    ax.hist(scores, bins=bins, range=(0, max(max_score, 1e-9)), color="#4c72b0", edgecolor="white")
    ax.set_xlabel("score")
    ax.set_ylabel("submissions")
    ax.set_title(f"{assignment}: scores of {len(scores)} submissions")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)


def _local_results(tasks, jobs):
    if jobs <= 1:
        for task in tasks:
            yield task, _safe_grade(task)
        return
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"))
    try:
        futures = {pool.submit(_safe_grade, t): t for t in tasks}
        for fut in as_completed(futures):
            try:
                yield futures[fut], fut.result()
            except Exception as exc:         # the worker process itself died
                yield futures[fut], _grader_error(futures[fut], exc)
    except BaseException:                    # interrupted: stop the workers now
        for proc in list(getattr(pool, "_processes", {}).values()):
            proc.terminate()
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown()


def _dask_results(tasks, address):
    from distributed import Client, as_completed as dask_completed
    with Client(address, timeout="30s") as client:
        futures = {client.submit(_safe_grade, t, pure=False,
                                 key=f"grade-{t['assignment']}-{t['student_id']}-{t['hash'][:12]}"): t
                   for t in tasks}
        for fut in dask_completed(list(futures)):
            try:
                yield futures[fut], fut.result()
            except Exception as exc:
                yield futures[fut], _grader_error(futures[fut], exc)


def _grader_error(task, exc):
    return {"student_id": task["student_id"], "assignment": task["assignment"],
            "notebook": task["notebook"], "score": 0.0, "max_score": 0.0, "tests": {},
            "cells": [], "log": [repr(exc)], "status": f"grader-error: {exc}",
            "grader_error": True, "protections_off": []}


def _safe_grade(task):
    try:
        result = grade_task(task)
    except Exception as exc:
        result = _grader_error(task, exc)
        result["log"].append(traceback.format_exc())
    result["hash"] = task["hash"]
    return sanitise(result)


def _record(gb, spec, out, task, result):
    """Write one graded submission: gradebook, autograded notebook, feedback
    page and result file (the last, so that a re-run retries a submission
    whose recording failed)."""
    sid = task["student_id"]
    gradebook.write(gb, result)
    graded_nb = feedback.autograded_notebook(spec.source_json,
                                             task["files"].get(spec.notebook + ".ipynb", b""),
                                             result)
    if graded_nb is not None:
        nb_dir = os.path.join(out, "autograded", sid, spec.name)
        os.makedirs(nb_dir, exist_ok=True)
        _atomic_write(os.path.join(nb_dir, spec.notebook + ".ipynb"), json.dumps(graded_nb))
    fb_dir = os.path.join(out, "feedback", sid)
    os.makedirs(fb_dir, exist_ok=True)
    _atomic_write(os.path.join(fb_dir, spec.notebook + ".html"), feedback.render(result))
    _atomic_write(os.path.join(out, "results", sid + ".json"), json.dumps(result))


def grade(spec, submissions, opts):
    """Grade every submission under ``submissions``; returns (exit code,
    results dict)."""
    out = opts.out
    for sub in ("feedback", "results"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)
    _setup_log(out)
    bindir = os.path.dirname(sys.executable)       # nbgrader's alembic lives next to python
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")
    db_url = opts.db or "sqlite:///" + os.path.abspath(os.path.join(out, "gradebook.db"))
    source = SourceNotebook.from_json(spec.notebook, spec.source_json)
    test_ids = list(source.tests)
    missing_hidden = [g for g in test_ids if g not in getattr(load_hidden(spec.hidden), "TESTS", {})]
    if missing_hidden:
        log.warning("test cells without a hidden test (graded on the visible cell only): %s",
                    ", ".join(missing_hidden))
    off = protections_off() if not opts.scheduler else []
    if off:
        msg = "JAIL PROTECTIONS OFF on this machine (needs root and unshare): " + ", ".join(off)
        log.warning(msg)
        print("WARNING: " + msg, file=sys.stderr)
    subs = collect(submissions, spec.name, spec.notebook, opts.zip_regexp)
    try:
        gb = gradebook.open_gradebook(db_url)
    except gradebook.GradebookError as exc:
        raise InstructorError(str(exc)) from exc
    gradebook.register(gb, spec.name, spec.notebook, spec.source_json)
    fp = fingerprint(spec, opts)

    results = {}
    for sub in subs:
        path = os.path.join(out, "results", sub.student_id + ".json")
        if os.path.exists(path):
            try:
                with open(path, encoding="utf-8") as f:
                    results[sub.student_id] = json.load(f)
            except (OSError, ValueError):
                pass
    tasks = []
    limits = {"timeout": opts.timeout, "notebook_timeout": opts.notebook_timeout,
              "memory_mb": opts.memory_mb}
    for sub in subs:
        h = hashlib.sha256((sub.digest() + fp).encode()).hexdigest()
        old = results.get(sub.student_id)
        if old and old.get("hash") == h and not opts.force:
            continue
        results.pop(sub.student_id, None)
        for note in sub.notes:
            log.info("%s: %s", sub.student_id, note)
        tasks.append({"student_id": sub.student_id, "assignment": spec.name,
                      "notebook": spec.notebook, "source_json": spec.source_json,
                      "hidden": spec.hidden, "files": sub.files,
                      "helper_files": spec.helper_files, "drivers_source": spec.drivers_source,
                      "limits": limits, "hash": h})
    skipped = len(subs) - len(tasks)
    log.info("grading %d submissions of %s (%d unchanged, skipped), jobs=%s, scheduler=%s",
             len(tasks), spec.name, skipped, opts.jobs, opts.scheduler)
    if skipped:
        print(f"{skipped} unchanged submissions already graded (use --force to regrade)", file=sys.stderr)
    bar = sys.stderr.isatty() if opts.progress is None else opts.progress
    progress = Progress(len(tasks), bar)
    errors = 0
    stream = _dask_results(tasks, opts.scheduler) if opts.scheduler else _local_results(tasks, opts.jobs)
    with gb:
        for task, result in stream:
            sid = task["student_id"]
            if result.get("grader_error"):
                errors += 1
                log.error("%s: %s\n%s", sid, result["status"], "\n".join(result["log"]))
                progress.update(f"{sid}: {result['status']}")
                continue
            try:
                _record(gb, spec, out, task, result)
            except Exception as exc:         # noqa: BLE001 (one submission, not the batch)
                errors += 1
                log.error("%s: could not record the result: %r\n%s", sid, exc,
                          traceback.format_exc())
                progress.update(f"{sid}: grader-error while recording ({exc!r})")
                continue
            results[sid] = result
            write_csv(os.path.join(out, "grades.csv"), results, test_ids)
            for entry in result["log"]:
                log.warning("%s: %s", sid, entry)
            line = (f"{sid}: {result['score']:g}/{result['max_score']:g} "
                    f"status={result['status']} ({result.get('elapsed', 0):.1f} s)")
            log.info(line)
            progress.update(line)
    write_csv(os.path.join(out, "grades.csv"), results, test_ids)
    text, stats = summarise(results, test_ids, source.max_score)
    _atomic_write(os.path.join(out, "summary.txt"), text + "\n")
    if results:
        histogram(os.path.join(out, "score_histogram.png"), results, source.max_score, spec.name)
    print(text)
    log.info("done: %d graded, %d skipped, %d grader errors", len(tasks) - errors, skipped, errors)
    if errors:
        print(f"{errors} submissions hit a grader error (see {out}/autograder.log); "
              "re-run to retry them", file=sys.stderr)
    return (1 if errors else 0), results
