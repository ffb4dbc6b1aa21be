"""What the instructor reads: an assignment's grades table, its summary and
its histogram, each rebuilt from every stored result of the assignment."""
import collections
import csv
import os
import statistics
from dataclasses import astuple, fields

from autograder.lateness import format_duration
from autograder.lms_export import GradeRow

BASE_COLUMNS = [f.name for f in fields(GradeRow)]   # student_id, ..., late_by
TOP_MISTAKES = 12


def status_word(status):
    """The first word of a status: ``ok``, ``timeout``, ``missing``, ..."""
    return status.split(":")[0].split(";")[0].strip() or "ok"


def late_by_text(seconds):
    """How late, e.g. ``1 d 2 h 3 min 4 s``; ``""`` when on time."""
    return format_duration(seconds) if seconds and seconds > 0 else ""


def as_grade_row(result):
    """The ``lms_export.GradeRow`` of a result: the ``BASE_COLUMNS`` values."""
    late = result.get("late") or {}
    return GradeRow(result["student_id"], result["assignment"], result["score"],
                    result["max_score"], result["status"], result.get("raw_score", result["score"]),
                    late.get("penalty", 0.0), (result.get("submission") or {}).get("submitted_at") or "",
                    late_by_text(late.get("late_by_seconds")))


def grade_row(result, columns):
    """One line of ``grades.csv`` for a stored result."""
    base = [f"{v:g}" if isinstance(v, float | int) else v for v in astuple(as_grade_row(result))]
    points = {**{g: t.get("points", 0) for g, t in result.get("tests", {}).items()},
              **{g: m.get("points", 0) for g, m in result.get("manual", {}).items()}}
    return base + [f"{points.get(c, 0):g}" for c in columns]


def write_csv(path, results, columns):
    """``grades.csv``: one row per student (sorted by id), the base columns,
    then the points of every graded cell in ``columns`` (test cells by
    grade_id, then manually graded answers)."""
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(BASE_COLUMNS + list(columns))
        w.writerows(grade_row(results[sid], columns) for sid in sorted(results))
    os.replace(tmp, path)


def summarise(results, test_ids, max_score):
    """(text for the instructor, stats dict): scores, per-test pass rates,
    statuses, lateness, missing students, and the mistakes the hidden tests
    diagnosed, most common first."""
    graded = {s: r for s, r in results.items() if status_word(r["status"]) != "missing"}
    scores = [r["score"] for r in graded.values()]
    n = len(scores)
    stats = {"n": n, "missing": sorted(set(results) - set(graded)),
             "mean": statistics.fmean(scores) if scores else 0.0,
             "median": statistics.median(scores) if scores else 0.0,
             "pass_rate": {g: (sum(r["tests"].get(g, {}).get("passed", False) for r in graded.values())
                               / n if n else 0.0) for g in test_ids},
             "statuses": dict(collections.Counter(status_word(r["status"]) for r in results.values())),
             "late": sum(1 for r in graded.values() if (r.get("late") or {}).get("late_by_seconds", 0) > 0),
             "not_on_roster": sorted(s for s, r in graded.items() if r.get("not_on_roster"))}
    mistakes = collections.Counter()
    for r in graded.values():
        for gid, t in r["tests"].items():
            if not t.get("passed") and t.get("message") not in (None, "", "not graded"):
                mistakes[(gid, t["message"].splitlines()[0][:200])] += 1
    stats["mistakes"] = [(count, gid, msg) for (gid, msg), count in mistakes.most_common()]
    lines = [f"submissions: {n}   missing: {len(stats['missing'])}   max score: {max_score:g}",
             f"mean score:  {stats['mean']:.2f}",
             f"median:      {stats['median']:.2f}",
             f"late:        {stats['late']}",
             "", f"{'test':<32} {'pass rate':>9}"]
    lines += [f"{g:<32} {100 * p:8.1f}%" for g, p in stats["pass_rate"].items()]
    lines += ["", "statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(stats["statuses"].items()))]
    if stats["mistakes"]:
        lines += ["", "most common failures (students: test: message):"]
        lines += [f"{count:5d}: {gid}: {msg}" for count, gid, msg in stats["mistakes"][:TOP_MISTAKES]]
    if stats["missing"]:
        lines += ["", "missing (on the roster, nothing submitted): " + ", ".join(stats["missing"])]
    if stats["not_on_roster"]:
        lines += ["", "graded but not on the roster: " + ", ".join(stats["not_on_roster"])]
    return "\n".join(lines), stats


def histogram(path, results, max_score, assignment):
    """``score_histogram.png`` of the graded (not missing) submissions."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    scores = [r["score"] for r in results.values() if status_word(r["status"]) != "missing"]
    fig = Figure(figsize=(6, 3.5))
    FigureCanvasAgg(fig)
    ax = fig.subplots()
    bins = max(1, min(20, int(max_score) + 1)) if max_score else 10
    ax.hist(scores, bins=bins, range=(0, max(max_score, 1e-9)), color="#4c72b0", edgecolor="white")
    ax.set_xlabel("score")
    ax.set_ylabel("submissions")
    ax.set_title(f"{assignment}: scores of {len(scores)} submissions")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
