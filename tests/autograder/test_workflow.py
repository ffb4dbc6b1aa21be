"""An instructor's course, end to end: a Canvas download with a roster and a
deadline, a second assignment into the same output folder, one student
regraded, a written answer graded by hand in the gradebook, and the grades
and feedback exported for Canvas. Expected values are computed by hand from
the inputs (10 points for a correct ex01, 10 % per started day late)."""
import csv
import dataclasses
import json
import types
import zipfile

import pytest
from autograder_corpus import build_notebook, released, run_cli
from nbgrader.api import Gradebook

from autograder import batch
from autograder import spec as specs
from autograder.deadline import Deadline
from autograder.lateness import LatePolicy, parse_datetime

EX01, EX02 = "ex01_rnn_forward", "ex02_gradients"


def _notebook(name, base, tmp):
    source, student = released(name)
    src, rel = json.loads(source.read_text()), json.loads(student.read_text())
    return build_notebook(types.SimpleNamespace(BASE=base), src, rel, tmp)


def _rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return {r.get("student_id") or r.get("ID"): r for r in csv.DictReader(f)}


@pytest.fixture(scope="module")
def course(tmp_path_factory):
    """The output folder after grading ex01 from a Canvas zip with a roster
    and a due date, then ex02 from a folder, into the same place."""
    tmp = tmp_path_factory.mktemp("course")
    correct, blank = _notebook(EX01, "reference", tmp), _notebook(EX01, "blank", tmp)
    download = tmp / "canvas.zip"
    with zipfile.ZipFile(download, "w") as zf:
        zf.writestr(f"doejohn_101_9001_{EX01}.ipynb", correct)
        zf.writestr(f"roeann_late_102_9002_{EX01}-1.ipynb", correct)
        zf.writestr(f"strangerx_104_9004_{EX01}.ipynb", blank)
        zf.writestr("README.txt", "a stray file")
    roster = tmp / "canvas_roster.csv"
    roster.write_text("Student,ID,SIS User ID,SIS Login ID,Section,RNN forward (555),Gradients (556)\n"
                      "    Points Possible,,,,,10,30\n"
                      "\"Doe, John\",101,s101,jdoe,A,,\n\"Roe, Ann\",102,s102,aroe,A,,\n"
                      "\"Moe, Max\",103,s103,mmoe,B,,\n")
    out = tmp / "out"
    deadline = Deadline(parse_datetime("2026-03-01T12:00+00:00"), LatePolicy("per-day", 0.1, 0.5))
    code, _ = batch.grade(specs.spec_for(EX01), str(download), batch.Options(
        out=str(out), roster=str(roster), deadline=deadline, progress=False))
    assert code == 0
    (tmp / "ex02" / "101").mkdir(parents=True)
    (tmp / "ex02" / "101" / f"{EX02}.ipynb").write_bytes(_notebook(EX02, "reference", tmp))
    code, _ = batch.grade(specs.spec_for(EX02), str(tmp / "ex02"), batch.Options(out=str(out),
                                                                                progress=False))
    assert code == 0
    return types.SimpleNamespace(out=out, roster=roster, download=download, tmp=tmp)


def test_canvas_download_roster_and_deadline(course):
    rows = _rows(course.out / EX01 / "grades.csv")
    assert set(rows) == {"101", "102", "103", "104"}
    assert (rows["101"]["score"], rows["101"]["status"]) == ("10", "ok")
    assert (rows["102"]["raw_score"], rows["102"]["late_penalty"], rows["102"]["score"]) == ("10", "1", "9")
    assert rows["103"]["status"].startswith("missing") and rows["103"]["score"] == "0"
    assert rows["104"]["score"] == "0"
    result = json.loads((course.out / "results" / EX01 / "104.json").read_text())
    assert result["not_on_roster"] is True and result["submission"]["timestamp_source"] == "zip-entry"
    summary = (course.out / EX01 / "summary.txt").read_text()
    assert "missing: 1" in summary and "late:        1" in summary and "not on the roster: 104" in summary
    page = (course.out / "feedback" / "102" / f"{EX01}.html").read_text()
    assert "Late penalty: 1 points deducted from 10" in page
    with Gradebook(f"sqlite:///{course.out}/gradebook.db") as gb:    # where nbgrader keeps the penalty
        nb = gb.find_submission_notebook(EX01, EX01, "102")
        assert nb.late_submission_penalty == 1.0 and gb.find_student("101").last_name == "Doe"


def test_two_assignments_share_one_output_folder(course):
    assert (course.out / "results" / EX01 / "101.json").is_file()
    assert (course.out / "results" / EX02 / "101.json").is_file()
    table = _rows(course.out / "course_grades.csv")
    assert list(table["101"])[:3] == ["student_id", EX01, EX02]
    assert float(table["101"][EX01]) == 10 and float(table["101"]["total"]) == 10 + float(table["101"][EX02])


def test_regrading_one_student_keeps_every_other_row(course):
    before = _rows(course.out / EX01 / "grades.csv")
    stamp = (course.out / "results" / EX01 / "101.json").stat().st_mtime_ns
    proc, _ = run_cli("grade", EX01, course.download, "--out", course.out, "--student", "102")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "[1/1] 102:" in proc.stderr
    assert (course.out / "results" / EX01 / "101.json").stat().st_mtime_ns == stamp
    assert _rows(course.out / EX01 / "grades.csv") == before     # the stored deadline still applies
    proc, _ = run_cli("grade", EX01, course.download, "--out", course.out, "--student", "999")
    assert proc.returncode == 2 and "999" in proc.stderr


def test_manual_grades_reach_the_exports_and_canvas_files(course):
    source = json.loads(released(EX02)[0].read_text())
    answers = [c["metadata"]["nbgrader"] for c in source["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("grade") and c["cell_type"] == "markdown"]
    assert answers, "ex02 has a written answer"
    auto = float(_rows(course.out / EX02 / "grades.csv")["101"]["score"])
    full = sum(float(c["metadata"]["nbgrader"]["points"]) for c in source["cells"]
               if c.get("metadata", {}).get("nbgrader", {}).get("grade"))
    with Gradebook(f"sqlite:///{course.out}/gradebook.db") as gb:       # what formgrader writes
        for a in answers:
            gb.find_grade(a["grade_id"], EX02, EX02, "101").manual_score = 2.0
        gb.db.commit()
    canvas = course.tmp / "canvas_import.csv"
    proc, _ = run_cli("export", course.out, "--format", "canvas", "--roster", course.roster,
                      "--to", canvas)                       # names that do not start with the ids
    assert proc.returncode == 2 and f"--canvas-column {EX01}=" in proc.stderr
    proc, _ = run_cli("export", course.out, "--format", "canvas", "--roster", course.roster,
                      "--to", canvas, "--canvas-column", f"{EX01}=RNN forward (555)",
                      "--canvas-column", f"{EX02}=Gradients (556)")
    assert proc.returncode == 0, proc.stderr[-2000:]
    row = _rows(course.out / EX02 / "grades.csv")["101"]
    assert float(row["score"]) == auto + 2.0 * len(answers) and float(row["max_score"]) == full
    with open(canvas, newline="") as f:
        table = list(csv.reader(f))
    assert table[0] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section",
                        "RNN forward (555)", "Gradients (556)"]
    by_id = {r[1]: r for r in table[1:]}
    assert by_id["101"][5:] == ["10", f"{auto + 2.0 * len(answers):g}"] and by_id["102"][5] == "9"
    zip_path = course.tmp / "feedback.zip"
    proc, _ = run_cli("export", course.out, "--format", "canvas", "--roster", course.roster,
                      "--assignment", EX01, "--to", course.tmp / "one.csv", "--feedback-zip", zip_path,
                      "--canvas-column", f"{EX01}=RNN forward (555)")
    assert proc.returncode == 0, proc.stderr[-2000:]
    names = zipfile.ZipFile(zip_path).namelist()
    assert any(n.split("_")[1:3] == ["101", "9001"] for n in names), names
    assert any(n.split("_")[1:3] == ["102", "9002"] for n in names), names


def test_formgrader_folder_is_an_nbgrader_course(course):
    proc, _ = run_cli("formgrader", course.out, "--prepare-only")
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert (course.out / "source" / EX01 / f"{EX01}.ipynb").is_file()
    config = (course.out / "nbgrader_config.py").read_text()
    assert str(course.out.resolve()) in config and "gradebook.db" in config


def test_a_submitter_the_grader_failed_on_is_never_listed_as_missing(tmp_path, monkeypatch):
    from autograder.task import grader_error
    subs = tmp_path / "subs"
    for sid in ("201", "202"):
        (subs / sid).mkdir(parents=True)
        (subs / sid / f"{EX01}.ipynb").write_bytes(_notebook(EX01, "blank", tmp_path))
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\n201,A\n202,B\n203,C\n")
    out = tmp_path / "out"
    opts = batch.Options(out=str(out), roster=str(roster), progress=False)
    fail = lambda tasks, jobs, gpus=None: ((t, grader_error(t, RuntimeError("worker died"))) for t in tasks)
    monkeypatch.setattr(batch, "local_results", fail)
    code, results = batch.grade(specs.spec_for(EX01), str(subs), opts)
    assert code == 1 and sorted(results) == ["203"] and results["203"]["status"].startswith("missing")
    (subs / "203").mkdir()                        # a late upload from the missing student
    (subs / "203" / f"{EX01}.ipynb").write_bytes(_notebook(EX01, "blank", tmp_path))
    monkeypatch.setattr(batch, "local_results", fail)
    code, results = batch.grade(specs.spec_for(EX01), str(subs), opts)
    assert code == 1 and results == {}           # not missing any more, not graded yet
    assert not (out / "results" / EX01 / "203.json").exists()



def test_every_member_of_a_group_submission_gets_the_group_grade(tmp_path):
    """A Gradescope group of two (graded once, under its first SID) with a
    roster that lists both members and one student who submitted nothing:
    both members get the group's 10 points, in a second run too (where the
    roster's missing rows are rebuilt), and only the third is missing."""
    subs = tmp_path / "gradescope"
    (subs / "submission_1002").mkdir(parents=True)
    (subs / "submission_1002" / f"{EX01}.ipynb").write_bytes(_notebook(EX01, "reference", tmp_path))
    (subs / "submission_metadata.yml").write_text(
        "submission_1002:\n  :submitters:\n"
        "  - :name: Grace Hopper\n    :sid: 's1002'\n    :email: grace@example.edu\n"
        "  - :name: Alan Turing\n    :sid: 's1003'\n    :email: alan@example.edu\n"
        "  :created_at: 2024-03-01 11:00:00.000000000 -08:00\n  :score: 0.0\n  :history: []\n")
    roster = tmp_path / "roster.csv"
    roster.write_text("student_id,name\ns1002,Grace Hopper\ns1003,Alan Turing\ns1004,Edsger Dijkstra\n")
    out = tmp_path / "out"
    for _ in range(2):
        code, _ = batch.grade(specs.spec_for(EX01), str(subs), batch.Options(
            out=str(out), roster=str(roster), progress=False))
        assert code == 0
        rows = _rows(out / EX01 / "grades.csv")
        assert sorted(rows) == ["s1002", "s1003", "s1004"]
        assert [rows[s]["score"] for s in ("s1002", "s1003", "s1004")] == ["10", "10", "0"]
        assert [rows[s]["status"].split(":")[0] for s in ("s1002", "s1003", "s1004")] == [
            "ok", "ok", "missing"]
        course = _rows(out / "course_grades.csv")
        assert course["s1003"][EX01] == "10"


# --- the assembled spec, kept in the output folder ----------------------------

def _same_spec(a, b):
    """Equal but for the cell ids, which every assembly draws anew."""
    def plain(spec):
        nb = json.loads(spec.source_json)
        for cell in nb["cells"]:
            cell.pop("id", None)
        return {**dataclasses.asdict(spec), "source_json": nb}
    return plain(a) == plain(b)


def test_the_spec_is_reused_while_its_inputs_are_unchanged(tmp_path, monkeypatch):
    from exercises import assemble
    fresh = specs.spec_for(EX01)                          # assembled, no cache
    stored = specs.spec_for(EX01, cache_dir=tmp_path)
    assert _same_spec(stored, fresh)
    assert (tmp_path / ".cache" / f"spec-{EX01}.json").is_file()

    calls = []
    real = assemble.assemble
    monkeypatch.setattr(assemble, "assemble", lambda name: calls.append(name) or real(name))
    assert specs.spec_for(EX01, cache_dir=tmp_path) == stored and calls == []
    monkeypatch.setattr(specs, "inputs_digest", lambda name, root=None: "another digest")
    assert _same_spec(specs.spec_for(EX01, cache_dir=tmp_path), fresh) and calls == [EX01]
    (tmp_path / ".cache" / f"spec-{EX01}.json").write_text("{not json")
    assert _same_spec(specs.spec_for(EX01, cache_dir=tmp_path), fresh) and calls == [EX01, EX01]


@pytest.fixture(scope="module")
def inputs_copy(tmp_path_factory):
    """A copy of everything ``inputs_digest`` reads, to change one file at a time."""
    import shutil
    root = tmp_path_factory.mktemp("inputs")
    ignore = shutil.ignore_patterns("build", "corpus", "__pycache__", "*.pyc")
    for entry in specs.SPEC_INPUTS:
        source = specs.REPO / entry
        if source.is_dir():
            shutil.copytree(source, root / entry, ignore=ignore)
        elif source.is_file():
            (root / entry).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, root / entry)
    shutil.copytree(specs.REPO / "exercises" / "build" / "release" / EX01,
                    root / "exercises" / "build" / "release" / EX01)
    return root


@pytest.mark.parametrize("changed", [
    f"exercises/{EX01}/{EX01}.md",                        # the template
    "solutions/rnn.py",                                   # a reference solution
    "exercises/assemble.py",                              # the assembler
    "autograder/drivers.py",                              # the drivers shipped to the kernel
    "autograder/cells.py",                                # nbgrader roles of cells
    "course/__init__.py",                                 # course code a solution may import
    f"new: exercises/{EX01}/data.csv",                    # a helper file next to the template
    f"new: exercises/build/release/{EX01}/data.csv",      # a released helper file
    "new: oracle/extra.py",                               # code an included cell may come from
])
def test_any_changed_input_changes_the_digest(inputs_copy, changed):
    before = specs.inputs_digest(EX01, inputs_copy)
    new = changed.startswith("new: ")
    path = inputs_copy / changed.removeprefix("new: ")
    if new:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x = 1\n")
    else:
        original = path.read_bytes()
        path.write_bytes(original + b"\n# one more line\n")
    try:
        assert specs.inputs_digest(EX01, inputs_copy) != before
    finally:
        if new:
            path.unlink()
        else:
            path.write_bytes(original)
    assert specs.inputs_digest(EX01, inputs_copy) == before


def test_a_new_gradebook_gets_the_schema_revision_alembic_reports(tmp_path, monkeypatch):
    """The revision is read in-process; ``alembic heads`` (nbgrader's own
    way, a separate process) is the reference."""
    import os
    import sys

    import nbgrader.api

    from autograder import gradebook
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    assert gradebook.alembic_head() == nbgrader.api.get_alembic_version()
    gb = gradebook.open_gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}")
    gb.close()
    import sqlite3
    with sqlite3.connect(tmp_path / "gradebook.db") as db:
        assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (nbgrader.api.get_alembic_version(),)]


def test_scores_of_a_whole_assignment_read_at_once_equal_those_read_per_student(course, tmp_path):
    """The one-query read of every submission's grades against nbgrader's
    own lookups per student, with an instructor's override in the gradebook."""
    import shutil

    from autograder import gradebook
    shutil.copy(course.out / "gradebook.db", tmp_path / "gradebook.db")
    gb = gradebook.open_gradebook(f"sqlite:///{tmp_path / 'gradebook.db'}")
    with gb:
        gid = sorted(gradebook.cell_scores(gb, EX01, EX01, "101"))[0]
        grade = gb.find_grade(gid, EX01, EX01, "101")
        grade.manual_score = 1.5
        gb.db.commit()
        for assignment in (EX01, EX02):
            students = [s.student.id for s in gb.find_assignment(assignment).submissions]
            assert students
            expected = {sid: gradebook.cell_scores(gb, assignment, assignment, sid) for sid in students}
            assert gradebook.assignment_scores(gb, assignment, assignment) == expected
        assert gradebook.assignment_scores(gb, EX01, EX01)["101"][gid][::2] == (1.5, "manual")
