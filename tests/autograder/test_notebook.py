"""Building the run plan: locked cells come from the source notebook."""
import json

import pytest

from autograder.notebook import InvalidNotebook, SourceNotebook, build_plan


def cell(source, **nbgrader):
    base = dict(schema_version=3, grade=False, solution=False, locked=False)
    meta = {"nbgrader": dict(base, **nbgrader)} if nbgrader else {}
    return {"cell_type": "code", "metadata": meta, "source": source, "outputs": [],
            "execution_count": None}


SOURCE_CELLS = [
    cell("import numpy as np"),
    cell("def check(x): assert x", grade_id="setup", locked=True),
    cell("def f(x):\n    return 2 * x", grade_id="f", solution=True),
    cell("check(f(1) == 2)", grade_id="test_f", grade=True, locked=True, points=3),
    cell("check(f(2) == 4)", grade_id="test_f2", grade=True, locked=True, points=1),
]
SOURCE = SourceNotebook.from_json("nb", json.dumps({"cells": SOURCE_CELLS, "nbformat": 4}))


def nb(cells, **top):
    return json.dumps(dict({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells},
                           **top)).encode()


def student(f_source="def f(x):\n    raise NotImplementedError"):
    cells = json.loads(json.dumps(SOURCE_CELLS))
    cells[2]["source"] = f_source
    return cells


def test_source_notebook_reads_points_and_locked_cells():
    assert SOURCE.max_score == 4
    assert set(SOURCE.tests) == {"test_f", "test_f2"}
    assert set(SOURCE.locked) == {"setup", "test_f", "test_f2"}


def test_edited_locked_cells_run_the_source_text():
    cells = student()
    cells[1]["source"] = "def check(x): pass"
    cells[3]["source"] = "pass"
    cells[3]["metadata"]["nbgrader"].update(locked=False, solution=True, points=100)
    plan = build_plan(SOURCE, nb(cells))
    codes = [(c.code, c.trusted) for c in plan.cells]
    assert ("def check(x): assert x", True) in codes
    assert ("check(f(1) == 2)", True) in codes
    assert ("pass", True) not in codes and ("pass", False) not in codes
    assert plan.problems == []


def test_deleted_cells_are_reported_and_setup_is_restored_in_place():
    cells = student()
    del cells[3]                     # test_f
    del cells[1]                     # setup
    plan = build_plan(SOURCE, nb(cells))
    assert plan.missing_tests == {"test_f"}
    assert plan.problems == ["missing-cells: setup, test_f"]
    assert [c.grade_id for c in plan.cells] == [None, "setup", "f", "test_f2"]


def test_duplicated_test_cells_run_once():
    cells = student()
    cells.insert(4, cells[3])
    plan = build_plan(SOURCE, nb(cells))
    assert [c.grade_id for c in plan.cells].count("test_f") == 1
    assert plan.problems == ["duplicate-cells: test_f"]


def test_cells_without_metadata_run_as_learner_code():
    cells = student()
    cells[3]["metadata"] = {}
    cells[3]["source"] = "print('hi')"
    plan = build_plan(SOURCE, nb(cells))
    assert [(c.code, c.trusted) for c in plan.cells if c.grade_id is None][-1] == ("print('hi')", False)
    assert plan.missing_tests == {"test_f"}


@pytest.mark.parametrize("data, word", [
    (b"\x89PNG garbage", "not valid JSON"),
    (b"[1, 2]", "not an object"),
    (json.dumps({"nbformat": 3, "worksheets": []}).encode(), "nbformat 3"),
    (nb("not a list"), "no list of cells"),
    (nb([{"source": "x"}]), "cell_type"),
])
def test_unreadable_notebooks_are_invalid(data, word):
    with pytest.raises(InvalidNotebook, match=word):
        build_plan(SOURCE, data)


def test_a_notebook_saved_with_a_byte_order_mark_is_read():
    data = nb(student())
    assert build_plan(SOURCE, b"\xef\xbb\xbf" + data).cells == build_plan(SOURCE, data).cells


def test_unknown_metadata_schema_is_invalid():
    cells = student()
    cells[2]["metadata"]["nbgrader"]["schema_version"] = 99
    with pytest.raises(InvalidNotebook, match="schema 99"):
        build_plan(SOURCE, nb(cells))


@pytest.mark.parametrize("nesting", [200, 50_000])
def test_deeply_nested_notebooks_are_invalid_before_they_are_decoded(nesting):
    cells = student()
    raw = nb(cells).replace(b'"metadata": {}', b'"metadata": {"x": ' + b"[" * nesting
                            + b"]" * nesting + b"}", 1)
    with pytest.raises(InvalidNotebook, match="levels deep"):
        build_plan(SOURCE, raw)


def test_a_notebook_nested_within_the_bound_is_read():
    cells = student()
    cells[0]["metadata"] = {"x": json.loads("[" * 90 + "]" * 90)}
    assert len(build_plan(SOURCE, nb(cells)).cells) == 5


def test_only_so_many_learner_cells_run_and_every_locked_cell_still_runs():
    from autograder.notebook import MAX_LEARNER_CELLS
    cells = student()
    extra = [cell(f"print({k})") for k in range(MAX_LEARNER_CELLS + 50)]
    plan = build_plan(SOURCE, nb(cells[:1] + extra + cells[1:]))
    learner = [c for c in plan.cells if not c.trusted]
    assert len(learner) == MAX_LEARNER_CELLS
    assert [c.grade_id for c in plan.cells if c.trusted] == ["setup", "test_f", "test_f2"]
    assert plan.problems[-1].startswith(f"too-many-cells: {MAX_LEARNER_CELLS + 52} code cells")


def test_every_reader_of_the_submission_keeps_to_the_bound():
    from autograder.autograded_notebook import build
    raw = nb(student()).replace(b'"metadata": {}', b'"metadata": {"x": ' + b"[" * 50_000
                                + b"]" * 50_000 + b"}", 1)
    source = json.dumps({"cells": SOURCE_CELLS, "nbformat": 4, "metadata": {}})
    assert build(source, raw, {"cells": []}) is None


def test_autograded_notebook_keeps_bounded_learner_sources():
    import json as _json

    from autograder import autograded_notebook as an
    source = {"cells": [{"cell_type": "code", "source": "x = 1", "metadata": {"nbgrader": {
        "grade_id": "t", "grade": True, "solution": False, "locked": True, "points": 1,
        "schema_version": 3}}}], "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    big = "y = 0  # " + "z" * 300_000
    cells = [{"cell_type": "code", "source": big, "metadata": {}} for _ in range(30)]
    cells.append(source["cells"][0])
    submitted = _json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5})
    assert len(submitted) > 9_000_000
    nb = an.build(_json.dumps(source), submitted.encode(), {"cells": []})
    texts = [c["source"] for c in nb["cells"]]
    assert all(len(t) <= an.MAX_CELL_TEXT + 200 for t in texts)
    assert sum(len(t) for t in texts) <= an.MAX_LEARNER_TEXT + 31 * 200
    assert texts[0].startswith("y = 0") and "the rest is not kept here" in texts[0]
    assert nb["cells"][-1]["source"] == "x = 1"                   # the locked cell, whole


def test_autograded_notebook_keeps_a_bounded_number_of_learner_cells():
    from autograder import autograded_notebook as an
    cells = student()        # a cell of the learner's, a solution cell and 3 locked ones
    cells[1:1] = [{"cell_type": "markdown", "metadata": {}, "source": ""}
                  for _ in range(an.MAX_ADDED_CELLS + 4000)]
    source = json.dumps({"cells": SOURCE_CELLS, "nbformat": 4, "metadata": {}})
    out = an.build(source, nb(cells), {"cells": []})["cells"]
    named = [c["source"] for c in out if c["metadata"].get("nbgrader")]
    assert named == [c["source"] for c in cells if c["metadata"].get("nbgrader")]  # all kept
    assert len(out) == an.MAX_ADDED_CELLS + 4 + 1
    assert out[-1]["source"] == "… (4001 more cells in the submission are not kept here)"
