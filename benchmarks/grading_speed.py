"""Grading speed: ``nbgrader autograde`` (serial) against ``python -m autograder
grade --jobs 2``, on the same submissions, in the same run.

    .venv/bin/python benchmarks/grading_speed.py [--n 40] [--jobs 2] [--json FILE]

Builds N submissions of ex01_rnn_forward (a mix of correct, blank and wrong
notebooks), grades them with both tools and prints wall times, their ratio,
and our grading overhead per submission beyond running the submission's own
cells and hidden tests (jail start, plan, transfers), and the time of the
hidden tests themselves. Our verdicts are all
computed outside the jail; nbgrader's are the visible test cells' results
inside its kernel.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ASSIGNMENT = "ex01_rnn_forward"


def _solutions(nb):
    return {c["metadata"]["nbgrader"]["grade_id"]: c["source"] for c in nb["cells"]
            if c["metadata"].get("nbgrader", {}).get("solution")}


def make_submissions(n, source_path, release_path):
    """N notebooks: {student_id: JSON text}; every third is blank, every
    fifth has rnn_forward off by one step, the rest are correct."""
    source, release = json.loads(source_path.read_text()), json.loads(release_path.read_text())
    ref = _solutions(source)
    out = {}
    for i in range(n):
        nb = json.loads(json.dumps(release))
        for cell in nb["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("solution") and i % 3:
                src = ref[meta["grade_id"]]
                if i % 5 == 0 and meta["grade_id"] == "rnn_forward":
                    src = src.replace("return", "return 0.5 *", 1) if "return" in src else src
                cell["source"] = src
        out[f"student{i:03d}"] = json.dumps(nb)
    return out


def nbgrader_env():
    env = dict(os.environ)
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env


def run_nbgrader(subs, source_dir, root):
    """Time ``nbgrader autograde`` over all submissions (course set up first)."""
    course = root / "course"
    (course / "source").mkdir(parents=True)
    import shutil
    shutil.copytree(source_dir, course / "source" / ASSIGNMENT)
    nbgrader = [str(Path(sys.executable).with_name("nbgrader"))]
    common = [f"--CourseDirectory.root={course}", "--log-level=ERROR"]
    subprocess.run(nbgrader + ["generate_assignment", ASSIGNMENT, "--force"] + common,
                   cwd=course, check=True, env=nbgrader_env(), capture_output=True)
    for sid, text in subs.items():
        d = course / "submitted" / sid / ASSIGNMENT
        d.mkdir(parents=True)
        (d / f"{ASSIGNMENT}.ipynb").write_text(text)
    start = time.monotonic()
    proc = subprocess.run(nbgrader + ["autograde", ASSIGNMENT, "--force"] + common, cwd=course,
                          env=nbgrader_env(), capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"nbgrader autograde failed:\n{proc.stderr[-3000:]}")
    return seconds


def run_ours(subs, root, jobs):
    folder = root / "submissions"
    for sid, text in subs.items():
        (folder / sid).mkdir(parents=True)
        (folder / sid / f"{ASSIGNMENT}.ipynb").write_text(text)
    out = root / "out"
    start = time.monotonic()
    proc = subprocess.run([sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(folder),
                           "--out", str(out), "--jobs", str(jobs)], cwd=REPO,
                          capture_output=True, text=True)
    seconds = time.monotonic() - start
    if proc.returncode != 0:
        raise RuntimeError(f"autograder failed:\n{proc.stderr[-3000:]}")
    results = [json.loads(p.read_text()) for p in (out / "results" / ASSIGNMENT).glob("*.json")]
    cells = [sum(c["seconds"] for c in r["cells"]) for r in results]
    hidden = [r.get("hidden_seconds", 0.0) for r in results]
    overhead = [r["elapsed"] - c - h for r, c, h in zip(results, cells, hidden)]
    return seconds, overhead, cells, hidden, results


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=40)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", help="also write the figures to this file")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(REPO))
    from exercises import assemble
    assemble.release([ASSIGNMENT])
    source = assemble.COURSE_ROOT / "source" / ASSIGNMENT / f"{ASSIGNMENT}.ipynb"
    subs = make_submissions(args.n, source, assemble.student_notebook(ASSIGNMENT))
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        t_nbgrader = run_nbgrader(subs, source.parent, tmp / "nbgrader")
        t_ours, overhead, cells, hidden, results = run_ours(subs, tmp / "ours", args.jobs)
    figures = {
        "submissions": args.n, "jobs": args.jobs, "cpu_count": os.cpu_count(),
        "load_average_1min": os.getloadavg()[0],
        "nbgrader_autograde_s": round(t_nbgrader, 2), "ours_s": round(t_ours, 2),
        "speedup": round(t_nbgrader / t_ours, 2),
        "ours_overhead_per_submission_s": {"mean": round(statistics.fmean(overhead), 3),
                                           "median": round(statistics.median(overhead), 3),
                                           "max": round(max(overhead), 3)},
        "ours_cells_per_submission_s": round(statistics.fmean(cells), 3),
        "ours_hidden_tests_per_submission_s": round(statistics.fmean(hidden), 3),
        "ours_scores": sorted({r["score"] for r in results}),
    }
    print(f"{'tool':<34} {'wall (s)':>9}")
    print(f"{'nbgrader autograde (serial)':<34} {t_nbgrader:9.1f}")
    print(f"{'autograder --jobs ' + str(args.jobs):<34} {t_ours:9.1f}")
    print(f"speed-up: {figures['speedup']:.2f}x   ({args.n} submissions, {os.cpu_count()} cores, "
          f"load average {figures['load_average_1min']:.1f})")
    o = figures["ours_overhead_per_submission_s"]
    print(f"our overhead per submission beyond its cells and hidden tests (jail start, plan, "
          f"transfers): mean {o['mean']:.2f} s, median {o['median']:.2f} s, max {o['max']:.2f} s")
    print(f"per submission: own cells {figures['ours_cells_per_submission_s']:.2f} s, hidden tests "
          f"{figures['ours_hidden_tests_per_submission_s']:.2f} s")
    if args.json:
        Path(args.json).write_text(json.dumps(figures, indent=2))
    return figures


if __name__ == "__main__":
    main()
