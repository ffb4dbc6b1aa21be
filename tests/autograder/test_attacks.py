"""The attack corpus, graded in one batch run with --jobs 2.

Every attack must score no more than the blank notebook on every test, the
correct submissions in the same batch must get full marks, and the batch
must finish with exit status 0. Probing attacks print what they managed to
reach; their outputs are checked for the absence of anything secret.
"""
import csv
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from autograder_corpus import GRADER_LIMITS, build_folder, check_case, load_cases, run_cli

from autograder.jail import SAFE_ENV, namespaces_available
from autograder.report import BASE_COLUMNS

ASSIGNMENT = "ex01_rnn_forward"
CASES = load_cases(ASSIGNMENT)
pytestmark = pytest.mark.skipif(
    not namespaces_available(),
    reason="JAIL PROTECTIONS OFF here (needs the jail: root, bwrap and libseccomp): the attack corpus tests the jail")


def _tree_digest(folder):
    h = hashlib.sha256()
    for p in sorted(Path(folder).rglob("*")):
        h.update(str(p.relative_to(folder)).encode())
        if p.is_file():
            h.update(p.read_bytes())
            h.update(oct(p.stat().st_mode).encode())
    return h.hexdigest()


@pytest.fixture(scope="module")
def batch(tmp_path_factory, released_ex01):
    source, student = released_ex01
    root = tmp_path_factory.mktemp("attacks")
    subs, out = root / "submissions", root / "out"
    build_folder(CASES, source, student, subs, out, ASSIGNMENT)
    before = _tree_digest(subs)
    proc, seconds = run_cli("grade", ASSIGNMENT, subs, "--out", out, "--jobs", 2,
                            "--timeout", 20, "--notebook-timeout", 100, *GRADER_LIMITS)
    results = {p.stem: json.loads(p.read_text()) for p in (out / "results" / ASSIGNMENT).glob("*.json")}
    print(f"corpus of {len(CASES)} graded in {seconds:.1f} s")
    return {"subs": subs, "out": out, "proc": proc, "results": results, "before": before,
            "seconds": seconds}


def test_batch_finishes_and_grades_everyone(batch):
    proc = batch["proc"]
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert set(batch["results"]) == set(CASES)
    with open(batch["out"] / ASSIGNMENT / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    assert [r["student_id"] for r in rows] == sorted(CASES)
    header = list(rows[0])
    assert header[:9] == BASE_COLUMNS
    assert header[9:] == ["rnn_step_shapes", "rnn_step_torch", "rnn_forward_shapes",
                          "rnn_forward_torch"]
    for r in rows:
        assert r["status"], r
        assert float(r["score"]) == sum(float(r[g]) for g in header[9:])
        assert (batch["out"] / "feedback" / r["student_id"] / f"{ASSIGNMENT}.ipynb").with_suffix(
            ".html").is_file()
    assert (batch["out"] / ASSIGNMENT / "score_histogram.png").stat().st_size > 1000
    assert "mean score" in proc.stdout and "median" in proc.stdout


@pytest.mark.parametrize("name", sorted(CASES))
def test_case(batch, name):
    check_case(CASES[name], batch["results"][name], batch["results"]["blank"])
    if namespaces_available():
        assert "protections-off" not in batch["results"][name]["status"]


def test_blank_scores_nothing(batch):
    blank = batch["results"]["blank"]
    assert blank["score"] == 0 and blank["status"] == "ok"


def test_environment_is_scrubbed(batch):
    outputs = "\n".join(c["output"] for c in batch["results"]["environment"]["cells"])
    env = json.loads(outputs.split("ENV=")[1].splitlines()[0])
    assert set(env) <= set(SAFE_ENV) | {"PATH"}


@pytest.mark.skipif(not namespaces_available(), reason="needs the jail: root, bwrap and libseccomp")
def test_jail_sees_no_host_files_and_runs_unprivileged(batch):
    outputs = "\n".join(c["output"] for c in batch["results"]["environment"]["cells"])
    uid = int(outputs.split(" uid ")[1].split()[0])
    assert uid >= 100_000
    searched = "\n".join(c["output"] for c in batch["results"]["search_disk"]["cells"])
    assert int(searched.split("probe-ran ")[1].split()[0]) > 100   # it did read files


def test_huge_output_is_truncated(batch):
    page = batch["out"] / "feedback" / "huge_output" / f"{ASSIGNMENT}.html"
    assert page.stat().st_size < 1_000_000
    assert "characters of output dropped" in page.read_text()


def test_submissions_untouched_and_no_process_left(batch):
    assert _tree_digest(batch["subs"]) == batch["before"]
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert "sleep 987" not in ps
    assert not _jailed_processes(), "processes of jail uids still running"


def _jailed_processes(wait=10.0):
    """Live (not zombie) processes of any jail uid, after up to ``wait``
    seconds for killed ones to go."""
    import time
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                if os.stat(f"/proc/{pid}").st_uid < 100_000:
                    continue
                with open(f"/proc/{pid}/stat") as f:
                    state = f.read().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state != "Z":
                alive.append((pid, state))
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.2)


def test_the_grader_stays_within_its_memory_bound_for_every_submission(batch):
    # reply bombs, many cells, deep notebooks: what each costs the grader's own process stays
    # under the bound, so the coordinator never had to stop one
    stopped = {k: r["status"] for k, r in batch["results"].items() if "grader-limit" in r["status"]}
    assert stopped == {}


def test_every_file_written_stays_small(batch):
    # A learner controls printed output, exception messages and returned
    # strings; none of it may blow up the feedback, results or log.
    for path in batch["out"].rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".log", ".csv", ".ipynb"):
            assert path.stat().st_size < 2_000_000, path


def test_nbgrader_export_and_feedback_read_the_same_scores(batch, tmp_path):
    out = batch["out"]
    nbgrader = Path(sys.executable).with_name("nbgrader")
    env_path = f"{Path(sys.executable).parent}:/usr/bin:/bin"
    proc = subprocess.run([str(nbgrader), "export", f"--db=sqlite:///{out}/gradebook.db",
                           f"--to={tmp_path}/export.csv"], cwd=tmp_path, capture_output=True,
                          text=True, env={"PATH": env_path, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(tmp_path / "export.csv", newline="") as f:
        exported = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert exported == {sid: r["score"] for sid, r in batch["results"].items()}
    assert exported["correct_reference"] == 10
    course = tmp_path / "course"                 # nbgrader's own feedback from our autograded/
    shutil.copytree(out / "autograded", course / "autograded")
    proc = subprocess.run([str(nbgrader), "generate_feedback", ASSIGNMENT, "--student=correct_reference",
                           f"--CourseDirectory.root={course}", f"--db=sqlite:///{out}/gradebook.db"],
                          cwd=tmp_path, capture_output=True, text=True,
                          env={"PATH": env_path, "HOME": str(tmp_path)})
    assert proc.returncode == 0, proc.stderr[-2000:]
    page = course / "feedback" / "correct_reference" / ASSIGNMENT / f"{ASSIGNMENT}.html"
    assert "Score: 10.0 / 10.0" in page.read_text()


def test_rerun_skips_finished_and_regrades_changed_or_half_done(batch):
    out, subs = batch["out"], batch["subs"]
    changed = subs / "blank" / f"{ASSIGNMENT}.ipynb"
    original = changed.read_bytes()
    (out / "results" / ASSIGNMENT / "correct_reference.json").unlink()     # killed before it was recorded
    changed.write_bytes(original.replace(b"raise NotImplementedError", b"raise ValueError"))
    try:
        proc, seconds = run_cli("grade", ASSIGNMENT, subs, "--out", out, "--jobs", 2,
                                "--timeout", 20, "--notebook-timeout", 100, *GRADER_LIMITS)
    finally:
        changed.write_bytes(original)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert f"{len(CASES) - 2} unchanged submissions already graded" in proc.stderr
    graded = sorted(line.split("] ")[1].split(":")[0] for line in proc.stderr.splitlines()
                    if line.startswith("["))
    assert graded == ["blank", "correct_reference"]
    assert json.loads((out / "results" / ASSIGNMENT / "correct_reference.json").read_text())["score"] == 10
