"""Assemble the instructor's nbgrader notebooks and release the student versions.

Each assignment is a text template ``exercises/<name>/<name>.md`` (MyST
Markdown read by jupytext) plus helper files next to it. The template marks
its nbgrader cells with cell options (see ``exercises/README.md``):

- ``:solution: rnn.rnn_step`` on an empty code cell: the cell becomes the
  reference ``solutions.rnn.rnn_step``, its body wrapped in
  ``### BEGIN SOLUTION`` / ``### END SOLUTION`` with every private helper it
  needs defined inside that region, so the notebook never imports
  ``solutions`` and the student version keeps only signature and docstring.
  A class keeps its header and docstring, and every method is treated like a
  function. ``:solution: true`` keeps a cell written out in the template (it
  carries its own markers).
- ``:test: <grade_id>`` and ``:points: N`` on a code cell: a locked
  autograder test cell worth N points.
- ``:source: training.K training.make_batch`` on an empty code cell: plain,
  visible code copied from ``solutions`` (task definitions that are not
  graded), so that the notebook and the reference share one source. A
  module's ``NOTEBOOK_NAMES`` lists the names its graded functions take from
  the notebook; those are never copied into a solution.
- ``:include: oracle/checks.py oracle/torch_layers.py`` on an empty code
  cell: a locked cell holding those modules of the oracle layer (the checks,
  problems and torch oracles the test cells use, the hidden tests' own), so
  a notebook is one self-contained download.
- ``+++ {"answer": "<grade_id>", "points": N}``: a manually graded written
  answer (the template's text is the instructor's model answer).

``{{ points_table }}`` in a markdown cell is replaced by the table of graded
cells and ``{{ total_points }}`` by their sum.

The nbgrader course directory ``exercises/build/`` is a build output:
``source/<name>/`` holds the assembled notebook and the helper files,
``release/<name>/`` the student version written by
``nbgrader generate_assignment``.
"""
import ast
import contextlib
import fcntl
import importlib
import inspect
import os
import shutil
import subprocess
import sys
import textwrap
import types
from pathlib import Path

import jupytext
import nbformat

from autograder import cells
from autograder.notebook import SCHEMA_VERSION

EXERCISES = Path(__file__).resolve().parent
COURSE_ROOT = EXERCISES / "build"
_NOTEBOOK_NAMES = {"np", "torch", "nn", "F"}   # imported by every notebook that needs them


def course_root():
    """The nbgrader course directory (``exercises/build``)."""
    return COURSE_ROOT


def assignments():
    """Names of all assignments: the folders ``exercises/exNN_*`` with a template."""
    return sorted(p.name for p in EXERCISES.glob("ex[0-9][0-9]_*")
                  if (p / f"{p.name}.md").is_file())


def template(name):
    """Path of an assignment's text template."""
    path = EXERCISES / name / f"{name}.md"
    if not path.is_file():
        raise ValueError(f"unknown assignment {name!r}; expected one of {assignments()}")
    return path


def helper_files(name):
    """Files shipped next to the notebook (everything in the folder but the template)."""
    folder = EXERCISES / name
    return sorted(p for p in folder.iterdir()
                  if p.is_file() and p.name != f"{name}.md" and p.suffix != ".pyc")


# --- including the oracle layer ----------------------------------------------

_INCLUDABLE = {"numpy", "torch"}   # what an included module may import: the notebook has them


def included_source(paths):
    """The source of the modules ``paths`` (``oracle/<name>.py``, relative to
    the repository root, separated by spaces), one after the other. Each must
    import only NumPy and torch, so the notebook stays self-contained."""
    root = EXERCISES.parent
    sources = []
    for path in paths.split():
        file = root / path
        if file.parent != root / "oracle" or file.suffix != ".py" or not file.is_file():
            raise ValueError(f":include: {path} is not a module of oracle/ (oracle/<name>.py)")
        source = file.read_text()
        for node in ast.walk(ast.parse(source)):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else \
                [node.module or ""] if isinstance(node, ast.ImportFrom) else []
            for name in names:
                if name.partition(".")[0] not in _INCLUDABLE:
                    raise ValueError(f":include: {path} imports {name}; an included module may "
                                     f"import only {sorted(_INCLUDABLE)}")
        sources.append(source.rstrip())
    return "\n\n\n".join(sources)


# --- turning a reference function into a solution cell ----------------------

def _loaded_names(node):
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _module_assignment(module, name):
    """Source of the module-level statement that assigns ``name``."""
    tree = ast.parse(inspect.getsource(module))
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and any(
                isinstance(n, ast.Name) and n.id == name
                for t in stmt.targets for n in ([t] if isinstance(t, ast.Name) else
                                                getattr(t, "elts", []))):
            return ast.get_source_segment(inspect.getsource(module), stmt)
    raise ValueError(f"cannot find the definition of {name} in {module.__name__}")


def _without_docstring(src):
    """The source of a function without its docstring (a helper in a
    solution cell is read where it is used)."""
    body = ast.parse(src).body[0].body
    if not (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
            and isinstance(body[0].value.value, str)):
        return src
    lines = src.splitlines()
    return "\n".join(lines[:body[0].lineno - 1] + lines[body[0].end_lineno:])


def _dependencies(obj, seen, out, module=None, source=None):
    """Append (in definition order) the source of every module-level helper
    that ``obj`` uses, recursively: functions of ``solutions`` (the argument
    check, ``sigmoid``, the step function of a sequence function), constants,
    imports. Names in ``seen`` are skipped."""
    module = module or inspect.getmodule(obj)
    source = source if source is not None else textwrap.dedent(inspect.getsource(obj))
    provided = set(getattr(module, "NOTEBOOK_NAMES", ()))
    for name in sorted(_loaded_names(ast.parse(source))):
        if name in _NOTEBOOK_NAMES or name in provided or name not in vars(module) or name in seen:
            continue
        value = vars(module)[name]
        seen.add(name)
        if isinstance(value, types.ModuleType):
            alias = "" if value.__name__ == name else f" as {name}"
            out.append(f"import {value.__name__}{alias}")
        elif inspect.isfunction(value) and value.__module__.startswith("solutions"):
            _dependencies(value, seen, out)
            out.append(_without_docstring(textwrap.dedent(inspect.getsource(value)).rstrip()))
        elif inspect.isclass(value) or inspect.isfunction(value):
            out.append(f"from {value.__module__} import {value.__name__}")
        else:
            statement = _module_assignment(module, name)
            _dependencies(None, seen, out, module, statement)
            out.append(statement)


def _wrap_function(src, helpers=()):
    """Wrap the body of the function in ``src`` (after its docstring, if any)
    in solution markers, with ``helpers`` (source strings) defined first."""
    src = textwrap.dedent(src)
    lines = src.splitlines()
    fn = ast.parse(src).body[0]
    body = fn.body
    has_doc = (isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
               and isinstance(body[0].value.value, str))
    head_end = body[0].end_lineno if has_doc else body[0].lineno - 1
    head, rest = lines[:head_end], lines[head_end:]
    indent = " " * body[0].col_offset
    region = [indent + "### BEGIN SOLUTION"]
    for helper in helpers:
        region += [(indent + line) if line.strip() else "" for line in helper.splitlines()]
        region.append("")
    region += rest
    region.append(indent + "### END SOLUTION")
    return "\n".join(head + region)


def solution_source(qualname, defined=()):
    """Cell source for ``solutions.<qualname>`` (e.g. ``"lstm.lstm_step"``).
    ``defined``: the graded names that earlier solution cells of the notebook
    define. A sequence function calls the notebook's step function, as a
    learner's does (``lstm_backward`` calls the ``lstm_step_backward`` of the
    cell above); a function the notebook does not define (ex05 has no
    ``lstm_step`` cell) is copied in as a helper."""
    module_name, _, name = qualname.rpartition(".")
    module = importlib.import_module(f"solutions.{module_name}")
    obj = getattr(module, name)
    if inspect.isfunction(obj):
        helpers = []
        _dependencies(obj, {name, *defined}, helpers)
        return _wrap_function(inspect.getsource(obj), helpers)
    if inspect.isclass(obj):
        src = inspect.getsource(obj)
        lines = src.splitlines()
        cls = ast.parse(src).body[0]
        pieces, cursor = [], 0
        for stmt in cls.body:
            if isinstance(stmt, ast.FunctionDef):
                start = stmt.lineno - 1 - len(stmt.decorator_list)
                pieces += lines[cursor:start]
                method = "\n".join(lines[start:stmt.end_lineno])
                helpers = []
                _dependencies(getattr(obj, stmt.name), {name, *defined}, helpers)
                wrapped = _wrap_function(method, helpers)
                pieces += textwrap.indent(wrapped, " " * stmt.col_offset).splitlines()
                cursor = stmt.end_lineno
        pieces += lines[cursor:]
        return "\n".join(pieces)
    raise ValueError(f"solutions.{qualname} is neither a function nor a class")


def plain_source(qualnames):
    """Visible cell source for the space-separated ``solutions`` names in
    ``qualnames`` (functions, classes or module constants), in that order."""
    pieces = []
    for qualname in qualnames.replace(",", " ").split():
        module_name, _, name = qualname.rpartition(".")
        module = importlib.import_module(f"solutions.{module_name}")
        obj = getattr(module, name)
        piece = (textwrap.dedent(inspect.getsource(obj)).rstrip()
                 if inspect.isfunction(obj) or inspect.isclass(obj)
                 else _module_assignment(module, name))
        if piece not in pieces:
            pieces.append(piece)
    return "\n\n\n".join(pieces)


# --- assembling the instructor's notebook ------------------------------------

def _nbgrader(grade_id, *, grade, solution, locked, points=None):
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked,
            "schema_version": SCHEMA_VERSION, "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    return meta


def graded_cells(nb):
    """[(grade_id, points, kind)] of an assembled notebook, in order;
    kind is "test" (autograded) or "answer" (written, manually graded)."""
    out = []
    for cell in nb.cells:
        kind = cells.role(cell)
        if kind in (cells.TEST, cells.ANSWER):
            meta = cell.metadata["nbgrader"]
            out.append((meta["grade_id"], meta["points"], kind))
    return out


def assemble(name):
    """The instructor's notebook for an assignment, as an nbformat object."""
    nb = jupytext.read(template(name))
    defined = set()                 # graded names of the solution cells so far
    for k, cell in enumerate(nb.cells):
        meta = cell.metadata
        if "solution" in meta:
            target = meta.pop("solution")
            if target is True:
                if "### BEGIN SOLUTION" not in cell.source:
                    raise ValueError(f"{name}: cell {k} is marked solution but has no markers")
                grade_id = meta.pop("grade_id")
            else:
                if cell.source.strip():
                    raise ValueError(f"{name}: solution cell {k} ({target}) must be empty")
                cell.source = solution_source(target, defined)
                grade_id = target.rpartition(".")[2]
                defined.add(grade_id)
            meta["nbgrader"] = _nbgrader(grade_id, grade=False, solution=True, locked=False)
        elif "source" in meta:
            if cell.source.strip():
                raise ValueError(f"{name}: source cell {k} must be empty")
            cell.source = plain_source(meta.pop("source"))
        elif "include" in meta:
            cell.source = included_source(meta.pop("include"))
            meta["nbgrader"] = _nbgrader(f"setup_{k}", grade=False, solution=False, locked=True)
        elif "test" in meta:
            meta["nbgrader"] = _nbgrader(meta.pop("test"), grade=True, solution=False,
                                         locked=True, points=meta.pop("points"))
        elif "answer" in meta:
            meta["nbgrader"] = _nbgrader(meta.pop("answer"), grade=True, solution=True,
                                         locked=False, points=meta.pop("points"))
    graded = graded_cells(nb)
    ids = [g for g, _, _ in graded] + [c.metadata["nbgrader"]["grade_id"] for c in nb.cells
                                       if cells.role(c) == cells.SOLUTION]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{name}: duplicate grade_id in {ids}")
    total = sum(p for _, p, _ in graded)
    table = ["| graded cell | kind | points |", "|---|---|---|"]
    table += [f"| `{g}` | {'automatic' if kind == 'test' else 'written answer'} | {p} |"
              for g, p, kind in graded]
    table.append(f"| **total** | | **{total}** |")
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = (cell.source.replace("{{ points_table }}", "\n".join(table))
                           .replace("{{ total_points }}", str(total)))
    nb.metadata.pop("jupytext", None)
    nb.metadata["kernelspec"] = {"display_name": "Python 3", "language": "python",
                                 "name": "python3"}
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return nb


def source_notebook(name):
    """Write ``exercises/build/source/<name>/<name>.ipynb`` (and the helper
    files next to it) and return its path."""
    folder = COURSE_ROOT / "source" / name
    folder.mkdir(parents=True, exist_ok=True)
    for path in helper_files(name):
        shutil.copy2(path, folder / path.name)
    path = folder / f"{name}.ipynb"
    nbformat.write(assemble(name), path)
    return path


def student_notebook(name, build=True):
    """Path of the released student notebook; released first if missing
    (unless ``build`` is False)."""
    path = COURSE_ROOT / "release" / name / f"{name}.ipynb"
    if build and not path.is_file():
        release([name])
    return path


def nbgrader_env():
    """Environment for running nbgrader: its own ``alembic`` (next to the
    Python running this) must be on PATH."""
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def release(names=None):
    """Assemble the source notebooks and generate the student versions.

    Returns {assignment: path of the student notebook}.
    """
    names = list(names or assignments())
    for name in names:
        template(name)              # fail early on an unknown name
    with _one_release_at_a_time():
        for name in names:
            source_notebook(name)
        # one nbgrader process for all assignments (each start costs seconds)
        subprocess.run([sys.executable, "-m", "exercises.assemble", *names],
                       cwd=EXERCISES, check=True, env=nbgrader_env())
    out = {name: student_notebook(name, build=False) for name in names}
    for path in out.values():
        if not path.is_file():
            raise RuntimeError(f"nbgrader did not write {path}")
    return out


RELEASE_LOCK = COURSE_ROOT / ".release.lock"


@contextlib.contextmanager
def _one_release_at_a_time():
    """Hold an exclusive lock on ``RELEASE_LOCK``: two releases at once (two
    test runs, a test run and ``make release``) would write the same build
    folders and nbgrader's database; the second waits for the first."""
    COURSE_ROOT.mkdir(parents=True, exist_ok=True)
    with open(RELEASE_LOCK, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _generate(names):
    """Run ``nbgrader generate_assignment`` for each name, in this process,
    with ``exercises/nbgrader_config.py`` (run from ``exercises/``)."""
    from nbgrader.apps import NbGraderAPI
    from traitlets.config.loader import PyFileConfigLoader

    config = PyFileConfigLoader("nbgrader_config.py", path=str(EXERCISES)).load_config()
    config.CourseDirectory.root = str(COURSE_ROOT)
    api = NbGraderAPI(config=config)
    for name in names:
        result = api.generate_assignment(name, force=True)
        if not result["success"]:
            raise RuntimeError(f"nbgrader generate_assignment {name} failed:\n{result['error']}\n"
                               f"{result['log']}")


if __name__ == "__main__":
    _generate(sys.argv[1:])
