"""Moodle "Download all submissions" of an assignment, in folders (the
default since Moodle 3.1) or flat. A student's prefix is
``<Full Name>_<participant id>`` (underscores in the name become spaces;
spaces and accents are normal), followed by ``_assignsubmission_<plugin>``:
in folders ``<prefix>_assignsubmission_file/<file path>`` (Moodle 3.x adds a
trailing ``_`` to the folder), flat ``<prefix>_assignsubmission_file_<file>``
(Moodle ``mod/assign/classes/downloader.php``, ``get_student_prefix`` and
``load_submissionplugin_filelist``). The student id is the participant id.
Only the file-submission plugin's files are used. Moodle streams the zip
when it is downloaded, so a file's time in it is the time of the download."""
import re

from autograder.intake.build import Attempt, checked_id
from autograder.intake.model import Skipped, shown

NAMING = "<Full Name>_<participant id>_assignsubmission_file[_]/<file>"
PREFIX = re.compile(r"(?P<name>.+?)_(?P<participant>\d+)_assignsubmission_(?P<plugin>[a-z0-9]+)")
FOLDER = re.compile(PREFIX.pattern + r"_?")
FLAT = re.compile(PREFIX.pattern + r"_(?P<file>.+)")


def _match(e):
    """(match, path in the submission) for a Moodle entry, or (None, None)."""
    if len(e.parts) > 1:
        m = FOLDER.fullmatch(e.parts[0])
        return (m, e.path.split("/", 1)[1]) if m else (None, None)
    m = FLAT.fullmatch(e.path)
    return (m, m.group("file")) if m else (None, None)


def claims(entries, ctx):
    return sum(1 for e in entries if _match(e)[0])


def parse(entries, ctx):
    attempts, skipped = {}, []
    for e in entries:
        m, rel = _match(e)
        if not m:
            skipped.append(Skipped(shown(e.path), f"not named like a Moodle download ({NAMING})"))
            continue
        if m.group("plugin") != "file":
            skipped.append(Skipped(shown(e.path), f"Moodle's {m.group('plugin')} submission, not a file"))
            continue
        sid = checked_id(m.group("participant"), e.path, skipped)
        if sid is None:
            continue
        if sid not in attempts:
            origin = e.parts[0] + "/" if len(e.parts) > 1 else e.path
            attempts[sid] = Attempt(sid, origin, [], name=m.group("name"))
        attempts[sid].files.append((rel, e))
    return list(attempts.values()), skipped
