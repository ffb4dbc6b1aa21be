"""Grade a notebook in this process (for the exercise tests; no isolation).

The notebook's code cells run in order with ``exec`` in a fresh namespace,
from the notebook's folder; a test cell passes if it raises nothing. Then
the assignment's hidden tests run on that namespace through
``InProcessStudent``. A test cell earns its points only if it and its hidden
test both pass.
"""
import ast
import contextlib
import io
import os
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from autograder.hidden import module as hidden_module
from autograder.student import InProcessStudent


@dataclass
class CellResult:
    grade_id: str
    max_points: float
    visible: str = None          # None: passed, else the failure message
    hidden: str = None

    @property
    def points(self):
        return self.max_points if self.visible is None and self.hidden is None else 0


@dataclass
class Report:
    cells: dict = field(default_factory=dict)     # grade_id -> CellResult
    errors: list = field(default_factory=list)    # failures of non-test cells

    @property
    def score(self):
        return sum(c.points for c in self.cells.values())

    @property
    def max_score(self):
        return sum(c.max_points for c in self.cells.values())

    def failed(self):
        return {g for g, c in self.cells.items() if c.points < c.max_points}


def _message(exc):
    if isinstance(exc, AssertionError) and str(exc):
        return str(exc)
    return "".join(traceback.format_exception_only(type(exc), exc)).strip()


@contextlib.contextmanager
def _in_folder(folder):
    old_cwd, old_path = os.getcwd(), list(sys.path)
    os.chdir(folder)
    sys.path.insert(0, str(folder))
    try:
        yield
    finally:
        os.chdir(old_cwd)
        sys.path[:] = old_path


def run_cells(nb, folder, cells=None, skip_demos=False):
    """Execute the code cells of ``nb``; returns (namespace, Report without
    hidden results). ``cells`` optionally replaces the source of cells by
    index, e.g. to splice in a submission's function. ``skip_demos`` skips
    cells tagged ``demo`` (illustrations that define nothing a test uses)."""
    report = Report()
    ns = {"__name__": "__main__"}
    with _in_folder(folder), contextlib.redirect_stdout(io.StringIO()), \
            contextlib.redirect_stderr(io.StringIO()):
        import matplotlib
        matplotlib.use("Agg")
        for k, cell in enumerate(nb.cells):
            if cell.cell_type != "code":
                continue
            if skip_demos and "demo" in cell.metadata.get("tags", []):
                continue
            source = (cells or {}).get(k, cell.source)
            meta = cell.metadata.get("nbgrader", {})
            try:
                exec(compile(source, f"<cell {k}>", "exec"), ns)
                failure = None
            except Exception as exc:  # noqa: BLE001 (a failing cell is a result, not an error here)
                failure = _message(exc)
            if meta.get("grade") and not meta.get("solution"):
                report.cells[meta["grade_id"]] = CellResult(meta["grade_id"], meta["points"],
                                                            visible=failure)
            elif failure is not None and "NotImplementedError" not in failure:
                report.errors.append(f"cell {k}: {failure}")
    return ns, report


def grade(path, assignment=None, cells=None, hidden=True, skip_demos=False):
    """Grade the notebook at ``path``; ``assignment`` defaults to its file name."""
    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    ns, report = run_cells(nb, path.parent, cells, skip_demos)
    if hidden:
        tests = hidden_module(assignment or path.stem).TESTS
        student = InProcessStudent(ns)
        with _in_folder(path.parent), contextlib.redirect_stdout(io.StringIO()):
            for grade_id, cell in report.cells.items():
                try:
                    tests[grade_id](student)
                except Exception as exc:  # noqa: BLE001 (a failing hidden test is a result)
                    cell.hidden = _message(exc)
    return report


def splice(notebook, submission, functions):
    """({cell index: source}, graded function) for grading ``notebook`` with
    the functions and classes of the Python file ``submission`` in place of
    the solution cells of the same names. The graded function is the longest
    name in ``functions`` that starts the file name (``rnn_step_no_bias.py``
    grades ``rnn_step``)."""
    submission = Path(submission)
    text = submission.read_text()
    nb = nbformat.read(notebook, as_version=4)
    index = {c.metadata.get("nbgrader", {}).get("grade_id"): k for k, c in enumerate(nb.cells)
             if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}
    cells = {}
    for node in ast.parse(text).body:
        if isinstance(node, (ast.FunctionDef, ast.ClassDef)):
            cells[index[node.name]] = ast.get_source_segment(text, node)
    graded = max((f for f in functions if submission.stem.startswith(f + "_")), key=len)
    return cells, graded
