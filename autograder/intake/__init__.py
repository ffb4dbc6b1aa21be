"""Read the instructor's download of an assignment into submissions.

``collect(path, assignment, notebook, lms="auto", regexp=None)`` reads a
folder or a zip (possibly with one top-level folder) in one of the layouts
of ``LAYOUTS``, recognised by itself with ``lms="auto"``. Every entry that
is not used is listed in ``Intake.skipped`` with the reason; only a download
that cannot be read at all, or holds no submission, raises
``SubmissionsError``. Nothing under ``path`` is ever written.
"""
import os
from dataclasses import dataclass

from autograder.intake import blackboard, canvas, folder, gradescope, moodle, nbgrader
from autograder.intake.build import choose_latest, make_submission
from autograder.intake.entries import open_zip, read_folder, read_zip, strip_top
from autograder.intake.model import (
    LAYOUTS,
    MAX_FILE,
    MAX_FILES,
    MAX_NAME,
    MAX_TOTAL,
    STUDENT_ID,
    Intake,
    Skipped,
    Submission,
    SubmissionsError,
)

__all__ = [
    "LAYOUTS",
    "MAX_FILE",
    "MAX_FILES",
    "MAX_NAME",
    "MAX_TOTAL",
    "STUDENT_ID",
    "Intake",
    "Skipped",
    "Submission",
    "SubmissionsError",
    "collect",
]


@dataclass
class Context:
    assignment: str
    notebook: str
    regexp: str = None


@dataclass
class Layout:
    name: str
    naming: object       # str, or a function of the context
    claims: object
    parse: object
    specific: bool       # recognised by a naming no other layout produces


REGISTRY = {
    "gradescope": Layout("gradescope", gradescope.NAMING, gradescope.claims, gradescope.parse, True),
    "blackboard": Layout("blackboard", blackboard.NAMING, blackboard.claims, blackboard.parse, True),
    "moodle": Layout("moodle", moodle.NAMING, moodle.claims, moodle.parse, True),
    "canvas": Layout("canvas", canvas.NAMING, canvas.claims, canvas.parse, True),
    "nbgrader": Layout("nbgrader", nbgrader.naming, nbgrader.claims, nbgrader.parse, True),
    "flat": Layout("flat", folder.FLAT_NAMING, folder.flat_claims, folder.flat_parse, False),
    "folder": Layout("folder", folder.FOLDER_NAMING, folder.folder_claims, folder.folder_parse, False),
}
ORDER = list(REGISTRY)       # the order auto-detection tries them in


def _naming(layout, ctx):
    return layout.naming(ctx) if callable(layout.naming) else layout.naming


def _recognise(entries, ctx):
    """The layout ``entries`` are in, or None. Gradescope's metadata file
    decides alone; the other LMS namings need at least half of the
    top-level entries; then flat (more top-level notebooks than folders),
    then folders."""
    if not entries:
        return None
    tops = {e.parts[0] for e in entries}
    for name in ORDER:
        layout = REGISTRY[name]
        n = layout.claims(entries, ctx)
        if name == "gradescope":
            if n:
                return name
        elif layout.specific:
            claimed_tops = {e.parts[0] for e in entries if layout.claims([e], ctx)}
            if n and 2 * len(claimed_tops) >= len(tops):
                return name
        elif name == "flat":
            folders = {e.parts[0] for e in entries if len(e.parts) > 1}
            named = any(e.path == ctx.notebook + ".ipynb" for e in entries)
            if n and n > len(folders) and not named:
                return name
        elif n:
            return name
    return None


def _seen(entries, skipped):
    """A short account of a download's top level, for an error message."""
    notebooks = sum(1 for e in entries if len(e.parts) == 1 and e.path.endswith(".ipynb"))
    others = sum(1 for e in entries if len(e.parts) == 1) - notebooks
    folders = len({e.parts[0] for e in entries if len(e.parts) > 1})
    parts = [f"{notebooks} notebooks, {others} other files and {folders} folders at the top level"]
    if skipped:
        parts.append(f"{len(skipped)} entries refused (first: {skipped[0].entry}: {skipped[0].reason})")
    return "; ".join(parts)


def _read(path):
    """(entries, skipped, zip file or None)."""
    if os.path.isdir(path):
        try:
            entries, skipped = read_folder(path)
        except OSError as exc:
            raise SubmissionsError(f"cannot read {path}: {exc}") from None
        return entries, skipped, None
    if os.path.isfile(path):
        zf = open_zip(path)
        entries, skipped = read_zip(zf)
        return entries, skipped, zf
    raise SubmissionsError(f"{path} does not exist; give a folder or an LMS zip download")


def _choose_layout(entries, lms, ctx):
    """(layout name, entries), stripping one common top-level folder when
    the layout is found inside it."""
    inner = strip_top(entries)
    # One folder holding a notebook at its top is one student's folder, not a wrapper.
    one_student = inner is not None and any(len(e.parts) == 1 and e.path.endswith(".ipynb")
                                            for e in inner)

    def looks_through(name):
        return REGISTRY[name].specific or name == "flat" or not one_student

    if lms != "auto":
        layout = REGISTRY[lms]
        n_inner = layout.claims(inner, ctx) if inner is not None else 0
        if n_inner and looks_through(lms) and (lms == "folder" or n_inner >= layout.claims(entries, ctx)):
            return lms, inner
        return lms, entries
    found = _recognise(entries, ctx)
    if inner is None or (found and REGISTRY[found].specific):
        return found, entries
    found_inner = _recognise(inner, ctx)
    if found_inner and looks_through(found_inner):
        return found_inner, inner
    return found, entries


def collect(path, assignment, notebook, lms="auto", regexp=None):
    """Every submission under ``path`` (a folder or a zip): an ``Intake``
    with the submissions sorted by student id, every entry not used with
    why, and the layout used."""
    lms = lms or "auto"
    if lms != "auto" and lms not in REGISTRY:
        raise SubmissionsError(f"unknown --lms {lms!r}; choose auto or one of {', '.join(LAYOUTS)}")
    if regexp is not None and lms not in ("auto", "nbgrader"):
        raise SubmissionsError(f"--zip-regexp names the files of the nbgrader layout, not of --lms {lms}")
    if regexp is not None:
        lms = "nbgrader"
    ctx = Context(assignment, notebook, regexp)
    entries, skipped, zf = _read(path)
    try:
        layout, entries = _choose_layout(entries, lms, ctx)
        if layout is None:
            raise SubmissionsError(
                f"no submissions found in {path}: tried the layouts {', '.join(ORDER)}; seen "
                f"{_seen(entries, skipped)}. Expected one folder per student "
                f"({folder.FOLDER_NAMING}), one {folder.FLAT_NAMING} per student (--lms flat), or an "
                "LMS download (--lms canvas|moodle|gradescope|blackboard|nbgrader)")
        attempts, refused = REGISTRY[layout].parse(entries, ctx)
        skipped += refused
        attempts = choose_latest(attempts, skipped)
        subs = [make_submission(a, notebook, skipped) for a in attempts]
    finally:
        if zf is not None:
            zf.close()
    if not subs:
        if lms == "auto":
            hint = " (auto-detected; give --lms to choose another layout)"
        else:
            guess, _ = _choose_layout(entries, "auto", Context(assignment, notebook))
            hint = f"; without --lms it would be read as {guess}" if guess and guess != layout else ""
        raise SubmissionsError(
            f"no submissions found in {path} as {layout} ({_naming(REGISTRY[layout], ctx)}): seen "
            f"{_seen(entries, skipped)}{hint}")
    subs.sort(key=lambda s: s.student_id)
    skipped.sort(key=lambda s: (s.entry, s.reason))
    return Intake(subs, skipped, layout)
