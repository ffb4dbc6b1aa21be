"""Reading a batch of submissions, and the progress display."""
import os
import zipfile

import pytest

from autograder.batch import Progress, summarise, write_csv
from autograder.submissions import SubmissionsError, collect

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
    subs = {s.student_id: s for s in collect(str(tmp_path), "ex", "ex")}
    assert sorted(subs) == ["alice", "bob"]
    assert sorted(subs["alice"].files) == ["data/x.csv", "ex.ipynb"]
    assert list(subs["bob"].files) == ["ex.ipynb"]
    assert subs["bob"].notes == ["graded My copy of ex.ipynb as ex.ipynb"]
    assert subs["alice"].digest() != subs["bob"].digest()


def test_flat_zip_with_a_custom_naming(tmp_path):
    path = tmp_path / "lms.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("ex_alice_attempt_2024-01-30_ex.ipynb", NB)
    regexp = r"ex_(?P<student_id>\w+)_attempt_[0-9-]+_(?P<file_id>\w+)"
    subs = collect(str(path), "ex", "ex", regexp)
    assert [(s.student_id, list(s.files)) for s in subs] == [("alice", ["ex.ipynb"])]


def test_zip_entries_outside_the_folder_are_ignored(tmp_path):
    path = tmp_path / "lms.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("alice/ex.ipynb", NB)
        zf.writestr("alice/../../evil.py", "x")
    subs = collect(str(path), "ex", "ex")
    assert [list(s.files) for s in subs] == [["ex.ipynb"]]


@pytest.mark.parametrize("name, ignored", [("has space", False), ("../x", True), (".hidden", True)])
def test_unusable_names_fail_and_unsafe_or_hidden_entries_are_ignored(tmp_path, name, ignored):
    path = tmp_path / "lms.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"{name}_ex_ex.ipynb", NB)
    if ignored:
        assert collect(str(path), "ex", "ex") == []
    else:
        with pytest.raises(SubmissionsError, match="not a usable student id"):
            collect(str(path), "ex", "ex")


def test_progress_bar_on_a_terminal_and_plain_lines_otherwise(capsys):
    bar = Progress(2, bar=True)
    bar.update("a: 1/1")
    bar.update("b: 0/1")
    err = capsys.readouterr().err
    assert "\r[###############...............] 1/2 ETA" in err and "2/2" in err
    plain = Progress(2, bar=False)
    plain.update("a: 1/1 status=ok")
    assert capsys.readouterr().err == "[1/2] a: 1/1 status=ok\n"


def test_csv_and_summary(tmp_path):
    results = {sid: {"assignment": "ex", "score": s, "max_score": 3.0, "status": st,
                     "tests": {"t1": {"points": min(s, 1.0), "passed": s >= 1},
                               "t2": {"points": max(s - 1, 0.0), "passed": s >= 3}}}
               for sid, s, st in (("a", 3.0, "ok"), ("b", 1.0, "timeout"), ("c", 0.0, "ok"))}
    write_csv(tmp_path / "g.csv", results, ["t1", "t2"])
    assert (tmp_path / "g.csv").read_text().splitlines() == [
        "student_id,assignment,score,max_score,status,t1,t2",
        "a,ex,3,3,ok,1,2", "b,ex,1,3,timeout,1,0", "c,ex,0,3,ok,0,0"]
    text, stats = summarise(results, ["t1", "t2"], 3.0)
    assert stats["mean"] == pytest.approx(4 / 3) and stats["median"] == 1.0
    assert stats["pass_rate"] == {"t1": pytest.approx(2 / 3), "t2": pytest.approx(1 / 3)}
    assert stats["statuses"] == {"ok": 2, "timeout": 1}


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
    subs = {s.student_id: s for s in collect(str(path), "ex", "ex")}
    assert list(subs["alice"].files) == ["ex.ipynb"]
    assert any("not a plain relative path" in n for n in subs["alice"].notes)   # ("./" is skipped as hidden)
    assert sorted(subs["carol"].files) == ["ex.ipynb", "x"]
    assert any("clashes" in n for n in subs["carol"].notes)
    assert list(subs["dave"].files) == ["ex.ipynb"] and "longer than" in subs["dave"].notes[0]
    assert not target.exists()


def test_file_count_is_capped_with_one_note(tmp_path):
    from autograder.submissions import MAX_FILES
    folder = tmp_path / "subs" / "erin"
    folder.mkdir(parents=True)
    (folder / "ex.ipynb").write_bytes(NB)
    for k in range(MAX_FILES + 50):
        (folder / f"f{k:05d}.txt").write_text("")
    sub = collect(str(tmp_path / "subs"), "ex", "ex")[0]
    assert len(sub.files) == MAX_FILES and "ex.ipynb" in sub.files
    assert len(sub.notes) == 1 and f"at most {MAX_FILES} files" in sub.notes[0]


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


def test_sanitise_makes_every_string_writable_and_short():
    from autograder.batch import MAX_MESSAGE, MAX_TEXT, sanitise
    result = {"status": "ok", "tests": {"t": {"message": "m" * 10_000, "points": 1.0}},
              "cells": [{"output": "\ud800 printed" + "o" * (MAX_TEXT + 5)}], "score": 1.0}
    clean = sanitise(result)
    assert clean["tests"]["t"]["points"] == 1.0 and clean["score"] == 1.0
    assert len(clean["tests"]["t"]["message"]) < MAX_MESSAGE + 100
    output = clean["cells"][0]["output"]
    assert output.startswith("\\ud800 printed") and len(output) < MAX_TEXT + 100
    output.encode("utf-8")                          # no lone surrogate left
    assert result["cells"][0]["output"].startswith("\ud800")    # the input is not modified
