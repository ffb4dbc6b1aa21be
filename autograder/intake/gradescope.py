"""Gradescope "Export Submissions": ``submission_metadata.yml`` at the top,
one folder per submission (``submission_<id>/``, the YAML's keys). Each
record is written with Ruby symbols as keys: ``:submitters:`` (a list of
``:name:``, ``:sid:``, ``:email:``), ``:created_at:`` (a time with its
offset), ``:score:``, ``:history:`` (as read by otter-grader's
``GradescopeParser``; the fields follow
https://gradescope-autograders.readthedocs.io/en/latest/submission_metadata/).
A group submission lists every member; it is graded once, under its first
member's id, and ``members`` lists them all. The student id is the SID, or
when that is empty the email's local part, or else the submission id."""
import re
from datetime import UTC, datetime

import yaml

from autograder.intake.build import Attempt
from autograder.intake.entries import EntryUnreadable
from autograder.intake.model import (
    MAX_METADATA,
    Skipped,
    SubmissionsError,
    id_problem,
    shown,
)

METADATA = "submission_metadata.yml"
NAMING = f"{METADATA} and submission_<id>/ folders"


def claims(entries, ctx):
    return sum(1 for e in entries if e.path == METADATA)


def _read_metadata(entries):
    meta = next((e for e in entries if e.path == METADATA), None)
    if meta is None:
        raise SubmissionsError(f"no {METADATA} at the top of the download: --lms gradescope reads "
                               "Gradescope's Export Submissions zip")
    if meta.size > MAX_METADATA:
        raise SubmissionsError(f"{METADATA} is {meta.size} bytes, over {MAX_METADATA}")
    try:
        records = yaml.safe_load(meta.read())
    except (EntryUnreadable, yaml.YAMLError, RecursionError) as exc:
        raise SubmissionsError(f"{METADATA} cannot be read ({shown(str(exc), 200)}); download the "
                               "export again") from None
    if not isinstance(records, dict):
        raise SubmissionsError(f"{METADATA} is not a mapping of submission folders to records")
    return records


def _member(person, folder):
    """(student id, how it was found) for one submitter, or (None, why)."""
    sid = person.get(":sid")
    sid = "" if sid is None else str(sid)
    if sid.strip():                 # an SID as written: "bob\n" or " bob" is not bob
        why = id_problem(sid)
        return (None, f"SID: {why}") if why else (sid, None)
    email = str(person.get(":email") or "")
    local = email.split("@", 1)[0]
    if local and not id_problem(local):
        return local, f"no SID; the email's local part {local!r} is the student id"
    number = re.sub(r"[^0-9]", "", folder)
    if number:
        return number, f"no SID or usable email; the submission id {number} is the student id"
    return None, "no SID, usable email or submission id"


def _time(value):
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        when = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse(entries, ctx):
    records = _read_metadata(entries)
    by_folder = {}
    skipped = []
    for e in entries:
        if e.path == METADATA:
            continue
        if len(e.parts) == 1 or e.parts[0] not in records:
            skipped.append(Skipped(shown(e.path), f"not in a submission folder listed in {METADATA}"))
        else:
            by_folder.setdefault(e.parts[0], []).append(e)
    attempts = []
    for folder, record in records.items():
        folder = str(folder)
        files = by_folder.get(folder, [])
        people = record.get(":submitters") if isinstance(record, dict) else None
        if not isinstance(people, list) or not people or not all(isinstance(p, dict) for p in people):
            skipped.append(Skipped(shown(folder + "/"), f"{METADATA} lists no submitters for it"))
            continue
        if not files:
            skipped.append(Skipped(shown(folder + "/"), "listed in the metadata, but no files"))
            continue
        members, notes = [], []
        for person in people:
            sid, how = _member(person, folder)
            if sid is None:
                notes.append(f"a member left out: {how}")
            else:
                members.append(sid)
                if how:
                    notes.append(how)
        if not members:
            skipped.append(Skipped(shown(folder + "/"), "; ".join(notes)))
            continue
        when = _time(record.get(":created_at"))
        if when is None:
            notes.append(f"no readable :created_at: in {METADATA}; the files' own time is used")
        first = people[0]
        attempts.append(Attempt(
            members[0], folder + "/", [(e.path.split("/", 1)[1], e) for e in files],
            submitted_at=when, timestamp_source="gradescope" if when else "",
            name=str(first.get(":name") or "") or None, email=str(first.get(":email") or "") or None,
            members=members if len(people) > 1 else [], notes=notes))
    return attempts, skipped
