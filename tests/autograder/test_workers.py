"""Local workers: one child process per submission, GPUs handed out one
per running submission, and the grader's own limits per submission."""
import json
import os
import time

from autograder import workers
from autograder.task import Limits, Task


def _test_cell(grade_id, points):
    return {"cell_type": "code", "source": "", "metadata": {"nbgrader": {
        "grade_id": grade_id, "grade": True, "solution": False, "locked": True, "points": points,
        "schema_version": 3}}}


# an assignment of two tests, worth 3 and 1 points
SOURCE = json.dumps({"nbformat": 4, "cells": [_test_cell("test_a", 3), _test_cell("test_b", 1)]})


def _tasks(n, **limits):
    return [Task(f"s{i}", "ex", "ex", SOURCE, "", {}, Limits(**limits), hash=f"h{i}") for i in range(n)]


def test_each_running_submission_has_a_gpu_of_its_own(monkeypatch):
    def fake(task):
        start = time.time()
        time.sleep(0.3)
        return {"student_id": task.student_id, "gpu": task.gpu, "span": (start, time.time()),
                "pid": os.getpid()}
    monkeypatch.setattr(workers, "grade_task", fake)
    results = [r for _, r in workers.local_results(_tasks(6), jobs=4, gpus=["0", "1"])]
    assert sorted(r["student_id"] for r in results) == [f"s{i}" for i in range(6)]
    assert {r["gpu"] for r in results} == {"0", "1"}
    assert len({r["pid"] for r in results} | {os.getpid()}) == 7          # a child each
    for a in results:                               # never two at once on a GPU, never 3 at once
        overlapping = [b for b in results if b is not a
                       and b["span"][0] < a["span"][1] and a["span"][0] < b["span"][1]]
        assert all(b["gpu"] != a["gpu"] for b in overlapping)
        running = [b for b in results if b["span"][0] <= a["span"][0] < b["span"][1]]
        assert len(running) <= 2


def test_grader_side_memory_time_and_crashes_cost_only_that_submission(monkeypatch):
    def fake(task):
        if task.student_id == "s0":                 # the hidden tests blow up the grader's memory
            hog = bytearray(400 * 2**20)
            hog[::4096] = b"x" * len(hog[::4096])
            time.sleep(30)
        if task.student_id == "s1":                 # and run forever
            time.sleep(60)
        if task.student_id == "s2":
            os._exit(3)                             # the grading process dies
        return {"student_id": task.student_id, "status": "ok"}
    monkeypatch.setattr(workers, "grade_task", fake)
    monkeypatch.setattr(workers, "GRACE", 2)
    tasks = _tasks(4, notebook_timeout=1, grader_memory_mb=200)
    started = time.monotonic()
    results = {t.student_id: r for t, r in workers.local_results(tasks, jobs=4)}
    assert time.monotonic() - started < 20
    assert results["s0"]["status"].startswith("grader-limit: grading this submission needed more than 200 MB")
    assert results["s1"]["status"].startswith("grader-limit: grading this submission took more than 3 s")
    for stopped in (results["s0"], results["s1"]):     # 0 out of the assignment's 4, each test listed
        assert (stopped["score"], stopped["max_score"]) == (0.0, 4.0)
        assert {g: (t["points"], t["max_points"]) for g, t in stopped["tests"].items()} == {
            "test_a": (0.0, 3.0), "test_b": (0.0, 1.0)}
        assert all(t["message"].startswith("not graded: grading this submission")
                   for t in stopped["tests"].values())
    assert results["s2"]["grader_error"] and "exit code 3" in results["s2"]["log"][-1]
    assert results["s3"]["status"] == "ok" and results["s3"]["hash"] == "h3"


def test_memory_shared_with_the_coordinator_does_not_count(monkeypatch):
    """A child is resident in the coordinator's pages it inherited (here 300 MB,
    over the 200 MB limit) but they are not its own: it is not stopped."""
    inherited = bytearray(300 * 2**20)
    inherited[::4096] = b"x" * len(inherited[::4096])

    def fake(task):
        time.sleep(1.5)
        return {"student_id": task.student_id, "status": "ok", "seen": len(inherited)}
    monkeypatch.setattr(workers, "grade_task", fake)
    results = [r for _, r in workers.local_results(_tasks(1, grader_memory_mb=200), jobs=1)]
    assert results[0]["status"] == "ok", results[0]


def test_the_next_submission_starts_while_a_result_is_recorded(monkeypatch):
    """The coordinator records each result between two steps of the
    generator; a free slot is filled before that, not after."""
    def fake(task):
        return {"student_id": task.student_id, "status": "ok", "started": time.time()}
    monkeypatch.setattr(workers, "grade_task", fake)
    stream = workers.local_results(_tasks(2), jobs=1)
    next(stream)
    recorded = time.time()
    time.sleep(1.0)                                  # recording the first result
    _, second = next(stream)
    assert second["started"] < recorded + 0.5, (second["started"], recorded)


def test_a_function_is_looked_up_once_and_a_vanished_one_still_fails_the_same_way():
    """``JailStudent.function`` asks the kernel whether a name is a function
    once; a function that removes itself fails its next call with the
    NameError the lookup itself would give."""
    import time as clock

    import pytest

    from autograder.jail import Jail, JailStudent
    from autograder.student import StudentError
    with Jail({}, memory_mb=1024) as jail:
        ok, error, _ = jail.run_cell("def f(x):\n    global f\n    f = 3\n    return x + 1\n"
                                     "def g(x):\n    return 2 * x\n")
        assert ok, error
        asked = []
        real_has = jail.has
        jail.has = lambda name, timeout=30: asked.append(name) or real_has(name, timeout)
        student = JailStudent(jail, clock.monotonic() + 30)
        assert [student.function("g")(k) for k in range(3)] == [0, 2, 4] and asked == ["g"]
        assert student.function("f")(1) == 2
        with pytest.raises(StudentError) as cached:
            student.function("f")(1)
        with pytest.raises(StudentError) as fresh:
            JailStudent(jail, clock.monotonic() + 30).function("f")
    assert (cached.value.kind, cached.value.message) == (fresh.value.kind, fresh.value.message) == (
        "NameError", "the notebook does not define a function 'f'")
    assert asked == ["g", "f", "f"]


HIDDEN_IMPORTS = r"""
import json, pkgutil, sys
import autograder.hidden
for info in pkgutil.iter_modules(autograder.hidden.__path__):
    __import__("autograder.hidden." + info.name)
print(json.dumps(sorted(m.__file__ for m in list(sys.modules.values())
                        if getattr(m, "__file__", None))))
"""


def test_the_bundle_holds_every_module_of_the_repository_a_hidden_test_imports():
    """What Python itself loads when every hidden-test module is imported:
    each module of this repository outside the grader proper is shipped."""
    import json
    import subprocess
    import sys
    from pathlib import Path

    from autograder import verdict
    repo = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", HIDDEN_IMPORTS], capture_output=True, text=True,
                          cwd=repo, check=True)
    loaded = {Path(f).resolve() for f in json.loads(done.stdout) if Path(f).is_absolute()}
    ours = {p.relative_to(repo).as_posix() for p in loaded
            if repo in p.parents and not p.relative_to(repo).parts[0].startswith(".")}
    needed = {p for p in ours if not p.startswith("autograder/") or p.startswith("autograder/hidden/")}
    assert {"autograder/hidden/ex01_rnn_forward.py", "oracle/checks.py",
            "oracle/mistakes/__init__.py", "solutions/rnn.py"} <= needed
    assert needed <= set(verdict.bundle()), needed - set(verdict.bundle())


def test_a_worker_grades_with_the_shipped_oracle_not_its_own():
    """A worker's stale ``oracle`` (and its subpackage ``oracle.mistakes``)
    is replaced by the bundle's copy while a task is graded, then put back."""
    import oracle.checks
    import oracle.mistakes
    from autograder import verdict
    own = oracle.checks.__file__
    shipped = dict(verdict.bundle())
    shipped["oracle/checks.py"] += "\nSHIPPED = 'coordinator'\n"
    shipped["oracle/mistakes/__init__.py"] += "\nSHIPPED = 'coordinator'\n"
    key = verdict.digest(shipped)
    with verdict.installed(shipped, key) as root:
        import oracle.checks as checks
        import oracle.mistakes as mistakes
        assert checks.SHIPPED == mistakes.SHIPPED == "coordinator"
        assert checks.__file__.startswith(root) and mistakes.__file__.startswith(root)
    import oracle.checks as back
    assert back.__file__ == own and not hasattr(back, "SHIPPED")


def test_a_worker_with_other_package_versions_returns_an_error_not_a_grade(monkeypatch):
    from autograder import verdict
    graded = []
    monkeypatch.setattr(workers.grading, "grade_task", lambda task: graded.append(task) or {})
    files = verdict.bundle()
    key = verdict.digest(files)
    here = verdict.environment()
    for environment, files_sent, why in (
            (dict(here, numpy="0.1"), files, "'numpy': '0.1'"),
            (dict(here, torch=None), files, "'torch': None"),
            (here, dict(files, **{"oracle/checks.py": "TOL64 = 1.0\n"}), "do not match their hash")):
        task = Task("s0", "ex", "ex", "", "", {}, Limits(), hash="h0", verdict_hash=key,
                    verdict_files=files_sent, environment=environment)
        result = workers.safe_grade(task)
        assert result["grader_error"] and result["status"].startswith("grader-error: "), result
        assert why in result["status"] and result["verdict_hash"] == key and result["score"] == 0
    assert graded == []
    task = Task("s0", "ex", "ex", "", "", {}, Limits(), hash="h0", verdict_hash=key,
                verdict_files=files, environment=here)
    assert not workers.safe_grade(task).get("grader_error") and len(graded) == 1


def test_gpus_are_refused_with_a_scheduler(tmp_path):
    """A cluster's workers would get no GPU: the combination is an
    instructor error, before anything is written."""
    from autograder_corpus import run_cli
    (tmp_path / "subs").mkdir()
    proc, _ = run_cli("grade", "ex01_rnn_forward", tmp_path / "subs", "--out", tmp_path / "out",
                      "--scheduler", "tcp://127.0.0.1:9", "--gpus", "0")
    assert proc.returncode == 2 and "--gpus" in proc.stderr and "--scheduler" in proc.stderr, proc.stderr
    assert not (tmp_path / "out").exists()
