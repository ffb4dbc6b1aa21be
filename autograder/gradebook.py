"""Write grades into nbgrader's gradebook (``nbgrader.api.Gradebook``).

``register`` records the assignment, the notebook and its cells from the
source notebook, as ``nbgrader db assignment add`` and ``generate_assignment``
do; ``write`` records one student's submission and the auto score of every
grade cell, as ``nbgrader autograde`` does. nbgrader's own ``export``,
``generate_feedback`` and formgrader then work on the same database. Only the
coordinating process calls these functions: one writer.
"""
import json
import warnings
from datetime import UTC, datetime
from unittest import mock

import nbgrader.api
from nbgrader.api import Grade, Gradebook, GradeCell, MissingEntry

from autograder import cells


def _cell_info(cell):
    return cell.get("metadata", {}).get("nbgrader") or {}


# Database drivers SQLAlchemy may ask for, and the package that provides each.
_DRIVERS = {"psycopg": "psycopg[binary]", "psycopg2": "psycopg2-binary", "pymysql": "pymysql",
            "MySQLdb": "mysqlclient", "pg8000": "pg8000", "asyncpg": "asyncpg"}


class GradebookError(Exception):
    """The gradebook database cannot be opened: an instructor-side problem."""


def _shown(db_url):
    """The URL with any password hidden."""
    try:
        from sqlalchemy.engine import make_url
        return make_url(db_url).render_as_string(hide_password=True)
    except Exception:                                   # noqa: BLE001 (not a URL at all)
        return db_url


def alembic_head():
    """The newest revision of nbgrader's gradebook schema, read in this
    process from nbgrader's migration scripts: what ``alembic heads`` prints
    first, which nbgrader's ``get_alembic_version`` asks a new process for
    (a second Python start and nbgrader's imports, about 3 s) each time it
    creates a gradebook."""
    from alembic.config import Config
    from alembic.script import ScriptDirectory
    from nbgrader.dbutil import _temp_alembic_ini
    with _temp_alembic_ini("sqlite:////tmp/gradebook.db") as ini:
        return ScriptDirectory.from_config(Config(ini)).get_current_head()


def open_gradebook(db_url):
    """A ``Gradebook`` (creating the database if needed). Raises
    ``GradebookError`` saying what to fix when the URL is malformed, its
    driver is not installed or the database cannot be reached."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError
    shown = _shown(db_url)
    try:
        with warnings.catch_warnings(), mock.patch.object(nbgrader.api, "get_alembic_version",
                                                          alembic_head):
            warnings.simplefilter("ignore")
            return Gradebook(db_url)
    except ModuleNotFoundError as exc:
        package = _DRIVERS.get((exc.name or "").split(".")[0], exc.name)
        raise GradebookError(f"the gradebook URL {shown} needs the Python package {package!r}, "
                             f"which is not installed here: pip install '{package}'") from exc
    except ArgumentError as exc:
        raise GradebookError(f"--db {shown} is not a database URL SQLAlchemy understands ({exc}); "
                             "write e.g. sqlite:////abs/path/gradebook.db or "
                             "postgresql://user@host/dbname") from exc
    except (SQLAlchemyError, OSError) as exc:
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise GradebookError(f"could not open the gradebook at {shown}: {first}") from exc


def _utc_naive(when):
    """nbgrader stores naive UTC datetimes."""
    if when is None:
        return None
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


def register(gb, assignment, notebook, source_json, due=None):
    """Create or update the assignment (with its due date), notebook and cells."""
    nb = json.loads(source_json)
    gb.update_or_create_assignment(assignment, **({"duedate": _utc_naive(due)} if due else {}))
    try:
        existing = gb.find_notebook(notebook, assignment)
    except MissingEntry:
        existing = None
    if existing is None:
        gb.add_notebook(notebook, assignment,
                        kernelspec=json.dumps(nb.get("metadata", {}).get("kernelspec", {})))
    for cell in nb["cells"]:
        meta = _cell_info(cell)
        if not meta:
            continue
        gid = meta["grade_id"]
        source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
        kind = cells.role(cell)
        if kind in (cells.TEST, cells.ANSWER):
            gb.update_or_create_grade_cell(gid, notebook, assignment,
                                           max_score=float(meta["points"]),
                                           cell_type=cell["cell_type"])
        if kind in (cells.ANSWER, cells.SOLUTION):
            gb.update_or_create_solution_cell(gid, notebook, assignment)
        if kind is not None:
            gb.update_or_create_source_cell(gid, notebook, assignment,
                                            cell_type=cell["cell_type"],
                                            locked=kind in (cells.TEST, cells.LOCKED),
                                            source=source, checksum=meta.get("checksum"))


def _names(name):
    """(first, last) from a full name: ``Last, First`` (Canvas's sortable
    name) or ``First ... Last``."""
    if "," in (name or ""):
        last, first = (part.strip() for part in name.split(",", 1))
        return first, last
    parts = (name or "").split()
    return (" ".join(parts[:-1]), parts[-1]) if len(parts) > 1 else ("", parts[0] if parts else "")


def add_student(gb, sid, name="", email=""):
    """Create or update a student, with the name and email the LMS gave."""
    first, last = _names(name)
    fields = {k: v for k, v in (("first_name", first), ("last_name", last), ("email", email)) if v}
    gb.update_or_create_student(sid, **fields)


def _grades(gb, nb):
    """{grade cell name: Grade} of a submitted notebook, in one query."""
    rows = (gb.db.query(Grade, GradeCell.name).join(GradeCell, GradeCell.id == Grade.cell_id)
            .filter(Grade.notebook_id == nb.id).all())
    return {name: grade for grade, name in rows}


def write(gb, result):
    """Record one graded submission (a ``grade_task`` result): the student,
    the submission with its time, every grade cell's ``auto_score`` (a
    manual score or override from formgrader is kept), and the late penalty
    where nbgrader keeps it (``SubmittedNotebook.late_submission_penalty``)."""
    try:
        assignment, notebook, sid = result["assignment"], result["notebook"], result["student_id"]
        info = result.get("submission") or {}
        add_student(gb, sid, info.get("name") or "", info.get("email") or "")
        timestamp = _utc_naive(info.get("submitted_at"))
        try:
            submission = gb.find_submission(assignment, sid)
        except MissingEntry:
            with warnings.catch_warnings():     # nbgrader's own autoflush notices
                warnings.simplefilter("ignore")
                submission = gb.add_submission(assignment, sid)
        submission.timestamp = timestamp
        nb = gb.find_submission_notebook(notebook, assignment, sid)
        grades = _grades(gb, nb)
        for gid, test in result["tests"].items():
            grade = grades.get(gid) or gb.find_grade(gid, notebook, assignment, sid)
            grade.auto_score = float(test["points"])
            grade.needs_manual_grade = False
        for gid in result.get("answers", []):
            grade = grades.get(gid) or gb.find_grade(gid, notebook, assignment, sid)
            grade.needs_manual_grade = grade.manual_score is None
        nb.late_submission_penalty = float((result.get("late") or {}).get("penalty", 0.0)) or None
        gb.db.commit()
    except Exception:
        gb.db.rollback()
        raise


def assignment_scores(gb, assignment, notebook):
    """{student_id: ``cell_scores``} of every submission of ``assignment``,
    read in one query (the grades with their cells loaded alongside)."""
    from nbgrader.api import Assignment, Notebook, SubmittedAssignment, SubmittedNotebook
    from sqlalchemy.orm import joinedload
    rows = (gb.db.query(Grade, SubmittedAssignment.student_id)
            .join(SubmittedNotebook, SubmittedNotebook.id == Grade.notebook_id)
            .join(Notebook, Notebook.id == SubmittedNotebook.notebook_id)
            .join(SubmittedAssignment, SubmittedAssignment.id == SubmittedNotebook.assignment_id)
            .join(Assignment, Assignment.id == SubmittedAssignment.assignment_id)
            .filter(Notebook.name == notebook, Assignment.name == assignment)
            .options(joinedload(Grade.cell)).all())
    out = {}
    for grade, sid in rows:
        out.setdefault(sid, {})[grade.name] = _score(grade)
    return out


def _score(grade):
    by = "manual" if grade.manual_score is not None else (
        "auto" if grade.auto_score is not None else None)
    return float(grade.score or 0.0), float(grade.max_score), by


def cell_scores(gb, assignment, notebook, sid):
    """{grade_id: (score, max_score, graded_by)} of a student's submission,
    where ``score`` is nbgrader's: the manual score (a written answer's
    grade, or an instructor's override in formgrader) where one was given,
    else the automatic score; ``graded_by`` is "manual", "auto" or None
    (a written answer not graded yet). Empty when nothing was submitted."""
    try:
        nb = gb.find_submission_notebook(notebook, assignment, sid)
    except MissingEntry:
        return {}
    return {grade.name: _score(grade) for grade in nb.grades}
