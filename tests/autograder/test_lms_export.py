"""Grade exports and feedback zips, checked against what each LMS's importer reads.

The Canvas checks restate the rules of Canvas's ``lib/gradebook_importer.rb``
(header ``Student, ID, SIS User ID, SIS Login ID, Section``, assignment
columns ``<name> (<id>)``, rows matched by ``ID``) and of
``Assignment#infer_comment_context_from_filename`` (the first two all-digit
``_`` parts of a file name are the user id and the attachment id); the Moodle
checks restate ``importgradeslib.php`` (``Identifier`` = ``Participant <n>``,
``Grade`` and ``Last modified (grade)`` required) and the feedback-zip
importer (``explode('_', name, 5)``: participant id, then the plugin
``assignsubmission_file``).

The Blackboard checks restate Blackboard Help, "Uploading or Downloading
Grade Center Items for Working Offline"
(http://library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/Content/_instructor_grade_center/grade_center_upload_download.htm):
a header row, every value of a comma-separated file inside quotation marks,
students matched by their user name (``Username``), columns by the column id
(a column without one becomes a new 0-point text column). The fixture
``blackboard_grade_center.xls`` is the Grade Center's Work Offline download
as that page and Blackboard's own files lay it out: UTF-16 text separated by
tabs, ``Last Name, First Name, Username, Student ID, Last Access,
Availability``, then ``<column> [Total Pts: N Score] |<column id>`` (a
calculated total reads ``[Total Pts: up to N Score]``).

Gradescope documents no import of scores; the Gradescope table restates the
columns of Gradescope's per-assignment score export (``Name, SID, Email,
Total Score, Max Points, Status, Submission Time, Lateness (H:M:S)``) and
takes SIDs and emails from the intake of a ``submission_metadata.yml``
written from https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/.
"""
import csv
import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lms_fixtures.downloads import NOTEBOOK, blackboard_download, gradescope_download, write

from autograder.intake import collect
from autograder.lms_export import (
    ExportError,
    GradeRow,
    feedback_zip,
    write_blackboard_csv,
    write_canvas_csv,
    write_gradescope_csv,
    write_moodle_csv,
    write_plain_csv,
)
from autograder.roster import Roster, Student, read_roster

EXPORTS = Path(__file__).resolve().parent / "lms_fixtures" / "exports"


def row(student_id, assignment, score, max_score=10.0, status="ok", raw=None, penalty=0.0,
        submitted_at="", late_by=""):
    return GradeRow(student_id, assignment, score, max_score, status,
                    score if raw is None else raw, penalty, submitted_at, late_by)


def read_csv(path):
    data = path.read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))


def no_temporary_files(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".")] == []


# --- plain -----------------------------------------------------------------

def test_plain_course_csv(tmp_path):
    rows = [row("bob", "ex01", 7.5, raw=9, penalty=1.5), row("ann", "ex01", 10), row("ann", "ex03", 4.25, 20),
            row("carl", "ex03", 0, 20, status="missing")]
    path = tmp_path / "course_grades.csv"
    write_plain_csv(path, rows, ["ex01", "ex03"])
    assert path.read_bytes() == (b"student_id,ex01,ex03,total\r\n"
                                 b"ann,10,4.25,14.25\r\n"
                                 b"bob,7.5,,7.5\r\n"
                                 b"carl,,0,0\r\n")
    assert no_temporary_files(tmp_path)


def test_plain_csv_replaces_an_existing_file(tmp_path):
    path = tmp_path / "course_grades.csv"
    path.write_text("old")
    write_plain_csv(path, [row("ann", "ex01", 1e-7), row("bob", "ex01", 123456789)], ["ex01"])
    assert read_csv(path) == [["student_id", "ex01", "total"], ["ann", "1e-07", "1e-07"],
                              ["bob", "1.23457e+08", "1.23457e+08"]]


@pytest.mark.parametrize("rows, message", [
    ([row("ann", "ex01", 1), row("ann", "ex01", 2)], "two rows for student 'ann' and assignment 'ex01'"),
    ([row("ann", "ex02", 1)], r"rows for assignments \['ex02'\] that are not among the columns"),
    ([row("ann", "ex01", float("nan"))], "the score of 'ann' for 'ex01' is nan"),
])
def test_plain_csv_errors(tmp_path, rows, message):
    path = tmp_path / "course_grades.csv"
    path.write_text("kept")
    with pytest.raises(ExportError, match=message):
        write_plain_csv(path, rows, ["ex01"])
    assert path.read_text() == "kept"


# --- Canvas ----------------------------------------------------------------

def canvas_importer_view(table):
    """The header checks and row matching of Canvas's gradebook importer, restated."""
    header = table[0]
    assert "Student" in header[0] and "ID" in header[1]
    assert re.search(r"SIS\s+User\s+ID", header[2]) and re.search(r"SIS\s+Login\s+ID", header[3])
    assert "Section" in header[4]                      # the last student-information column
    assignments = {}
    for index, title in enumerate(header[5:], start=5):
        match = re.fullmatch(r"(.*)\s\((\d+)\)", title)
        assert match, f"{title!r} would create a new Canvas assignment"
        assignments[match.group(2)] = index
    grades = {}
    for cells in table[1:]:
        assert "Points Possible" not in cells[0]
        grades[cells[1]] = {aid: cells[index] for aid, index in assignments.items()}
    return grades


def test_canvas_csv(tmp_path):
    roster = read_roster(EXPORTS / "canvas_gradebook_export.csv")
    rows = [row("123456", "ex01_rnn_forward", 8.5), row("123457", "ex01_rnn_forward", 10),
            row("123457", "ex03_lstm_forward", 12.5, 20, raw=15, penalty=2.5),
            row("777", "ex01_rnn_forward", 3)]
    columns = {"ex01_rnn_forward": "RNN forward (4101)", "ex03_lstm_forward": "LSTM forward (4102)"}
    path = tmp_path / "canvas.csv"
    skipped = write_canvas_csv(path, rows, roster, columns)
    assert skipped == ["777: not on the Canvas roster"]
    table = read_csv(path)
    assert table == [
        ["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "RNN forward (4101)",
         "LSTM forward (4102)"],
        ["Doe, John", "123456", "S0001", "jdoe", "LSTM 101 - Section A", "8.5", ""],
        ["Müller, Zoë", "123457", "S0002", "zmuller", "LSTM 101 - Section A and LSTM 101 - Section B",
         "10", "12.5"],
        ["O'Brien, Seán", "123458", "", "sobrien", "LSTM 101 - Section B", "", ""],
    ]
    assert canvas_importer_view(table) == {
        "123456": {"4101": "8.5", "4102": ""},
        "123457": {"4101": "10", "4102": "12.5"},
        "123458": {"4101": "", "4102": ""},
    }
    assert no_temporary_files(tmp_path)


def test_canvas_csv_needs_a_canvas_roster(tmp_path):
    plain = Roster({"ann": Student("ann")}, "plain")
    for roster, found in ((plain, "got a plain roster"), (None, "got no roster")):
        with pytest.raises(ExportError, match=f"needs a canvas roster.*{found}"):
            write_canvas_csv(tmp_path / "c.csv", [], roster, {"ex01": "RNN (1)"})
    assert not (tmp_path / "c.csv").exists()


@pytest.mark.parametrize("columns, message", [
    ({"ex01": "RNN forward"}, r"expected '<assignment name> \(<Canvas assignment id>\)'"),
    ({"ex01": "RNN forward (abc)"}, "expected '<assignment name>"),
    ({"ex02": "Other (5)"}, r"no Canvas column for assignments \['ex01'\]"),
])
def test_canvas_csv_column_errors(tmp_path, columns, message):
    roster = read_roster(EXPORTS / "canvas_gradebook_export.csv")
    with pytest.raises(ExportError, match=message):
        write_canvas_csv(tmp_path / "c.csv", [row("123456", "ex01", 1)], roster, columns)


# --- Moodle ----------------------------------------------------------------

def test_moodle_worksheet(tmp_path):
    roster = read_roster(EXPORTS / "moodle_grading_worksheet.csv")
    rows = [row("1234567", "ex01", 8, submitted_at="2026-11-30T09:15:00+00:00"),
            row("1234569", "ex01", 7.2, raw=9, penalty=1.8, status="ok",
                submitted_at="2026-12-01T01:00:00+00:00", late_by="2 h"),
            row("42", "ex01", 5)]
    path = tmp_path / "moodle.csv"
    modified = datetime(2026, 12, 2, 8, 30, tzinfo=UTC)
    skipped = write_moodle_csv(path, rows, roster, "ex01", modified=modified)
    assert skipped == ["42: not on the Moodle roster"]
    table = read_csv(path)
    header = table[0]
    assert header == ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum grade",
                      "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                      "Feedback comments"]
    # what Moodle's importer requires, and how it reads the identifier
    for required in ("Identifier", "Grade", "Last modified (grade)"):
        assert required in header
    rows_by_participant = {cells[0][len("Participant "):]: dict(zip(header, cells)) for cells in table[1:]}
    assert list(rows_by_participant) == ["1234567", "1234569"]     # no row for the ungraded student
    late = rows_by_participant["1234569"]
    assert late["Grade"] == "7.2"
    assert late["Maximum grade"] == "10"
    assert late["Full name"] == "Seán O'Brien"
    assert late["Last modified (grade)"] == "2026-12-02T08:30:00+00:00"
    assert late["Last modified (submission)"] == "2026-12-01T01:00:00+00:00"
    assert late["Feedback comments"] == "Autograded: 7.2 / 10. Late by 2 h: 1.8 deducted from 9."
    assert rows_by_participant["1234567"]["Feedback comments"] == "Autograded: 8 / 10."


def test_moodle_worksheet_rejects_other_rosters_and_assignments(tmp_path):
    canvas = read_roster(EXPORTS / "canvas_gradebook_export.csv")
    with pytest.raises(ExportError, match="needs a moodle roster.*got a canvas roster"):
        write_moodle_csv(tmp_path / "m.csv", [], canvas, "ex01")
    moodle = read_roster(EXPORTS / "moodle_grading_worksheet.csv")
    with pytest.raises(ExportError, match="a row for assignment 'ex03' in the export of 'ex01'"):
        write_moodle_csv(tmp_path / "m.csv", [row("1234567", "ex03", 1)], moodle, "ex01")


# --- feedback zips ---------------------------------------------------------

PAGES = {"123456": b"<html>john</html>", "123457": "<html>zo\u00eb</html>", "123458": b"<html>sean</html>",
         "ann": b"<html>ann</html>"}


def zip_contents(path):
    with zipfile.ZipFile(path) as archive:
        assert archive.testzip() is None
        return {info.filename: archive.read(info) for info in archive.infolist()}


def canvas_match(name):
    """Canvas: the first two all-digit '_' parts are the user id and the attachment id."""
    user_id, attachment_id = [part for part in name.split("_") if re.fullmatch(r"\d+", part)][:2]
    return user_id, attachment_id


def moodle_match(name):
    """Moodle: explode('_', name, 5) gives name, participant id, plugin type and name, file."""
    parts = name.split("_", 4)
    assert len(parts) == 5 and parts[1].isdigit() and parts[2:4] == ["assignsubmission", "file"]
    return parts[1], parts[4]


def test_canvas_feedback_zip(tmp_path):
    roster = read_roster(EXPORTS / "canvas_gradebook_export.csv")
    path = tmp_path / "feedback.zip"
    skipped = feedback_zip(path, PAGES, roster, "canvas", attachment_ids={"123456": "9001", "123457": 9002})
    assert skipped == [
        ("123458: no Canvas attachment id (the second number in the Download Submissions file "
         "name), which Canvas needs to match the file"),
        "ann: not a Canvas user id (digits)",
    ]
    contents = zip_contents(path)
    assert contents == {"doejohn_123456_9001_feedback.html": b"<html>john</html>",
                        "m\u00fcllerzo\u00eb_123457_9002_feedback.html": "<html>zo\u00eb</html>".encode()}
    assert sorted(canvas_match(name) for name in contents) == [("123456", "9001"), ("123457", "9002")]
    assert no_temporary_files(tmp_path)


def test_moodle_feedback_zip(tmp_path):
    roster = Roster({"1234567": Student("1234567", "John_Doe"), "1234568": Student("1234568", "Zoë Müller")},
                    "moodle")
    pages = {"1234567": b"a", "1234568": b"b", "1234569": b"c", "ann": b"d"}
    path = tmp_path / "feedback.zip"
    skipped = feedback_zip(path, pages, roster, "moodle")
    assert skipped == ["ann: not a Moodle participant id (digits)"]
    contents = zip_contents(path)
    assert contents == {
        "John Doe_1234567_assignsubmission_file_feedback.html": b"a",
        "Zoë Müller_1234568_assignsubmission_file_feedback.html": b"b",
        "Student_1234569_assignsubmission_file_feedback.html": b"c",
    }
    assert sorted(moodle_match(name) for name in contents) == [
        ("1234567", "feedback.html"), ("1234568", "feedback.html"), ("1234569", "feedback.html")]


def test_plain_feedback_zip(tmp_path):
    path = tmp_path / "feedback.zip"
    skipped = feedback_zip(path, {"ann": b"A", "bob@x.org": b"B", "..": b"C", "a/b": b"D"}, None, "plain")
    assert skipped == ["..: not usable in a file name", "a/b: not usable in a file name"]
    assert zip_contents(path) == {"ann.html": b"A", "bob@x.org.html": b"B"}


def test_feedback_zip_unknown_lms(tmp_path):
    with pytest.raises(ExportError, match="unknown LMS 'blackboard'.*expected canvas, moodle or plain"):
        feedback_zip(tmp_path / "f.zip", {}, None, "blackboard")
    assert not (tmp_path / "f.zip").exists()


# --- Blackboard --------------------------------------------------------------

BB_RNN = "RNN forward [Total Pts: 10 Score] |1281892"


def blackboard_importer_view(data):
    """What Blackboard's upload reads: quoted values, a Username column, grade
    columns by the id after '|'; returns {column id: {username: value}}."""
    text = data.decode("utf-8")
    for line in text.splitlines():
        assert re.fullmatch(r'"[^"]*"(,"[^"]*")*', line), f"unquoted value in {line!r}"
    table = list(csv.reader(io.StringIO(text, newline="")))
    header = table[0]
    user = header.index("Username")
    columns = {}
    for index, title in enumerate(header):
        if index == user or title in ("Last Name", "First Name", "Student ID"):
            continue
        match = re.fullmatch(r".*\[Total Pts: [\d.]+ Score\] \|(\d+)", title)
        assert match, f"{title!r} would become a new 0-point text column"
        columns[match.group(1)] = {cells[user]: cells[index] for cells in table[1:]}
    return columns


def test_blackboard_grade_center_download_is_a_roster():
    roster = read_roster(EXPORTS / "blackboard_grade_center.xls")
    assert roster.kind == "blackboard"
    assert list(roster.students) == ["jdoe", "zmuller", "sobrien"]
    assert roster.students["sobrien"].extra == {"Last Name": "O'Brien, Jr.", "First Name": "Seán",
                                                "Student ID": ""}
    assert roster.columns[6:8] == [BB_RNN, "LSTM forward [Total Pts: 20 Score] |1281893"]


def test_blackboard_upload(tmp_path):
    roster = read_roster(EXPORTS / "blackboard_grade_center.xls")
    rows = [row("jdoe", "ex01", 8.5, raw=10, penalty=1.5, late_by="1 d 2 h"),
            row("zmuller", "ex01", 10), row("sobrien", "ex01", 0, status="missing"),
            row("ghost", "ex01", 7)]
    path = tmp_path / "blackboard.csv"
    skipped = write_blackboard_csv(path, rows, "ex01", BB_RNN, roster)
    assert skipped == ["ghost: not in the Blackboard Grade Center download"]
    data = path.read_bytes()
    assert data.decode("utf-8") == (
        '"Last Name","First Name","Username","RNN forward [Total Pts: 10 Score] |1281892"\r\n'
        '"Doe","John","jdoe","8.5"\r\n'
        '"O\'Brien, Jr.","Seán","sobrien","0"\r\n'
        '"Müller","Zoë","zmuller","10"\r\n')
    assert blackboard_importer_view(data) == {"1281892": {"jdoe": "8.5", "sobrien": "0", "zmuller": "10"}}
    assert no_temporary_files(tmp_path)


def test_blackboard_upload_names_from_the_receipts(tmp_path):
    intake = collect(str(write(blackboard_download(), tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    names = {s.student_id: s.name for s in intake.submissions}
    rows = [row(sid, "ex01", 5 + i) for i, sid in enumerate(sorted(names))]
    path = tmp_path / "blackboard.csv"
    assert write_blackboard_csv(path, rows, "ex01", BB_RNN, None, names) == []
    table = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    assert table[1:] == [["", "", "asmith", "5"], ["Doe", "John", "jdoe", "6"], ["Lee", "Min", "mlee", "7"]]


@pytest.mark.parametrize("column, roster_kind, message", [
    ("RNN forward [Total Pts: 10 Score]", None, r"not a Grade Center header.*\|<column id>"),
    ("RNN forward", None, "not a Grade Center header"),
    ("Total [Total Pts: up to 30 Score] |1281890", None, "not a Grade Center header"),
    ("RNN forward [Total Pts: 10 Percentage] |1281892", None, "displayed as 'Percentage'"),
    ("RNN forward [Total Pts: 20 Score] |1281892", None, "worth 10 points but the Blackboard column"),
    (BB_RNN, "canvas", "needs a blackboard roster.*got a canvas roster"),
])
def test_blackboard_upload_errors(tmp_path, column, roster_kind, message):
    roster = Roster({"jdoe": Student("jdoe")}, roster_kind) if roster_kind else None
    path = tmp_path / "blackboard.csv"
    with pytest.raises(ExportError, match=message):
        write_blackboard_csv(path, [row("jdoe", "ex01", 1)], "ex01", column, roster)
    assert not path.exists()


# --- Gradescope --------------------------------------------------------------

def test_gradescope_table_from_the_metadata(tmp_path):
    intake = collect(str(write(gradescope_download(), tmp_path, "zip")), NOTEBOOK, NOTEBOOK)
    people = {s.student_id: {"name": s.name, "email": s.email, "members": s.members}
              for s in intake.submissions}
    people["s1009"] = {"name": "Émile Zola, fils", "email": "ez@example.edu"}     # from a roster
    rows = [row("s1001", "ex03", 15, 20, submitted_at="2024-03-01T09:15:00.123456-08:00"),
            row("s1002", "ex03", 12.5, 20, raw=18, penalty=5.5, late_by="1 d 2 h 3 min 4 s",
                submitted_at="2024-03-01T11:00:00-08:00"),
            row("edsger", "ex03", 20, 20, submitted_at="2024-03-02T08:00:00+01:00"),
            row("s1009", "ex03", 0, 20, status="missing")]
    path = tmp_path / "gradescope.csv"
    notes = write_gradescope_csv(path, rows, "ex03", people)
    assert notes == ["s1003: no email recorded; the row has the SID only"]
    assert read_csv(path) == [
        ["Name", "SID", "Email", "Total Score", "Max Points", "Status", "Submission Time",
         "Lateness (H:M:S)"],
        ["Edsger Dijkstra", "edsger", "edsger@example.edu", "20", "20", "Graded",
         "2024-03-02 08:00:00 +0100", "00:00:00"],
        ["Ada Lovelace", "s1001", "ada@example.edu", "15", "20", "Graded", "2024-03-01 09:15:00 -0800",
         "00:00:00"],
        ["Grace Hopper", "s1002", "grace@example.edu", "12.5", "20", "Graded", "2024-03-01 11:00:00 -0800",
         "26:03:04"],
        ["", "s1003", "", "12.5", "20", "Graded", "2024-03-01 11:00:00 -0800", "26:03:04"],
        ["Émile Zola, fils", "s1009", "ez@example.edu", "0", "20", "Missing", "", "00:00:00"],
    ]
    assert no_temporary_files(tmp_path)


def test_gradescope_table_rejects_other_assignments(tmp_path):
    with pytest.raises(ExportError, match="a row for assignment 'ex01' in the export of 'ex03'"):
        write_gradescope_csv(tmp_path / "g.csv", [row("s1", "ex01", 1)], "ex03", {})
