"""nbgrader ``zip_collect`` naming: every file named
``<student_id>_<assignment>_<file>``, or another naming given as a regular
expression with the named groups ``student_id`` and ``file_id`` and
optionally ``timestamp`` (nbgrader's ``FileNameCollectorPlugin.named_regexp``,
https://nbgrader.readthedocs.io/en/stable/user_guide/managing_assignment_files_manually.html).
The expression is applied to each file's name; the student id it captures
must then match the student-id rule in full."""
import os
import re
from datetime import UTC, datetime

from autograder.intake.build import Attempt, checked_id
from autograder.intake.model import Skipped, SubmissionsError, shown


def pattern(ctx):
    if ctx.regexp is not None:
        try:
            compiled = re.compile(ctx.regexp)
        except re.error as exc:
            raise SubmissionsError(f"--zip-regexp {ctx.regexp!r} is not a regular expression ({exc})") from None
        missing = {"student_id", "file_id"} - set(compiled.groupindex)
        if missing:
            raise SubmissionsError(f"--zip-regexp {ctx.regexp!r} lacks the named group(s) "
                                   + ", ".join(f"(?P<{g}>...)" for g in sorted(missing)))
        return compiled
    return re.compile(rf"(?P<student_id>.+?)_{re.escape(ctx.assignment)}_(?P<file_id>.+)")


def naming(ctx):
    return pattern(ctx).pattern


def claims(entries, ctx):
    p = pattern(ctx)
    return sum(1 for e in entries if p.match(e.parts[-1]))


def parse_time(text):
    """nbgrader-style timestamps: ``2016-01-30-15-30-10`` or ISO 8601;
    without a zone, UTC."""
    text = text.strip()
    m = re.fullmatch(r"(\d{4})-(\d\d)-(\d\d)[-_ T](\d\d)[-:](\d\d)[-:](\d\d)", text)
    try:
        when = datetime(*map(int, m.groups())) if m else datetime.fromisoformat(text)
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def parse(entries, ctx):
    p = pattern(ctx)
    attempts, skipped = {}, []
    for e in entries:
        m = p.match(e.parts[-1])
        if not m:
            skipped.append(Skipped(shown(e.path), f"does not match the file naming {p.pattern!r} "
                                   "(give another with --zip-regexp)"))
            continue
        sid = checked_id(m.group("student_id"), e.path, skipped)
        if sid is None:
            continue
        rel = m.group("file_id")
        ext = os.path.splitext(e.parts[-1])[1]
        if ext and not rel.endswith(ext):
            rel += ext
        stamp = m.groupdict().get("timestamp")
        when = parse_time(stamp) if stamp else None
        key = (sid, when)
        if key not in attempts:
            attempts[key] = Attempt(sid, e.path, [], submitted_at=when,
                                    timestamp_source="filename" if when else "")
            if stamp and when is None:
                attempts[key].notes.append(f"timestamp {shown(stamp, 40)!r} in the file name is "
                                           "unreadable; the file's own time is used")
        attempts[key].files.append((rel, e))
    return list(attempts.values()), skipped
