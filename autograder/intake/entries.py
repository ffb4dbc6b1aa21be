"""The files of a download, from a folder or a zip, as a flat list of
entries. Nothing is written; a zip entry that cannot be read is marked, not
fatal."""
import io
import lzma
import os
import struct
import zipfile
import zlib
from dataclasses import dataclass
from datetime import UTC, datetime

from autograder.intake.model import Skipped, SubmissionsError, shown, unsafe_char

SYSTEM_NAMES = ("__MACOSX", "__pycache__", ".ipynb_checkpoints", "Thumbs.db", "desktop.ini")
READABLE_METHODS = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA)


class EntryUnreadable(Exception):
    """The bytes of an entry cannot be had (bad CRC, truncated, unreadable file)."""


@dataclass
class Entry:
    """One file of the download. ``path`` is relative, "/"-separated.
    ``problem`` says why the entry cannot be read (encrypted, unknown
    compression), or is None."""
    path: str
    size: int
    mtime: datetime
    time_source: str
    reader: object
    problem: str = None
    order: tuple = ()       # breaks ties between equal times (e.g. Canvas attachment ids)

    @property
    def parts(self):
        return self.path.split("/")

    def read(self):
        if self.problem:
            raise EntryUnreadable(self.problem)
        try:
            return self.reader()
        except EntryUnreadable:
            raise
        except (zipfile.BadZipFile, zlib.error, lzma.LZMAError, EOFError, OSError, ValueError,
                RuntimeError, NotImplementedError, LookupError) as exc:
            raise EntryUnreadable(f"unreadable ({type(exc).__name__}: {shown(str(exc), 120)})") from None


def system_name(name):
    return name.startswith(".") or name in SYSTEM_NAMES


def _entry_problem(path):
    """Why ``path`` is refused before any layout sees it, or None."""
    c = unsafe_char(path)
    if c is not None:
        return f"a name with the control character {c!r}"
    parts = path.split("/")
    if path.startswith("/") or ".." in parts or (parts and parts[0].endswith(":")):
        return "a path that leaves the download's folder"
    if "\\" in path:
        return "a name with a backslash"
    if any(system_name(p) for p in parts):
        return "a hidden or system file"
    return None


def read_folder(root):
    """(entries, skipped) for every file under ``root``."""
    entries, skipped = [], []

    def onerror(exc):
        skipped.append(Skipped(shown(os.path.relpath(exc.filename or root, root)),
                               f"unreadable ({exc.strerror})"))

    for base, dirs, files in os.walk(root, onerror=onerror):
        rel_base = os.path.relpath(base, root).replace(os.sep, "/")
        rel_base = "" if rel_base == "." else rel_base + "/"
        keep = []
        for d in sorted(dirs):
            why = _entry_problem(rel_base + d)
            full = os.path.join(base, d)
            if why is None and os.path.islink(full):
                why = "a symbolic link"
            if why:
                skipped.append(Skipped(shown(rel_base + d + "/"), why))
            else:
                keep.append(d)
        dirs[:] = keep
        for name in sorted(files):
            rel = rel_base + name
            full = os.path.join(base, name)
            why = _entry_problem(rel)
            if why is None and os.path.islink(full):
                why = "a symbolic link"
            if why is None:
                try:
                    st = os.lstat(full)
                except OSError as exc:
                    why = f"unreadable ({exc.strerror})"
            if why:
                skipped.append(Skipped(shown(rel), why))
                continue

            def reader(full=full):
                try:
                    with open(full, "rb") as f:
                        return f.read()
                except OSError as exc:
                    raise EntryUnreadable(f"unreadable ({exc.strerror or type(exc).__name__})") from None
            entries.append(Entry(rel, st.st_size, datetime.fromtimestamp(st.st_mtime, UTC),
                                 "file-mtime", reader))
    return entries, skipped


def _zip_time(info):
    """The entry's modification time: the extended-timestamp extra field
    (0x5455, UTC) when present, else the DOS date and time, read as UTC."""
    extra = info.extra
    i = 0
    while i + 4 <= len(extra):
        tag, size = struct.unpack("<HH", extra[i:i + 4])
        body = extra[i + 4:i + 4 + size]
        if tag == 0x5455 and len(body) >= 5 and body[0] & 1:
            return datetime.fromtimestamp(struct.unpack("<i", body[1:5])[0], UTC)
        i += 4 + size
    try:
        return datetime(*info.date_time, tzinfo=UTC)
    except ValueError:
        return None


def read_zip(zf):
    """(entries, skipped) for every file entry of an open ``ZipFile``."""
    entries, skipped = [], []
    bad_names = getattr(zf, "bad_utf8_names", set())
    for info in zf.infolist():
        if info.is_dir():
            continue
        why = "a name that is not valid UTF-8 (its entry says it is)" \
            if info.filename in bad_names else _entry_problem(info.filename)
        if why:
            skipped.append(Skipped(shown(info.filename), why))
            continue
        problem = None
        if info.flag_bits & 0x1:
            problem = "encrypted"
        elif info.compress_type not in READABLE_METHODS:
            problem = f"compression method {info.compress_type} is not supported"
        entries.append(Entry(info.filename, info.file_size, _zip_time(info), "zip-entry",
                             lambda info=info: zf.read(info), problem))
    return entries, skipped


_UTF8_NAME = 0x800          # general-purpose flag bit 11: the entry's name is UTF-8
_CENTRAL = struct.Struct("<4s4x H 18x 3H 12x")   # signature, flags, name, extra, comment lengths


def _utf8_claims_dropped(path):
    """(the zip's bytes, names) with every central-directory entry whose
    name claims to be UTF-8 and is not claiming cp437 instead (which reads
    any bytes), and those names as cp437 reads them; None when there is
    none or the central directory cannot be walked."""
    with open(path, "rb") as f:
        end = zipfile._EndRecData(f)
        f.seek(0)
        data = bytearray(f.read())
    if not end:
        return None
    size, offset = end[zipfile._ECD_SIZE], end[zipfile._ECD_OFFSET]
    at = end[zipfile._ECD_LOCATION] - size
    if end[zipfile._ECD_SIGNATURE] == zipfile.stringEndArchive64:
        at -= zipfile.sizeEndCentDir64 + zipfile.sizeEndCentDir64Locator
    names, stop = set(), at + size
    while 0 <= at and at + _CENTRAL.size <= stop:
        signature, flags, n_name, n_extra, n_comment = _CENTRAL.unpack_from(data, at)
        if signature != zipfile.stringCentralDir:
            return None
        raw = bytes(data[at + _CENTRAL.size:at + _CENTRAL.size + n_name])
        if flags & _UTF8_NAME:
            try:
                raw.decode("utf-8")
            except UnicodeDecodeError:
                struct.pack_into("<H", data, at + 8, flags & ~_UTF8_NAME)
                names.add(raw.decode("cp437"))
        at += _CENTRAL.size + n_name + n_extra + n_comment
    return (bytes(data), names) if names and offset >= 0 else None


def open_zip(path):
    """An open ``ZipFile``; an entry whose name claims UTF-8 and is not
    leaves the rest readable (its name is in ``bad_utf8_names``, and
    ``read_zip`` skips it)."""
    try:
        return zipfile.ZipFile(path)
    except UnicodeDecodeError as exc:
        try:
            fixed = _utf8_claims_dropped(path)
        except (OSError, ValueError, struct.error):
            fixed = None
        if fixed is not None:
            zf = zipfile.ZipFile(io.BytesIO(fixed[0]))
            zf.bad_utf8_names = fixed[1]
            return zf
        error = exc
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError) as exc:
        error = exc
    raise SubmissionsError(f"{path}: not a readable zip file ({error}); give a folder or an "
                           "LMS zip download")


def strip_top(entries):
    """The entries without their one common top-level folder, or None when
    they do not all sit in one folder."""
    tops = {e.parts[0] for e in entries}
    if len(tops) != 1 or any(len(e.parts) < 2 for e in entries):
        return None
    return [Entry(e.path.split("/", 1)[1], e.size, e.mtime, e.time_source, e.reader, e.problem)
            for e in entries]
