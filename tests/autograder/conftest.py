"""Fixtures for the autograder tests: released course assignments."""
import sys
from pathlib import Path

import pytest

from autograder import assemble

sys.path.insert(0, str(Path(__file__).resolve().parent))   # autograder_corpus


@pytest.fixture(scope="session")
def released_ex01():
    """(source notebook path, student notebook path) of ex01_rnn_forward."""
    name = "ex01_rnn_forward"
    student = assemble.student_notebook(name)
    source = assemble.COURSE_ROOT / "source" / name / f"{name}.ipynb"
    if not (student.is_file() and source.is_file()):
        assemble.release([name])
    return source, student

