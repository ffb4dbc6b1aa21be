"""Grades and feedback in the files each LMS imports.

Every file is written to a temporary name next to its destination and then
moved into place (``os.replace``), so a reader never sees half a file.
Scores are written with ``:g``.

Canvas gradebook import (Grades, Import): a CSV whose header starts
``Student, ID, SIS User ID, SIS Login ID, Section`` followed by one column
per assignment headed ``<assignment name> (<assignment id>)``. Canvas matches
a row to a student by ``ID`` (the Canvas user id), then SIS User ID, then SIS
Login ID, then the name, and an assignment column by the id in parentheses
(a header without one creates a NEW assignment). An empty cell leaves the
grade unchanged. No ``Points Possible`` row is written: Canvas's importer
would take the points possible from it, and the score is imported as it is
against the assignment's own points. Source: Canvas LMS
``lib/gradebook_importer.rb`` (github.com/instructure/canvas-lms) and the
Canvas guide "How do I import grades in the Gradebook?".

Moodle offline grading worksheet (Assignment, "Upload grading worksheet"):
the columns of the worksheet Moodle downloads, ``Identifier, Full name,
Email address, Status, Grade, Maximum grade, Grade can be changed, Last
modified (submission), Last modified (grade), Feedback comments``. Moodle
reads ``Identifier`` (``Participant <id>``), ``Grade`` and ``Last modified
(grade)`` (required; a grade changed in Moodle after that time is skipped
unless "Allow updating records that have been modified more recently in
Moodle" is ticked) and the feedback columns. A grade above the assignment's
maximum in Moodle is skipped by Moodle. Source: Moodle
``mod/assign/gradingtable.php`` and
``mod/assign/feedback/offline/importgradeslib.php``.

Feedback zips, named as each LMS's bulk feedback upload matches them:

- Canvas "Re-Upload Submissions": ``<sortablename>_<user_id>_<attachment_id>_<file>``;
  Canvas takes the first two all-digit ``_`` parts as the user id and the id
  of the student's submitted file, and ignores a file whose attachment id is
  not one of that student's submission's files (so the attachment id must
  come from the "Download Submissions" names). Canvas attaches the file to a
  submission comment under the name of the student's original file. Source:
  ``Assignment#infer_comment_context_from_filename`` and
  ``lib/content_zipper.rb``.
- Moodle "Upload multiple feedback files in a zip":
  ``<Full name>_<participant id>_assignsubmission_file_<file>``; Moodle splits
  on ``_``, so the name part carries none. Source:
  ``mod/assign/feedback/file/importziplib.php``.
- plain: ``<student_id>.html``.

Blackboard Learn Grade Center "Work Offline, Upload": a CSV with a header
row, every value in double quotes, that names each student by
``Username`` (the unique identifier Blackboard matches a row by) and each
grade column by the column id after ``|`` in the header Blackboard's own
download writes, ``<column name> [Total Pts: <points> Score] |<column id>``;
a header without the id creates a NEW text column worth 0 points. Source:
Blackboard Help, "Uploading or Downloading Grade Center Items for Working
Offline" (library.blackboard.com/ref/3ea64795-6ecc-4abd-b595-0a9a8dfdec94/
Content/_instructor_grade_center/grade_center_upload_download.htm). Blackboard's
help describes no bulk upload of feedback files matched to students by name,
so its feedback zip is the plain one.

Gradescope: its help describes no import of scores into an assignment
(scores enter Gradescope through its own autograder or its grading pages),
and no bulk feedback upload. The file written is a table in
the columns of Gradescope's own per-assignment score export (``Name, SID,
Email, Total Score, Max Points, Status, Submission Time, Lateness
(H:M:S)``), with the SIDs and emails of ``submission_metadata.yml``, so
that it lines up row for row with what Gradescope exports and with the
gradebook tools that read that export.
"""
import csv
import io
import math
import os
import re
import tempfile
import zipfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CANVAS_COLUMN = re.compile(r"^.*\S\s\((\d+)\)$")
CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_COLUMNS = ["Identifier", "Full name", "Email address", "Status", "Grade", "Maximum grade",
                  "Grade can be changed", "Last modified (submission)", "Last modified (grade)",
                  "Feedback comments"]
BLACKBOARD_COLUMN = re.compile(r"^(?P<name>.*?\S)\s*\[Total Pts: (?P<points>\d+(?:\.\d+)?) "
                               r"(?P<display>[A-Za-z/ ]+)\]\s*\|(?P<id>\d+)$")
BLACKBOARD_IDENTITY = ["Last Name", "First Name", "Username"]
GRADESCOPE_COLUMNS = ["Name", "SID", "Email", "Total Score", "Max Points", "Status", "Submission Time",
                      "Lateness (H:M:S)"]
DURATION_PART = re.compile(r"(\d+(?:\.\d+)?)\s*(d|h|min|s)\b")
DIGITS = re.compile(r"^\d+$")
SAFE_ID = re.compile(r"^[^/\\\x00]+$")


class ExportError(ValueError):
    """An export cannot be written; the message names what is missing or wrong."""


@dataclass
class GradeRow:
    student_id: str
    assignment: str
    score: float          # after the late penalty
    max_score: float
    status: str
    raw_score: float      # before the late penalty
    late_penalty: float   # points deducted
    submitted_at: str     # ISO 8601, "" when unknown
    late_by: str          # e.g. "1 d 2 h", "" when on time


def _number(value: float) -> str:
    return f"{value:g}"


def _write_atomic(path, data: bytes) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        if os.path.exists(temporary):
            os.unlink(temporary)
        raise


def _csv_bytes(rows: list) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue().encode("utf-8")


def _by_student(rows: list, assignment: str | None = None) -> dict:
    """student_id -> {assignment: GradeRow}; a student twice for one assignment is an error."""
    grades = {}
    for row in rows:
        if not math.isfinite(row.score):
            raise ExportError(f"the score of {row.student_id!r} for {row.assignment!r} is "
                              f"{row.score!r}; expected a number")
        if assignment is not None and row.assignment != assignment:
            raise ExportError(f"a row for assignment {row.assignment!r} in the export of "
                              f"{assignment!r}; expected rows of {assignment!r} only")
        per_student = grades.setdefault(row.student_id, {})
        if row.assignment in per_student:
            raise ExportError(f"two rows for student {row.student_id!r} and assignment "
                              f"{row.assignment!r}; expected one")
        per_student[row.assignment] = row
    return grades


def write_plain_csv(path, rows: list, assignments: list) -> None:
    """``student_id, <assignment>..., total``: one row per student, the scores after penalties.

    A student without a row for an assignment has an empty cell there; the
    total adds the scores present.
    """
    unknown = sorted({row.assignment for row in rows} - set(assignments))
    if unknown:
        raise ExportError(f"{path}: rows for assignments {unknown} that are not among the "
                          f"columns {list(assignments)}")
    grades = _by_student(rows)
    table = [["student_id", *assignments, "total"]]
    for student_id in sorted(grades):
        per_student = grades[student_id]
        cells = [_number(per_student[a].score) if a in per_student else "" for a in assignments]
        total = sum(row.score for row in per_student.values())
        table.append([student_id, *cells, _number(total)])
    _write_atomic(path, _csv_bytes(table))


def _require_roster(roster, kind: str, what: str, path) -> None:
    if roster is None or roster.kind != kind:
        found = "no roster" if roster is None else f"a {roster.kind} roster"
        raise ExportError(f"{path}: {what} needs a {kind} roster ({kind} export given to "
                          f"--roster) for the students' LMS ids; got {found}")


def write_canvas_csv(path, rows: list, roster, columns: dict) -> list:
    """The Canvas gradebook import file; returns the skipped student ids, each with why.

    ``columns`` maps each assignment to its Canvas column header
    ``<name> (<assignment id>)``, as in Canvas's own gradebook export.
    Every student of the roster gets a row (empty cells where there is no
    grade, which Canvas leaves unchanged).
    """
    _require_roster(roster, "canvas", "the Canvas gradebook import", path)
    grades = _by_student(rows)
    assignments = list(columns)
    missing = sorted({row.assignment for row in rows} - set(assignments))
    if missing:
        raise ExportError(f"{path}: no Canvas column for assignments {missing}; expected a "
                          "header '<assignment name> (<Canvas assignment id>)' for each")
    for assignment, header in columns.items():
        if not CANVAS_COLUMN.match(header):
            raise ExportError(f"{path}: the Canvas column for {assignment!r} is {header!r}; "
                              "expected '<assignment name> (<Canvas assignment id>)', e.g. "
                              "'LSTM forward (1234)', as in Canvas's gradebook export (without "
                              "the id Canvas would create a new assignment)")
    table = [CANVAS_IDENTITY + [columns[a] for a in assignments]]
    for student in roster.students.values():
        per_student = grades.get(student.student_id, {})
        identity = [student.name, student.student_id, student.extra.get("SIS User ID", ""),
                    student.extra.get("SIS Login ID", ""), student.extra.get("Section", "")]
        cells = [_number(per_student[a].score) if a in per_student else "" for a in assignments]
        table.append(identity + cells)
    _write_atomic(path, _csv_bytes(table))
    return [f"{student_id}: not on the Canvas roster" for student_id in sorted(grades)
            if student_id not in roster.students]


def _moodle_comment(row: GradeRow) -> str:
    text = f"Autograded: {_number(row.score)} / {_number(row.max_score)}."
    if row.late_penalty:
        text += (f" Late by {row.late_by}: {_number(row.late_penalty)} deducted from "
                 f"{_number(row.raw_score)}.")
    if row.status and row.status != "ok":
        text += f" Status: {row.status}."
    return text


def write_moodle_csv(path, rows: list, roster, assignment: str, *, modified: datetime | None = None) -> list:
    """The Moodle grading worksheet for ``assignment``; returns the skipped ids, each with why.

    Only students with a grade get a row (a row with an empty grade would
    still overwrite the feedback comments in Moodle). ``Last modified
    (grade)`` is ``modified`` (now by default), so grades changed in Moodle
    after the export was made are kept unless the instructor overrides.
    """
    _require_roster(roster, "moodle", "the Moodle grading worksheet", path)
    grades = _by_student(rows, assignment)
    stamp = (modified or datetime.now(UTC)).isoformat(timespec="seconds")
    table = [MOODLE_COLUMNS]
    for student in roster.students.values():
        row = grades.get(student.student_id, {}).get(assignment)
        if row is None:
            continue
        identifier = student.extra.get("Identifier") or f"Participant {student.student_id}"
        table.append([identifier, student.name, student.email, row.status or "ok",
                      _number(row.score), _number(row.max_score), "Yes", row.submitted_at,
                      stamp, _moodle_comment(row)])
    _write_atomic(path, _csv_bytes(table))
    return [f"{student_id}: not on the Moodle roster" for student_id in sorted(grades)
            if student_id not in roster.students]


def blackboard_column(header: str, path=None) -> dict:
    """The parts of a Blackboard grade column header ``<name> [Total Pts: N Score] |<id>``:
    ``{"name", "points", "display", "id"}``; an ExportError says what was expected."""
    match = BLACKBOARD_COLUMN.match(header.strip())
    where = f"{path}: " if path is not None else ""
    if not match:
        raise ExportError(f"{where}the Blackboard column {header!r} is not a Grade Center header; "
                          "expected '<column name> [Total Pts: <points> Score] |<column id>', e.g. "
                          "'LSTM forward [Total Pts: 20 Score] |1281892', copied from the first row "
                          "of the Grade Center's Work Offline > Download (without the id Blackboard "
                          "would create a new 0-point text column)")
    parts = match.groupdict()
    if parts["display"].strip() != "Score":
        raise ExportError(f"{where}the Blackboard column {header!r} is displayed as "
                          f"{parts['display'].strip()!r}; expected a column whose primary display is "
                          "Score, which takes points")
    parts["points"] = float(parts["points"])
    return parts


def _split_name(name: str) -> tuple:
    """(last name, first name) of a full name: the last word is the last name."""
    if "," in name:
        last, _, first = name.partition(",")
        return last.strip(), first.strip()
    first, _, last = name.strip().rpartition(" ")
    return last, first


def write_blackboard_csv(path, rows: list, assignment: str, column: str, roster=None,
                         names: dict | None = None) -> list:
    """The Grade Center upload file for ``assignment``; returns the skipped ids, each with why.

    ``column`` is the Grade Center's header of the assignment's column,
    ``<name> [Total Pts: N Score] |<column id>``. The student id is the
    Blackboard username. ``roster`` (a Blackboard Grade Center download)
    gives the last and first names and decides who can be uploaded;
    without one the names come from ``names`` (student_id -> full name,
    from the download's receipts). Only students with a grade get a row.
    """
    if roster is not None and roster.kind != "blackboard":
        raise ExportError(f"{path}: the Blackboard upload file needs a blackboard roster (the Grade "
                          f"Center's Work Offline > Download given to --roster) or none; got a "
                          f"{roster.kind} roster")
    parts = blackboard_column(column, path)
    grades = _by_student(rows, assignment)
    for per_student in grades.values():
        row = per_student[assignment]
        if row.max_score > 0 and not math.isclose(row.max_score, parts["points"]):
            raise ExportError(f"{path}: {assignment!r} is worth {_number(row.max_score)} points but the "
                              f"Blackboard column {column!r} is worth {_number(parts['points'])}; set "
                              "the column's Points Possible in Blackboard to the notebook's total and "
                              "download its header again")
    names = names or {}
    table, skipped = [BLACKBOARD_IDENTITY + [column]], []
    for student_id in sorted(grades):
        row = grades[student_id][assignment]
        if roster is not None:
            student = roster.students.get(student_id)
            if student is None:
                skipped.append(f"{student_id}: not in the Blackboard Grade Center download")
                continue
            last, first = student.extra.get("Last Name", ""), student.extra.get("First Name", "")
        else:
            last, first = _split_name(names.get(student_id) or "")
        table.append([last, first, student_id, _number(row.score)])
    buffer = io.StringIO(newline="")
    csv.writer(buffer, quoting=csv.QUOTE_ALL, lineterminator="\r\n").writerows(table)
    _write_atomic(path, buffer.getvalue().encode("utf-8"))
    return skipped


def _hms(late_by: str) -> str:
    """``HH:MM:SS`` of a ``late_by`` text such as ``1 d 2 h 3 min 4 s``; ``00:00:00`` when on time."""
    factor = {"d": 86400, "h": 3600, "min": 60, "s": 1}
    seconds = round(sum(float(value) * factor[unit] for value, unit in DURATION_PART.findall(late_by)))
    return f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"


def _gradescope_time(iso: str) -> str:
    """``YYYY-MM-DD HH:MM:SS +HHMM`` (Gradescope's export) of an ISO 8601 time; "" stays ""."""
    if not iso:
        return ""
    when = datetime.fromisoformat(iso)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.strftime("%Y-%m-%d %H:%M:%S %z")


def write_gradescope_csv(path, rows: list, assignment: str, people: dict) -> list:
    """A table of ``assignment`` in Gradescope's score-export columns; returns a note for
    each id written without an email.

    ``people`` maps a student id to ``{"name", "email", "members"}`` as the
    intake recorded them (``submission_metadata.yml``; for a student with no
    submission, the roster). ``SID`` is the student id (where the metadata
    had no SID, the intake's fallback, the email's local part). A group submission
    gives every member a row with the group's score (their emails are not
    in the metadata). ``Status`` is ``Missing`` for a student with no
    submission, else ``Graded``.
    """
    from autograder.report import status_word  # report builds on GradeRow
    grades = _by_student(rows, assignment)
    table, notes, written = [GRADESCOPE_COLUMNS], [], set()
    for student_id in sorted(grades):
        row = grades[student_id][assignment]
        person = people.get(student_id) or {}
        status = "Missing" if status_word(row.status) == "missing" else "Graded"
        members = [student_id] + [m for m in person.get("members") or [] if m != student_id]
        for member in members:
            if member in written or (member != student_id and member in grades):
                continue
            own = member == student_id
            email, name = (person.get("email") or "", person.get("name") or "") if own else ("", "")
            if not email:
                notes.append(f"{member}: no email recorded; the row has the SID only")
            table.append([name, member, email, _number(row.score), _number(row.max_score), status,
                          _gradescope_time(row.submitted_at), _hms(row.late_by)])
            written.add(member)
    _write_atomic(path, _csv_bytes(table))
    return notes


def _canvas_sortable(name: str) -> str:
    letters = "".join(ch for ch in name.lower() if ch.isalpha())
    return letters or "student"


def _moodle_name(name: str) -> str:
    return re.sub(r"[_/\\\x00]+", " ", name).strip() or "Student"


def feedback_zip(path, pages: dict, roster, lms: str, *, attachment_ids: dict | None = None) -> list:
    """Pack ``pages`` (student_id -> HTML bytes) for ``lms``'s bulk feedback upload.

    ``lms`` is ``canvas``, ``moodle`` or ``plain``. For Canvas,
    ``attachment_ids`` maps each student id to the id of their submitted file
    (the second number in the Canvas download's file name). Returns the
    student ids left out, each as ``"<id>: <why>"``.
    """
    if lms not in ("canvas", "moodle", "plain"):
        raise ExportError(f"{path}: unknown LMS {lms!r} for the feedback zip; expected canvas, "
                          "moodle or plain")
    students = roster.students if roster is not None else {}
    attachment_ids = attachment_ids or {}
    entries, skipped = [], []
    for student_id in sorted(pages):
        page = pages[student_id]
        if isinstance(page, str):
            page = page.encode("utf-8")
        student = students.get(student_id)
        name = student.name if student is not None else ""
        if not SAFE_ID.match(student_id) or student_id in (".", ".."):
            skipped.append(f"{student_id}: not usable in a file name")
        elif lms == "plain":
            entries.append((f"{student_id}.html", page))
        elif not DIGITS.match(student_id):
            kind = "Canvas user id" if lms == "canvas" else "Moodle participant id"
            skipped.append(f"{student_id}: not a {kind} (digits)")
        elif lms == "moodle":
            entries.append((f"{_moodle_name(name)}_{student_id}_assignsubmission_file_feedback.html", page))
        elif not DIGITS.match(str(attachment_ids.get(student_id, ""))):
            skipped.append(f"{student_id}: no Canvas attachment id (the second number in the "
                           "Download Submissions file name), which Canvas needs to match the file")
        else:
            attachment_id = attachment_ids[student_id]
            entries.append((f"{_canvas_sortable(name)}_{student_id}_{attachment_id}_feedback.html", page))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data)
    _write_atomic(path, buffer.getvalue())
    return skipped
