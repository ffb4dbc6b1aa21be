"""Run ``grade_task`` on many tasks: local child processes or a Dask cluster.

Locally every submission is graded in its own child process (forked from
the coordinator, up to ``jobs`` at a time). The coordinator watches each
child's own memory and wall time: a submission whose hidden tests
make the grader's side exceed ``Limits.grader_memory_mb`` or run past its
time is stopped and recorded with status ``grader-limit``, and nothing
else is affected. A child that dies for any other reason is a grader
error (not recorded, so a re-run retries it).

On Dask each task runs in the worker's process (Dask workers are daemonic
and may not fork); results come back the same way. What every submission
of an assignment shares (the instructor's notebook, the hidden tests and the
code they run, ``SHARED``) goes to each worker once, not with every submission.
"""
import hashlib
import multiprocessing
import os
import pickle
import time
import traceback
from dataclasses import replace
from multiprocessing.connection import wait

from autograder import grading, verdict
from autograder.grading import grade_task
from autograder.sanitise import sanitise
from autograder.task import grader_error

POLL = 0.2                 # seconds between checks of the running children
GRACE = 120                # seconds a child may run past its notebook's time limit
_PAGE = os.sysconf("SC_PAGE_SIZE")


def safe_grade(task):
    """``grade_task`` that never raises: a failure is a grader error. A task
    that carries its verdict code (a cluster's) is graded with that code."""
    try:
        if task.verdict_files is None:
            result = grade_task(task)
        else:
            result = _grade_shipped(task)
    except Exception as exc:                 # noqa: BLE001 (one submission, never the batch)
        result = grader_error(task, exc, traceback.format_exc())
    result["hash"] = task.hash
    result["verdict_hash"] = task.verdict_hash
    return sanitise(result)


def _grade_shipped(task):
    here = verdict.environment()
    if task.environment is not None and here != task.environment:
        raise RuntimeError(f"this worker's packages {here} differ from the coordinator's "
                           f"{task.environment}: it cannot grade with the coordinator's tests")
    if verdict.digest(task.verdict_files) != task.verdict_hash:
        raise RuntimeError("the shipped hidden tests do not match their hash")
    with verdict.installed(task.verdict_files, task.verdict_hash):
        grading._hidden_cache.clear()
        try:
            return grading.grade_task(task)
        finally:
            grading._hidden_cache.clear()


def _child(task, conn):
    try:
        conn.send(safe_grade(task))
    finally:
        conn.close()


def limit_result(task, why):
    """The recorded result of a submission stopped by the grader's own limits."""
    source = grading.SourceNotebook.from_json(task.notebook, task.source_json)
    result = grading.unearned_result(task, source, f"not graded: {why}")
    result.update(status=f"grader-limit: {why}", hash=task.hash)
    result["log"].append(why)
    return result


def _private_mb(pid, limit_mb):
    """Memory of process ``pid`` that is its own (unique set size, in MB): a
    child forked from the coordinator shares the coordinator's pages until it
    writes them, and only what it adds counts. Its jail is a separate tree.
    The unique set size is never more than the resident size, which
    ``/proc/PID/statm`` gives at once; only a process resident above
    ``limit_mb`` has its mappings walked for its unique set size."""
    import psutil
    try:
        with open(f"/proc/{pid}/statm") as f:
            resident_mb = int(f.read().split()[1]) * _PAGE / 2**20
        if resident_mb <= limit_mb:
            return resident_mb
        return psutil.Process(pid).memory_full_info().uss / 2**20
    except (psutil.Error, OSError, ValueError, IndexError):
        return 0.0


def _start(ctx, task):
    receive, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_child, args=(task, send), name=f"grade-{task.student_id}")
    proc.start()
    send.close()
    return receive, (proc, task, time.monotonic())


def local_results(tasks, jobs, gpus=None):
    """Yield ``(task, result)`` as submissions finish, ``jobs`` at a time;
    with ``gpus`` (device numbers as strings) each running submission gets
    one of them to itself, so at most ``len(gpus)`` run at once."""
    ctx = multiprocessing.get_context("fork")
    pending = list(reversed(tasks))
    free = list(gpus or [])
    if gpus:
        jobs = min(jobs, len(gpus))
    running = {}

    def fill():
        while pending and len(running) < jobs:
            task = pending.pop()
            if gpus:
                task = replace(task, gpu=free.pop(0))
            conn, entry = _start(ctx, task)
            running[conn] = entry

    try:
        while pending or running:
            fill()
            for conn in wait(list(running), timeout=POLL):
                proc, task, _ = running.pop(conn)
                if task.gpu is not None:
                    free.append(task.gpu)
                try:
                    result = conn.recv()
                except (EOFError, OSError) as exc:
                    proc.join(5)
                    result = grader_error(task, exc, f"the grading process ended with exit code "
                                                     f"{proc.exitcode} before sending a result")
                conn.close()
                proc.join(30)
                fill()                       # the next submission starts while this one is recorded
                yield task, result
            for conn, (proc, task, started) in list(running.items()):
                memory = _private_mb(proc.pid, task.limits.grader_memory_mb)
                allowed = task.limits.notebook_timeout + GRACE
                why = None
                if memory > task.limits.grader_memory_mb:
                    why = (f"grading this submission needed more than {task.limits.grader_memory_mb} MB "
                           "in the grader's process (the hidden tests were stopped)")
                elif time.monotonic() - started > allowed:
                    why = f"grading this submission took more than {allowed:.0f} s and was stopped"
                if why:
                    proc.kill()
                    proc.join(30)
                    conn.close()
                    del running[conn]
                    if task.gpu is not None:
                        free.append(task.gpu)
                    yield task, limit_result(task, why)
    finally:                                 # interrupted, or done: no child outlives the run
        for conn, (proc, _, _) in running.items():
            proc.kill()
            proc.join(30)
            conn.close()


def dask_security(ca=None, cert=None, key=None):
    """A Dask ``Security`` for TLS with the instructor's certificates, or None."""
    if not (ca or cert or key):
        return None
    from distributed.security import Security
    return Security(tls_ca_file=ca, tls_client_cert=cert, tls_client_key=key,
                    require_encryption=True)


# The fields of a Task that all submissions of an assignment share.
SHARED = ("source_json", "hidden", "helper_files", "drivers_source", "verdict_files", "environment")


def split(task):
    """(``task`` without its ``SHARED`` fields, those fields as a dict)."""
    shared = {name: getattr(task, name) for name in SHARED}
    return replace(task, **dict.fromkeys(SHARED)), shared


def safe_grade_joined(task, shared):
    """``safe_grade`` of the task that ``split`` took apart."""
    return safe_grade(replace(task, **shared))


def dask_results(tasks, address, security=None):
    """Yield ``(task, result)`` from a Dask cluster at ``address`` (TLS
    when ``security`` is given)."""
    from distributed import Client
    from distributed import as_completed as dask_completed
    with Client(address, timeout="30s", security=security) as client:
        sent, futures = {}, {}
        for t in tasks:
            own, shared = split(t)
            digest = hashlib.sha256(pickle.dumps(shared)).hexdigest()
            if digest not in sent:                # once per assignment, to every worker
                sent[digest] = client.scatter([shared], broadcast=True, hash=False)[0]
            futures[client.submit(safe_grade_joined, own, sent[digest], pure=False,
                                  key=f"grade-{t.assignment}-{t.student_id}-{t.hash[:12]}")] = t
        for fut in dask_completed(list(futures)):
            try:
                yield futures[fut], fut.result()
            except Exception as exc:         # noqa: BLE001 (the worker died: that task only)
                yield futures[fut], grader_error(futures[fut], exc)
