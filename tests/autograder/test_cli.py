"""The grading CLI around the jail: inputs (folders, LMS zips), Dask, resume,
the learner's self-check, instructor errors and the no-namespace fallback."""
import csv
import json
import os
import pickle
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from dataclasses import replace

import pytest
from autograder_corpus import REPO, build_notebook, load_cases, run_cli

from autograder import batch, jail
from autograder import spec as specs
from autograder.grading import grade_task
from autograder.task import Limits, Task

ASSIGNMENT = "ex01_rnn_forward"


@pytest.fixture(scope="module")
def notebooks(released_ex01, tmp_path_factory):
    """{"correct": bytes, "blank": bytes} submitted notebooks for ex01."""
    source, student = released_ex01
    cases = load_cases(ASSIGNMENT)
    src, rel = json.loads(source.read_text()), json.loads(student.read_text())
    out = tmp_path_factory.mktemp("out")
    return {"correct": build_notebook(cases["correct_reference"], src, rel, out),
            "blank": build_notebook(cases["blank"], src, rel, out)}


@pytest.fixture(scope="module")
def spec():
    return specs.spec_for(ASSIGNMENT)


def _scores(results):
    return {sid: r["score"] for sid, r in results.items()}


def test_flat_lms_zip_and_force(tmp_path, notebooks, spec):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"alice_{ASSIGNMENT}_{ASSIGNMENT}.ipynb", notebooks["correct"])
        zf.writestr(f"bob_{ASSIGNMENT}_{ASSIGNMENT}.ipynb", notebooks["blank"])
        zf.writestr(f"bob_{ASSIGNMENT}_notes.txt", "extra file")
    out = tmp_path / "out"
    code, results = batch.grade(spec, str(path), batch.Options(out=str(out), progress=False))
    assert code == 0 and _scores(results) == {"alice": 10, "bob": 0}
    with open(out / ASSIGNMENT / "grades.csv", newline="") as f:
        assert [r["student_id"] for r in csv.DictReader(f)] == ["alice", "bob"]
    first = (out / "results" / ASSIGNMENT / "alice.json").stat().st_mtime_ns
    batch.grade(spec, str(path), batch.Options(out=str(out), progress=False))
    assert (out / "results" / ASSIGNMENT / "alice.json").stat().st_mtime_ns == first  # unchanged: skipped
    batch.grade(spec, str(path), batch.Options(out=str(out), progress=False, force=True))
    assert (out / "results" / ASSIGNMENT / "alice.json").stat().st_mtime_ns != first  # --force regrades


def test_per_student_folders_in_a_zip(tmp_path, notebooks, spec):
    path = tmp_path / "download.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(f"course/carol/{ASSIGNMENT}.ipynb", notebooks["correct"])
        zf.writestr(f"course/dave/{ASSIGNMENT}.ipynb", notebooks["blank"])
    db = f"sqlite:///{tmp_path}/elsewhere.db"
    code, results = batch.grade(spec, str(path), batch.Options(out=str(tmp_path / "out"), db=db,
                                                               progress=False))
    assert code == 0 and _scores(results) == {"carol": 10, "dave": 0}
    from nbgrader.api import Gradebook
    with Gradebook(db) as gb:                       # --db: the gradebook lives at that URL
        assert gb.find_submission(ASSIGNMENT, "carol").score == 10
    assert not (tmp_path / "out" / "gradebook.db").exists()


def _subs(tmp_path, notebooks):
    subs = tmp_path / "subs"
    for sid, key in (("erin", "correct"), ("frank", "blank")):
        (subs / sid).mkdir(parents=True)
        (subs / sid / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks[key])
    return subs


def test_a_submission_goes_to_a_cluster_without_what_all_submissions_share(notebooks, spec):
    """A cluster task carries the submission; the instructor's notebook, the
    hidden tests and the code they run (``workers.SHARED``) are split off,
    sent once, and joined again on the worker."""
    from autograder import verdict, workers
    task = Task("erin", ASSIGNMENT, spec.notebook, spec.source_json, spec.hidden,
                {f"{ASSIGNMENT}.ipynb": notebooks["correct"]}, Limits(30, 120, 2048),
                spec.helper_files, spec.drivers_source, hash="h", verdict_hash="v",
                verdict_files=verdict.bundle(), environment=verdict.environment())
    own, shared = workers.split(task)
    assert replace(own, **shared) == task
    assert set(shared) == set(workers.SHARED) and all(getattr(own, f) is None for f in workers.SHARED)
    whole, alone = len(pickle.dumps(task)), len(pickle.dumps(own))
    assert alone < len(notebooks["correct"]) + 2000 < whole / 5, (alone, whole)


def test_dask_cluster_grades_with_the_coordinators_tests(tmp_path, notebooks, spec, monkeypatch, capsys):
    distributed = pytest.importorskip("distributed")
    from autograder import verdict
    subs, out = _subs(tmp_path, notebooks), tmp_path / "out"
    on_disk = (REPO / "autograder" / "hidden" / f"{ASSIGNMENT}.py").read_text()
    scattered, scatter = [], distributed.Client.scatter

    def counted(client, data, *args, **kwargs):
        scattered.append(data)
        return scatter(client, data, *args, **kwargs)
    monkeypatch.setattr(distributed.Client, "scatter", counted)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=2, processes=True,
                                  dashboard_address=None) as cluster:
        opts = batch.Options(out=str(out), scheduler=cluster.scheduler_address, progress=False)
        expected = verdict.digest(verdict.bundle())
        code, results = batch.grade(spec, str(subs), opts)
        assert code == 0 and _scores(results) == {"erin": 10, "frank": 0}
        assert len(scattered) == 1                  # two submissions, one assignment: sent once
        assert results["erin"]["verdict_hash"] == expected
        assert "without TLS" in capsys.readouterr().err
        # The coordinator's hidden test changes; the worker's checkout does not.
        changed = dict(verdict.bundle())
        path = f"autograder/hidden/{ASSIGNMENT}.py"
        changed[path] += ('\n\ndef _changed(student):\n    raise AssertionError("the shipped test ran")'
                          '\n\n\nTESTS["rnn_step_torch"] = _changed\n')
        monkeypatch.setattr(verdict, "bundle", lambda: changed)
        code, results = batch.grade(spec, str(subs), opts)
        assert len(scattered) == 2                  # the changed tests are sent, once
    assert code == 0 and results["erin"]["verdict_hash"] == verdict.digest(changed)
    assert results["erin"]["tests"]["rnn_step_torch"]["message"] == "the shipped test ran"
    assert results["erin"]["score"] == 10 - results["erin"]["tests"]["rnn_step_torch"]["max_points"]
    assert (REPO / "autograder" / "hidden" / f"{ASSIGNMENT}.py").read_text() == on_disk
    from nbgrader.api import Gradebook
    with Gradebook(f"sqlite:///{out}/gradebook.db") as gb:
        assert gb.find_submission(ASSIGNMENT, "frank").score == 0


def _certificates(folder):
    """A CA and one certificate for 127.0.0.1 signed by it (openssl)."""
    run = lambda *a: subprocess.run(["openssl", *a], cwd=folder, check=True, capture_output=True)
    run("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=course-ca",
        "-keyout", "ca.key", "-out", "ca.pem")
    run("req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=127.0.0.1", "-keyout", "node.key",
        "-out", "node.csr")
    (folder / "san.cnf").write_text("subjectAltName=IP:127.0.0.1,DNS:localhost\n")
    run("x509", "-req", "-in", "node.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-days", "2", "-extfile", "san.cnf", "-out", "node.pem")
    return [str(folder / n) for n in ("ca.pem", "node.pem", "node.key")]


def test_dask_cluster_over_tls(tmp_path, notebooks, spec, capsys):
    distributed = pytest.importorskip("distributed")
    if not shutil.which("openssl"):
        pytest.skip("openssl is needed to make the test's certificates")
    from distributed.security import Security
    ca, cert, key = _certificates(tmp_path)
    server = Security(tls_ca_file=ca, tls_scheduler_cert=cert, tls_scheduler_key=key,
                      tls_worker_cert=cert, tls_worker_key=key, tls_client_cert=cert,
                      tls_client_key=key, require_encryption=True)
    with distributed.LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                                  protocol="tls://", host="127.0.0.1", security=server,
                                  dashboard_address=None) as cluster:
        assert cluster.scheduler_address.startswith("tls://")
        opts = batch.Options(out=str(tmp_path / "out"), scheduler=cluster.scheduler_address,
                             progress=False, tls=(ca, cert, key))
        code, results = batch.grade(spec, str(_subs(tmp_path, notebooks)), opts)
    assert code == 0 and _scores(results) == {"erin": 10, "frank": 0}
    assert "without TLS" not in capsys.readouterr().err


def test_unjailed_grading_is_refused_unless_allowed_and_never_in_the_feedback(
        monkeypatch, tmp_path, notebooks, spec):
    monkeypatch.setattr(jail, "namespaces_available", lambda: False)
    monkeypatch.setattr(batch, "protections_off", jail.protections_off)
    subs = tmp_path / "subs" / "gina"
    subs.mkdir(parents=True)
    (subs / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks["correct"])
    with pytest.raises(specs.InstructorError, match="--allow-unjailed"):
        batch.grade(spec, str(tmp_path / "subs"), batch.Options(out=str(tmp_path / "out"), progress=False))
    task = Task("gina", ASSIGNMENT, ASSIGNMENT, spec.source_json, spec.hidden,
                {f"{ASSIGNMENT}.ipynb": notebooks["correct"]}, Limits(30, 120, 2048))
    with pytest.raises(RuntimeError, match="unjailed grading was not allowed"):
        grade_task(task)                              # a worker without the jail refuses too
    code, results = batch.grade(spec, str(tmp_path / "subs"), batch.Options(
        out=str(tmp_path / "out"), progress=False, allow_unjailed=True))
    assert code == 0 and results["gina"]["score"] == 10
    assert results["gina"]["protections_off"][:2] == ["filesystem isolation", "network isolation"]
    assert results["gina"]["sandbox"]["protections_off"] == results["gina"]["protections_off"]
    page = (tmp_path / "out" / "feedback" / "gina" / f"{ASSIGNMENT}.html").read_text()
    assert "protection" not in page and results["gina"]["status"] == "ok"
    monkeypatch.undo()                                # jailed again: the unjailed result is redone
    code, results = batch.grade(spec, str(tmp_path / "subs"), batch.Options(
        out=str(tmp_path / "out"), progress=False))
    assert code == 0 and results["gina"]["protections_off"] == [] and results["gina"]["score"] == 10


def test_check_prints_the_visible_score(tmp_path, notebooks):
    for key, expected in (("correct", "visible tests: 10 / 10"), ("blank", "visible tests: 0 / 10")):
        path = tmp_path / key / f"{ASSIGNMENT}.ipynb"
        path.parent.mkdir()
        path.write_bytes(notebooks[key])
        proc, _ = run_cli("check", path)
        assert proc.returncode == 0, proc.stderr[-2000:]
        assert expected in proc.stdout, proc.stdout


def test_instructor_errors_exit_nonzero_with_a_message(tmp_path):
    proc, _ = run_cli("grade", "ex99_nothing", tmp_path, "--out", tmp_path / "o")
    assert proc.returncode == 2 and "unknown assignment 'ex99_nothing'" in proc.stderr
    proc, _ = run_cli("grade", ASSIGNMENT, tmp_path / "missing", "--out", tmp_path / "o")
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    (tmp_path / "bad.zip").write_bytes(b"not a zip")
    proc, _ = run_cli("grade", ASSIGNMENT, tmp_path / "bad.zip", "--out", tmp_path / "o")
    assert proc.returncode == 2 and "not a readable zip file" in proc.stderr
    (tmp_path / "subs" / "bad id!").mkdir(parents=True)
    proc, _ = run_cli("grade", ASSIGNMENT, tmp_path / "subs", "--out", tmp_path / "o")
    assert proc.returncode == 2 and "no submissions found" in proc.stderr   # the bad id is skipped
    proc, _ = run_cli("grade", ASSIGNMENT, tmp_path / "subs", "--out", tmp_path / "g", "--gpus", "99")
    assert proc.returncode == 2 and "--gpus: no CUDA device '99'" in proc.stderr
    assert not (tmp_path / "g").exists()                  # a refused run leaves nothing behind


def test_a_killed_run_resumes_where_it_stopped(tmp_path, notebooks):
    subs, out = tmp_path / "subs", tmp_path / "out"
    ids = [f"s{i}" for i in range(5)]
    for i, sid in enumerate(ids):
        (subs / sid).mkdir(parents=True)
        (subs / sid / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks["correct" if i % 2 else "blank"])
    cmd = [sys.executable, "-m", "autograder", "grade", ASSIGNMENT, str(subs), "--out", str(out)]
    proc = subprocess.Popen(cmd, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and not list((out / "results" / ASSIGNMENT).glob("*.json")):
        time.sleep(0.05)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    done = {p.stem for p in (out / "results" / ASSIGNMENT).glob("*.json")}
    assert 1 <= len(done) < len(ids)
    again, _ = run_cli("grade", ASSIGNMENT, subs, "--out", out)
    assert again.returncode == 0, again.stderr[-2000:]
    assert f"{len(done)} unchanged submissions already graded" in again.stderr
    with open(out / ASSIGNMENT / "grades.csv", newline="") as f:
        rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}
    assert rows == {sid: (10.0 if i % 2 else 0.0) for i, sid in enumerate(ids)}


@pytest.mark.parametrize("url, says", [
    ("notaurl", "not a database URL"),
    ("sqlite:////nonexistent-folder/gradebook.db", "could not open the gradebook"),
    ("mysql+nosuchdriver://u:hunter2@localhost/db", "mysql+nosuchdriver"),
])
def test_a_gradebook_that_cannot_be_opened_is_an_instructor_error(tmp_path, notebooks, url, says):
    subs = tmp_path / "subs" / "alice"
    subs.mkdir(parents=True)
    (subs / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks["correct"])
    proc, _ = run_cli("grade", ASSIGNMENT, tmp_path / "subs", "--out", tmp_path / "out",
                      "--db", url, timeout=300)
    assert proc.returncode == 2, proc.stderr[-2000:]
    assert "Traceback" not in proc.stderr and says in proc.stderr, proc.stderr[-2000:]
    assert "hunter2" not in proc.stderr                      # passwords are never printed
    assert not list((tmp_path / "out").glob("results/**/*.json"))   # nobody was graded


def _postgres_binaries():
    """initdb and pg_ctl from PATH or Debian's /usr/lib/postgresql/*/bin."""
    import shutil
    from pathlib import Path
    dirs = [None] + [str(p) for p in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]
    for d in dirs:
        found = [shutil.which(n, path=d) for n in ("initdb", "pg_ctl")]
        if all(found):
            return found
    return None


@pytest.fixture(scope="module")
def postgres_url():
    """A throwaway PostgreSQL server on a Unix socket, run as an unprivileged
    user (PostgreSQL refuses root); yields the SQLAlchemy URL of a database."""
    import pwd
    import shutil
    import tempfile
    psycopg = pytest.importorskip("psycopg")
    binaries = _postgres_binaries()
    if binaries is None:
        pytest.skip("PostgreSQL's initdb and pg_ctl are not installed")
    initdb, pg_ctl = binaries
    user = None
    if os.geteuid() == 0:
        for name in ("postgres", "nobody"):
            try:
                user = pwd.getpwnam(name)
                break
            except KeyError:
                continue
        if user is None:
            pytest.skip("running as root with no unprivileged user to run PostgreSQL as")
    base = tempfile.mkdtemp(prefix="course-pg-")
    os.chmod(base, 0o755)
    if user:
        os.chown(base, user.pw_uid, user.pw_gid)
    as_user = {"user": user.pw_uid, "group": user.pw_gid} if user else {}
    data, log = os.path.join(base, "data"), os.path.join(base, "log")
    run = lambda *cmd: subprocess.run(cmd, check=True, capture_output=True, text=True,
                                      timeout=120, cwd=base, **as_user)
    try:
        run(initdb, "-D", data, "-U", "grader", "--auth=trust", "-E", "UTF8")
        run(pg_ctl, "-D", data, "-l", log, "-w", "-o",
            f"-k {base} -c listen_addresses='' -c fsync=off", "start")
    except subprocess.CalledProcessError as exc:
        shutil.rmtree(base, ignore_errors=True)
        pytest.fail(f"could not start PostgreSQL: {exc.stderr[-1500:]}")
    with psycopg.connect(host=base, user="grader", dbname="postgres", autocommit=True) as con:
        con.execute("CREATE DATABASE course")
    try:
        yield f"postgresql://grader@/course?host={base}"
    finally:
        subprocess.run([pg_ctl, "-D", data, "-m", "fast", "-w", "stop"], capture_output=True,
                       timeout=120, cwd=base, **as_user)
        shutil.rmtree(base, ignore_errors=True)


def test_grades_go_to_a_postgresql_gradebook_that_nbgrader_reads(tmp_path, notebooks, postgres_url):
    for sid, key in (("grace", "correct"), ("heidi", "blank")):
        (tmp_path / "subs" / sid).mkdir(parents=True)
        (tmp_path / "subs" / sid / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks[key])
    proc, _ = run_cli("grade", ASSIGNMENT, tmp_path / "subs", "--out", tmp_path / "out",
                      "--db", postgres_url, "--jobs", "2", timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    from nbgrader.api import Gradebook
    with Gradebook(postgres_url) as gb:
        assert gb.find_submission(ASSIGNMENT, "grace").score == 10
        assert gb.find_submission(ASSIGNMENT, "heidi").score == 0
    assert not (tmp_path / "out" / "gradebook.db").exists()
    # nbgrader's own export reads the same database.
    nbgrader = os.path.join(os.path.dirname(sys.executable), "nbgrader")
    export = subprocess.run([nbgrader, "export", f"--db={postgres_url}",
                             f"--to={tmp_path / 'export.csv'}"], capture_output=True, text=True,
                            timeout=300, cwd=tmp_path,
                            env={"PATH": f"{os.path.dirname(sys.executable)}:/usr/bin:/bin",
                                 "HOME": str(tmp_path)})
    assert export.returncode == 0, export.stderr[-2000:]
    rows = {r["student_id"]: float(r["score"]) for r in csv.DictReader(open(tmp_path / "export.csv"))}
    assert rows == {"grace": 10.0, "heidi": 0.0}


def test_grading_loads_neither_the_iri_grammars_nor_nbgrader_server_nor_pyplot(tmp_path, notebooks):
    """What ``grade`` leaves out of its own process (each a second or more of
    every run): rfc3987-syntax's grammars, nbgrader's server extensions and
    nbconvert, pyplot. It still grades, and a second run into the same
    folder reuses the stored spec instead of assembling the notebook."""
    (tmp_path / "subs" / "alice").mkdir(parents=True)
    (tmp_path / "subs" / "alice" / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks["correct"])
    listing = tmp_path / "modules.json"
    probe = ("import atexit, json, runpy, sys\n"
             f"atexit.register(lambda: open({str(listing)!r}, 'w').write(json.dumps(sorted(sys.modules))))\n"
             "sys.argv = ['autograder'] + sys.argv[1:]\n"
             "runpy.run_module('autograder', run_name='__main__', alter_sys=True)\n")
    command = [sys.executable, "-c", probe, "grade", ASSIGNMENT, str(tmp_path / "subs"), "--out",
               str(tmp_path / "out")]
    for run in (1, 2):
        proc = subprocess.run(command + (["--force"] if run == 2 else []), cwd=REPO,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stderr[-2000:]
        loaded = set(json.loads(listing.read_text()))
        assert {"nbgrader.api", "jsonschema", "torch", "matplotlib.figure"} <= loaded
        assert not {"rfc3987_syntax", "nbgrader.server_extensions", "nbconvert",
                    "matplotlib.pyplot"} & loaded
        assert ("jupytext" in loaded) == (run == 1)          # assembled once, then reused
    with open(tmp_path / "out" / ASSIGNMENT / "grades.csv", newline="") as f:
        assert [float(r["score"]) for r in csv.DictReader(f)] == [10.0]


def test_ids_that_differ_only_in_case_are_not_graded_where_the_output_folder_would_mix_them(
        tmp_path, notebooks, spec, monkeypatch, capsys):
    subs = tmp_path / "subs"
    for sid, kind in (("Alice", "correct"), ("alice", "blank"), ("bob", "correct")):
        (subs / sid).mkdir(parents=True)
        (subs / sid / f"{ASSIGNMENT}.ipynb").write_bytes(notebooks[kind])
    assert not batch._case_insensitive(str(tmp_path))          # Linux: both are graded
    code, results = batch.grade(spec, str(subs), batch.Options(out=str(tmp_path / "out"), progress=False))
    assert code == 0 and _scores(results) == {"Alice": 10, "alice": 0, "bob": 10}
    monkeypatch.setattr(batch, "_case_insensitive", lambda folder: True)   # as on macOS
    code, results = batch.grade(spec, str(subs), batch.Options(out=str(tmp_path / "out2"), progress=False))
    assert code == 0 and _scores(results) == {"bob": 10}
    assert "NOT GRADED: the student ids 'Alice', 'alice' differ only in case" in capsys.readouterr().err
