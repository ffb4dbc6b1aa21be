"""Canvas "Download Submissions": one flat zip, each uploaded file named
``<sortablename>[_late]_<user_id>_<attachment_id>_<original filename>``,
e.g. ``doejohn_late_123456_7891011_ex03_lstm_forward-1.ipynb``. The name
part is the student's sortable name with every non-word character removed,
lower-cased; ``late`` marks a submission Canvas counts as late; text and URL
entries arrive as ``<prefix>_text.html`` and ``<prefix>_link.html`` (Canvas
``app/models/content_zipper.rb``, ``get_filename`` and
``add_upload_submission``). The student id is the Canvas user id. Canvas
builds the zip when it is downloaded, so a file's time in it is the time of
the download, not of the submission; a higher attachment id is a later
upload."""
import re

from autograder.intake.build import Attempt, checked_id
from autograder.intake.model import Skipped, shown

NAMING = "<sortablename>[_late]_<user_id>_<attachment_id>_<file>"
FILE = re.compile(r"(?:(?P<name>\w*?)_)?(?:(?P<late>(?i:late))_)?(?P<user_id>\d+)_(?P<attachment_id>\d+)_"
                  r"(?P<file>.+)")
TEXT_ENTRY = re.compile(r"(?:\w*?_)?(?:(?i:late)_)?\d+_(?:text|link)\.html")


def claims(entries, ctx):
    return sum(1 for e in entries if len(e.parts) == 1 and FILE.fullmatch(e.path))


def parse(entries, ctx):
    attempts, skipped = {}, []
    for e in entries:
        m = FILE.fullmatch(e.path) if len(e.parts) == 1 else None
        if not m:
            why = ("a Canvas text or URL entry, not an uploaded file" if TEXT_ENTRY.fullmatch(e.path)
                   else f"not named like a Canvas download ({NAMING})")
            skipped.append(Skipped(shown(e.path), why))
            continue
        sid = checked_id(m.group("user_id"), e.path, skipped)
        if sid is None:
            continue
        if sid not in attempts:
            attempts[sid] = Attempt(sid, e.path, [], lms_late=False)
        a = attempts[sid]
        a.lms_late = a.lms_late or bool(m.group("late"))
        e.order = (int(m.group("attachment_id")),)
        a.files.append((m.group("file"), e))
    return list(attempts.values()), skipped
