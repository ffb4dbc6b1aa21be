"""What intake returns: submissions, skipped entries, the layout used; and
the rules every layout shares (student ids, names, limits)."""
import hashlib
import re
import unicodedata
from dataclasses import dataclass, field

MAX_FILE = 20 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024
MAX_FILES = 1000
MAX_NAME = 200             # characters in one path component
MAX_METADATA = 1024 * 1024  # an LMS's own metadata file (Gradescope YAML, Blackboard receipt)

STUDENT_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@+-]{0,99}")
ID_RULE = "letters, digits and _.@+- only, starting with a letter or digit, at most 100"

LAYOUTS = ("folder", "flat", "nbgrader", "canvas", "moodle", "gradescope", "blackboard")


class SubmissionsError(Exception):
    """The submissions path cannot be read (an instructor-side problem)."""


@dataclass
class Submission:
    """One student's work. ``files`` maps a relative path to its bytes;
    ``submitted_at`` is ISO 8601 with a time zone, and ``timestamp_source``
    says where it came from ("gradescope", "blackboard-receipt",
    "blackboard-filename", "filename", "zip-entry", "file-mtime")."""
    student_id: str
    files: dict
    notes: list
    size: int = 0         # bytes in files
    dropped: int = 0      # files left out because there were too many
    submitted_at: str = None
    timestamp_source: str = ""
    lms_late: bool = None  # Canvas's own late marker; None where the LMS says nothing
    name: str = None
    email: str = None
    members: list = field(default_factory=list)   # every student id of a group submission
    origin: str = ""      # the entry or folder of the download it came from

    def digest(self):
        """A hash of the files' paths and contents only."""
        h = hashlib.sha256()
        for rel in sorted(self.files):
            h.update(rel.encode() + b"\0" + hashlib.sha256(self.files[rel]).digest())
        return h.hexdigest()


@dataclass
class Skipped:
    entry: str            # the entry of the download, control characters escaped
    reason: str


@dataclass
class Intake:
    submissions: list     # of Submission, sorted by student_id
    skipped: list         # of Skipped: every entry of the download not used, with why
    layout: str


def unsafe_char(text):
    """The first control, format, private-use, surrogate or line-separator
    character of ``text``, or None."""
    for c in text:
        if unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Zl", "Zp"):
            return c
    return None


def shown(text, limit=160):
    """``text`` for a log line or report: control characters escaped, cut at ``limit``."""
    out = "".join(c.encode("unicode_escape").decode("ascii") if unsafe_char(c) else c for c in text)
    return out if len(out) <= limit else out[:limit] + "…"


def id_problem(sid):
    """Why ``sid`` cannot be a student id (the whole string must match
    ``STUDENT_ID``), or None."""
    if not isinstance(sid, str) or not sid:
        return "an empty student id"
    if STUDENT_ID.fullmatch(sid):
        return None
    return f"'{shown(sid, 60)}' is not a usable student id ({ID_RULE} characters)"
