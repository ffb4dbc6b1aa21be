"""Entries that do not fit are skipped with a reason while everyone else is
read: bad CRCs, encrypted or unknown-method zip entries, control characters
in names and ids; the download is never written; the latest notebook wins."""
import hashlib
import os
import struct
import zipfile
from datetime import UTC, datetime

import pytest
from lms_fixtures.downloads import (
    DOWNLOADS,
    NOTEBOOK,
    T0,
    notebook,
    patch_zip,
    tag_of,
    write,
)

from autograder.intake import MAX_FILE, collect
from autograder.intake.model import ID_RULE, id_problem

NB = NOTEBOOK + ".ipynb"


def reasons(intake):
    return {s.entry: s.reason for s in intake.skipped}


@pytest.mark.parametrize("naming", ["folder", "nbgrader"])
def test_bad_zip_entries_are_skipped_and_the_rest_graded(tmp_path, naming):
    def name(sid):
        return f"{sid}/{NB}" if naming == "folder" else f"{sid}_{NOTEBOOK}_{NB}"
    download = {name(sid): (notebook(sid), T0) for sid in ("alice", "bob", "carol", "dave", "erin")}
    download[name("mallory\n")] = (notebook("mallory"), T0)
    path = write(download, tmp_path, "zip", compression=zipfile.ZIP_STORED)
    patch_zip(path, name("bob"), corrupt=True)
    patch_zip(path, name("carol"), encrypted=True)
    patch_zip(path, name("dave"), method=99)
    intake = collect(str(path), NOTEBOOK, NOTEBOOK)
    subs = {s.student_id: s for s in intake.submissions}
    assert sorted(subs) == ["alice", "bob", "carol", "dave", "erin"]
    assert tag_of(subs["alice"].files[NB]) == "alice" and tag_of(subs["erin"].files[NB]) == "erin"
    for sid in ("bob", "carol", "dave"):
        assert subs[sid].files == {}
        assert len(subs[sid].notes) == 1 and subs[sid].notes[0].startswith("skipped")
    why = reasons(intake)
    assert "Bad CRC-32" in why[name("bob")] and why[name("bob")].startswith("bob: unreadable")
    assert why[name("carol")] == "carol: encrypted"
    assert why[name("dave")] == "dave: compression method 99 is not supported"
    assert why[name("mallory\\n")] == "a name with the control character '\\n'"


def test_a_control_character_folder_beside_a_real_one_is_refused(tmp_path):
    root = tmp_path / "subs"
    for sid in ("alice", "alice\n", "bob\x1b[31m", "carol\u202e"):
        (root / sid).mkdir(parents=True)
        (root / sid / NB).write_bytes(notebook(sid))
    intake = collect(str(root), NOTEBOOK, NOTEBOOK)
    assert [s.student_id for s in intake.submissions] == ["alice"]
    assert reasons(intake) == {"alice\\n/": "a name with the control character '\\n'",
                               "bob\\x1b[31m/": "a name with the control character '\\x1b'",
                               "carol\\u202e/": "a name with the control character '\\u202e'"}


def test_ids_match_their_rule_in_full_in_zips_and_regexps(tmp_path):
    assert id_problem("alice") is None
    for bad in ("alice\n", "alice ", " alice", "alice/x", "", ".alice", "a" * 101):
        assert id_problem(bad), bad
    download = {f"{NOTEBOOK}_alice_{NB}": (notebook("alice"), T0),
                f"{NOTEBOOK}_alice smith_{NB}": (notebook("smith"), T0),
                f"{NOTEBOOK}_bob._{NB}": (notebook("bob"), T0)}
    path = write(download, tmp_path, "zip")
    regexp = rf"{NOTEBOOK}_(?P<student_id>[^_]+)_(?P<file_id>.+)"
    intake = collect(str(path), NOTEBOOK, NOTEBOOK, regexp=regexp)
    assert [s.student_id for s in intake.submissions] == ["alice", "bob."]
    assert reasons(intake) == {f"{NOTEBOOK}_alice smith_{NB}":
                               "'alice smith' is not a usable student id (letters, digits and _.@+- "
                               "only, starting with a letter or digit, at most 100 characters)"}


@pytest.mark.parametrize("form", ["folder", "zip"])
@pytest.mark.parametrize("layout", list(DOWNLOADS))
def test_nothing_under_the_download_is_written(tmp_path, layout, form):
    path = write(DOWNLOADS[layout](), tmp_path, form)

    def snapshot():
        out = {}
        for base, dirs, files in os.walk(tmp_path):
            for n in dirs + files:
                full = os.path.join(base, n)
                st = os.lstat(full)
                digest = ""
                if n in files:
                    with open(full, "rb") as f:
                        digest = hashlib.sha256(f.read()).hexdigest()
                out[full] = (st.st_mode, st.st_size, st.st_mtime_ns, digest)
        return out
    before = snapshot()
    collect(str(path), NOTEBOOK, NOTEBOOK)
    assert snapshot() == before


def test_the_latest_of_several_notebooks_is_graded_and_the_choice_reported(tmp_path):
    root = tmp_path / "subs"
    (root / "alice").mkdir(parents=True)
    (root / "bob").mkdir(parents=True)
    (root / "bob" / NB).write_bytes(notebook("bob"))
    for name, hour in (("draft.ipynb", 9), ("final.ipynb", 11), ("copy.ipynb", 10)):
        (root / "alice" / name).write_bytes(notebook(name))
        stamp = T0.replace(hour=hour).timestamp()
        os.utime(root / "alice" / name, (stamp, stamp))
    intake = collect(str(root), NOTEBOOK, NOTEBOOK)
    sub = intake.submissions[0]
    assert list(sub.files) == [NB] and tag_of(sub.files[NB]) == "final.ipynb"
    latest = "(2024-03-01T11:00:00+00:00, file-mtime)"
    assert sub.notes == [f"graded final.ipynb as {NB}: the latest of 3 notebooks {latest}"]
    assert (sub.submitted_at, sub.timestamp_source) == ("2024-03-01T11:00:00+00:00", "file-mtime")
    assert reasons(intake) == {"alice/copy.ipynb": "alice: an earlier notebook; final.ipynb is graded",
                               "alice/draft.ipynb": "alice: an earlier notebook; final.ipynb is graded"}


def test_zip_times_come_from_the_extended_timestamp_field_when_present(tmp_path):
    path = tmp_path / "d.zip"
    exact = datetime(2024, 3, 1, 23, 59, 58, tzinfo=UTC)
    with zipfile.ZipFile(path, "w") as zf:
        info = zipfile.ZipInfo(f"alice/{NB}", date_time=(2024, 3, 2, 1, 0, 0))
        info.extra = struct.pack("<HHBi", 0x5455, 5, 1, int(exact.timestamp()))
        zf.writestr(info, notebook("alice"))
        zf.writestr(zipfile.ZipInfo(f"bob/{NB}", date_time=(2024, 3, 2, 1, 0, 0)), notebook("bob"))
    subs = {s.student_id: s for s in collect(str(path), NOTEBOOK, NOTEBOOK).submissions}
    assert (subs["alice"].submitted_at, subs["alice"].timestamp_source) == (exact.isoformat(), "zip-entry")
    assert subs["bob"].submitted_at == "2024-03-02T01:00:00+00:00"


def test_an_entry_declared_over_the_limit_is_never_read(tmp_path):
    path = tmp_path / "d.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(f"alice/{NB}", notebook("alice"))
        zf.writestr("alice/big.bin", b"\0" * (MAX_FILE + 1))
    intake = collect(str(path), NOTEBOOK, NOTEBOOK)
    assert list(intake.submissions[0].files) == [NB]
    assert reasons(intake) == {"alice/big.bin": f"alice: {MAX_FILE + 1} bytes, over {MAX_FILE}"}


def test_a_blackboard_receipt_in_an_unknown_zone_is_read_as_utc_with_a_note(tmp_path):
    from lms_fixtures.downloads import blackboard_receipt
    stored = f"Exercise 3_kim_attempt_2024-03-01-10-00-00_{NB}"
    download = {stored: (notebook("kim"), T0), "Exercise 3_kim_attempt_2024-03-01-10-00-00.txt": (
        blackboard_receipt("Kim Park", "kim", "Friday, 1 March 2024 19:00:00 o'clock KST", stored, NB), T0)}
    sub = collect(str(write(download, tmp_path, "zip")), NOTEBOOK, NOTEBOOK).submissions[0]
    assert (sub.submitted_at, sub.timestamp_source) == ("2024-03-01T19:00:00+00:00", "blackboard-receipt")
    assert sub.notes == ["time zone 'KST' of the receipt unknown; read as UTC"]


def test_an_unreadable_folder_file_is_skipped(tmp_path, monkeypatch):
    root = tmp_path / "subs"
    for sid in ("alice", "bob"):
        (root / sid).mkdir(parents=True)
        (root / sid / NB).write_bytes(notebook(sid))
    real_open = open

    def guarded_open(path, *args, **kwargs):
        if str(path) == str(root / "bob" / NB):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)
    monkeypatch.setattr("builtins.open", guarded_open)
    intake = collect(str(root), NOTEBOOK, NOTEBOOK)
    assert [list(s.files) for s in intake.submissions] == [[NB], []]
    assert reasons(intake) == {f"bob/{NB}": "bob: unreadable (Permission denied)"}
    assert intake.submissions[1].notes == [f"skipped {NB!r} (unreadable (Permission denied))"]


def test_an_entry_whose_name_claims_utf8_and_is_not_is_skipped_and_the_rest_read(tmp_path):
    download = {f"{sid}/{NB}": (notebook(sid), T0) for sid in ("alice", "bob", "erin")}
    path = write(download, tmp_path, "zip")
    raw = bytearray(path.read_bytes())
    central = raw.index(f"erin/{NB}".encode(), raw.index(b"PK\x01\x02")) - 46
    flags = struct.unpack("<H", raw[central + 8:central + 10])[0]
    struct.pack_into("<H", raw, central + 8, flags | 0x800)    # "the name is UTF-8"
    raw[central + 46 + 1] = 0xFF                                # ... and it is not
    path.write_bytes(bytes(raw))
    intake = collect(str(path), NOTEBOOK, NOTEBOOK)
    assert [s.student_id for s in intake.submissions] == ["alice", "bob"]
    assert tag_of(intake.submissions[1].files[NB]) == "bob"
    assert list(reasons(intake).values()) == ["a name that is not valid UTF-8 (its entry says it is)"]


@pytest.mark.parametrize("sid", ["alice\r", "alice\t", "alice\u2028", "ali\u200bce", "\ufeffalice",
                                 "alice\u00a0", "alice\u0301", "al\u0131ce", "alice\u2029"])
def test_ids_with_invisible_or_non_ascii_characters_are_refused_everywhere(tmp_path, sid):
    root = tmp_path / "folder"
    for name in ("alice", sid):
        (root / name).mkdir(parents=True)
        (root / name / NB).write_bytes(notebook(name))
    zipped = write({f"{name}_{NOTEBOOK}_{NB}": (notebook(name), T0) for name in ("alice", sid)},
                   tmp_path / "zip", "zip")
    regexp = rf"(?s)(?P<student_id>.+?)_{NOTEBOOK}_(?P<file_id>.+)"
    for intake in (collect(str(root), NOTEBOOK, NOTEBOOK), collect(str(zipped), NOTEBOOK, NOTEBOOK),
                   collect(str(zipped), NOTEBOOK, NOTEBOOK, regexp=regexp)):
        assert [(s.student_id, tag_of(s.files[NB])) for s in intake.submissions] == [("alice", "alice")]
        assert len(intake.skipped) == 1


def test_a_gradescope_sid_must_match_its_rule_as_written(tmp_path):
    metadata = "".join(
        f"submission_{n}:\n  :submitters:\n  - :name: Student {n}\n    :sid: {sid}\n"
        f"    :email: s{n}@example.edu\n  :created_at: 2024-03-01 0{k}:00:00.000000000 +00:00\n"
        for k, (n, sid) in enumerate([(2001, "'bob'"), (2002, '"bob\\n"'), (2003, '" carol"')]))
    download = {"submission_metadata.yml": (metadata.encode(), T0)}
    download.update({f"submission_{n}/{NB}": (notebook(str(n)), T0) for n in (2001, 2002, 2003)})
    intake = collect(str(write(download, tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    assert [(s.student_id, tag_of(s.files[NB])) for s in intake.submissions] == [("bob", "2001")]
    assert reasons(intake) == {
        "submission_2002/": f"a member left out: SID: 'bob\\n' is not a usable student id ({ID_RULE} "
                            "characters)",
        "submission_2003/": f"a member left out: SID: ' carol' is not a usable student id ({ID_RULE} "
                            "characters)"}
