"""Blackboard "Download Assignment" (Grade Centre, Assignment File
Download): one flat zip in which every file of an attempt is named
``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<filename>`` beside a
receipt ``<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>.txt``:

    Name: John Doe (jdoe)
    Assignment: ex03
    Date Submitted: Tuesday, 21 April 2020 06:34:13 o'clock BST
    Current Mark: Needs Marking
    ...
    Files:
    \tOriginal filename: ex03.ipynb
    \tFilename: ex03_jdoe_attempt_2020-04-21-06-34-13_ex03.ipynb

(the same naming is the example of nbgrader's ``FileNameCollectorPlugin``;
the receipt's lines as read by BBGradebookOrganiser and gradex-cli; US
installations write ``Monday, January 30, 2023 3:30:10 PM EST``). The
student id is the username. Several attempts of one student: the latest is
graded."""
import re
from datetime import UTC, datetime, timedelta, timezone

from autograder.intake.build import Attempt, checked_id
from autograder.intake.entries import EntryUnreadable
from autograder.intake.model import MAX_METADATA, Skipped, shown

NAMING = "<Assignment>_<username>_attempt_<YYYY-MM-DD-HH-MM-SS>_<file> and its .txt receipt"
STAMP = r"(?P<stamp>\d{4}-\d\d-\d\d-\d\d-\d\d-\d\d)"
RECEIPT = re.compile(rf"(?P<prefix>.+)_attempt_{STAMP}\.txt")
FILE = re.compile(rf"(?P<prefix>.+)_attempt_{STAMP}_(?P<file>.+)")
NAME_LINE = re.compile(r"Name:\s*(?P<name>.*?)\s*\((?P<username>[^()]+)\)\s*")
ZONES = {"UTC": 0, "GMT": 0, "WET": 0, "BST": 1, "IST": 1, "CET": 1, "WEST": 1, "CEST": 2,
         "EET": 2, "EEST": 3, "EST": -5, "EDT": -4, "CST": -6, "CDT": -5, "MST": -7, "MDT": -6,
         "PST": -8, "PDT": -7, "AKST": -9, "AKDT": -8, "HST": -10, "AWST": 8, "ACST": 9.5,
         "ACDT": 10.5, "AEST": 10, "AEDT": 11, "NZST": 12, "NZDT": 13, "SGT": 8, "HKT": 8, "JST": 9}
FORMATS = ("%d %B %Y %H:%M:%S", "%B %d, %Y %I:%M:%S %p", "%d %B %Y %I:%M:%S %p", "%B %d, %Y %H:%M:%S")


def claims(entries, ctx):
    return sum(1 for e in entries if len(e.parts) == 1 and (RECEIPT.fullmatch(e.path)
                                                           or FILE.fullmatch(e.path)))


def parse_date(text):
    """(aware datetime, note) from a receipt's "Date Submitted" value."""
    text = text.replace("o'clock", " ").strip()
    text = re.sub(r"^[A-Za-z]+,\s*", "", text)             # the weekday
    zone = None
    m = re.fullmatch(r"(.*?)\s+([A-Z]{2,5})", text)
    if m:
        text, zone = m.groups()
    text = " ".join(text.split())
    for fmt in FORMATS:
        try:
            when = datetime.strptime(text, fmt)
            break
        except ValueError:
            continue
    else:
        return None, None
    if zone in ZONES:
        return when.replace(tzinfo=timezone(timedelta(hours=ZONES[zone]))), None
    note = f"time zone {zone!r} of the receipt unknown; read as UTC" if zone else None
    return when.replace(tzinfo=UTC), note


def read_receipt(entry):
    """(name, username, datetime, note, {stored name: original name}) of a receipt."""
    if entry.size > MAX_METADATA:
        return None
    try:
        text = entry.read().decode("utf-8", "replace")
    except EntryUnreadable:
        return None
    name = username = when = note = None
    originals, original = {}, None
    for line in text.splitlines():
        line = line.strip()
        m = NAME_LINE.fullmatch(line)
        if m and username is None:
            name, username = m.group("name") or None, m.group("username").strip()
        elif line.startswith("Date Submitted:") and when is None:
            when, note = parse_date(line[len("Date Submitted:"):])
        elif line.startswith("Original filename:"):
            original = line[len("Original filename:"):].strip()
        elif line.startswith("Filename:") and original:
            originals[line[len("Filename:"):].strip()] = original
            original = None
    return name, username, when, note, originals


def _username(prefix, receipt):
    if receipt and receipt[1] and prefix.endswith("_" + receipt[1]):
        return receipt[1]
    return prefix.rsplit("_", 1)[-1]


def parse(entries, ctx):
    receipts, skipped = {}, []
    for e in entries:
        m = RECEIPT.fullmatch(e.path) if len(e.parts) == 1 else None
        if m:
            receipts[(m.group("prefix"), m.group("stamp"))] = (e, read_receipt(e))
    attempts = {}
    for e in entries:
        if len(e.parts) == 1 and RECEIPT.fullmatch(e.path):
            continue
        m = FILE.fullmatch(e.path) if len(e.parts) == 1 else None
        if not m:
            skipped.append(Skipped(shown(e.path), f"not named like a Blackboard download ({NAMING})"))
            continue
        key = (m.group("prefix"), m.group("stamp"))
        receipt_entry, receipt = receipts.get(key, (None, None))
        if key not in attempts:
            sid = checked_id(_username(key[0], receipt), e.path, skipped)
            if sid is None:
                continue
            a = attempts[key] = Attempt(sid, key[0] + "_attempt_" + key[1], [])
            if receipt and receipt[2]:
                a.submitted_at, a.timestamp_source = receipt[2], "blackboard-receipt"
                a.name = receipt[0]
                if receipt[3]:
                    a.notes.append(receipt[3])
            else:
                a.submitted_at = datetime.strptime(key[1], "%Y-%m-%d-%H-%M-%S").replace(tzinfo=UTC)
                a.timestamp_source = "blackboard-filename"
                a.notes.append("no readable receipt: the time in the file name is used, read as UTC"
                               if receipt_entry else "no receipt: the time in the file name is used, "
                               "read as UTC")
        a = attempts.get(key)
        if a is None:
            continue
        original = (receipt[4] if receipt else {}).get(e.path) or m.group("file")
        a.files.append((original, e))
    for key, (entry, _) in receipts.items():
        if key not in attempts:
            skipped.append(Skipped(shown(entry.path), "a Blackboard receipt with no files"))
    return list(attempts.values()), skipped
