"""Reading the class list: Canvas gradebook export, Moodle grading worksheet, plain CSV.

The Canvas and Moodle fixtures follow the files these LMSs export (Canvas
``lib/gradebook_exporter.rb``: header, the "Manual Posting" row, the
"Points Possible" row, the Test Student last; Moodle
``mod/assign/gradingtable.php``: the worksheet's columns).
"""
from pathlib import Path

import pytest

from autograder.roster import RosterError, Student, read_roster

EXPORTS = Path(__file__).resolve().parent / "lms_fixtures" / "exports"


def write(tmp_path, text, name="roster.csv", bom=False):
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_canvas_export_skips_hidden_points_possible_and_test_student_rows():
    roster = read_roster(EXPORTS / "canvas_gradebook_export.csv")
    assert roster.kind == "canvas"
    assert list(roster.students) == ["123456", "123457", "123458"]
    assert roster.students["123457"] == Student(
        "123457", "Müller, Zoë", "",
        {"SIS User ID": "S0002", "SIS Login ID": "zmuller",
         "Section": "LSTM 101 - Section A and LSTM 101 - Section B"})
    assert roster.students["123458"].extra["SIS User ID"] == ""


def test_canvas_export_without_sis_user_id_column(tmp_path):
    # a TA's export has no SIS User ID column
    path = write(tmp_path, "Student,ID,SIS Login ID,Section,RNN forward (4101)\n"
                           "    Points Possible,,,,10.00\n"
                           "\"Doe, John\",123456,jdoe,A,8.00\n")
    roster = read_roster(path)
    assert roster.kind == "canvas"
    assert roster.students["123456"].extra == {"SIS Login ID": "jdoe", "Section": "A"}


def test_canvas_export_separated_by_semicolons(tmp_path):
    path = write(tmp_path, "Student;ID;SIS User ID;SIS Login ID;Section;RNN forward (4101)\n"
                           "    Points Possible;;;;;10,00\n"
                           "\"Doe, John\";123456;S1;jdoe;A;8,50\n", bom=True)
    roster = read_roster(path)
    assert roster.kind == "canvas"
    assert roster.students["123456"] == Student("123456", "Doe, John", "",
                                                {"SIS User ID": "S1", "SIS Login ID": "jdoe", "Section": "A"})


def test_canvas_export_with_last_and_first_name_columns(tmp_path):
    path = write(tmp_path, "LastName,FirstName,ID,SIS User ID,SIS Login ID,Section,A (1)\n"
                           "    Points Possible,,,,,,10\n"
                           "Doe,John,123456,S1,jdoe,A,\n"
                           "Student,Test,99999,,x,A,\n")
    roster = read_roster(path)
    assert list(roster.students) == ["123456"]
    assert roster.students["123456"].name == "Doe, John"
    assert roster.students["123456"].extra["LastName"] == "Doe"


def test_canvas_export_non_numeric_id_names_the_row(tmp_path):
    path = write(tmp_path, "Student,ID,SIS User ID,SIS Login ID,Section\n"
                           "\"Doe, John\",jdoe,S1,jdoe,A\n")
    with pytest.raises(RosterError, match=r"row 2: expected the Canvas user id \(digits\) in column ID"):
        read_roster(path)


def test_moodle_worksheet_participant_numbers_become_ids():
    roster = read_roster(EXPORTS / "moodle_grading_worksheet.csv")
    assert roster.kind == "moodle"
    assert list(roster.students) == ["1234567", "1234568", "1234569"]
    assert roster.students["1234568"] == Student(
        "1234568", "Zoë Müller", "zoe.muller@example.edu", {"Identifier": "Participant 1234568"})


def test_moodle_worksheet_keeps_identity_fields(tmp_path):
    path = write(tmp_path, "Identifier,Full name,ID number,Email address,Status,Grade\n"
                           "Participant 7,Ann Lee,U77,ann@example.edu,No submission,\n")
    student = read_roster(path).students["7"]
    assert student.extra == {"Identifier": "Participant 7", "ID number": "U77"}
    assert student.email == "ann@example.edu"


def test_moodle_worksheet_bad_identifier(tmp_path):
    path = write(tmp_path, "Identifier,Full name,Email address,Status\n"
                           "Participant 7,Ann Lee,a@x,\n"
                           "Ann,Ann Lee,a@x,\n")
    with pytest.raises(RosterError, match=r"row 3: expected 'Participant <number>'"):
        read_roster(path)


def test_plain_with_header_in_any_order_and_bom(tmp_path):
    path = write(tmp_path, "email,student_id,name,cohort\nann@x.org,ann,Ann Lee,2026\nbob@x.org,bob,,\n",
                 bom=True)
    roster = read_roster(path)
    assert roster.kind == "plain"
    assert roster.students == {
        "ann": Student("ann", "Ann Lee", "ann@x.org", {"cohort": "2026"}),
        "bob": Student("bob", "", "bob@x.org", {"cohort": ""}),
    }


def test_plain_without_header(tmp_path):
    path = write(tmp_path, "ann,Ann Lee,ann@x.org\nbob\n\ncarol,Carol\n")
    roster = read_roster(path)
    assert roster.students == {
        "ann": Student("ann", "Ann Lee", "ann@x.org", {}),
        "bob": Student("bob", "", "", {}),
        "carol": Student("carol", "Carol", "", {}),
    }


def test_plain_ids_only_with_bom(tmp_path):
    roster = read_roster(write(tmp_path, "student_id\r\nann\r\nbob\r\n", bom=True))
    assert list(roster.students) == ["ann", "bob"]


def test_duplicate_id_names_both_rows(tmp_path):
    path = write(tmp_path, "student_id,name\nann,Ann\nbob,Bob\nann,Ann again\n")
    with pytest.raises(RosterError, match=r"roster.csv, row 4: student id 'ann' appears again "
                                          r"\(first on row 2\)"):
        read_roster(path)


def test_duplicate_canvas_id(tmp_path):
    path = write(tmp_path, "Student,ID,SIS User ID,SIS Login ID,Section\n"
                           "A,1,,,S\nB,1,,,S\n")
    with pytest.raises(RosterError, match="row 3: student id '1' appears again"):
        read_roster(path)


@pytest.mark.parametrize("text, message", [
    ("", "the file is empty"),
    ("student_id,name\n", "no student rows"),
    ("ann smith,Ann\n", r"row 1: expected a student id \(no spaces"),
    ("ann,Ann,ann@x,extra\n", "row 1: 4 columns, expected at most 3"),
])
def test_bad_plain_files(tmp_path, text, message):
    with pytest.raises(RosterError, match=message):
        read_roster(write(tmp_path, text))


def test_not_utf8(tmp_path):
    path = tmp_path / "roster.csv"
    path.write_bytes("ann,Zoë\n".encode("latin-1"))
    with pytest.raises(RosterError, match="not UTF-8"):
        read_roster(path)


def test_missing_file(tmp_path):
    with pytest.raises(RosterError, match="cannot read the roster"):
        read_roster(tmp_path / "absent.csv")
