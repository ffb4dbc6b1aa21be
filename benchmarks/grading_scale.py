"""Grading at scale: N Canvas submissions of ex01_rnn_forward graded end to
end, the grader killed once part-way and resumed, nothing lost.

    .venv/bin/python benchmarks/grading_scale.py [--n 1000] [--jobs 2] [--nbgrader-subset 40]
        [--kill-at 0.4] [--json FILE]     # writes book/data/benchmarks/grading_scale.json

Builds a Canvas "Download Submissions" zip of N notebooks (the reference
answer, every correct alternative and every known mistake of
``exercises/corpus``, blank notebooks, broken JSON; every seventh marked
``late`` by Canvas) and a Canvas gradebook export as the roster, which lists a
few students who submitted nothing and leaves out a few who did. Grades it
with ``python -m autograder grade --jobs J --roster ... --due ...
--late-policy per-day:0.1:cap=0.5``, kills the grader's process group with
SIGKILL once a fraction of the result files exist, runs the same command
again, and checks that nothing was lost: one result per submitter and per
missing roster student, one grades.csv row per roster student plus the
submitters not on it, and every score as declared below (``LOST``). Prints
submissions per minute, the grader's overhead per submission beyond the
learner's own cells and the hidden tests (``elapsed - cells - hidden``, from
the result files), the counts by status, and, on a subset of the same
notebooks graded by both tools in the same run, the ratio of ``nbgrader
autograde``'s wall time to ours (the runners of ``grading_speed.py``).
"""
import argparse
import csv
import io
import json
import math
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import types
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "benchmarks"))                # grading_speed
sys.path.insert(0, str(REPO / "tests" / "autograder"))      # autograder_corpus

from autograder_corpus import build_notebook, released  # noqa: E402 (after the path is set)
from grading_speed import ASSIGNMENT, run_nbgrader, run_ours  # noqa: E402

CORPUS = REPO / "exercises" / "corpus"
POINTS = {"rnn_step_shapes": 2, "rnn_step_torch": 3, "rnn_forward_shapes": 2,
          "rnn_forward_torch": 3}
DUE = "2026-11-01T23:59:00+00:00"
LATE_POLICY = "per-day:0.1:cap=0.5"
LATE_FRACTION = 0.1          # Canvas's late marker counts as one started day late
DOWNLOAD_TIME = (2026, 11, 2, 9, 30, 0)     # Canvas stamps every entry with the download time
CANVAS_COLUMN = "RNN forward (555)"

# The test cells each case loses, derived from the hidden tests of
# autograder/hidden/ex01_rnn_forward.py and the visible cells: a ``_shapes``
# cell needs the right shape and dtype AND outputs that change with every
# input, row by example and (first step) column by unit; a ``_values`` cell
# needs the values. The reference rnn_forward calls the notebook's rnn_step,
# as a learner's does, so a wrong step also costs the forward the cells its
# mistake reaches; a wrong forward leaves the step's cells alone.
LOST = {
    "reference": [],
    "correct/rnn_step_einsum": [],
    "correct/rnn_forward_calls_step": [],
    "correct/rnn_forward_loop_per_example": [],
    "wrong/rnn_step_no_tanh": ["rnn_step_torch", "rnn_forward_torch"],
    "wrong/rnn_step_sigmoid": ["rnn_step_torch", "rnn_forward_torch"],
    # h does not change when h_prev alone changes (nor hs when h0 alone does)
    "wrong/rnn_step_no_recurrence": ["rnn_step_shapes", "rnn_step_torch", "rnn_forward_shapes",
                                     "rnn_forward_torch"],
    # h does not change when b alone changes (nor hs)
    "wrong/rnn_step_no_bias": ["rnn_step_shapes", "rnn_step_torch", "rnn_forward_shapes",
                               "rnn_forward_torch"],
    # row 0 of W_h (unit 0's weights) moves every column of h (and of hs[0], from h0)
    "wrong/rnn_step_untransposed_W_h": ["rnn_step_shapes", "rnn_step_torch", "rnn_forward_shapes",
                                        "rnn_forward_torch"],
    # float32 in, float64 out (so is hs); the values are right
    "wrong/rnn_step_float64_only": ["rnn_step_shapes", "rnn_forward_shapes"],
    "wrong/rnn_forward_float64_buffer": ["rnn_forward_shapes"],
    # hs does not change when h0 alone changes
    "wrong/rnn_forward_h0_ignored": ["rnn_forward_shapes", "rnn_forward_torch"],
    "wrong/rnn_forward_not_carried": ["rnn_forward_torch"],
    # hs[0] is h0: the first step does not change with unit 0's weights
    "wrong/rnn_forward_shifted": ["rnn_forward_shapes", "rnn_forward_torch"],
    "blank": list(POINTS),
    "broken-json": list(POINTS),
}


@dataclass
class Planned:
    """One student of the generated class."""
    student_id: str
    case: str               # a key of LOST, or "missing" (on the roster, nothing submitted)
    late: bool = False
    on_roster: bool = True
    file_name: str = ""     # the entry's name in the Canvas zip

    def expected_points(self):
        lost = LOST[self.case] if self.case != "missing" else list(POINTS)
        return {gid: 0 if gid in lost else p for gid, p in POINTS.items()}

    def expected_raw(self):
        return sum(self.expected_points().values())

    def expected_penalty(self):
        return round(self.expected_raw() * LATE_FRACTION, 6) if self.late else 0.0


def corpus_cases():
    """{case name: {grade_id of a solution cell: code}} for the reference
    answer and every file of exercises/corpus/{correct,wrong}/ex01_rnn_forward.
    Raises if a corpus file has no declared points in ``LOST``."""
    cases = {"reference": {}}
    for kind in ("correct", "wrong"):
        for path in sorted((CORPUS / kind / ASSIGNMENT).glob("*.py")):
            function = max((f for f in ("rnn_step", "rnn_forward") if path.stem.startswith(f + "_")),
                           key=len)
            cases[f"{kind}/{path.stem}"] = {function: path.read_text()}
    undeclared = sorted(set(cases) - set(LOST))
    if undeclared:
        raise ValueError(f"corpus cases without declared points: {', '.join(undeclared)}; "
                         "add the test cells each one loses to LOST in " + __file__)
    return cases


def notebook_bytes(case, cells, source_nb, release_nb, tmp):
    if case == "blank":
        return build_notebook(types.SimpleNamespace(BASE="blank"), source_nb, release_nb, tmp)
    if case == "broken-json":
        text = build_notebook(types.SimpleNamespace(BASE="reference"), source_nb, release_nb, tmp)
        return text[: len(text) // 2]
    return build_notebook(types.SimpleNamespace(BASE="reference", CELLS=cells), source_nb,
                          release_nb, tmp)


def plan_class(n):
    """N submitters cycling through every case (every seventh late, every
    twenty-fifth not on the roster, every eleventh a re-upload named ``-1``) and
    max(2, N // 100) roster students with no submission."""
    order = [c for c in LOST if c not in ("blank", "broken-json")] + ["blank", "broken-json"]
    plan = []
    for i in range(n):
        sid = str(200000 + i)
        case = order[i % len(order)]
        late = i % 7 == 3
        suffix = "-1" if i % 11 == 5 else ""
        name = f"student{i:04d}" + ("_late" if late else "")
        plan.append(Planned(sid, case, late, on_roster=i % 25 != 12,
                            file_name=f"{name}_{sid}_{700000 + i}_{ASSIGNMENT}{suffix}.ipynb"))
    for k in range(max(2, n // 100)):
        plan.append(Planned(str(300000 + k), "missing"))
    return plan


def write_download(plan, folder):
    """``folder/canvas.zip`` and ``folder/roster.csv`` (a Canvas gradebook
    export) for ``plan``; returns their paths."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    source_path, release_path = released(ASSIGNMENT)
    source_nb, release_nb = json.loads(source_path.read_text()), json.loads(release_path.read_text())
    cells = corpus_cases()
    built = {c: notebook_bytes(c, cells.get(c, {}), source_nb, release_nb, folder) for c in LOST}
    download = folder / "canvas.zip"
    with zipfile.ZipFile(download, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in plan:
            if p.case != "missing":
                zf.writestr(zipfile.ZipInfo(p.file_name, DOWNLOAD_TIME), built[p.case])
    roster = folder / "roster.csv"
    text = io.StringIO()
    w = csv.writer(text, lineterminator="\n")
    w.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", CANVAS_COLUMN])
    w.writerow(["    Points Possible", "", "", "", "", sum(POINTS.values())])
    for p in plan:
        if p.on_roster:
            w.writerow([f"Student{p.student_id}, Given", p.student_id, f"s{p.student_id}",
                        f"login{p.student_id}", "A" if int(p.student_id) % 2 else "B", ""])
    roster.write_text(text.getvalue(), encoding="utf-8")
    return download, roster


def result_files(out):
    folder = Path(out) / "results" / ASSIGNMENT
    return sorted(folder.glob("*.json")) if folder.is_dir() else []


def grade_command(download, roster, out, jobs):
    return [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(download), "--out", str(out),
            "--jobs", str(jobs), "--roster", str(roster), "--due", DUE, "--late-policy", LATE_POLICY]


def run_grader(command, log_path, kill_after=None, timeout=3600):
    """Run ``command`` in its own process group; with ``kill_after`` (a
    callable), SIGKILL the whole group as soon as it returns True. Returns
    (seconds, exit status, killed)."""
    start = time.monotonic()
    with open(log_path, "w") as log:
        proc = subprocess.Popen(command, cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                                start_new_session=True)
        killed = False
        while proc.poll() is None:
            if time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                raise RuntimeError(f"{command[:5]} ran past {timeout} s; see {log_path}")
            if kill_after is not None and not killed and kill_after():
                os.killpg(proc.pid, signal.SIGKILL)
                killed = True
            time.sleep(0.05)
    return time.monotonic() - start, proc.returncode, killed


def grade_killed_and_resumed(download, roster, out, jobs, kill_at, n_submitters):
    """Grade, kill once ``kill_at`` of the submitters have a result file
    (0: never), grade again. Returns a dict of what happened."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    command = grade_command(download, roster, out, jobs)
    runs = []
    threshold = math.ceil(kill_at * n_submitters) if kill_at > 0 else None
    kill_after = (lambda: len(result_files(out)) >= threshold) if threshold else None
    seconds, code, killed = run_grader(command, out.parent / "run1.log", kill_after)
    runs.append({"seconds": seconds, "exit": code, "killed": killed,
                 "results_after": len(result_files(out))})
    if killed:
        stray = sorted(p.name for p in (out / "results" / ASSIGNMENT).glob("*.tmp*"))
        seconds, code, _ = run_grader(command, out.parent / "run2.log")
        log2 = (out.parent / "run2.log").read_text()
        runs.append({"seconds": seconds, "exit": code, "killed": False,
                     "results_after": len(result_files(out)),
                     "stray_temporary_files_after_kill": stray,
                     "resume_line": next((line for line in log2.splitlines()
                                          if "unchanged submissions already graded" in line), "")})
    return {"runs": runs, "command": command}


def check_no_loss(out, plan):
    """Problems found (empty when nothing was lost): one result per
    submitter and per missing roster student, one grades.csv row per roster
    student plus each submitter not on it, and every score, late penalty,
    per-test points and roster flag as planned."""
    out = Path(out)
    problems = []
    by_id = {p.student_id: p for p in plan}
    stored = {path.stem for path in result_files(out)}
    if stored != set(by_id):
        problems.append(f"result files: missing {sorted(set(by_id) - stored)[:10]}, "
                        f"unexpected {sorted(stored - set(by_id))[:10]}")
    grades = out / ASSIGNMENT / "grades.csv"
    if not grades.is_file():
        return problems + [f"{grades} was not written"]
    with open(grades, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    ids = [r["student_id"] for r in rows]
    repeated = sorted(s for s, k in Counter(ids).items() if k > 1)
    if repeated:
        problems.append(f"grades.csv repeats rows of {repeated[:10]}")
    wanted = {p.student_id for p in plan if p.on_roster} | {p.student_id for p in plan
                                                            if p.case != "missing"}
    if set(ids) != wanted:
        problems.append(f"grades.csv rows: missing {sorted(wanted - set(ids))[:10]}, "
                        f"unexpected {sorted(set(ids) - wanted)[:10]}")
    for row in rows:
        p = by_id.get(row["student_id"])
        if p is None:
            continue
        expected = {"raw_score": p.expected_raw(), "late_penalty": p.expected_penalty(),
                    "score": p.expected_raw() - p.expected_penalty(), **p.expected_points()}
        got = {k: float(row[k]) for k in expected}
        if any(not math.isclose(got[k], v, abs_tol=1e-9) for k, v in expected.items()):
            problems.append(f"{p.student_id} ({p.case}{', late' if p.late else ''}): "
                            f"expected {expected}, grades.csv has {got}")
        word = row["status"].split(":")[0].split(";")[0]
        want = {"missing": "missing", "broken-json": "invalid-notebook"}.get(p.case, "ok")
        if word != want:
            problems.append(f"{p.student_id} ({p.case}): status {row['status']!r}, expected {want}")
    for path in result_files(out):
        p = by_id.get(path.stem)
        if p is not None and p.case != "missing":
            flag = json.loads(path.read_text()).get("not_on_roster")
            if flag is not (not p.on_roster):
                problems.append(f"{p.student_id}: not_on_roster is {flag!r}, expected "
                                f"{not p.on_roster}")
    return problems


def timing_figures(out):
    """Per-submission seconds from the result files of graded submissions:
    the whole grading (elapsed), the learner's cells, the hidden tests, and
    the rest (overhead: jail start, plan, transfers)."""
    results = [json.loads(p.read_text()) for p in result_files(out)]
    results = [r for r in results if "elapsed" in r and not r["status"].startswith("missing")]
    cells = [sum(c["seconds"] for c in r["cells"]) for r in results]
    hidden = [r.get("hidden_seconds", 0.0) for r in results]
    overhead = [r["elapsed"] - c - h for r, c, h in zip(results, cells, hidden)]
    stats = lambda xs: {"mean": round(statistics.fmean(xs), 3), "median": round(statistics.median(xs), 3),
                        "max": round(max(xs), 3)}
    return {"elapsed_per_submission_s": stats([r["elapsed"] for r in results]),
            "cells_per_submission_s": stats(cells), "hidden_tests_per_submission_s": stats(hidden),
            "overhead_per_submission_s": stats(overhead),
            "statuses": dict(Counter(r["status"].split(":")[0].split(";")[0]
                                     for r in (json.loads(p.read_text()) for p in result_files(out))))}


def nbgrader_comparison(plan, size, jobs, root):
    """Wall times of ``nbgrader autograde`` (serial) and of our grader on the
    same ``size`` notebooks (the first of the plan that nbgrader can open,
    i.e. all but broken JSON)."""
    source_path, release_path = released(ASSIGNMENT)
    source_nb, release_nb = json.loads(source_path.read_text()), json.loads(release_path.read_text())
    cells = corpus_cases()
    chosen = [p for p in plan if p.case not in ("missing", "broken-json")][:size]
    subs = {f"s{p.student_id}": notebook_bytes(p.case, cells.get(p.case, {}), source_nb, release_nb,
                                               root).decode() for p in chosen}
    t_nbgrader = run_nbgrader(subs, source_path.parent, Path(root) / "nbgrader")
    t_ours, *_ = run_ours(subs, Path(root) / "ours", jobs)
    return {"submissions": len(subs), "nbgrader_autograde_s": round(t_nbgrader, 2),
            "ours_s": round(t_ours, 2), "speedup": round(t_nbgrader / t_ours, 2),
            "cases": dict(Counter(p.case for p in chosen))}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=1000, help="submissions (default 1000)")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--nbgrader-subset", type=int, default=40,
                        help="notebooks also graded by nbgrader autograde (0: skip)")
    parser.add_argument("--kill-at", type=float, default=0.4,
                        help="kill the grader when this fraction of results exist (0: never)")
    parser.add_argument("--json", default=str(REPO / "book" / "data" / "benchmarks" / "grading_scale.json"),
                        help="where the figures go (default book/data/benchmarks/grading_scale.json)")
    args = parser.parse_args(argv)
    if args.n < 1 or not 0 <= args.kill_at < 1:
        parser.error("--n must be at least 1 and --kill-at a fraction in [0, 1)")
    plan = plan_class(args.n)
    submitters = [p for p in plan if p.case != "missing"]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        download, roster = write_download(plan, tmp / "download")
        load_before = os.getloadavg()[0]
        run = grade_killed_and_resumed(download, roster, tmp / "grading" / "out", args.jobs,
                                       args.kill_at, len(submitters))
        problems = check_no_loss(tmp / "grading" / "out", plan)
        timing = timing_figures(tmp / "grading" / "out")
        load_after = os.getloadavg()[0]
        comparison = (nbgrader_comparison(plan, args.nbgrader_subset, args.jobs, tmp / "compare")
                      if args.nbgrader_subset else None)
    total = sum(r["seconds"] for r in run["runs"])
    figures = {
        "submissions": len(submitters), "missing_roster_students": len(plan) - len(submitters),
        "not_on_roster": sum(not p.on_roster for p in submitters),
        "late": sum(p.late for p in submitters), "cases": dict(Counter(p.case for p in submitters)),
        "jobs": args.jobs, "cpu_count": os.cpu_count(),
        "load_average_1min": {"before": round(load_before, 2), "after": round(load_after, 2)},
        "kill_at": args.kill_at, "runs": [{k: (round(v, 2) if isinstance(v, float) else v)
                                           for k, v in r.items()} for r in run["runs"]],
        "wall_s": round(total, 2), "submissions_per_minute": round(len(submitters) / total * 60, 1),
        **timing, "nothing_lost": not problems, "problems": problems[:50],
        "nbgrader_comparison": comparison,
        "command": " ".join(run["command"][1:]),
    }
    o = timing["overhead_per_submission_s"]
    print(f"{len(submitters)} submissions (+{figures['missing_roster_students']} roster students "
          f"without one), --jobs {args.jobs}, {os.cpu_count()} cores, load average "
          f"{load_before:.1f} before, {load_after:.1f} after")
    for k, r in enumerate(run["runs"], 1):
        print(f"run {k}: {r['seconds']:.1f} s, exit {r['exit']}"
              + (f", killed with {r['results_after']} results" if r["killed"] else
                 f", {r['results_after']} results") + (f" ({r['resume_line']})"
                                                       if r.get("resume_line") else ""))
    print(f"wall {total:.1f} s in all: {figures['submissions_per_minute']:.1f} submissions per minute")
    print(f"overhead per submission beyond its cells and hidden tests: mean {o['mean']:.2f} s, "
          f"median {o['median']:.2f} s, max {o['max']:.2f} s; cells "
          f"{timing['cells_per_submission_s']['mean']:.2f} s, hidden tests "
          f"{timing['hidden_tests_per_submission_s']['mean']:.2f} s (means)")
    print("statuses: " + ", ".join(f"{k} {v}" for k, v in sorted(timing["statuses"].items())))
    if comparison:
        print(f"on {comparison['submissions']} of them: nbgrader autograde "
              f"{comparison['nbgrader_autograde_s']:.1f} s, ours {comparison['ours_s']:.1f} s, "
              f"speed-up {comparison['speedup']:.2f}x")
    print("nothing lost" if not problems else f"{len(problems)} PROBLEMS:\n  " + "\n  ".join(problems[:20]))
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    if problems:
        sys.exit(1)
    return figures


if __name__ == "__main__":
    main()
