"""A wrong answer that makes a known mistake is told which mistake it is: for
every mistake of the catalogue (``oracle.mistakes``) with an output of its
own, grading its corpus file reports the catalogue's message."""
import pytest

from autograder.hidden import module as hidden_module
from autograder.hidden._local import grade, splice
from exercises import assemble
from oracle.mistakes import CATALOGUE

WRONG = assemble.EXERCISES / "corpus" / "wrong"
OWNER = {f: name for name in assemble.assignments() for f in hidden_module(name).FUNCTIONS}
DIAGNOSED = [m for m in CATALOGUE if m.function in OWNER and m.function in m.outputs]


@pytest.mark.parametrize("mistake", DIAGNOSED, ids=lambda m: f"{OWNER[m.function]}/{m.function}_{m.key}")
def test_known_mistake_is_named(released, mistake):
    name = OWNER[mistake.function]
    source = assemble.course_root() / "source" / name / f"{name}.ipynb"
    path = WRONG / name / f"{mistake.function}_{mistake.key}.py"
    cells, _ = splice(source, path, hidden_module(name).FUNCTIONS)
    report = grade(source, name, cells=cells, skip_demos=True)
    messages = [c.hidden for c in report.cells.values() if c.hidden]
    assert any(f"It matches a known mistake: {mistake.message}" in m for m in messages), messages
