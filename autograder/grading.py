"""Grade one submission: run its cells in a jail, then the hidden tests here.

``grade_task(task)`` is a pure function of its ``Task`` (plain data, so that
it can travel to a worker process or a Dask worker) and returns a result dict; it never
writes the gradebook. Steps:

1. build the plan (``autograder.notebook``): learner cells plus the source's
   locked cells;
2. run it in a ``Jail``, cell by cell, each with a time limit and under the
   notebook's overall limit. A cell that hangs, kills the kernel or exhausts
   memory is recorded as failed and the kernel is restarted with the cells
   before it replayed and that cell skipped, so only what depends on it is
   lost;
3. for every autograded test cell whose visible cell ran without error, call
   the hidden test in THIS process with a ``JailStudent``: the learner's
   functions run in the jail and only plain data comes back. A test cell's
   points are earned only if its visible cell passed and its hidden test
   passed.
"""
import importlib
import importlib.util
import os
import time
import traceback

from autograder import torch_without_recurrent
from autograder.jail import Jail, JailError, JailStudent, describe, protections_off
from autograder.notebook import InvalidNotebook, Plan, SourceNotebook, build_plan
from autograder.result_bounds import fit_result
from autograder.student import StudentError
from autograder.task import blank_result

MAX_RESTARTS = 4
START_TIMEOUT = 60          # seconds for a kernel to start in its jail
_hidden_cache = {}


def load_hidden(spec):
    """The hidden-test module: a dotted module name or a path to a .py file."""
    if spec not in _hidden_cache:
        if spec.endswith(".py"):
            name = "autograder_hidden_" + os.path.basename(spec)[:-3]
            module_spec = importlib.util.spec_from_file_location(name, spec)
            module = importlib.util.module_from_spec(module_spec)
            module_spec.loader.exec_module(module)
        else:
            module = importlib.import_module(spec)
        _hidden_cache[spec] = module
    return _hidden_cache[spec]


class _Runner:
    """Runs a plan in a jail, restarting past cells that break the kernel."""

    def __init__(self, plan, task, deadline, reasons, setup="", jails=None):
        self.plan, self.task, self.deadline, self.reasons = plan, task, deadline, reasons
        self.jails = [] if jails is None else jails     # every jail started for the submission
        self.setup = f"\n{setup}()\n" if setup else ""     # a driver run before learner code
        self.limits = task.limits
        self.outcomes = [None] * len(plan.cells)
        self.skip = set()
        self.jail = None
        self.applied = None              # what the last jail that started had (limits, filter)
        self.restarts = 0

    def _files(self):
        files = {rel: data for rel, data in self.task.files.items()
                 if not rel.endswith(".ipynb")}
        files.update(self.task.helper_files)
        return files

    def _left(self):
        return self.deadline - time.monotonic()

    def start(self):
        """Start a kernel and run every cell not skipped; returns True if a
        kernel is alive at the end."""
        while True:
            if self._left() <= 1:
                self.reasons.append("timeout")
                return False
            self.jail = Jail(self._files(), memory_mb=self.limits.memory_mb, gpu=self.task.gpu,
                             drivers_source=self.task.drivers_source + self.setup,
                             replaced=torch_without_recurrent.binds() if self.setup else (),
                             cpu_seconds=int(self.limits.notebook_timeout) + 10)
            self.jails.append(self.jail)
            allowance = min(START_TIMEOUT, self._left())
            try:
                self.jail.start(timeout=allowance)
            except JailError as err:
                stderr = self.jail.last_stderr or self.jail.stderr_tail()
                self.jail.close()
                self.jail = None
                if self.restarts or allowance < START_TIMEOUT:
                    # A restart, or a start squeezed by the notebook's time
                    # limit: the learner's cells used up the time.
                    self.reasons.append("timeout")
                    return False
                # The first start, with the full allowance: our problem.
                raise RuntimeError(f"the jailed kernel did not start ({err}): {stderr[-1000:]}") from None
            self.applied = self.jail.describe()
            failed = self._run_cells()
            if failed is None:
                return True
            self.restarts += 1
            if self.restarts > MAX_RESTARTS:
                return False

    def _run_cells(self):
        for i, cell in enumerate(self.plan.cells):
            if i in self.skip:
                continue
            t0 = time.monotonic()
            timeout = min(self.limits.timeout, self._left())
            try:
                if timeout <= 0:
                    raise JailError("timeout", "notebook time limit")
                ok, error, output = self.jail.run_cell(cell.code, cell.trusted, timeout)
            except JailError as err:
                self.jail.close()
                self.jail = None
                reason = err.reason
                message = {"timeout": f"the cell did not finish within {timeout:.0f} s",
                           "memory": "the kernel ran out of memory",
                           }.get(reason, f"the kernel died ({err.detail or 'no detail'})")
                self.outcomes[i] = _outcome(cell, False, (reason, message), "",
                                            time.monotonic() - t0)
                self.reasons.append(reason)
                self.skip.add(i)
                return i
            if error is not None and error[0] == "MemoryError":
                self.reasons.append("memory")
            self.outcomes[i] = _outcome(cell, ok, error, output, time.monotonic() - t0)
        return None

    def restart(self):
        if self.jail is not None:
            self.jail.close()
            self.jail = None
        self.restarts += 1
        if self.restarts > MAX_RESTARTS:
            return False
        return self.start()

    def close(self):
        if self.jail is not None:
            self.jail.close()
            self.jail = None


def _outcome(cell, ok, error, output, seconds):
    return {"label": cell.label, "grade_id": cell.grade_id, "trusted": cell.trusted,
            "code": cell.code, "ok": ok, "error": list(error) if error else None,
            "output": output, "seconds": round(seconds, 3)}


def unearned_result(task, source, message, protections_off=()):
    """A result with nothing earned that lists every test of ``source`` (the
    task's ``SourceNotebook``) with its points possible and ``message``: 0
    out of the notebook's total."""
    result = blank_result(task, protections_off)
    result["max_score"] = source.max_score
    result["tests"] = {gid: {"points": 0.0, "max_points": t.points, "passed": False,
                             "message": message} for gid, t in source.tests.items()}
    return result


def grade_task(task):
    """Grade one submission; never raises for anything the learner did."""
    if getattr(load_hidden(task.hidden), "KERNEL_SETUP", ""):
        torch_without_recurrent.binds()       # made once per machine, before this one's clock starts
    started = time.monotonic()
    off = protections_off()
    if off and not task.allow_unjailed:
        raise RuntimeError("the jail cannot run on this machine (missing: " + ", ".join(off)
                           + ") and unjailed grading was not allowed")
    source = SourceNotebook.from_json(task.notebook, task.source_json)
    result = unearned_result(task, source, "not graded", off)
    reasons = []
    nb_name = task.notebook + ".ipynb"
    data = task.files.get(nb_name)
    try:
        if data is None:
            raise InvalidNotebook(f"no {nb_name} in the submission")
        plan = build_plan(source, data)
    except InvalidNotebook as exc:
        result["status"] = f"invalid-notebook: {exc}"
        for t in result["tests"].values():
            t["message"] = "the notebook could not be read"
        result["elapsed"] = round(time.monotonic() - started, 3)
        return fit_result(result)

    hidden = load_hidden(task.hidden)
    tests = getattr(hidden, "TESTS", {})
    # An assignment may refuse some code outright, read (never run) here.
    screen = getattr(hidden, "screen", None)
    try:
        refused = screen([c.code for c in plan.cells if not c.trusted]) if screen else None
    except Exception:                # noqa: BLE001 (a screen's bug must not stop grading)
        refused = None
        result["log"].append(f"screen: {traceback.format_exc(limit=-2)}")
    if refused:
        reasons.append("not-allowed")
    test_timeouts = getattr(hidden, "TIMEOUTS", {})
    deadline = started + task.limits.notebook_timeout
    jails = []
    runner = _Runner(plan, task, deadline, reasons, jails=jails)
    hidden_seconds = 0.0
    try:
        alive = runner.start()
        outcomes = runner.outcomes
        visible = {o["grade_id"]: o for o in outcomes if o and o["trusted"] and o["grade_id"]}
        # KERNEL_SETUP: the hidden tests run in a fresh kernel where that
        # driver ran before the learner's cells (test cells left out).
        setup = getattr(hidden, "KERNEL_SETUP", "")
        for gid, cell in source.tests.items():
            entry = result["tests"][gid]
            if gid in plan.missing_tests:
                entry["message"] = "the test cell was deleted from the notebook"
                continue
            out = visible.get(gid)
            if out is None:
                entry["message"] = "the test cell did not run"
                continue
            if not out["ok"]:
                kind, message = out["error"] or ("Error", "")
                entry["message"] = f"{kind}: {message}".strip()
                continue
            if refused:
                entry["message"] = refused
                continue
            test = tests.get(gid)
            if test is None:
                entry.update(points=cell.points, passed=True, message="passed")
                continue
            if setup:
                runner.close()
                runner = _Runner(Plan([c for c in plan.cells if not (c.trusted and c.grade_id in source.tests)],
                                      plan.problems, plan.missing_tests), task, deadline, reasons, setup,
                                 jails)
                setup, alive = "", runner.start()
            if not alive or runner.jail is None:
                if not runner.restart():
                    entry["message"] = "could not be checked: the kernel did not restart"
                    alive = False
                    continue
                alive = True
            limit = test_timeouts.get(gid, task.limits.timeout)
            t0 = time.monotonic()
            test_deadline = min(t0 + limit, deadline)
            try:
                test(JailStudent(runner.jail, test_deadline))
            except AssertionError as exc:
                entry["message"] = str(exc) or "a hidden test failed"
            except StudentError as exc:
                entry["message"] = f"{exc.kind}: {exc.message}"
                if exc.kind == "MemoryError":
                    reasons.append("memory")
            except JailError as exc:
                reasons.append(exc.reason)
                entry["message"] = {"timeout": f"the hidden test did not finish within {limit:.0f} s",
                                    "memory": "the kernel ran out of memory during the hidden test",
                                    }.get(exc.reason, f"the kernel died during the hidden test ({exc.detail})")
                runner.close()
                alive = False
            except Exception as exc:  # noqa: BLE001 (a value the test did not expect, or a test bug)
                entry["message"] = f"could not be checked ({type(exc).__name__}: {exc})"
                result["log"].append(f"{gid}: {traceback.format_exc(limit=-4)}")
            else:
                entry.update(points=cell.points, passed=True, message="passed")
            finally:
                hidden_seconds += time.monotonic() - t0
    finally:
        runner.close()
    result["jail"] = dict(runner.applied or describe(task.gpu))
    counted = [j for j in jails if j.cpu_used is not None]      # jails with a control group
    result["jail"]["cpu_seconds"] = round(sum(j.cpu_used for j in counted), 3) if counted else None
    result["jail"]["forks_refused"] = sum(j.forks_refused for j in counted) if counted else None
    result["cells"] = [o for o in outcomes if o is not None]
    result["score"] = float(sum(t["points"] for t in result["tests"].values()))
    notes = list(dict.fromkeys(reasons)) + plan.problems
    result["status"] = "; ".join(notes) if notes else "ok"
    result["hidden_seconds"] = round(hidden_seconds, 3)
    result["elapsed"] = round(time.monotonic() - started, 3)
    return fit_result(result)
