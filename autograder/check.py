"""A learner's self-check: run a notebook's cells and visible tests the way
grading runs them (same kernel, same limits), and print the visible score.

The learner's machine has no source notebook and no hidden tests, so the
notebook's own test cells are used and only the visible part is scored.
"""
import os
import time

from autograder.intake import MAX_FILE
from autograder.jail import Jail, JailError, protections_off
from autograder.notebook import InvalidNotebook, visible_plan


def _folder_files(folder):
    files = {}
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if name.startswith(".") or name.endswith(".ipynb") or not os.path.isfile(path):
            continue
        if os.path.getsize(path) <= MAX_FILE:
            with open(path, "rb") as f:
                files[name] = f.read()
    return files


def check(path, timeout=30, memory_mb=2048, out=print):
    """Run the notebook at ``path``; returns (points earned, points possible)."""
    with open(path, "rb") as f:
        data = f.read()
    try:
        plan, tests = visible_plan(data)
    except InvalidNotebook as exc:
        out(f"{path}: cannot be read: {exc}")
        return 0.0, 0.0
    off = protections_off()
    if off:
        out("note: running without " + ", ".join(off) + " (these need root); the results are the same")
    jail = Jail(_folder_files(os.path.dirname(os.path.abspath(path))), memory_mb=memory_mb)
    results = {}
    try:
        jail.start()
        for cell in plan.cells:
            t0 = time.monotonic()
            try:
                ok, error, output = jail.run_cell(cell.code, cell.trusted, timeout)
            except JailError as err:
                results[cell.grade_id] = (False, err.reason)
                out(f"{cell.label}: stopped ({err.reason}); the cells after it were not run")
                break
            if cell.grade_id in tests:
                results[cell.grade_id] = (ok, f"{error[0]}: {error[1]}" if error else "")
            elif not ok:
                out(f"{cell.label}: error {error[0]}: {error[1][:200]} ({time.monotonic() - t0:.1f} s)")
    finally:
        jail.close()
    earned = 0.0
    for gid, cell in tests.items():
        ok, message = results.get(gid, (False, "not run"))
        earned += cell.points if ok else 0.0
        out(f"{'PASS' if ok else 'FAIL'} {gid} ({cell.points if ok else 0:g}/{cell.points:g})"
            + ("" if ok else f": {message[:300]}"))
    possible = sum(c.points for c in tests.values())
    out(f"visible tests: {earned:g} / {possible:g} points "
        "(grading also runs hidden tests on the same functions)")
    return earned, possible
