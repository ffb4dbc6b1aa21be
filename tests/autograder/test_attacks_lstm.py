"""The attack corpus for ex03 (NumPy LSTM), ex04 (its backward), ex05 (training) and ex06 (torch nn.Module, driven
through autograder.drivers): one batch per assignment with --jobs 2; every
attack scores no more than the blank notebook, the reference gets full marks."""
import json

import pytest
from autograder_corpus import GRADER_LIMITS, build_folder, check_case, load_cases, released, run_cli

from autograder import torch_without_recurrent
from autograder.jail import namespaces_available

ASSIGNMENTS = ["ex03_lstm_forward", "ex04_lstm_backward", "ex05_training", "ex06_torch_lstm"]
CASES = {a: load_cases(a) for a in ASSIGNMENTS}
pytestmark = pytest.mark.skipif(
    not namespaces_available(),
    reason="JAIL PROTECTIONS OFF here (needs the jail: root, bwrap and libseccomp): the attack corpus tests the jail")


@pytest.fixture(scope="module", params=ASSIGNMENTS)
def batch(request, tmp_path_factory):
    name = request.param
    source, student = released(name)
    root = tmp_path_factory.mktemp(name)
    subs, out = root / "submissions", root / "out"
    build_folder(CASES[name], source, student, subs, out, name)
    proc, seconds = run_cli("grade", name, subs, "--out", out, "--jobs", 2,
                            "--timeout", 20, "--notebook-timeout", 150, *GRADER_LIMITS)
    results = {p.stem: json.loads(p.read_text()) for p in (out / "results" / name).glob("*.json")}
    return {"name": name, "proc": proc, "results": results, "seconds": seconds, "out": out}


def test_every_case_is_graded_as_expected(batch):
    name, results = batch["name"], batch["results"]
    assert batch["proc"].returncode == 0, batch["proc"].stderr[-3000:]
    cases = CASES[name]
    assert set(results) == set(cases)
    blank = next(results[k] for k, c in cases.items() if getattr(c, "BLANK", False))
    for key, case in cases.items():
        check_case(case, results[key], blank)
        if namespaces_available():
            assert "protections-off" not in results[key]["status"]
    if name == "ex06_torch_lstm" and torch_without_recurrent.binds():
        # the hidden tests (which full marks need) ran on torch's libraries without their
        # recurrent kernels
        full = [r for r in results.values() if r["score"] == r["max_score"]]
        assert full and all(r["jail"].get("replaced") for r in full), [r["jail"] for r in full]


def test_the_grader_stays_within_its_bounds_for_every_submission(batch):
    # oversized models and batches, forged verdicts: the grader's own process stays under its
    # memory bound (the coordinator stopped none) and every file written stays small
    stopped = {k: r["status"] for k, r in batch["results"].items() if "grader-limit" in r["status"]}
    assert stopped == {}
    for path in batch["out"].rglob("*"):
        if path.is_file() and path.suffix in (".html", ".json", ".log", ".csv", ".ipynb"):
            assert path.stat().st_size < 2_000_000, path
