"""The class list: who should have submitted, with the LMS's own identifiers.

Four kinds of file are read, recognised by their header row:

``canvas``
    Canvas's gradebook export (Grades, Export). Header ``Student, ID,
    [SIS User ID,] SIS Login ID, [Integration ID, Root Account,] Section``
    (or ``LastName, FirstName, ID, ...``), then the assignment and total
    columns. ``ID`` is the Canvas user id, which is the student id everywhere
    else (the "Download Submissions" zip names files with it). The rows that
    are not students are skipped the way Canvas's own importer skips them:
    the ``Points Possible`` row, the "Muted"/"Manual Posting" row, and the
    Test Student that Canvas adds for "Student View" ("Student, Test").
    Source: Canvas LMS, ``lib/gradebook_exporter.rb`` and
    ``lib/gradebook_importer.rb`` (github.com/instructure/canvas-lms).

``moodle``
    Moodle's offline grading worksheet (Assignment, "Download grading
    worksheet"): ``Identifier, Full name, [identity fields such as Email
    address,] Status, Grade, Maximum grade, ...``. ``Identifier`` reads
    ``Participant 123``; the student id is the number, the participant id
    that also names the student's folder in "Download all submissions".
    Source: Moodle, ``mod/assign/gradingtable.php`` and
    ``mod/assign/feedback/offline/importgradeslib.php``.

``blackboard``
    Blackboard Learn's Grade Center download (Work Offline, Download):
    ``Last Name, First Name, Username, [Student ID, Last Access,
    Availability,] <columns>...``. The student id is the ``Username``, the
    key Blackboard matches an upload by and the name in its "Download
    Assignment" files. Blackboard's ``.xls`` download is UTF-16 text
    separated by tabs; that is read too. Source: Blackboard Help,
    "Uploading or Downloading Grade Center Items for Working Offline".

``plain``
    ``student_id[,name,email]``, with or without the header
    ``student_id,name,email`` (any order, extra columns kept).

A UTF-8 byte-order mark (Excel's "CSV UTF-8") is accepted, and so is a
file separated by semicolons (Canvas's export where the locale writes decimal
commas; recognised, as Canvas's importer does, from the header line).
"""
import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

CANVAS_TEST_STUDENT = {"student, test", "test student"}
CANVAS_HIDDEN_ROW = re.compile(r"^\s*(Muted|Manual Posting.*)?\s*$", re.IGNORECASE)
CANVAS_USER_ID = re.compile(r"^\d+$")
MOODLE_PARTICIPANT = re.compile(r"^\D*?(\d+)\s*$")
PLAIN_HEADER_ID = {"student_id", "student id", "id"}
PLAIN_COLUMNS = {"student_id": "student_id", "student id": "student_id", "id": "student_id",
                 "name": "name", "email": "email"}


class RosterError(ValueError):
    """The roster file cannot be used; the message names the file, the row and what was expected."""


@dataclass
class Student:
    student_id: str
    name: str = ""
    email: str = ""
    extra: dict = field(default_factory=dict)   # LMS columns, verbatim


@dataclass
class Roster:
    students: dict      # student_id -> Student, in file order
    kind: str           # "canvas" | "moodle" | "blackboard" | "plain"
    columns: list = field(default_factory=list)   # the header row as read (Canvas: its assignment columns)


def read_roster(path) -> Roster:
    """Read a Canvas gradebook export, a Moodle grading worksheet or a plain CSV."""
    path = Path(path)
    rows = _read_rows(path)
    if not rows:
        raise RosterError(f"{path}: the file is empty; expected a Canvas gradebook export, "
                          "a Moodle grading worksheet or student_id[,name,email] rows")
    header = [cell.strip() for cell in rows[0]]
    if _is_canvas_header(header):
        students = _canvas_students(path, header, rows[1:])
        kind = "canvas"
    elif {"Username", "Last Name", "First Name"} <= set(header):
        students = _blackboard_students(path, header, rows[1:])
        kind = "blackboard"
    elif "Identifier" in header and "Full name" in header:
        students = _moodle_students(path, header, rows[1:])
        kind = "moodle"
    else:
        students = _plain_students(path, rows)
        kind = "plain"
    if not students:
        raise RosterError(f"{path}: no student rows found (read as a {kind} roster)")
    return Roster(students=students, kind=kind, columns=header)


def _read_rows(path: Path) -> list:
    try:
        data = path.read_bytes()
        text = data.decode("utf-16") if data[:2] in (b"\xff\xfe", b"\xfe\xff") else data.decode("utf-8-sig")
    except OSError as error:
        raise RosterError(f"{path}: cannot read the roster ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise RosterError(f"{path}: not UTF-8 (byte {error.start}); save the roster as "
                          "'CSV UTF-8' or export it again from the LMS") from error
    first_line = text.split("\n", 1)[0]
    counts = {d: first_line.count(d) for d in (",", ";", "\t")}
    delimiter = max((",", ";", "\t"), key=lambda d: counts[d]) if any(counts.values()) else ","
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
        return [row for row in reader if any(c.strip() for c in row)]
    except csv.Error as error:
        raise RosterError(f"{path}: not a readable CSV file ({error})") from error


def _is_canvas_header(header: list) -> bool:
    # the test Canvas's importer applies: Student then ID (or LastName, FirstName, ID), Section
    first_cols = (len(header) > 1 and header[0] == "Student" and header[1] == "ID") or \
        (len(header) > 2 and header[:3] == ["LastName", "FirstName", "ID"])
    return first_cols and "Section" in header


def _add(path: Path, students: dict, rows_of: dict, student: Student, row_number: int) -> None:
    if student.student_id in students:
        raise RosterError(f"{path}, row {row_number}: student id {student.student_id!r} "
                          f"appears again (first on row {rows_of[student.student_id]}); "
                          "expected every student once")
    students[student.student_id] = student
    rows_of[student.student_id] = row_number


def _cells(header: list, row: list) -> dict:
    row = list(row) + [""] * (len(header) - len(row))
    return dict(zip(header, (cell.strip() for cell in row)))


def _canvas_students(path: Path, header: list, rows: list) -> dict:
    identity = header[:header.index("Section") + 1]
    students, rows_of = {}, {}
    for number, row in enumerate(rows, start=2):
        cells = _cells(header, row)
        if "Student" in header:
            name = cells["Student"]
        else:
            name = f"{cells['LastName']}, {cells['FirstName']}"
        if "Points Possible" in (row[0] if row else ""):
            continue
        if all(CANVAS_HIDDEN_ROW.match(cell) for cell in row):
            continue
        if name.lower() in CANVAS_TEST_STUDENT:
            continue
        user_id = cells["ID"]
        if not CANVAS_USER_ID.match(user_id):
            raise RosterError(f"{path}, row {number}: expected the Canvas user id (digits) in "
                              f"column ID, found {user_id!r}")
        extra = {column: cells[column] for column in identity if column not in ("Student", "ID")}
        _add(path, students, rows_of, Student(user_id, name, "", extra), number)
    return students


def _blackboard_students(path: Path, header: list, rows: list) -> dict:
    identity = [c for c in ("Last Name", "First Name", "Student ID") if c in header]
    students, rows_of = {}, {}
    for number, row in enumerate(rows, start=2):
        cells = _cells(header, row)
        username = cells["Username"]
        if not username or re.search(r"[\s/\\]", username):
            raise RosterError(f"{path}, row {number}: expected a Blackboard username (no spaces or "
                              f"slashes) in column Username, found {username!r}")
        name = " ".join(part for part in (cells["First Name"], cells["Last Name"]) if part)
        extra = {column: cells[column] for column in identity}
        _add(path, students, rows_of, Student(username, name, "", extra), number)
    return students


def _moodle_students(path: Path, header: list, rows: list) -> dict:
    end = header.index("Status") if "Status" in header else len(header)
    identity = [column for column in header[:end] if column not in ("Full name", "Email address")]
    students, rows_of = {}, {}
    for number, row in enumerate(rows, start=2):
        cells = _cells(header, row)
        match = MOODLE_PARTICIPANT.match(cells["Identifier"])
        if not match:
            raise RosterError(f"{path}, row {number}: expected 'Participant <number>' in column "
                              f"Identifier, found {cells['Identifier']!r}")
        extra = {column: cells[column] for column in identity}
        student = Student(match.group(1), cells["Full name"], cells.get("Email address", ""), extra)
        _add(path, students, rows_of, student, number)
    return students


def _plain_students(path: Path, rows: list) -> dict:
    first = [cell.strip() for cell in rows[0]]
    lowered = [cell.lower() for cell in first]
    if lowered[0] in PLAIN_HEADER_ID or {"student_id", "student id"} & set(lowered):
        header = [PLAIN_COLUMNS.get(cell.lower(), cell) for cell in first]
        if len(set(header)) != len(header):
            raise RosterError(f"{path}, row 1: a column appears twice in the header {first}")
        body, start = rows[1:], 2
    else:
        header, body, start = ["student_id", "name", "email"], rows, 1
    students, rows_of = {}, {}
    for number, row in enumerate(body, start=start):
        if len(row) > len(header):
            raise RosterError(f"{path}, row {number}: {len(row)} columns, expected at most "
                              f"{len(header)} ({', '.join(header)})")
        cells = _cells(header, row)
        student_id = cells["student_id"]
        if not student_id or re.search(r"[\s/\\]", student_id):
            raise RosterError(f"{path}, row {number}: expected a student id (no spaces or "
                              f"slashes) in the first column, found {student_id!r}")
        extra = {column: value for column, value in cells.items()
                 if column not in ("student_id", "name", "email")}
        student = Student(student_id, cells.get("name", ""), cells.get("email", ""), extra)
        _add(path, students, rows_of, student, number)
    return students
