"""Every LMS layout, from a folder, a zip and a zip with one top-level
folder: recognised by itself, read into the right students, with what each
LMS says about them (names, late markers, times, group members)."""
import zipfile
from datetime import datetime

import pytest
from lms_fixtures.downloads import (
    DOWNLOADS,
    NOTEBOOK,
    T0,
    blackboard_download,
    canvas_download,
    gradescope_download,
    moodle_download,
    notebook,
    tag_of,
    write,
)

from autograder.intake import SubmissionsError, collect

NB = NOTEBOOK + ".ipynb"
EXPECTED = {   # student id -> the tag of the notebook graded
    "folder": {"alice": "alice", "bob": "bob"},
    "flat": {"alice": "alice", "bob": "bob", "carol": "carol"},
    "nbgrader": {"alice": "alice", "bob": "bob"},
    "canvas": {"123456": "john", "234567": "jane", "345678": "eric-final"},
    "moodle": {"12345": "john", "23456": "zoe"},
    "gradescope": {"s1001": "ada", "s1002": "grace+alan", "edsger": "edsger"},
    "blackboard": {"jdoe": "jdoe-2", "mlee": "mlee", "asmith": "asmith"},
}
FORMS = [("folder", None), ("zip", None), ("zip", "download_2024-03-01"), ("folder", "export")]


def graded(intake):
    return {s.student_id: tag_of(s.files[NB]) for s in intake.submissions}


@pytest.mark.parametrize("form, top", FORMS)
@pytest.mark.parametrize("layout", list(DOWNLOADS))
def test_each_layout_is_recognised_and_read(tmp_path, layout, form, top):
    path = write(DOWNLOADS[layout](), tmp_path, form, top)
    intake = collect(str(path), NOTEBOOK, NOTEBOOK)
    assert intake.layout == layout
    assert graded(intake) == EXPECTED[layout]
    assert [s.student_id for s in intake.submissions] == sorted(EXPECTED[layout])
    named = collect(str(path), NOTEBOOK, NOTEBOOK, lms=layout)
    assert named.layout == layout and graded(named) == EXPECTED[layout]
    for sub in intake.submissions:
        assert datetime.fromisoformat(sub.submitted_at).tzinfo is not None
        assert sub.timestamp_source and sub.origin


def test_canvas_user_ids_late_marker_and_text_entries(tmp_path):
    intake = collect(str(write(canvas_download(), tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    subs = {s.student_id: s for s in intake.submissions}
    assert {sid: s.lms_late for sid, s in subs.items()} == {"123456": False, "234567": True,
                                                            "345678": False}
    assert subs["234567"].notes == [f"graded {NOTEBOOK}-1.ipynb as {NB}"]
    assert subs["234567"].origin == f"smithjane_late_234567_7891012_{NOTEBOOK}-1.ipynb"
    assert all(s.timestamp_source == "zip-entry" for s in subs.values())
    reasons = {s.entry: s.reason for s in intake.skipped}
    assert reasons["müllerjürgen_456789_text.html"] == "a Canvas text or URL entry, not an uploaded file"


@pytest.mark.parametrize("folders, trailing", [(True, False), (True, True), (False, False)])
def test_moodle_names_with_spaces_and_accents_in_folders_and_flat(tmp_path, folders, trailing):
    path = write(moodle_download(folders, trailing), tmp_path, "zip")
    intake = collect(str(path), NOTEBOOK, NOTEBOOK)
    assert intake.layout == "moodle"
    subs = {s.student_id: s for s in intake.submissions}
    assert {sid: s.name for sid, s in subs.items()} == {"12345": "John Doe",
                                                        "23456": "Zoë Ångström-Lefèvre"}
    assert sorted(subs["23456"].files) == [NB, "notes.md"]
    assert [s.reason for s in intake.skipped] == ["Moodle's onlinetext submission, not a file"]


def test_gradescope_metadata_groups_times_and_id_fallback(tmp_path):
    intake = collect(str(write(gradescope_download(), tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    subs = {s.student_id: s for s in intake.submissions}
    group = subs["s1002"]
    assert group.members == ["s1002", "s1003"] and group.name == "Grace Hopper"
    assert group.email == "grace@example.edu" and group.origin == "submission_1002/"
    assert subs["s1001"].members == []
    assert subs["s1001"].submitted_at == "2024-03-01T09:15:00.123456-08:00"
    assert {s.timestamp_source for s in subs.values()} == {"gradescope"}
    assert subs["edsger"].notes == ["no SID; the email's local part 'edsger' is the student id"]
    assert intake.skipped == []


def test_gradescope_latest_submission_of_a_student_wins(tmp_path):
    download = gradescope_download()
    meta = download["submission_metadata.yml"][0].decode()
    meta += ("submission_1005:\n  :submitters:\n  - :name: Ada Lovelace\n    :sid: 's1001'\n"
             "  :created_at: 2024-03-01 08:00:00.000000000 -08:00\n")
    download["submission_metadata.yml"] = (meta.encode(), download["submission_metadata.yml"][1])
    download[f"submission_1005/{NB}"] = (notebook("ada-earlier"), download[f"submission_1001/{NB}"][1])
    intake = collect(str(write(download, tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    assert graded(intake)["s1001"] == "ada"
    assert [s.entry for s in intake.skipped] == [f"submission_1005/{NB}"]
    assert "an earlier submission" in intake.skipped[0].reason


def test_gradescope_unreadable_metadata_is_an_instructor_error(tmp_path):
    download = gradescope_download()
    download["submission_metadata.yml"] = (b"submission_1001: [unclosed", download[f"submission_1001/{NB}"][1])
    with pytest.raises(SubmissionsError, match="submission_metadata.yml cannot be read"):
        collect(str(write(download, tmp_path, "zip")), NOTEBOOK, NOTEBOOK)


def test_blackboard_receipts_give_names_zoned_times_and_the_latest_attempt(tmp_path):
    intake = collect(str(write(blackboard_download(), tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    subs = {s.student_id: s for s in intake.submissions}
    assert subs["jdoe"].name == "John Doe"
    assert (subs["jdoe"].submitted_at, subs["jdoe"].timestamp_source) == (
        "2024-03-01T07:30:00-05:00", "blackboard-receipt")            # US form, EST
    assert subs["mlee"].submitted_at == "2024-03-01T10:00:00+01:00"   # UK form, BST
    assert (subs["asmith"].submitted_at, subs["asmith"].timestamp_source) == (
        "2024-03-01T11:00:00+00:00", "blackboard-filename")
    assert subs["asmith"].notes == ["no receipt: the time in the file name is used, read as UTC"]
    assert any("graded the latest of 2 submissions" in n for n in subs["jdoe"].notes)
    assert [s.entry for s in intake.skipped] == [
        f"Exercise 3_jdoe_attempt_2024-03-01-10-00-00_{NB}"]


def test_nbgrader_regexp_with_a_timestamp_grades_the_latest(tmp_path):
    download = {"ps1_bitdiddle_attempt_2016-01-30-15-30-10_problem1.ipynb": (notebook("early"), T0),
                "ps1_bitdiddle_attempt_2016-01-30-16-30-10_problem1.ipynb": (notebook("late"), T0)}
    regexp = r".+_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)"
    intake = collect(str(write(download, tmp_path, "zip")), "ps1", "problem1", regexp=regexp)
    assert intake.layout == "nbgrader"
    sub = intake.submissions[0]
    assert tag_of(sub.files["problem1.ipynb"]) == "late"
    assert (sub.submitted_at, sub.timestamp_source) == ("2016-01-30T16:30:10+00:00", "filename")


def test_canvas_late_marker_is_read_in_either_case(tmp_path):
    path = tmp_path / "submissions.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"doejohn_LATE_123456_7891011_{NOTEBOOK}.ipynb", notebook("a"))
        zf.writestr(f"roeann_late_223456_7891012_{NOTEBOOK}.ipynb", notebook("b"))
        zf.writestr(f"smithbo_323456_7891013_{NOTEBOOK}.ipynb", notebook("c"))
    intake = collect(str(path), NOTEBOOK, NOTEBOOK, lms="canvas")
    assert {s.student_id: s.lms_late for s in intake.submissions} == {
        "123456": True, "223456": True, "323456": False}
