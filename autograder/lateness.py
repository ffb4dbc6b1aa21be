"""Due dates, extensions and late penalties.

A late policy is one of

``none``
    lateness is recorded, nothing is deducted;
``zero``
    a late submission scores 0;
``per-day:RATE[:cap=CAP]`` / ``per-hour:RATE[:cap=CAP]``
    RATE of the raw score is deducted for every STARTED day (hour) after the
    due date, at most CAP (default 1, the whole score): one second late is one
    started day, a day and one second late is two.

A hard cut-off (``LatePolicy.cutoff``) comes on top of any of them: a
submission after the cut-off scores 0. A student whose extended due date is
later than the cut-off is not cut off before that date.

Times are timezone-aware throughout; a time written without an offset is
read in the default timezone (UTC unless the caller says otherwise).
"""
import csv
import io
import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

ACCEPTED_DATETIMES = ("ISO 8601 such as 2026-12-01T23:59:00+01:00 or 2026-12-01T22:59Z, "
                      "or 'YYYY-MM-DD HH:MM' (read in the default timezone)")
ACCEPTED_POLICIES = ("none, zero, per-day:RATE[:cap=CAP] or per-hour:RATE[:cap=CAP], "
                     "with RATE and CAP fractions of the score in (0, 1], "
                     "e.g. per-day:0.1:cap=0.5")
DATE_ONLY = re.compile(r"^\d{4}-?\d{2}-?\d{2}$")
PERIOD_SECONDS = {"per-day": 86400, "per-hour": 3600}
PERIOD_NAME = {"per-day": "day", "per-hour": "hour"}


class LatenessError(ValueError):
    """A due date, late policy or extensions file cannot be used."""


@dataclass
class LatePolicy:
    kind: str = "none"              # "none" | "zero" | "per-day" | "per-hour"
    rate: float = 0.0               # fraction of the raw score per started period
    cap: float = 1.0                # largest fraction deducted
    cutoff: datetime | None = None  # after this, the score is 0

    def __post_init__(self):
        if self.kind not in ("none", "zero", *PERIOD_SECONDS):
            raise LatenessError(f"unknown late policy {self.kind!r}; accepted: {ACCEPTED_POLICIES}")
        if self.kind in PERIOD_SECONDS and not 0 < self.rate <= 1:
            raise LatenessError(f"late policy {self.kind}: rate {self.rate!r} is not in (0, 1]")
        if not 0 < self.cap <= 1:
            raise LatenessError(f"late policy {self.kind}: cap {self.cap!r} is not in (0, 1]")
        if self.cutoff is not None and self.cutoff.tzinfo is None:
            raise LatenessError("the cut-off must carry a timezone (use parse_datetime)")


@dataclass
class Lateness:
    late_by_seconds: float  # 0 when on time
    fraction: float         # penalty as a fraction of the raw score, 0..1
    reason: str


def parse_datetime(text, default_tz=UTC) -> datetime:
    """ISO 8601 or ``YYYY-MM-DD HH:MM``; a time without an offset is in ``default_tz``."""
    if not isinstance(text, str) or not text.strip():
        raise LatenessError(f"expected a date and time, got {text!r}; accepted: {ACCEPTED_DATETIMES}")
    cleaned = text.strip()
    if DATE_ONLY.match(cleaned):
        raise LatenessError(f"{text!r} has no time of day; write it out, e.g. "
                            f"{cleaned} 23:59 (accepted: {ACCEPTED_DATETIMES})")
    try:
        moment = datetime.fromisoformat(cleaned)
    except ValueError:
        raise LatenessError(f"cannot read {text!r} as a date and time; "
                            f"accepted: {ACCEPTED_DATETIMES}") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=default_tz)
    return moment


def parse_policy(text) -> LatePolicy:
    """``none``, ``zero``, ``per-day:0.1``, ``per-day:0.1:cap=0.5``, ``per-hour:0.02:cap=0.3``."""
    if not isinstance(text, str):
        raise LatenessError(f"expected a late policy, got {text!r}; accepted: {ACCEPTED_POLICIES}")
    parts = [part.strip() for part in text.strip().split(":")]
    kind = parts[0].lower()
    if kind in ("none", "zero"):
        if len(parts) > 1:
            raise LatenessError(f"late policy {text!r}: {kind} takes no rate or cap; "
                                f"accepted: {ACCEPTED_POLICIES}")
        return LatePolicy(kind)
    if kind not in PERIOD_SECONDS or len(parts) not in (2, 3):
        raise LatenessError(f"cannot read the late policy {text!r}; accepted: {ACCEPTED_POLICIES}")
    rate = _fraction(text, "rate", parts[1])
    cap = 1.0
    if len(parts) == 3:
        if not parts[2].lower().startswith("cap="):
            raise LatenessError(f"late policy {text!r}: expected cap=CAP after the rate, "
                                f"found {parts[2]!r}; accepted: {ACCEPTED_POLICIES}")
        cap = _fraction(text, "cap", parts[2][4:])
    return LatePolicy(kind, rate, cap)


def _fraction(text: str, what: str, value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = math.nan
    if not 0 < number <= 1:
        raise LatenessError(f"late policy {text!r}: the {what} {value!r} is not a fraction in "
                            f"(0, 1] (0.1 means 10% of the score); accepted: {ACCEPTED_POLICIES}")
    return number


def read_extensions(path, default_tz=UTC) -> dict:
    """Per-student due dates from a CSV ``student_id,due`` (header optional)."""
    path = Path(path)
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as error:
        raise LatenessError(f"{path}: cannot read the extensions ({error.strerror or error})") from error
    except UnicodeDecodeError as error:
        raise LatenessError(f"{path}: not UTF-8 (byte {error.start})") from error
    rows = [row for row in csv.reader(io.StringIO(text, newline="")) if any(c.strip() for c in row)]
    if rows and [cell.strip().lower() for cell in rows[0]] == ["student_id", "due"]:
        rows, start = rows[1:], 2
    else:
        start = 1
    due_dates, rows_of = {}, {}
    for number, row in enumerate(rows, start=start):
        cells = [cell.strip() for cell in row]
        if len(cells) != 2 or not cells[0]:
            raise LatenessError(f"{path}, row {number}: expected two columns student_id,due, "
                                f"found {row}")
        student_id, due = cells
        if student_id in due_dates:
            raise LatenessError(f"{path}, row {number}: {student_id!r} already has an extension "
                                f"on row {rows_of[student_id]}; expected one row per student")
        try:
            due_dates[student_id] = parse_datetime(due, default_tz)
        except LatenessError as error:
            raise LatenessError(f"{path}, row {number}: {error}") from None
        rows_of[student_id] = number
    return due_dates


def format_duration(seconds: float) -> str:
    """``1 d 2 h 3 min 4 s`` (whole seconds, rounded up); ``0 s`` for nothing."""
    total = math.ceil(seconds)
    if total <= 0:
        return "0 s"
    days, rest = divmod(total, 86400)
    hours, rest = divmod(rest, 3600)
    minutes, secs = divmod(rest, 60)
    parts = [(days, "d"), (hours, "h"), (minutes, "min"), (secs, "s")]
    return " ".join(f"{value} {unit}" for value, unit in parts if value)


def assess(submitted_at, due, policy: LatePolicy) -> Lateness:
    """How late ``submitted_at`` is against ``due`` and what ``policy`` deducts for it."""
    for name, moment in (("submitted_at", submitted_at), ("due", due)):
        if moment is not None and moment.tzinfo is None:
            raise LatenessError(f"{name} {moment} has no timezone; use parse_datetime")
    if submitted_at is None:
        return Lateness(0.0, 0.0, "no submission time")
    if policy.cutoff is not None and submitted_at > policy.cutoff and (due is None or submitted_at > due):
        late_by = max(0.0, (submitted_at - due).total_seconds()) if due is not None else 0.0
        return Lateness(late_by, 1.0, f"submitted after the cut-off {policy.cutoff.isoformat()}: "
                                      "score 0")
    if due is None:
        return Lateness(0.0, 0.0, "no due date")
    late_by = (submitted_at - due).total_seconds()
    if late_by <= 0:
        return Lateness(0.0, 0.0, "on time")
    late_text = f"late by {format_duration(late_by)}"
    if policy.kind == "none":
        return Lateness(late_by, 0.0, f"{late_text}; no late penalty")
    if policy.kind == "zero":
        return Lateness(late_by, 1.0, f"{late_text}; late work scores 0")
    started = math.ceil(late_by / PERIOD_SECONDS[policy.kind])
    fraction = round(min(policy.cap, policy.rate * started), 12)
    unit = PERIOD_NAME[policy.kind] + ("s" if started > 1 else "")
    reason = f"{late_text}: {started} started {unit} x {policy.rate:.4g} = {fraction:.4g} of the score"
    if fraction >= policy.cap:
        reason += f" (the cap, {policy.cap:.4g})"
    return Lateness(late_by, fraction, reason)

