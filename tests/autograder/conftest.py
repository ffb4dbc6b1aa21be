"""Fixtures for the autograder tests: released course assignments."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))   # autograder_corpus


@pytest.fixture(scope="session")
def released_ex01():
    """(source notebook path, student notebook path) of ex01_rnn_forward."""
    from autograder_corpus import released
    return released("ex01_rnn_forward")

