"""What to run for a submission: the learner's cells, with every locked cell
taken from the instructor's source notebook.

``SourceNotebook`` reads the nbgrader metadata of the source notebook.
``build_plan`` reads a submitted notebook as untrusted JSON and returns the
cells to execute, in the learner's order:

- a cell whose ``grade_id`` is a locked cell of the source (test cells,
  setup cells) runs with the SOURCE text, whatever the learner's copy says,
  as a trusted cell; a second copy of it is dropped;
- every other code cell (solution cells, cells the learner added, cells with
  made-up metadata) runs as learner code;
- a locked non-test cell the learner deleted is put back just before the
  first cell that follows it in the source; a deleted test cell earns no points.

Problems that make the whole notebook unusable raise ``InvalidNotebook``.

A submission's cost is bounded before anything runs: the JSON may hold at
most ``MAX_ITEMS`` values nested at most ``MAX_DEPTH`` levels (checked on the
bytes, before they are decoded), and at most ``MAX_LEARNER_CELLS`` of the
learner's code cells run; the locked cells always run.
"""
import json
from dataclasses import dataclass, field

from autograder import cells
from autograder.protocol import ProtocolError, check_cost

SCHEMA_VERSION = 3
MAX_ITEMS = 1_000_000       # JSON values in a submitted notebook
MAX_DEPTH = 100             # levels of nesting in a submitted notebook
MAX_LEARNER_CELLS = 200     # learner code cells run per submission


class InvalidNotebook(Exception):
    """The submission cannot be read as an nbformat 4 notebook."""


@dataclass
class GradeCell:
    grade_id: str
    points: float
    index: int


@dataclass
class SourceNotebook:
    """The instructor's notebook: locked cells' text and the graded cells."""
    name: str
    cells: list                   # raw nbformat cell dicts
    locked: dict = field(default_factory=dict)     # grade_id -> (index, source)
    tests: dict = field(default_factory=dict)      # grade_id -> GradeCell (autograded)
    solutions: dict = field(default_factory=dict)  # grade_id -> index
    answers: dict = field(default_factory=dict)    # grade_id -> GradeCell (manual)

    @classmethod
    def from_json(cls, name, text):
        nb = json.loads(text)
        src = cls(name=name, cells=nb["cells"])
        for k, cell in enumerate(nb["cells"]):
            meta = cell.get("metadata", {}).get("nbgrader")
            if not meta:
                continue
            gid = meta["grade_id"]
            kind = cells.role(cell)
            if kind == cells.TEST:
                src.tests[gid] = GradeCell(gid, float(meta.get("points", 0)), k)
            elif kind == cells.ANSWER:
                src.answers[gid] = GradeCell(gid, float(meta.get("points", 0)), k)
            if kind in (cells.ANSWER, cells.SOLUTION):
                src.solutions[gid] = k
            elif kind in (cells.TEST, cells.LOCKED) and cell.get("cell_type") == "code":
                src.locked[gid] = (k, _text(cell.get("source", "")))
        return src

    @property
    def max_score(self):
        return sum(t.points for t in self.tests.values())


@dataclass
class PlanCell:
    code: str
    trusted: bool
    grade_id: str = None
    label: str = ""


@dataclass
class Plan:
    cells: list
    problems: list           # short status notes
    missing_tests: set       # grade_ids of deleted test cells


def _text(source):
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(s, str) for s in source):
        return "".join(source)
    raise InvalidNotebook("a cell's source is neither text nor a list of lines")


def load_json(data):
    """Untrusted bytes -> the decoded JSON, within ``MAX_ITEMS`` values and
    ``MAX_DEPTH`` levels (checked before decoding); ``InvalidNotebook`` otherwise.
    Every reader of a submitted notebook goes through here."""
    try:
        check_cost(data, MAX_ITEMS, MAX_DEPTH)
    except ProtocolError as exc:
        raise InvalidNotebook(f"the notebook's JSON is too large to read: {exc}") from None
    try:
        return json.loads(data.decode("utf-8-sig"))       # a byte-order mark some editors write
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise InvalidNotebook("not valid JSON") from None


def read_submission(data):
    """Untrusted bytes -> list of (cell_type, source, nbgrader metadata or None)."""
    nb = load_json(data)
    if not isinstance(nb, dict):
        raise InvalidNotebook("not a notebook (the JSON is not an object)")
    major = nb.get("nbformat")
    if major != 4:
        raise InvalidNotebook(f"nbformat {major!r} is not supported (open and save it with Jupyter 4 or later)")
    cells = nb.get("cells")
    if not isinstance(cells, list):
        raise InvalidNotebook("no list of cells")
    out = []
    for cell in cells:
        if not isinstance(cell, dict) or not isinstance(cell.get("cell_type"), str):
            raise InvalidNotebook("a cell is not an object with a cell_type")
        meta = cell.get("metadata", {})
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        if meta is not None:
            if not isinstance(meta, dict):
                raise InvalidNotebook("nbgrader metadata is not an object")
            version = meta.get("schema_version", SCHEMA_VERSION)
            if version != SCHEMA_VERSION:
                raise InvalidNotebook(f"unknown nbgrader metadata schema {version!r} (expected {SCHEMA_VERSION})")
            if not isinstance(meta.get("grade_id"), str):
                meta = None
        out.append((cell["cell_type"], _text(cell.get("source", "")), meta))
    return out


def build_plan(source, data):
    """The cells to run for submitted notebook bytes ``data``."""
    cells = read_submission(data)
    plan, problems, seen, duplicates = [], [], set(), []
    placed = []      # source index of each planned cell (None for learner cells)
    learner_cells = 0
    for k, (ctype, text, meta) in enumerate(cells):
        gid = meta["grade_id"] if meta else None
        if gid is not None and gid in source.locked:
            if gid in seen:
                duplicates.append(gid)
                continue
            seen.add(gid)
            idx, code = source.locked[gid]
            plan.append(PlanCell(code, True, gid, f"cell {k + 1} ({gid})"))
            placed.append(idx)
        elif ctype == "code":
            learner_cells += 1
            if learner_cells > MAX_LEARNER_CELLS:
                continue
            if gid is not None and gid in source.solutions:
                if gid in seen:
                    duplicates.append(gid)
                seen.add(gid)
                placed.append(source.solutions[gid])
            else:
                placed.append(None)
            label = f"cell {k + 1}" + (f" ({gid})" if gid else "")
            plan.append(PlanCell(text, False, gid, label))
        elif gid is not None and gid in source.solutions:
            seen.add(gid)
    missing = [gid for gid in list(source.locked) + list(source.solutions) if gid not in seen]
    missing_tests = {gid for gid in missing if gid in source.tests}
    for gid in missing:
        if gid in source.tests or gid not in source.locked:
            continue
        idx, code = source.locked[gid]
        at = next((pos for pos, p in enumerate(placed) if p is not None and p > idx), len(plan))
        plan.insert(at, PlanCell(code, True, gid, f"restored ({gid})"))
        placed.insert(at, idx)
    if missing:
        problems.append("missing-cells: " + ", ".join(missing))
    if duplicates:
        problems.append("duplicate-cells: " + ", ".join(dict.fromkeys(duplicates)))
    if learner_cells > MAX_LEARNER_CELLS:
        problems.append(f"too-many-cells: {learner_cells} code cells of your own, only the first "
                        f"{MAX_LEARNER_CELLS} ran")
    return Plan(plan, problems, missing_tests)


def visible_plan(data):
    """The plan for a learner's self-check: the notebook as it is, with its
    own test cells (no source notebook available)."""
    cells = read_submission(data)
    plan, tests = [], {}
    for k, (ctype, text, meta) in enumerate(cells):
        if ctype != "code":
            continue
        gid = meta["grade_id"] if meta else None
        is_test = bool(meta and meta.get("grade") and not meta.get("solution"))
        if is_test:
            tests[gid] = GradeCell(gid, float(meta.get("points", 0)), k)
        plan.append(PlanCell(text, is_test, gid, f"cell {k + 1}" + (f" ({gid})" if gid else "")))
    return Plan(plan, [], set()), tests
