"""Build submission folders from the attack corpus (``attacks/*.py``).

Each case file describes a submission to a course assignment, starting from
the released student notebook:

- ``ASSIGNMENT`` (default ``ex01_rnn_forward``);
- ``BASE``: ``"blank"`` (the released stubs, default) or ``"reference"``
  (the source notebook's solution cells);
- ``CELLS``: {solution grade_id: code} replacing solution cells;
- ``PREPEND`` / ``APPEND``: code cells added after the first code cell / at
  the end; ``{OUT}`` in any code is replaced by the grading output folder
  and ``{REPO}`` by this repository's root, wherever it is checked out;
- ``FILES``: {name: text} extra files next to the notebook;
- ``edit(nb)``: changes the notebook JSON in place, or returns a new object
  or raw bytes;
- ``BLANK``: this case is the assignment's baseline (the released notebook);
- expectations: ``FULL_MARKS``, ``STATUS`` (a word the status must contain),
  ``EXPECT_POINTS`` ({grade_id: points}), ``TOUCHES`` (the tests held to the
  blank notebook's score; default all), ``MUST_PRINT`` /
  ``MUST_NOT_PRINT`` (strings looked for in the cells' outputs).
"""
import copy
import importlib.util
import json
import subprocess
import sys
import time
from pathlib import Path

ATTACKS = Path(__file__).resolve().parent / "attacks"
REPO = Path(__file__).resolve().parents[2]
# an eighth of the default --grader-memory: the coordinator stops (status grader-limit) any
# submission whose grading needs more in the grader's own process
GRADER_LIMITS = ("--grader-memory", 512)


def run_cli(*args, timeout=600):
    """Run ``python -m autograder``; returns (CompletedProcess, seconds)."""
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=timeout)
    return proc, time.monotonic() - start


def case(name):
    """The attack case ``attacks/<name>.py`` as a module (a case may build on another's cells)."""
    path = ATTACKS / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"attack_{name}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_cases(assignment="ex01_rnn_forward"):
    cases = {}
    for path in sorted(ATTACKS.glob("*.py")):
        module = case(path.stem)
        if getattr(module, "ASSIGNMENT", "ex01_rnn_forward") == assignment:
            cases[path.stem] = module
    return cases


def _solutions(source_nb):
    return {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in source_nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("solution")}


def _code_cell(source):
    return {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}


def build_notebook(case, source_nb, release_nb, out_dir):
    """The submitted notebook for ``case``, as bytes."""
    nb = copy.deepcopy(release_nb)
    fill = lambda code: code.replace("{OUT}", str(out_dir)).replace("{REPO}", str(REPO))
    reference = _solutions(source_nb)
    cells_code = dict(getattr(case, "CELLS", {}))
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            gid = meta["grade_id"]
            if gid in cells_code:
                cell["source"] = fill(cells_code[gid])
            elif getattr(case, "BASE", "blank") == "reference":
                cell["source"] = reference[gid]
    first_code = next(i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code")
    for k, code in enumerate(getattr(case, "PREPEND", [])):
        nb["cells"].insert(first_code + 1 + k, _code_cell(fill(code)))
    for code in getattr(case, "APPEND", []):
        nb["cells"].append(_code_cell(fill(code)))
    if hasattr(case, "edit"):
        new = case.edit(nb)
        if new is not None:
            nb = new
    if isinstance(nb, bytes):
        return nb
    return json.dumps(nb, indent=1).encode()


def build_folder(cases, source_path, release_path, folder, out_dir, notebook):
    """Write ``folder/<case>/<notebook>.ipynb`` (+ FILES) for every case."""
    source_nb = json.loads(Path(source_path).read_text())
    release_nb = json.loads(Path(release_path).read_text())
    for name, case in cases.items():
        d = Path(folder) / name
        d.mkdir(parents=True, exist_ok=True)
        (d / f"{notebook}.ipynb").write_bytes(build_notebook(case, source_nb, release_nb, out_dir))
        for fname, text in getattr(case, "FILES", {}).items():
            (d / fname).write_text(text)


def check_case(case, result, blank):
    """Assert a case's expectations on its result (``blank``: the baseline's)."""
    outputs = "\n".join(c["output"] + " ".join(c["error"] or []) for c in result["cells"])
    if getattr(case, "FULL_MARKS", False):
        assert result["score"] == result["max_score"] > 0, (result["status"], result["tests"])
        assert result["status"] == "ok", result["status"]
    else:
        for gid in getattr(case, "TOUCHES", result["tests"]):
            test = result["tests"][gid]
            assert test["points"] <= blank["tests"][gid]["points"], (gid, test)
    for gid, points in getattr(case, "EXPECT_POINTS", {}).items():
        assert result["tests"][gid]["points"] == points, (gid, result["tests"][gid])
    if hasattr(case, "STATUS"):
        assert case.STATUS in result["status"], result["status"]
    for text in getattr(case, "MUST_PRINT", []):
        assert text in outputs, f"the probe did not run: {outputs[:2000]}"
    for text in getattr(case, "MUST_NOT_PRINT", []):
        assert text not in outputs, outputs[:3000]


def released(name):
    """(source notebook path, student notebook path) of a course assignment,
    releasing it first if needed."""
    from exercises import assemble
    student = assemble.student_notebook(name)
    source = assemble.COURSE_ROOT / "source" / name / f"{name}.ipynb"
    if not (student.is_file() and source.is_file()):
        assemble.release([name])
    return source, student
