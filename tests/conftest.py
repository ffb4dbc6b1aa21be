"""Fixtures shared by the whole test suite.

``built_site`` builds the website once per test session with ``make book``
(the strict Jupyter Book build: warnings are errors, a raising cell fails)
and returns the folder of the built HTML. If the build fails, every test
that uses it fails with the first problem the build log reports and the
log's last lines; the whole log is saved in
``test-artifacts/book-build.log``.

Set ``COURSE_SITE_PREBUILT=1`` to test the site already in ``_build/html``
without building it again, or ``COURSE_SITE_PREBUILT=<folder>`` to test the
HTML in another folder (useful while working on the tests themselves).
"""
import os
import re
import subprocess
import time
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
TESTS = REPO / "tests"

# What `make test-fast` leaves out: tests that build the book, start a jail,
# run nbgrader or a browser, compile kernels or train a model (paths under tests/).
SLOW = ("site/", "benchmarks/", "autograder/test_attacks", "autograder/test_cli.py",
        "autograder/test_workflow.py", "autograder/test_assignments.py", "autograder/test_jail.py",
        "autograder/test_seccomp.py", "autograder/test_cgroups.py", "autograder/test_hidden_checks.py",
        "autograder/test_result_bounds.py", "autograder/test_formgrader.py", "exercises/test_exercises.py",
        "exercises/test_diagnosis.py", "exercises/test_pages.py", "exercises/test_corpus_layout.py",
        "course/test_triton_kernels.py", "course/test_fast_lstm.py", "course/test_train.py",
        "solutions/test_training.py")


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().relative_to(TESTS).as_posix().startswith(SLOW):
            item.add_marker(pytest.mark.slow)
SITE = REPO / "_build" / "html"
ARTIFACTS = REPO / "test-artifacts"
LOG_TAIL_LINES = 60


_ANSI = re.compile(r"\x1b\[[0-9;]*m")
_PROBLEM = re.compile(r"(WARNING|ERROR|CRITICAL):|Error\b|Traceback")


def _excerpt(log, n=LOG_TAIL_LINES):
    """The first problem reported in a build log (Sphinx warning, error or
    traceback) and what follows it, then the log's last lines."""
    lines = _ANSI.sub("", log).splitlines()
    ends = lines[-10:]
    first = next((i for i, line in enumerate(lines)
                  if _PROBLEM.search(line) and "Kernel is running over TCP" not in line), None)
    if first is None or first >= len(lines) - 10:
        return "\n".join(lines[-n:])
    return "\n".join(lines[first:first + n - 10] + ["[...]"] + ends)


@pytest.fixture(scope="session")
def built_site():
    """Path of the freshly built site (``_build/html``)."""
    prebuilt = os.environ.get("COURSE_SITE_PREBUILT")
    if prebuilt:
        site = SITE if prebuilt == "1" else Path(prebuilt).resolve()
        if not (site / "index.html").is_file():
            pytest.fail(f"COURSE_SITE_PREBUILT={prebuilt} but {site}/index.html does not exist")
        return site
    ARTIFACTS.mkdir(exist_ok=True)
    log_path = ARTIFACTS / "book-build.log"
    start = time.monotonic()
    proc = subprocess.run(["make", "book"], cwd=REPO, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True)
    seconds = time.monotonic() - start
    log_path.write_text(proc.stdout)
    if proc.returncode != 0:
        pytest.fail(f"`make book` failed (exit {proc.returncode}, {seconds:.0f} s); "
                    f"full log in {log_path}:\n{_excerpt(proc.stdout)}",
                    pytrace=False)
    if not (SITE / "index.html").is_file():
        pytest.fail(f"`make book` succeeded but wrote no {SITE}/index.html")
    return SITE
