"""Every assignment: the instructor's notebook earns full marks, the student
version earns nothing, the corpus of wrong submissions loses points exactly
in the tests of the function it gets wrong, correct alternatives earn full
marks, and no solution or hidden test leaks into a student version."""
import ast
import functools
import inspect
import re
from pathlib import Path

import nbformat
import pytest

from autograder.hidden import function_of
from autograder.hidden import module as hidden_module
from autograder.hidden._local import grade, splice
from exercises import assemble

ASSIGNMENTS = assemble.assignments()
CORPUS = assemble.EXERCISES / "corpus"


def _corpus(kind):
    return sorted(CORPUS.glob(f"{kind}/*/*.py"))


def _source(name):
    return assemble.course_root() / "source" / name / f"{name}.ipynb"


@functools.cache
def _callers(name, function):
    """Graded functions whose solution cell in the instructor's notebook
    calls the notebook's ``function`` (uses the name without defining it)."""
    out = set()
    for cell in nbformat.read(_source(name), as_version=4).cells:
        meta = cell.metadata.get("nbgrader", {})
        if cell.cell_type != "code" or not meta.get("solution"):
            continue
        tree = ast.parse(cell.source)
        loads = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
        defs = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.ClassDef)}
        if function in loads and function not in defs:
            out.add(meta["grade_id"])
    return out


def _splice(name, path):
    return splice(_source(name), path, hidden_module(name).FUNCTIONS)


def test_every_assignment_has_a_template_and_a_page():
    pages = {p.stem for p in (assemble.EXERCISES.parent / "book" / "exercises").glob("ex*.md")}
    assert len(ASSIGNMENTS) == 7 and set(ASSIGNMENTS) == pages, (ASSIGNMENTS, pages)


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_points_are_round_and_shown(released, name):
    nb = nbformat.read(_source(name), as_version=4)
    total = sum(p for _, p, _ in assemble.graded_cells(nb))
    assert total in (10, 20, 30), total
    head = "\n".join(c.source for c in nb.cells[:3] if c.cell_type == "markdown")
    assert f"**{total}**" in head


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_hidden_tests_guard_every_test_cell(released, name):
    nb = nbformat.read(_source(name), as_version=4)
    cells = {g for g, _, kind in assemble.graded_cells(nb) if kind == "test"}
    tests = hidden_module(name)
    assert set(tests.TESTS) == cells
    assert tests.ASSIGNMENT == name
    for grade_id in cells:
        assert function_of(tests, grade_id) in tests.FUNCTIONS


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_source_earns_full_marks(released, name):
    report = grade(_source(name), name)
    assert report.errors == []
    assert {g: (c.visible, c.hidden) for g, c in report.cells.items() if c.points == 0} == {}
    assert report.score == report.max_score


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_version_earns_nothing(released, name):
    report = grade(released[name], name)
    assert report.errors == []          # the machinery ran every cell and every hidden test
    assert report.score == 0
    for cell in report.cells.values():
        assert cell.visible and cell.hidden


def _distinctive(text):
    return {l.strip() for l in text.splitlines()
            if len(l.strip()) > 30 and not l.strip().startswith(("#", '"""'))}


def _split_source(name):
    """(lines inside the solution regions, lines outside them) of the
    instructor's notebook."""
    nb = nbformat.read(_source(name), as_version=4)
    inside, outside = [], []
    for cell in nb.cells:
        region = False
        for line in cell.source.splitlines():
            if "### BEGIN SOLUTION" in line:
                region = True
            elif "### END SOLUTION" in line:
                region = False
            else:
                (inside if region else outside).append(line)
    return _distinctive("\n".join(inside)), _distinctive("\n".join(outside))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_student_version_holds_no_solution_or_hidden_test(released, name):
    nb = nbformat.read(released[name], as_version=4)
    sources = "\n".join(c.source for c in nb.cells)
    assert "BEGIN SOLUTION" not in sources and "END SOLUTION" not in sources
    solution, visible = _split_source(name)
    shipped = _distinctive(sources)
    for path in Path(released[name]).parent.iterdir():
        if path.suffix == ".py":
            shipped |= _distinctive(path.read_text())
    # a line may appear in the student files only if the template shows it
    # outside the solution regions
    assert not (shipped & solution) - visible
    hidden = _distinctive(inspect.getsource(hidden_module(name)))
    assert not (shipped & hidden) - visible


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_notebooks_never_import_the_repository(released, name):
    for path in (_source(name), released[name]):
        for cell in nbformat.read(path, as_version=4).cells:
            assert not re.search(r"^\s*(import|from)\s+(solutions|autograder|course)\b",
                                 cell.source, re.M), (path, cell.source[:200])


def _validate(path, invert=False):
    """``nbgrader validate [--invert] path``, through nbgrader's Validator
    (the class behind the command), in this process: {} when it succeeds."""
    from nbgrader.validator import Validator
    return Validator(invert=invert).validate(str(path))


@pytest.mark.parametrize("name", ASSIGNMENTS)
def test_nbgrader_validate(released, name):
    result = _validate(_source(name))
    assert result == {}, {k: [c.get("raw_error", c["source"])[:500] for c in v]
                          for k, v in result.items()}
    result = _validate(released[name], invert=True)
    assert result == {}, {k: [c["source"][:200] for c in v] for k, v in result.items()}


@pytest.mark.parametrize("path", _corpus("wrong"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_wrong_submission_loses_points_only_in_its_function(released, path):
    name = path.parent.name
    cells, function = _splice(name, path)
    report = grade(_source(name), name, cells=cells, skip_demos=True)
    tests = hidden_module(name)
    failed = report.failed()
    owners = {function_of(tests, g) for g in failed}
    # functions whose tests run on this function's output (e.g. a backward
    # pass reading the forward pass's cache), and functions whose reference
    # calls it (a sequence function built on the step function, as a learner
    # builds it), may fail with it, and so on (a wrong gru_step breaks the gru_forward
    # built on it, whose cache gru_backward reads)
    allowed, todo = set(), [function]
    while todo:
        f = todo.pop()
        if f not in allowed:
            allowed.add(f)
            todo += [g for g, needs in getattr(tests, "NEEDS", {}).items() if f in needs]
            todo += _callers(name, f)
    assert function in owners, f"{path.name} lost no points in the tests of {function}"
    assert owners <= allowed, \
        {g: (report.cells[g].visible, report.cells[g].hidden) for g in failed}


@pytest.mark.parametrize("path", _corpus("correct"), ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_correct_alternative_earns_full_marks(released, path):
    name = path.parent.name
    cells, _ = _splice(name, path)
    report = grade(_source(name), name, cells=cells, skip_demos=True)
    assert {g: (c.visible, c.hidden) for g, c in report.cells.items() if c.points == 0} == {}
