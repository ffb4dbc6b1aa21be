"""Downloads as each LMS writes them, built in memory and written into a
test's tmp_path as a folder, a zip, or a zip with one top-level folder.

A download is a dict {path: (bytes, modification time)}; ``notebook(tag)``
makes a small notebook whose metadata carries ``tag``, so a test can tell
which file was graded.
"""
import json
import os
import struct
import zipfile
from datetime import UTC, datetime

NOTEBOOK = "ex03_lstm_forward"
T0 = datetime(2024, 3, 1, 10, 0, 0, tzinfo=UTC)


def notebook(tag):
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {"tag": tag},
                       "cells": []}).encode()


def tag_of(data):
    return json.loads(data)["metadata"]["tag"]


def at(hours=0):
    return T0.replace(hour=10 + hours)


def folder_download():
    """Today's layout: one folder per student, ``<student_id>/<notebook>.ipynb``
    plus any files the student added, and a stray README at the top."""
    return {f"alice/{NOTEBOOK}.ipynb": (notebook("alice"), at()),
            "alice/data/x.csv": (b"1,2\n", at()),
            f"bob/{NOTEBOOK}.ipynb": (notebook("bob"), at(1)),
            "README.txt": (b"instructor's notes\n", at())}


def flat_download():
    """A flat folder or zip of ``<student_id>.ipynb``, the first thing a new
    instructor tries, with a stray README."""
    return {"alice.ipynb": (notebook("alice"), at()), "bob.ipynb": (notebook("bob"), at()),
            "carol.ipynb": (notebook("carol"), at()), "README.txt": (b"notes\n", at())}


def nbgrader_download():
    """nbgrader ``zip_collect`` naming ``<student_id>_<assignment>_<file>``
    (the ``FileNameCollectorPlugin`` default of this course)."""
    return {f"alice_{NOTEBOOK}_{NOTEBOOK}.ipynb": (notebook("alice"), at()),
            f"bob_{NOTEBOOK}_{NOTEBOOK}.ipynb": (notebook("bob"), at()),
            f"bob_{NOTEBOOK}_data.csv": (b"1\n", at())}


def canvas_download():
    """Canvas "Download Submissions": ``<sortablename>[_late]_<user_id>_<attachment_id>_<file>``,
    the sortable name without non-word characters and lower-cased, ``late``
    for late submissions, ``_text.html`` for text entries (Canvas
    ``app/models/content_zipper.rb``, ``get_filename``). Every entry has the
    time the zip was built. Eric attached two notebooks: the later upload
    (higher attachment id) is the one graded."""
    built = at(5)
    return {f"doejohn_123456_7891011_{NOTEBOOK}.ipynb": (notebook("john"), built),
            f"smithjane_late_234567_7891012_{NOTEBOOK}-1.ipynb": (notebook("jane"), built),
            "roeeric_345678_7891013_draft.ipynb": (notebook("eric-draft"), built),
            "roeeric_345678_7891020_final.ipynb": (notebook("eric-final"), built),
            "müllerjürgen_456789_text.html": (b"<p>my answer</p>", built)}


def moodle_download(folders=True, trailing_underscore=False):
    """Moodle "Download all submissions": ``<Full Name>_<participant id>_assignsubmission_file``
    then ``/<file>`` in folders (``_/`` before Moodle 4) or ``_<file>`` flat
    (Moodle ``mod/assign/classes/downloader.php``). Names keep spaces and
    accents; the online-text plugin's file is not a submission file."""
    sep = ("_/" if trailing_underscore else "/") if folders else "_"
    built = at(6)
    return {f"John Doe_12345_assignsubmission_file{sep}{NOTEBOOK}.ipynb": (notebook("john"), built),
            f"Zoë Ångström-Lefèvre_23456_assignsubmission_file{sep}{NOTEBOOK}.ipynb":
                (notebook("zoe"), built),
            f"Zoë Ångström-Lefèvre_23456_assignsubmission_file{sep}notes.md": (b"# notes\n", built),
            f"John Doe_12345_assignsubmission_onlinetext{sep}onlinetext.html": (b"<p>hi</p>", built)}


GRADESCOPE_METADATA = """\
submission_1001:
  :submitters:
  - :name: Ada Lovelace
    :sid: 's1001'
    :email: ada@example.edu
  :created_at: 2024-03-01 09:15:00.123456000 -08:00
  :score: 0.0
  :history: []
submission_1002:
  :submitters:
  - :name: Grace Hopper
    :sid: 's1002'
    :email: grace@example.edu
  - :name: Alan Turing
    :sid: 's1003'
    :email: alan@example.edu
  :created_at: 2024-03-01 11:00:00.000000000 -08:00
  :score: 0.0
  :history: []
submission_1004:
  :submitters:
  - :name: Edsger Dijkstra
    :sid: ''
    :email: edsger@example.edu
  :created_at: 2024-03-02 08:00:00.000000000 +01:00
  :score: 0.0
  :history: []
"""


def gradescope_download():
    """Gradescope "Export Submissions": ``submission_metadata.yml`` (Ruby
    symbol keys, ``:submitters:`` with ``:name:``/``:sid:``/``:email:``,
    ``:created_at:`` with its offset) and one ``submission_<id>/`` folder per
    submission; 1002 is a group of two; 1004 has no SID."""
    built = at(7)
    return {"submission_metadata.yml": (GRADESCOPE_METADATA.encode(), built),
            f"submission_1001/{NOTEBOOK}.ipynb": (notebook("ada"), built),
            f"submission_1002/{NOTEBOOK}.ipynb": (notebook("grace+alan"), built),
            f"submission_1004/{NOTEBOOK}.ipynb": (notebook("edsger"), built)}


def blackboard_receipt(name, username, date, stored, original):
    return (f"Name: {name} ({username})\nAssignment: Exercise 3\nDate Submitted: {date}\n"
            "Current Mark: Needs Marking\n\nSubmission Field:\n"
            "There is no student submission text data for this assignment.\n\nComments:\n"
            "There are no student comments for this assignment.\n\nFiles:\n"
            f"\tOriginal filename: {original}\n\tFilename: {stored}\n").encode()


def blackboard_download():
    """Blackboard "Download Assignment": ``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file>``
    and a ``.txt`` receipt per attempt (``Name: Full Name (username)``,
    ``Date Submitted:`` in the UK form ``Tuesday, 21 April 2020 06:34:13
    o'clock BST`` or the US form ``Monday, January 30, 2023 3:30:10 PM EST``;
    nbgrader's ``FileNameCollectorPlugin`` example, BBGradebookOrganiser,
    gradex-cli). jdoe made two attempts; asmith's attempt has no receipt."""
    built = at(8)
    out = {}
    for user, name, stamp, date, tag in (
            ("jdoe", "John Doe", "2024-03-01-10-00-00", "Friday, 1 March 2024 10:00:00 o'clock GMT", "jdoe-1"),
            ("jdoe", "John Doe", "2024-03-01-12-30-00", "Friday, March 1, 2024 7:30:00 AM EST", "jdoe-2"),
            ("mlee", "Min Lee", "2024-03-01-09-00-00", "Friday, 1 March 2024 10:00:00 o'clock BST", "mlee")):
        stored = f"Exercise 3_{user}_attempt_{stamp}_{NOTEBOOK}.ipynb"
        out[stored] = (notebook(tag), built)
        out[f"Exercise 3_{user}_attempt_{stamp}.txt"] = (
            blackboard_receipt(name, user, date, stored, f"{NOTEBOOK}.ipynb"), built)
    out[f"Exercise 3_asmith_attempt_2024-03-01-11-00-00_{NOTEBOOK}.ipynb"] = (notebook("asmith"), built)
    return out


DOWNLOADS = {"folder": folder_download, "flat": flat_download, "nbgrader": nbgrader_download,
             "canvas": canvas_download, "moodle": moodle_download,
             "gradescope": gradescope_download, "blackboard": blackboard_download}


def write(download, root, form="folder", top=None, compression=zipfile.ZIP_DEFLATED):
    """Write ``download`` under ``root`` as ``form`` "folder" or "zip"
    (optionally inside one top-level folder ``top``); returns the path to
    give ``collect``."""
    root.mkdir(parents=True, exist_ok=True)
    prefix = f"{top}/" if top else ""
    if form == "zip":
        path = root / "download.zip"
        with zipfile.ZipFile(path, "w") as zf:
            for name, (data, when) in download.items():
                info = zipfile.ZipInfo(prefix + name, date_time=when.timetuple()[:6])
                info.compress_type = compression
                zf.writestr(info, data)
        return path
    base = root / "download"
    for name, (data, when) in download.items():
        target = base / (prefix + name)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        stamp = when.timestamp()
        os.utime(target, (stamp, stamp))
    return base


def patch_zip(path, name, *, method=None, encrypted=False, corrupt=False):
    """Change one entry of a written zip in place: its compression method
    field, its encrypted flag, or one byte of its data (a bad CRC)."""
    raw = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(name)
    local = info.header_offset
    name_len, extra_len = struct.unpack("<HH", raw[local + 26:local + 30])
    central = raw.index(b"PK\x01\x02")
    while True:
        length = struct.unpack("<H", raw[central + 28:central + 30])[0]
        if raw[central + 46:central + 46 + length] == name.encode():
            break
        central = raw.index(b"PK\x01\x02", central + 46)
    if method is not None:
        struct.pack_into("<H", raw, local + 8, method)
        struct.pack_into("<H", raw, central + 10, method)
    if encrypted:
        for at_ in (local + 6, central + 8):
            struct.pack_into("<H", raw, at_, struct.unpack("<H", raw[at_:at_ + 2])[0] | 1)
    if corrupt:
        raw[local + 30 + name_len + extra_len] ^= 0xFF
    path.write_bytes(bytes(raw))
