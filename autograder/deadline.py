"""An assignment's deadline settings and what they do to a result.

``Deadline`` holds the due date, the late policy (``autograder.lateness``)
and per-student extensions. ``apply_deadline(result, deadline)`` sets a
result's ``late`` record and its score from its raw score; it is applied
again whenever the settings change, without regrading.
"""
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from autograder.lateness import LatePolicy, assess, parse_datetime


@dataclass
class Deadline:
    due: datetime | None = None
    policy: LatePolicy = field(default_factory=lambda: LatePolicy("none"))
    extensions: dict = field(default_factory=dict)     # student_id -> datetime

    def due_for(self, student_id):
        return self.extensions.get(student_id, self.due)

    def to_json(self):
        iso = lambda d: d.isoformat() if d else None
        return {"due": iso(self.due),
                "policy": {"kind": self.policy.kind, "rate": self.policy.rate,
                           "cap": self.policy.cap, "cutoff": iso(self.policy.cutoff)},
                "extensions": {sid: iso(d) for sid, d in sorted(self.extensions.items())}}

    @classmethod
    def from_json(cls, data):
        parse = lambda text: parse_datetime(text) if text else None
        p = data.get("policy") or {}
        policy = LatePolicy(p.get("kind", "none"), p.get("rate", 0.0), p.get("cap", 1.0),
                            parse(p.get("cutoff")))
        return cls(parse(data.get("due")), policy,
                   {sid: parse_datetime(d) for sid, d in (data.get("extensions") or {}).items()})


# Timestamps that are the download's, not the submission's: Canvas and
# Moodle stamp every zip entry with the time of the download.
DOWNLOAD_TIMES = {"zip-entry"}


def _lateness(submission, due, policy):
    """``Lateness`` from the submission's time, or from the LMS's own late
    marker where the download carries no submission time."""
    submitted = submission.get("submitted_at")
    if submission.get("timestamp_source") in DOWNLOAD_TIMES:
        if submission.get("lms_late") is None or due is None:
            return assess(None, due, policy)          # no submission time: never late
        # Canvas says late or not; how late is unknown: one second, so one
        # started period of a per-day or per-hour policy.
        when = due + timedelta(seconds=1) if submission["lms_late"] else due
        found = assess(when, due, policy)
        found.reason = ("the LMS marks it late; its download carries no submission time, so it "
                        "counts as just late: " + found.reason) if submission["lms_late"] else \
            "the LMS marks it on time"
        return found
    return assess(parse_datetime(submitted) if submitted else None, due, policy)


def apply_deadline(result, deadline):
    """Set ``result["late"]`` (due date used, seconds late, penalty as a
    fraction and in points, why) and ``score = raw_score - penalty``."""
    raw = result.setdefault("raw_score", result["score"])
    due = deadline.due_for(result["student_id"])
    lateness = _lateness(result.get("submission") or {}, due, deadline.policy)
    penalty = round(raw * lateness.fraction, 6)
    result["late"] = {"due": due.isoformat() if due else None,
                      "extension": result["student_id"] in deadline.extensions,
                      "late_by_seconds": lateness.late_by_seconds, "fraction": lateness.fraction,
                      "penalty": penalty, "reason": lateness.reason}
    result["score"] = raw - penalty
    return result
