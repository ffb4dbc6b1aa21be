"""Due dates, late policies and extensions, against hand-computed penalties."""
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from autograder.lateness import (
    LatenessError,
    LatePolicy,
    assess,
    format_duration,
    parse_datetime,
    parse_policy,
    read_extensions,
)

DUE = datetime(2026, 12, 1, 23, 59, tzinfo=UTC)
SECOND = timedelta(seconds=1)
DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


@pytest.mark.parametrize("text, expected", [
    ("2026-12-01T23:59:00+01:00", datetime(2026, 12, 1, 22, 59, tzinfo=UTC)),
    ("2026-12-01T22:59Z", datetime(2026, 12, 1, 22, 59, tzinfo=UTC)),
    ("2026-12-01 23:59", datetime(2026, 12, 1, 23, 59, tzinfo=UTC)),
    (" 2026-12-01 23:59:30 ", datetime(2026, 12, 1, 23, 59, 30, tzinfo=UTC)),
    ("2026-12-01T23:59:00-05:00", datetime(2026, 12, 2, 4, 59, tzinfo=UTC)),
])
def test_parse_datetime(text, expected):
    parsed = parse_datetime(text)
    assert parsed == expected
    assert parsed.tzinfo is not None


def test_parse_datetime_naive_uses_default_timezone():
    berlin = ZoneInfo("Europe/Berlin")
    assert parse_datetime("2026-12-01 23:59", berlin) == datetime(2026, 12, 1, 22, 59, tzinfo=UTC)
    assert parse_datetime("2026-07-01 12:00", berlin) == datetime(2026, 7, 1, 10, 0, tzinfo=UTC)
    # an explicit offset wins over the default
    assert parse_datetime("2026-12-01 23:59+00:00", berlin) == datetime(2026, 12, 1, 23, 59, tzinfo=UTC)


@pytest.mark.parametrize("text, message", [
    ("next friday", "cannot read 'next friday'.*accepted: ISO 8601"),
    ("2026-12-01", "has no time of day.*2026-12-01 23:59"),
    ("2026-13-01 10:00", "cannot read"),
    ("", "expected a date and time"),
    (None, "expected a date and time"),
])
def test_parse_datetime_errors_show_accepted_forms(text, message):
    with pytest.raises(LatenessError, match=message):
        parse_datetime(text)


@pytest.mark.parametrize("text, expected", [
    ("none", LatePolicy("none")),
    ("zero", LatePolicy("zero")),
    ("per-day:0.1", LatePolicy("per-day", 0.1, 1.0)),
    ("per-day:0.1:cap=0.5", LatePolicy("per-day", 0.1, 0.5)),
    ("per-hour:0.02:cap=0.3", LatePolicy("per-hour", 0.02, 0.3)),
    (" Per-Day : 0.25 ", LatePolicy("per-day", 0.25, 1.0)),
])
def test_parse_policy(text, expected):
    assert parse_policy(text) == expected


@pytest.mark.parametrize("text, message", [
    ("per-week:0.1", "cannot read the late policy"),
    ("per-day", "cannot read the late policy"),
    ("per-day:10", r"rate '10' is not a fraction in \(0, 1\]"),
    ("per-day:0", "rate '0' is not a fraction"),
    ("per-day:-0.1", "rate '-0.1' is not a fraction"),
    ("per-day:ten", "rate 'ten' is not a fraction"),
    ("per-day:0.1:max=0.5", "expected cap=CAP"),
    ("per-day:0.1:cap=1.5", "cap '1.5' is not a fraction"),
    ("zero:0.1", "zero takes no rate"),
])
def test_parse_policy_errors_show_accepted_forms(text, message):
    with pytest.raises(LatenessError, match=message) as error:
        parse_policy(text)
    assert "per-day:RATE[:cap=CAP]" in str(error.value)


def test_policy_checks_its_fields():
    with pytest.raises(LatenessError, match="unknown late policy"):
        LatePolicy("weekly")
    with pytest.raises(LatenessError, match="cut-off must carry a timezone"):
        LatePolicy("none", cutoff=datetime(2026, 12, 1))


@pytest.mark.parametrize("policy", ["none", "zero", "per-day:0.1", "per-hour:0.02:cap=0.3"])
def test_exactly_on_time_and_early_cost_nothing(policy):
    for submitted in (DUE, DUE - DAY):
        lateness = assess(submitted, DUE, parse_policy(policy))
        assert (lateness.late_by_seconds, lateness.fraction, lateness.reason) == (0.0, 0.0, "on time")


@pytest.mark.parametrize("late, policy, fraction", [
    # per-day: every started day costs the rate
    (SECOND, "per-day:0.1", 0.1),
    (DAY, "per-day:0.1", 0.1),
    (DAY + SECOND, "per-day:0.1", 0.2),
    (3 * DAY + SECOND, "per-day:0.1", 0.4),
    (timedelta(milliseconds=1), "per-day:0.1", 0.1),
    # the cap
    (4 * DAY + SECOND, "per-day:0.1:cap=0.5", 0.5),
    (20 * DAY, "per-day:0.1:cap=0.5", 0.5),
    (20 * DAY, "per-day:0.1", 1.0),
    # per-hour
    (SECOND, "per-hour:0.02", 0.02),
    (HOUR + SECOND, "per-hour:0.02", 0.04),
    (10 * HOUR, "per-hour:0.02:cap=0.3", 0.2),
    (15 * HOUR + SECOND, "per-hour:0.02:cap=0.3", 0.3),
    # zero and none
    (SECOND, "zero", 1.0),
    (SECOND, "none", 0.0),
    (30 * DAY, "none", 0.0),
])
def test_penalties(late, policy, fraction):
    lateness = assess(DUE + late, DUE, parse_policy(policy))
    assert lateness.late_by_seconds == late.total_seconds()
    assert lateness.fraction == pytest.approx(fraction, abs=1e-12)


def test_reason_says_how_late_and_what_was_deducted():
    lateness = assess(DUE + DAY + SECOND, DUE, parse_policy("per-day:0.1"))
    assert lateness.reason == "late by 1 d 1 s: 2 started days x 0.1 = 0.2 of the score"
    capped = assess(DUE + 9 * DAY, DUE, parse_policy("per-day:0.1:cap=0.5"))
    assert capped.reason.endswith("(the cap, 0.5)")
    assert assess(DUE + SECOND, DUE, parse_policy("zero")).reason == "late by 1 s; late work scores 0"


def test_hard_cutoff_scores_zero():
    cutoff = DUE + 2 * DAY
    policy = LatePolicy("per-day", 0.1, 1.0, cutoff)
    at_cutoff = assess(cutoff, DUE, policy)
    assert at_cutoff.fraction == pytest.approx(0.2)
    after = assess(cutoff + SECOND, DUE, policy)
    assert after.fraction == 1.0
    assert after.late_by_seconds == (2 * DAY + SECOND).total_seconds()
    assert "cut-off" in after.reason
    # the cut-off also applies under "none", and without a due date
    assert assess(cutoff + SECOND, DUE, LatePolicy("none", cutoff=cutoff)).fraction == 1.0
    no_due = assess(cutoff + SECOND, None, LatePolicy("none", cutoff=cutoff))
    assert (no_due.late_by_seconds, no_due.fraction) == (0.0, 1.0)
    assert assess(cutoff, None, LatePolicy("none", cutoff=cutoff)).fraction == 0.0


def test_extension_past_the_cutoff_moves_it_for_that_student():
    cutoff = DUE + DAY
    extended = DUE + 3 * DAY
    policy = LatePolicy("per-day", 0.1, 1.0, cutoff)
    assert assess(extended - SECOND, extended, policy).fraction == 0.0
    assert assess(extended + SECOND, extended, policy).fraction == 1.0


def test_timezones_compare_instants():
    berlin = timezone(timedelta(hours=1))
    due_berlin = datetime(2026, 12, 2, 0, 59, tzinfo=berlin)        # the same instant as DUE
    assert assess(DUE, due_berlin, parse_policy("zero")).fraction == 0.0
    assert assess(DUE + SECOND, due_berlin, parse_policy("zero")).fraction == 1.0
    with pytest.raises(LatenessError, match="has no timezone"):
        assess(datetime(2026, 12, 1), DUE, parse_policy("zero"))


def test_unknown_time_or_no_due_date_is_not_late():
    policy = parse_policy("zero")
    assert assess(None, DUE, policy) == assess(None, None, policy)
    assert assess(None, DUE, policy).fraction == 0.0
    assert assess(DUE + 30 * DAY, None, policy).fraction == 0.0


def test_format_duration():
    assert format_duration(0) == "0 s"
    assert format_duration(-5) == "0 s"
    assert format_duration(0.2) == "1 s"
    assert format_duration(86400 + 2 * 3600 + 3 * 60 + 4) == "1 d 2 h 3 min 4 s"
    assert format_duration(3600) == "1 h"


def test_read_extensions(tmp_path):
    path = tmp_path / "extensions.csv"
    path.write_bytes(b"\xef\xbb\xbfstudent_id,due\r\nann,2026-12-03 23:59\r\n"
                     b"bob,2026-12-04T12:00:00+02:00\r\n\r\n")
    assert read_extensions(path) == {
        "ann": datetime(2026, 12, 3, 23, 59, tzinfo=UTC),
        "bob": datetime(2026, 12, 4, 10, 0, tzinfo=UTC),
    }
    berlin = ZoneInfo("Europe/Berlin")
    assert read_extensions(path, berlin)["ann"] == datetime(2026, 12, 3, 22, 59, tzinfo=UTC)


def test_read_extensions_without_header(tmp_path):
    path = tmp_path / "extensions.csv"
    path.write_text("123456,2026-12-03 23:59\n")
    assert read_extensions(path) == {"123456": datetime(2026, 12, 3, 23, 59, tzinfo=UTC)}


@pytest.mark.parametrize("text, message", [
    ("student_id,due\nann,2026-12-03 23:59\nann,2026-12-05 23:59\n",
     "row 3: 'ann' already has an extension on row 2"),
    ("student_id,due\nann,soon\n", "row 2: cannot read 'soon'"),
    ("ann\n", "row 1: expected two columns student_id,due"),
    ("ann,2026-12-03 23:59,extra\n", "row 1: expected two columns"),
])
def test_read_extensions_errors_name_the_row(tmp_path, text, message):
    path = tmp_path / "extensions.csv"
    path.write_text(text)
    with pytest.raises(LatenessError, match=f"extensions.csv, {message}"):
        read_extensions(path)
