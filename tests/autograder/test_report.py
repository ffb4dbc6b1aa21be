"""The instructor's tables and summary, the sanitiser, and final grades
merged with manual ones (hand-computed expected values)."""
import pytest

from autograder.course import merge
from autograder.deadline import Deadline, apply_deadline
from autograder.lateness import LatePolicy, parse_datetime
from autograder.report import summarise, write_csv
from autograder.sanitise import MAX_MESSAGE, MAX_TEXT, sanitise


def _result(sid, score, status, t1, t2, message="wrong"):
    return {"student_id": sid, "assignment": "ex", "notebook": "ex", "score": score,
            "max_score": 3.0, "status": status,
            "tests": {"t1": {"points": t1, "passed": t1 >= 1, "message": "passed" if t1 else message},
                      "t2": {"points": t2, "passed": t2 >= 2, "message": "passed" if t2 else message}}}


def test_csv_has_base_columns_then_every_graded_cell(tmp_path):
    results = {"a": _result("a", 3.0, "ok", 1.0, 2.0), "b": _result("b", 1.0, "timeout", 1.0, 0.0),
               "c": _result("c", 0.0, "ok", 0.0, 0.0)}
    results["b"].update(raw_score=2.0, late={"penalty": 1.0, "late_by_seconds": 90061},
                        submission={"submitted_at": "2026-01-02T01:01:01+00:00"})
    results["a"]["manual"] = {"answer": {"points": 4.0}}
    path = tmp_path / "g.csv"
    write_csv(path, results, ["t1", "t2", "answer"])
    assert open(path).read().splitlines() == [
        "student_id,assignment,score,max_score,status,raw_score,late_penalty,submitted_at,late_by,"
        "t1,t2,answer",
        "a,ex,3,3,ok,3,0,,,1,2,4",
        "b,ex,1,3,timeout,2,1,2026-01-02T01:01:01+00:00,1 d 1 h 1 min 1 s,1,0,0",
        "c,ex,0,3,ok,0,0,,,0,0,0"]


def test_summary_counts_statuses_mistakes_missing_and_late():
    results = {"a": _result("a", 3.0, "ok", 1.0, 2.0), "b": _result("b", 1.0, "timeout", 1.0, 0.0,
                                                                   "gates in the order i, f, o, g"),
               "c": _result("c", 0.0, "ok", 0.0, 0.0, "gates in the order i, f, o, g"),
               "d": _result("d", 0.0, "missing: nothing submitted", 0.0, 0.0, "nothing submitted")}
    results["b"]["late"] = {"late_by_seconds": 5.0}
    text, stats = summarise(results, ["t1", "t2"], 3.0)
    assert stats["n"] == 3 and stats["missing"] == ["d"] and stats["late"] == 1
    assert stats["mean"] == pytest.approx(4 / 3) and stats["median"] == 1.0
    assert stats["pass_rate"] == {"t1": pytest.approx(2 / 3), "t2": pytest.approx(1 / 3)}
    assert stats["statuses"] == {"ok": 2, "timeout": 1, "missing": 1}
    assert stats["mistakes"][0] == (2, "t2", "gates in the order i, f, o, g")
    assert "    2: t2: gates in the order i, f, o, g" in text and "missing (on the roster" in text


def test_sanitise_makes_every_string_writable_and_short():
    result = {"status": "ok", "tests": {"t": {"message": "m" * 10_000, "points": 1.0}},
              "cells": [{"output": "\ud800 printed" + "o" * (MAX_TEXT + 5)}], "score": 1.0}
    clean = sanitise(result)
    assert clean["tests"]["t"]["points"] == 1.0 and clean["score"] == 1.0
    assert len(clean["tests"]["t"]["message"]) < MAX_MESSAGE + 100
    output = clean["cells"][0]["output"]
    assert output.startswith("\\ud800 printed") and len(output) < MAX_TEXT + 100
    output.encode("utf-8")                          # no lone surrogate left
    assert result["cells"][0]["output"].startswith("\ud800")    # the input is not modified


def test_deadline_sets_the_penalty_from_the_raw_score():
    due = parse_datetime("2026-03-01T12:00+00:00")
    deadline = Deadline(due, LatePolicy("per-day", 0.1, 0.3),
                        {"ext": parse_datetime("2026-03-05T12:00+00:00")})
    late = {"student_id": "s", "score": 8.0, "submission": {"submitted_at": "2026-03-02T12:00:01+00:00"}}
    apply_deadline(late, deadline)                  # 2 started days: 20 % of 8
    assert late["raw_score"] == 8.0 and late["late"]["penalty"] == pytest.approx(1.6)
    assert late["score"] == pytest.approx(6.4) and late["late"]["late_by_seconds"] == 86401
    ext = {"student_id": "ext", "score": 8.0, "submission": {"submitted_at": "2026-03-02T12:00:01+00:00"}}
    assert apply_deadline(ext, deadline)["score"] == 8.0 and ext["late"]["extension"]
    apply_deadline(late, Deadline())                # settings change: recomputed from the raw score
    assert late["score"] == 8.0 and late["late"]["penalty"] == 0.0
    assert Deadline.from_json(deadline.to_json()) == deadline


def test_merge_adds_manual_answers_and_overrides_and_recomputes_the_penalty():
    result = _result("a", 2.7, "ok", 1.0, 2.0)
    result.update(raw_score=3.0, late={"fraction": 0.1, "penalty": 0.3})
    scores = {"t1": (0.5, 1.0, "manual"), "t2": (2.0, 2.0, "auto"), "answer": (4.0, 5.0, "manual")}
    final = merge(result, scores, 8.0)
    assert final["tests"]["t1"]["points"] == 0.5 and final["manual"]["answer"]["points"] == 4.0
    assert final["raw_score"] == 6.5 and final["late"]["penalty"] == pytest.approx(0.65)
    assert final["score"] == pytest.approx(5.85) and final["max_score"] == 8.0
    pending = merge(result, {"answer": (0.0, 5.0, None)}, 8.0)
    assert "needs-manual-grading: answer" in pending["status"]
    assert result["tests"]["t1"]["points"] == 1.0                   # the stored result is untouched


@pytest.mark.parametrize("lms_late, fraction", [(True, 0.1), (False, 0.0), (None, 0.0)])
def test_a_download_time_is_never_taken_for_the_submission_time(lms_late, fraction):
    deadline = Deadline(parse_datetime("2026-03-01T12:00+00:00"), LatePolicy("per-day", 0.1, 1.0))
    result = {"student_id": "s", "score": 10.0,
              "submission": {"submitted_at": "2026-04-01T12:00:00+00:00",   # the download, a month on
                             "timestamp_source": "zip-entry", "lms_late": lms_late}}
    apply_deadline(result, deadline)
    assert result["late"]["fraction"] == fraction and result["score"] == pytest.approx(10 * (1 - fraction))
