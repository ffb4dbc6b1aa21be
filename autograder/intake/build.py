"""From a layout's attempts to submissions: each file checked against the
limits and the working-folder rules, the notebook to grade chosen, and one
attempt per student kept (the latest)."""
from dataclasses import dataclass, field

from autograder.intake.entries import EntryUnreadable
from autograder.intake.model import (
    MAX_FILE,
    MAX_FILES,
    MAX_NAME,
    MAX_TOTAL,
    Skipped,
    Submission,
    id_problem,
    shown,
)


@dataclass
class Attempt:
    """What one layout found for one student: ``files`` is a list of
    (relative path in the submission, Entry); ``submitted_at`` a timezone-aware
    datetime from the LMS's metadata, or None to use the files' own times."""
    student_id: str
    origin: str
    files: list
    submitted_at: object = None
    timestamp_source: str = ""
    lms_late: bool = None
    name: str = None
    email: str = None
    members: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    order: tuple = ()         # breaks ties between equal times (e.g. Canvas attachment ids)


def bad_path(files, rel):
    """Why ``rel`` cannot be a file of the working folder, or None. A path
    is relative, with no empty, ``.`` or ``..`` part, short parts, and does
    not run into a file or folder already taken."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        return "not a plain relative path"
    if any(len(p) > MAX_NAME for p in parts) or "\0" in rel:
        return f"a name longer than {MAX_NAME} characters"
    if rel in files or any("/".join(parts[:k]) in files for k in range(1, len(parts))):
        return "clashes with another file of the submission"
    if any(f.startswith(rel + "/") for f in files):
        return "clashes with a folder of the submission"
    return None


def _add(sub, rel, entry, skipped):
    """Add one file unless it is unusable, too large or one too many; each
    refusal is noted for the student and listed in ``skipped``."""
    def refuse(why):
        sub.notes.append(f"skipped {shown(rel, 120)!r} ({why})")
        skipped.append(Skipped(shown(entry.path), f"{sub.student_id}: {why}"))

    why = bad_path(sub.files, rel)
    if why:
        return refuse(why)
    if len(sub.files) >= MAX_FILES:
        sub.dropped += 1
        return None
    if entry.size > MAX_FILE:
        return refuse(f"{entry.size} bytes, over {MAX_FILE}")
    if sub.size + entry.size > MAX_TOTAL:
        return refuse(f"submission over {MAX_TOTAL} bytes")
    try:
        data = entry.read()
    except EntryUnreadable as exc:
        return refuse(str(exc))
    sub.files[rel] = data[:MAX_FILE]
    sub.size += len(sub.files[rel])
    return entry


def _pick_notebook(sub, used, notebook, skipped):
    """Grade ``<notebook>.ipynb``; failing that, the only top-level notebook,
    or the latest of several (the others are left out and listed)."""
    name = notebook + ".ipynb"
    if name in sub.files:
        return used.get(name)
    others = sorted(r for r in sub.files if r.endswith(".ipynb") and "/" not in r)
    if not others:
        return None
    if len(others) == 1:
        chosen = others[0]
        sub.notes.append(f"graded {chosen} as {name}")
    else:
        def key(rel):
            e = used[rel]
            return (e.mtime is not None, e.mtime or 0, e.order, rel)
        chosen = max(others, key=key)
        when = used[chosen].mtime.isoformat() if used[chosen].mtime else "no time"
        sub.notes.append(f"graded {chosen} as {name}: the latest of {len(others)} notebooks "
                         f"({when}, {used[chosen].time_source})")
        for rel in others:
            if rel != chosen:
                del sub.files[rel]
                skipped.append(Skipped(shown(used[rel].path),
                                       f"{sub.student_id}: an earlier notebook; {chosen} is graded"))
    sub.files[name] = sub.files.pop(chosen)
    return used[chosen]


def make_submission(attempt, notebook, skipped):
    sub = Submission(attempt.student_id, {}, list(attempt.notes), origin=attempt.origin,
                     lms_late=attempt.lms_late, name=attempt.name, email=attempt.email,
                     members=list(attempt.members))
    used = {}
    for rel, entry in sorted(attempt.files, key=lambda f: f[0]):
        if _add(sub, rel, entry, skipped):
            used[rel] = entry
    if sub.dropped:
        sub.notes.append(f"skipped {sub.dropped} files: a submission holds at most "
                         f"{MAX_FILES} files")
        skipped.append(Skipped(shown(attempt.origin),
                               f"{sub.student_id}: {sub.dropped} files over the limit of {MAX_FILES}"))
    graded = _pick_notebook(sub, used, notebook, skipped)
    sub.size = sum(len(b) for b in sub.files.values())
    if attempt.submitted_at is not None:
        when, source = attempt.submitted_at, attempt.timestamp_source
    else:
        timed = [e for e in ([graded] if graded else used.values()) if e.mtime is not None]
        latest = max(timed, key=lambda e: e.mtime, default=None)
        when, source = (latest.mtime, latest.time_source) if latest else (None, "")
    sub.submitted_at = when.isoformat() if when is not None else None
    sub.timestamp_source = source
    return sub


def choose_latest(attempts, skipped):
    """One attempt per student: the latest by time (then ``order``); every
    other attempt's files are listed in ``skipped`` and the choice noted."""
    by_id = {}
    for a in attempts:
        by_id.setdefault(a.student_id, []).append(a)
    chosen = []
    for sid in sorted(by_id):
        group = by_id[sid]
        if len(group) > 1:
            group.sort(key=lambda a: (a.submitted_at is not None, a.submitted_at or 0, a.order, a.origin))
            latest = group[-1]
            when = latest.submitted_at.isoformat() if latest.submitted_at else "no time"
            latest.notes.append(f"graded the latest of {len(group)} submissions: {shown(latest.origin)} "
                                f"({when})")
            for a in group[:-1]:
                for _, entry in a.files:
                    skipped.append(Skipped(shown(entry.path),
                                           f"{sid}: an earlier submission; {shown(latest.origin)} "
                                           f"({when}) is graded"))
        chosen.append(group[-1])
    return chosen


def checked_id(sid, entry, skipped):
    """``sid`` when it is a usable id; else the entry is listed in ``skipped``."""
    why = id_problem(sid)
    if why:
        skipped.append(Skipped(shown(entry), why))
        return None
    return sid
