"""``python -m autograder formgrader DIR`` for real: nbgrader's formgrader
serves a graded output folder, an instructor grades a written answer through
formgrader's own API, and ``export`` carries that score into ``grades.csv``.

The API is nbgrader's (``nbgrader/server_extensions/formgrader/apihandlers.py``,
nbgrader 0.9): ``GET /formgrader/api/submissions/<assignment>``,
``GET /formgrader/api/submitted_notebooks/<assignment>/<notebook>``,
``GET /formgrader/api/grades?submission_id=<id>`` and
``PUT /formgrader/api/grade/<id>`` with ``{"manual_score": ...}``, which is
what the formgrader page sends when a score is typed in. Expected scores
come from the source notebook's own nbgrader metadata: the reference
solution earns every test cell's points, the written answer none until it is
graded by hand.
"""
import csv
import json
import os
import signal
import socket
import subprocess
import sys
import time
import types
import urllib.error
import urllib.request

import pytest
from autograder_corpus import REPO, build_notebook, released, run_cli

from autograder import batch
from autograder import spec as specs

EX02 = "ex02_gradients"
TOKEN = "formgrader-test-token"
MANUAL = 2.5
START_SECONDS = 180
GRADESCOPE_METADATA = """\
submission_7001:
  :submitters:
  - :name: Zoë Doe, Jr.
    :sid: '101'
    :email: zoe.doe@example.edu
  :created_at: 2026-03-01 09:15:00.000000000 -08:00
  :score: 0.0
  :history: []
"""


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _call(port, path, method="GET", body=None):
    """(HTTP status, parsed JSON or text) of one request to the server."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data, method=method,
                                     headers={"Authorization": f"token {TOKEN}",
                                              "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read().decode()
            status = response.status
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(errors="replace")
    try:
        return status, json.loads(text)
    except json.JSONDecodeError:
        return status, text


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """An output folder where ex02 (one written answer) is graded for student 101,
    downloaded from Gradescope."""
    tmp = tmp_path_factory.mktemp("formgrader")
    source, student = released(EX02)
    source_nb = json.loads(source.read_text())
    notebook = build_notebook(types.SimpleNamespace(BASE="reference"), source_nb,
                              json.loads(student.read_text()), tmp)
    download = tmp / "submissions"                      # Gradescope's "Export Submissions"
    (download / "submission_7001").mkdir(parents=True)
    (download / "submission_7001" / f"{EX02}.ipynb").write_bytes(notebook)
    (download / "submission_metadata.yml").write_text(GRADESCOPE_METADATA, encoding="utf-8")
    out = tmp / "out"
    code, _ = batch.grade(specs.spec_for(EX02), str(download),
                          batch.Options(out=str(out), progress=False))
    assert code == 0
    graded_cells = [c for c in source_nb["cells"] if c.get("metadata", {}).get("nbgrader", {}).get("grade")]
    tests = sum(float(c["metadata"]["nbgrader"]["points"]) for c in graded_cells if c["cell_type"] == "code")
    answers = [c["metadata"]["nbgrader"] for c in graded_cells if c["cell_type"] == "markdown"]
    assert len(answers) == 1, "ex02 has one written answer"
    return types.SimpleNamespace(out=out, tmp=tmp, tests=tests, answer=answers[0],
                                 full=tests + float(answers[0]["points"]))


@pytest.fixture
def formgrader(graded):
    """The running ``formgrader`` command; yields its port, stops it after."""
    port = _free_port()
    log = open(graded.tmp / "formgrader.log", "w+")
    proc = subprocess.Popen([sys.executable, "-m", "autograder", "formgrader", str(graded.out),
                             "--port", str(port)], cwd=REPO, stdout=log, stderr=subprocess.STDOUT,
                            env=dict(os.environ, JUPYTER_TOKEN=TOKEN), start_new_session=True)
    try:
        deadline = time.monotonic() + START_SECONDS
        while True:
            if proc.poll() is not None:
                log.seek(0)
                pytest.fail(f"formgrader exited with {proc.returncode}:\n{log.read()[-3000:]}")
            try:
                if _call(port, "/api/status")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"formgrader did not answer in {START_SECONDS} s:\n{log.read()[-3000:]}")
            time.sleep(0.5)
        yield port
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
        log.close()


def test_a_written_answer_graded_in_formgrader_reaches_grades_csv(graded, formgrader):
    port = formgrader
    status, page = _call(port, f"/formgrader/manage_submissions/{EX02}")
    assert status == 200 and EX02 in page

    status, submissions = _call(port, f"/formgrader/api/submissions/{EX02}")
    assert status == 200, submissions
    [submission] = submissions
    assert submission["student"] == "101" and submission["autograded"] is True
    assert submission["score"] == graded.tests and submission["max_score"] == graded.full
    assert submission["needs_manual_grade"] is True

    status, notebooks = _call(port, f"/formgrader/api/submitted_notebooks/{EX02}/{EX02}")
    assert status == 200, notebooks
    [notebook] = notebooks
    status, grades = _call(port, f"/formgrader/api/grades?submission_id={notebook['id']}")
    assert status == 200, grades
    by_name = {g["name"]: g for g in grades}
    answer = by_name[graded.answer["grade_id"]]
    assert answer["auto_score"] is None and answer["manual_score"] is None
    assert answer["max_score"] == float(graded.answer["points"])
    status, saved = _call(port, f"/formgrader/api/grade/{answer['id']}", "PUT", {"manual_score": MANUAL})
    assert status == 200 and saved["manual_score"] == MANUAL, saved
    status, [submission] = _call(port, f"/formgrader/api/submissions/{EX02}")
    assert submission["score"] == graded.tests + MANUAL and submission["needs_manual_grade"] is False

    proc, _ = run_cli("export", graded.out)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(graded.out / EX02 / "grades.csv", newline="", encoding="utf-8") as f:
        [row] = list(csv.DictReader(f))
    assert row["student_id"] == "101"
    assert float(row[graded.answer["grade_id"]]) == MANUAL
    assert float(row["score"]) == graded.tests + MANUAL and float(row["max_score"]) == graded.full
    assert row["status"] == "ok"

    # the same score in Blackboard's upload file, its column found in a Grade Center download
    download = graded.tmp / "gc_download.xls"
    column = f"{EX02} gradients [Total Pts: {graded.full:g} Score] |1281892"
    download.write_bytes(("\t".join(f'"{c}"' for c in ["Last Name", "First Name", "Username", column])
                          + "\r\n" + '"Doe"\t"Zoë"\t"101"\t""\r\n').encode("utf-16"))
    upload = graded.tmp / "blackboard.csv"
    proc, _ = run_cli("export", graded.out, "--format", "blackboard", "--assignment", EX02,
                      "--roster", download, "--to", upload)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert upload.read_text(encoding="utf-8").splitlines() == [
        f'"Last Name","First Name","Username","{column}"', f'"Doe","Zoë","101","{graded.tests + MANUAL:g}"']

    # and in the Gradescope table, with the name, SID and email of submission_metadata.yml
    table = graded.tmp / "gradescope.csv"
    proc, _ = run_cli("export", graded.out, "--format", "gradescope", "--assignment", EX02, "--to", table)
    assert proc.returncode == 0, proc.stderr[-2000:]
    with open(table, newline="", encoding="utf-8") as f:
        assert list(csv.reader(f)) == [
            ["Name", "SID", "Email", "Total Score", "Max Points", "Status", "Submission Time",
             "Lateness (H:M:S)"],
            ["Zoë Doe, Jr.", "101", "zoe.doe@example.edu", f"{graded.tests + MANUAL:g}", f"{graded.full:g}",
             "Graded", "2026-03-01 09:15:00 -0800", "00:00:00"]]
