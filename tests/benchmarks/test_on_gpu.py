"""benchmarks/on_gpu.sh, which only a GPU machine runs in full: its shell is
valid, every file it names exists, and every word of its pytest -k
expressions selects at least one test (a renamed test would otherwise drop
out of the GPU run unnoticed)."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "on_gpu.sh"


def test_the_script_is_valid_shell():
    done = subprocess.run(["bash", "-n", str(SCRIPT)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_every_file_it_names_exists():
    named = set(re.findall(r"(?:tests|benchmarks)/[\w/]+\.py", SCRIPT.read_text()))
    assert {"tests/course/test_fast_lstm.py", "benchmarks/lstm_speed.py"} <= named
    assert [n for n in sorted(named) if not (REPO / n).is_file()] == []


@pytest.mark.parametrize("step", ["course_tests", "grader_gpu"])
def test_every_selected_test_exists(step):
    body = SCRIPT.read_text().split(f"{step}() {{")[1].split("\n}\n")[0]
    files = re.findall(r"tests/[\w/]+\.py", body)
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q",
                                "-p", "no:cacheprovider", *files], cwd=REPO, capture_output=True,
                               text=True, check=False).stdout
    ids = [line for line in collected.splitlines() if "::" in line]
    assert ids, collected
    for expression in re.findall(r'-k "([^"]+)"', body):
        for word in expression.split(" or "):
            assert any(word in i for i in ids), f"-k {word!r} selects no test of {files}"
