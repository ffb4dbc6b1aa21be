"""Read a batch of submissions: a folder of per-student folders, or a zip.

Folder layout: ``SUBMISSIONS/<student_id>/<notebook>.ipynb`` plus any other
files the student added (hidden files and ``.ipynb_checkpoints`` are
skipped).

Zip layouts (an LMS download):

- per-student folders, ``<student_id>/<notebook>.ipynb``, optionally all
  inside one top-level folder;
- flat, nbgrader ``zip_collect`` style: every file is named
  ``<student_id>_<assignment>_<file>``, e.g.
  ``alice_ex01_rnn_forward_ex01_rnn_forward.ipynb``. Another naming can be
  given as a regular expression with the named groups ``student_id`` and
  ``file_id`` (as nbgrader's ``FileNameCollectorPlugin.named_regexp``).

Nothing is ever written to the submissions.
"""
import hashlib
import os
import re
import zipfile
from dataclasses import dataclass

MAX_FILE = 20 * 1024 * 1024
MAX_TOTAL = 64 * 1024 * 1024
MAX_FILES = 1000
MAX_NAME = 200             # characters in one path component
STUDENT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.@+-]{0,99}$")


class SubmissionsError(Exception):
    """The submissions path cannot be read (an instructor-side problem)."""


@dataclass
class Submission:
    student_id: str
    files: dict           # relative path -> bytes
    notes: list
    size: int = 0         # bytes in files
    dropped: int = 0      # files left out because there were too many

    def digest(self):
        h = hashlib.sha256()
        for rel in sorted(self.files):
            h.update(rel.encode() + b"\0" + hashlib.sha256(self.files[rel]).digest())
        return h.hexdigest()


def _skip(rel):
    parts = rel.split("/")
    return any(p.startswith(".") or p in ("__MACOSX", "__pycache__", ".ipynb_checkpoints")
               for p in parts)


def _bad_path(sub, rel):
    """Why ``rel`` cannot be a file of the working folder, or None. A path
    is relative, with no empty, ``.`` or ``..`` part, short parts, and does
    not run into a file or folder already taken."""
    parts = rel.split("/")
    if rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or "\\" in rel:
        return "not a plain relative path"
    if any(len(p) > MAX_NAME for p in parts) or "\0" in rel:
        return f"a name longer than {MAX_NAME} characters"
    if rel in sub.files or any("/".join(parts[:k]) in sub.files for k in range(1, len(parts))):
        return "clashes with another file of the submission"
    if any(f.startswith(rel + "/") for f in sub.files):
        return "clashes with a folder of the submission"
    return None


def _add(sub, rel, data_or_size, read):
    """Add one file, unless it is too large, one too many, or its path is
    unusable (each skip is noted in the submission's feedback)."""
    shown = repr(rel[:120])
    why = _bad_path(sub, rel)
    if why:
        sub.notes.append(f"skipped {shown} ({why})")
    elif len(sub.files) >= MAX_FILES:
        sub.dropped += 1
    elif data_or_size > MAX_FILE:
        sub.notes.append(f"skipped {shown} ({data_or_size} bytes, over {MAX_FILE})")
    elif sub.size + data_or_size > MAX_TOTAL:
        sub.notes.append(f"skipped {shown} (submission over {MAX_TOTAL} bytes)")
    else:
        sub.files[rel] = read()
        sub.size += len(sub.files[rel])


def _finish(subs, notebook):
    """Use the only notebook under another name if the expected one is absent."""
    name = notebook + ".ipynb"
    out = []
    for sid in sorted(subs):
        sub = subs[sid]
        if sub.dropped:
            sub.notes.append(f"skipped {sub.dropped} files or more: a submission holds at most "
                             f"{MAX_FILES} files")
        if name not in sub.files:
            others = [r for r in sub.files if r.endswith(".ipynb") and "/" not in r]
            if len(others) == 1:
                sub.notes.append(f"graded {others[0]} as {name}")
                sub.files[name] = sub.files.pop(others[0])
        out.append(sub)
    return out


def _check_id(sid, where):
    if not STUDENT_ID.match(sid):
        raise SubmissionsError(f"{where}: {sid!r} is not a usable student id "
                               "(letters, digits and _.@+- only); rename it")
    return sid


def from_folder(path, notebook):
    subs = {}
    for entry in sorted(os.scandir(path), key=lambda e: e.name):
        if entry.name.startswith(".") or not entry.is_dir(follow_symlinks=False):
            continue
        sid = _check_id(entry.name, path)
        sub = subs[sid] = Submission(sid, {}, [])
        for base, dirs, files in os.walk(entry.path):
            dirs[:] = sorted(d for d in dirs if not _skip(d))
            if len(sub.files) >= MAX_FILES:
                dirs[:] = []
                sub.dropped += len(files)
                continue
            for name in sorted(files):
                full = os.path.join(base, name)
                rel = os.path.relpath(full, entry.path).replace(os.sep, "/")
                if _skip(rel) or os.path.islink(full):
                    continue

                def read(full=full):
                    with open(full, "rb") as f:
                        return f.read()
                _add(sub, rel, os.path.getsize(full), read)
    return _finish(subs, notebook)


def from_zip(path, assignment, notebook, regexp=None):
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as exc:
        raise SubmissionsError(f"{path}: not a readable zip file ({exc})") from None
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        infos = [i for i in infos if not _skip(i.filename)
                 and not i.filename.startswith("/") and ".." not in i.filename.split("/")]
        names = [i.filename.split("/") for i in infos]
        subs = {}
        if regexp is None and names and all(len(p) >= 2 for p in names):
            strip = 1 if all(len(p) >= 3 for p in names) and len({p[0] for p in names}) == 1 else 0
            for info, parts in zip(infos, names):
                parts = parts[strip:]
                sid = _check_id(parts[0], path)
                sub = subs.setdefault(sid, Submission(sid, {}, []))
                _add(sub, "/".join(parts[1:]), info.file_size, lambda info=info: zf.read(info))
        else:
            pattern = re.compile(regexp or rf"^(?P<student_id>.+?)_{re.escape(assignment)}_(?P<file_id>.+)$")
            for info, parts in zip(infos, names):
                m = pattern.match(parts[-1])
                if not m:
                    raise SubmissionsError(
                        f"{path}: {info.filename!r} does not match the file naming "
                        f"{pattern.pattern!r}; give the right one with --zip-regexp")
                sid = _check_id(m.group("student_id"), path)
                rel = m.group("file_id")
                ext = os.path.splitext(parts[-1])[1]
                if ext and not rel.endswith(ext):
                    rel += ext
                sub = subs.setdefault(sid, Submission(sid, {}, []))
                _add(sub, rel, info.file_size, lambda info=info: zf.read(info))
    return _finish(subs, notebook)


def collect(path, assignment, notebook, regexp=None):
    """All submissions under ``path`` (a folder or a zip file)."""
    if os.path.isdir(path):
        try:
            return from_folder(path, notebook)
        except OSError as exc:
            raise SubmissionsError(f"cannot read {path}: {exc}") from None
    if os.path.isfile(path):
        return from_zip(path, assignment, notebook, regexp)
    raise SubmissionsError(f"{path} does not exist; give a folder of <student_id>/ folders or an LMS zip")
