"""benchmarks/grading_scale.py at a reduced size: 30 Canvas submissions of
ex01_rnn_forward with a roster and a deadline, graded with --jobs 2, the
grader's process group killed once part-way and the same command run again.
Nothing may be lost, and every score must be the one declared for its case
(``LOST`` in the script, derived by hand from the hidden tests). Nothing here
asserts a speed."""
import dataclasses
import json
import shutil
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
import grading_scale  # noqa: I001 (found through the path set above)

N = 30


@pytest.fixture(scope="module")
def scale():
    return grading_scale


@pytest.fixture(scope="module")
def graded(scale, tmp_path_factory):
    """The class's plan, the grading output folder and what each run did."""
    from autograder.jail import protections_off
    off = protections_off()
    if off:
        pytest.skip("the grader refuses to run without the jail here (missing: " + ", ".join(off) + ")")
    tmp = tmp_path_factory.mktemp("scale")
    plan = scale.plan_class(N)
    download, roster = scale.write_download(plan, tmp / "download")
    out = tmp / "grading" / "out"
    run = scale.grade_killed_and_resumed(download, roster, out, jobs=2, kill_at=0.4,
                                         n_submitters=N)
    return plan, out, run


def test_the_class_has_every_kind_of_submission(scale):
    plan = scale.plan_class(N)
    submitters = [p for p in plan if p.case != "missing"]
    assert len(submitters) == N and {p.case for p in submitters} == set(scale.LOST)
    assert any(p.late for p in submitters) and any(not p.on_roster for p in submitters)
    assert sum(p.case == "missing" for p in plan) >= 2
    assert set(scale.corpus_cases()) | {"blank", "broken-json"} == set(scale.LOST)


def test_killed_part_way_then_resumed(graded):
    _, out, run = graded
    first, second = run["runs"]
    assert first["killed"] and 0 < first["results_after"] < N, first
    assert second["exit"] == 0, (out.parent / "run2.log").read_text()[-3000:]
    assert second["resume_line"].startswith(f"{first['results_after']} unchanged submissions"), second


def test_nothing_lost_and_every_score_as_declared(scale, graded):
    plan, out, _ = graded
    assert scale.check_no_loss(out, plan) == []
    stored = {p.stem: json.loads(p.read_text()) for p in scale.result_files(out)}
    for p in plan:
        if p.case not in ("missing", "broken-json"):
            assert stored[p.student_id]["submission"]["lms_late"] is p.late


def test_the_check_sees_a_lost_result_and_a_wrong_score(scale, graded, tmp_path):
    plan, out, _ = graded
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    victim = next(p for p in plan if p.case == "reference")
    (copy / "results" / scale.ASSIGNMENT / f"{victim.student_id}.json").unlink()
    grades = copy / scale.ASSIGNMENT / "grades.csv"
    lines = grades.read_text().splitlines()
    grades.write_text("\n".join(line for line in lines if not line.startswith(victim.student_id + ","))
                      + "\n")
    problems = scale.check_no_loss(copy, plan)
    assert any("result files: missing ['" + victim.student_id in s for s in problems), problems
    assert any("grades.csv rows: missing ['" + victim.student_id in s for s in problems), problems
    late = next(p for p in plan if p.late and p.case != "blank")
    on_time = [dataclasses.replace(p, late=False) if p is late else p for p in plan]
    assert [s for s in scale.check_no_loss(out, on_time) if s.startswith(late.student_id)]
