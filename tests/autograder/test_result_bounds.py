"""A result's size and depth are bounded whatever the submission did."""
import json

from autograder.result_bounds import (
    MAX_DEPTH,
    MAX_KEPT_TEXT,
    MAX_RESULT_BYTES,
    fit_result,
)


def result(cells=(), **extra):
    base = {"student_id": "s", "assignment": "a", "notebook": "a", "score": 3.0, "max_score": 5.0,
            "status": "ok", "tests": {"t": {"points": 3.0, "max_points": 5.0, "passed": True,
                                            "message": "passed"}},
            "cells": [dict(c) for c in cells], "log": [], "protections_off": []}
    base.update(extra)
    return base


def cell(code, output):
    return {"label": "cell 1", "grade_id": None, "trusted": False, "code": code, "ok": True,
            "error": None, "output": output, "seconds": 0.0}


def test_code_and_output_kept_over_all_cells_are_bounded():
    fitted = fit_result(result([cell("print('z' * 20_000)", "z" * 20_000)] * 1000))
    kept = sum(len(c["code"]) + len(c["output"]) for c in fitted["cells"])
    assert kept <= MAX_KEPT_TEXT + 200                  # plus one note
    assert fitted["cells"][0]["output"] == "z" * 20_000  # the first cells are kept whole
    assert sum("not kept" in c["output"] for c in fitted["cells"]) == 1
    assert fitted["cells"][-1]["output"] == fitted["cells"][-1]["code"] == ""
    assert len(json.dumps(fitted)) <= MAX_RESULT_BYTES


def test_a_result_too_deep_or_not_json_still_keeps_its_scores():
    deep = []
    for _ in range(100_000):
        deep = [deep]
    for bad in ({"extra": deep}, {"extra": {1, 2}}, {"extra": json.loads("[" * (MAX_DEPTH + 1)
                                                                         + "]" * (MAX_DEPTH + 1))}):
        fitted = fit_result(result([cell("x = 1", "")], **bad))
        raw = json.dumps(fitted)
        assert len(raw) <= MAX_RESULT_BYTES
        assert fitted["score"] == 3.0 and fitted["tests"]["t"]["points"] == 3.0
        assert "extra" not in fitted and "left out" in fitted["log"][-1]


def test_a_result_within_the_bounds_is_unchanged():
    original = result([cell("x = 1", "out")])
    assert fit_result(json.loads(json.dumps(original))) == original
