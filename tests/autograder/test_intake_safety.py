"""Reading a batch of submissions, and the progress display."""
import os
import zipfile

import pytest

from autograder.intake import SubmissionsError, collect

NB = b'{"nbformat": 4, "cells": []}'


def test_folder_layout_skips_hidden_files_links_and_renames_a_lone_notebook(tmp_path):
    (tmp_path / "alice" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "alice" / "ex.ipynb").write_bytes(NB)
    (tmp_path / "alice" / "data").mkdir()
    (tmp_path / "alice" / "data" / "x.csv").write_text("1,2")
    (tmp_path / "alice" / ".secret").write_text("no")
    (tmp_path / "alice" / ".ipynb_checkpoints" / "ex-checkpoint.ipynb").write_bytes(NB)
    os.symlink("/etc/passwd", tmp_path / "alice" / "passwd")
    (tmp_path / "bob").mkdir()
    (tmp_path / "bob" / "My copy of ex.ipynb").write_bytes(NB)
    (tmp_path / ".DS_Store").write_text("")
    intake = collect(str(tmp_path), "ex", "ex")
    subs = {s.student_id: s for s in intake.submissions}
    assert intake.layout == "folder" and sorted(subs) == ["alice", "bob"]
    assert sorted(subs["alice"].files) == ["data/x.csv", "ex.ipynb"]
    assert list(subs["bob"].files) == ["ex.ipynb"]
    assert subs["bob"].notes == ["graded My copy of ex.ipynb as ex.ipynb"]
    assert subs["alice"].digest() != subs["bob"].digest()
    assert {s.entry for s in intake.skipped} == {
        ".DS_Store", "alice/.ipynb_checkpoints/", "alice/.secret", "alice/passwd"}


def test_flat_zip_with_a_custom_naming(tmp_path):
    path = tmp_path / "lms.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ex_alice_attempt_2024-01-30_ex.ipynb", NB)
    regexp = r"ex_(?P<student_id>\w+)_attempt_[0-9-]+_(?P<file_id>\w+)"
    intake = collect(str(path), "ex", "ex", regexp=regexp)
    assert intake.layout == "nbgrader"
    assert [(s.student_id, list(s.files)) for s in intake.submissions] == [("alice", ["ex.ipynb"])]


def test_zip_entries_outside_the_folder_are_ignored(tmp_path):
    path = tmp_path / "lms.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("alice/ex.ipynb", NB)
        zf.writestr("alice/../../evil.py", "x")
    intake = collect(str(path), "ex", "ex")
    assert [list(s.files) for s in intake.submissions] == [["ex.ipynb"]]
    assert intake.skipped[0].entry == "alice/../../evil.py"
    assert "leaves the download's folder" in intake.skipped[0].reason


@pytest.mark.parametrize("name, reason", [("has space", "not a usable student id"),
                                          ("../x", "leaves the download's folder"),
                                          (".hidden", "hidden or system file")])
def test_unusable_unsafe_or_hidden_names_are_skipped_and_the_rest_graded(tmp_path, name, reason):
    path = tmp_path / "lms.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}_ex_ex.ipynb", NB)
        zf.writestr("alice_ex_ex.ipynb", NB)
    intake = collect(str(path), "ex", "ex")
    assert [s.student_id for s in intake.submissions] == ["alice"]
    assert [(s.entry, reason in s.reason) for s in intake.skipped] == [(f"{name}_ex_ex.ipynb", True)]
    path.unlink()
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}_ex_ex.ipynb", NB)
    with pytest.raises(SubmissionsError, match="no submissions found") as err:
        collect(str(path), "ex", "ex")
    assert reason in str(err.value)


def test_zip_entries_cannot_leave_the_working_folder_or_break_the_batch(tmp_path):
    target = tmp_path / "outside.txt"
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("alice/ex.ipynb", NB)
        zf.writestr(f"alice//{target}", "written by a zip entry")      # an absolute path inside
        zf.writestr("alice/./dot.txt", "x")
        zf.writestr("carol/ex.ipynb", NB)
        zf.writestr("carol/x", "a file")
        zf.writestr("carol/x/y", "and a folder of the same name")
        zf.writestr("dave/ex.ipynb", NB)
        zf.writestr("dave/" + "n" * 300 + ".txt", "a name too long for the file system")
    subs = {s.student_id: s for s in collect(str(path), "ex", "ex").submissions}
    assert list(subs["alice"].files) == ["ex.ipynb"]
    assert any("not a plain relative path" in n for n in subs["alice"].notes)   # ("./" is skipped as hidden)
    assert sorted(subs["carol"].files) == ["ex.ipynb", "x"]
    assert any("clashes" in n for n in subs["carol"].notes)
    assert list(subs["dave"].files) == ["ex.ipynb"] and "longer than" in subs["dave"].notes[0]
    assert not target.exists()


def test_file_count_is_capped_with_one_note(tmp_path):
    from autograder.intake import MAX_FILES
    folder = tmp_path / "subs" / "erin"
    folder.mkdir(parents=True)
    (folder / "ex.ipynb").write_bytes(NB)
    for k in range(MAX_FILES + 50):
        (folder / f"f{k:05d}.txt").write_text("")
    intake = collect(str(tmp_path / "subs"), "ex", "ex")
    sub = intake.submissions[0]
    assert len(sub.files) == MAX_FILES and "ex.ipynb" in sub.files
    assert len(sub.notes) == 1 and f"at most {MAX_FILES} files" in sub.notes[0]
    assert [s.reason for s in intake.skipped] == [f"erin: 51 files over the limit of {MAX_FILES}"]


def test_jail_never_writes_outside_its_stage(tmp_path):
    from autograder.jail import Jail
    jail = Jail({"ok.txt": b"1", "../escape.txt": b"2", "/tmp/abs-escape.txt": b"3"})
    jail.tmp = None
    try:
        jail.start(timeout=60)
        stage = os.path.join(jail.tmp, "stage")
        assert sorted(os.listdir(stage)) == ["ok.txt"]
        assert not os.path.exists(os.path.join(jail.tmp, "escape.txt"))
        assert not os.path.exists("/tmp/abs-escape.txt")
        assert os.stat(os.path.join(stage, "ok.txt")).st_mtime == 0
    finally:
        jail.close()
