"""Shared fixtures: the released assignments are built once per session."""
import pytest

from exercises import assemble


@pytest.fixture(scope="session")
def released():
    """{assignment: student notebook path}, after assembling every source notebook."""
    return assemble.release()
