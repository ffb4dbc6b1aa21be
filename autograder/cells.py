"""A cell's nbgrader role, decided in one place by nbgrader's own rules
(``nbgrader.utils.is_grade``, ``is_solution``, ``is_locked``)."""
import nbformat
from nbgrader.utils import is_grade, is_locked, is_solution

TEST, ANSWER, SOLUTION, LOCKED = "test", "answer", "solution", "locked"


def role(cell):
    """``"test"`` (an autograded grade cell, read-only), ``"answer"`` (a
    written answer graded by hand), ``"solution"`` (the learner's to edit,
    not graded itself), ``"locked"`` (read-only, not graded), or None for a
    cell nbgrader does not manage. ``cell``: a dict or an nbformat node of a
    trusted notebook (the source notebook, never a submission)."""
    node = cell if isinstance(cell, nbformat.NotebookNode) else nbformat.from_dict(cell)
    if not isinstance(node.get("metadata", {}).get("nbgrader"), dict):
        return None
    grade, solution = is_grade(node), is_solution(node)
    if grade:
        return ANSWER if solution else TEST
    if solution:
        return SOLUTION
    return LOCKED if is_locked(node) else None
