"""Auto-detection: every layout recognised without a flag and never taken
for another; a download with no submission is an instructor error that says
what was tried and what was seen."""
import pytest
from lms_fixtures.downloads import DOWNLOADS, NOTEBOOK, T0, notebook, write

from autograder.intake import LAYOUTS, SubmissionsError, collect

FORMS = [("folder", None), ("zip", None), ("zip", "top")]


@pytest.mark.parametrize("form, top", FORMS)
def test_detection_matrix(tmp_path, form, top):
    """Row: the download; column: what auto-detection says. Only the
    diagonal is allowed."""
    seen = {}
    for layout, make in DOWNLOADS.items():
        path = write(make(), tmp_path / layout, form, top)
        seen[layout] = collect(str(path), NOTEBOOK, NOTEBOOK).layout
    assert seen == {layout: layout for layout in DOWNLOADS}


@pytest.mark.parametrize("actual", list(DOWNLOADS))
def test_a_wrong_lms_never_reads_the_same_students(tmp_path, actual):
    path = write(DOWNLOADS[actual](), tmp_path, "zip")
    right = {s.student_id for s in collect(str(path), NOTEBOOK, NOTEBOOK).submissions}
    for other in LAYOUTS:
        if other == actual:
            continue
        try:
            intake = collect(str(path), NOTEBOOK, NOTEBOOK, lms=other)
        except SubmissionsError:
            continue
        assert intake.layout == other
        assert {s.student_id for s in intake.submissions} != right, other


def test_a_stray_file_does_not_change_the_layout(tmp_path):
    download = {f"{sid}.ipynb": (notebook(sid), T0) for sid in ("alice", "bob", "carol")}
    download["README.txt"] = (b"x", T0)
    download["grading notes.pdf"] = (b"%PDF", T0)
    intake = collect(str(write(download, tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    assert intake.layout == "flat" and len(intake.submissions) == 3
    assert {s.entry for s in intake.skipped} == {"README.txt", "grading notes.pdf"}


def test_zero_submissions_says_what_was_tried_and_seen(tmp_path):
    download = {"README.txt": (b"x", T0), "solution.py": (b"x = 1", T0)}
    with pytest.raises(SubmissionsError) as err:
        collect(str(write(download, tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    message = str(err.value)
    assert "no submissions found" in message
    assert "tried the layouts gradescope, blackboard, moodle, canvas, nbgrader, flat, folder" in message
    assert "0 notebooks, 2 other files and 0 folders at the top level" in message
    assert "--lms flat" in message


def test_zero_submissions_from_unusable_names_names_the_reason(tmp_path):
    download = {"my notebook.ipynb": (notebook("x"), T0), "your notebook.ipynb": (notebook("y"), T0)}
    with pytest.raises(SubmissionsError) as err:
        collect(str(write(download, tmp_path, "folder")), NOTEBOOK, NOTEBOOK, lms="flat")
    message = str(err.value)
    assert "as flat (<student_id>.ipynb)" in message
    assert "'my notebook' is not a usable student id" in message


def test_an_empty_folder_and_a_missing_path_are_instructor_errors(tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(SubmissionsError, match="0 notebooks, 0 other files and 0 folders"):
        collect(str(tmp_path / "empty"), NOTEBOOK, NOTEBOOK)
    with pytest.raises(SubmissionsError, match="does not exist"):
        collect(str(tmp_path / "nowhere"), NOTEBOOK, NOTEBOOK)
    (tmp_path / "not.zip").write_bytes(b"PK\x03\x04 broken")
    with pytest.raises(SubmissionsError, match="not a readable zip file"):
        collect(str(tmp_path / "not.zip"), NOTEBOOK, NOTEBOOK)


@pytest.mark.parametrize("lms, regexp, message", [
    ("webct", None, "unknown --lms 'webct'"),
    ("canvas", r"(?P<student_id>\w+)_(?P<file_id>.+)", "--zip-regexp names the files of the nbgrader layout"),
    ("auto", r"(?P<student>\w+)_(?P<file_id>.+)", r"lacks the named group\(s\) \(\?P<student_id>"),
    ("auto", r"(?P<student_id>[", "is not a regular expression"),
])
def test_bad_options_are_instructor_errors(tmp_path, lms, regexp, message):
    path = write(DOWNLOADS["flat"](), tmp_path, "zip")
    with pytest.raises(SubmissionsError, match=message):
        collect(str(path), NOTEBOOK, NOTEBOOK, lms=lms, regexp=regexp)


def test_a_wrong_lms_with_nothing_found_suggests_the_layout_it_looks_like(tmp_path):
    path = write(DOWNLOADS["flat"](), tmp_path, "zip")
    with pytest.raises(SubmissionsError) as err:
        collect(str(path), NOTEBOOK, NOTEBOOK, lms="canvas")
    message = str(err.value)
    assert "as canvas (<sortablename>[_late]_<user_id>_<attachment_id>_<file>)" in message
    assert "3 notebooks, 1 other files and 0 folders at the top level" in message
    assert message.endswith("without --lms it would be read as flat")
