"""The corpus of wrong submissions covers every graded function three times."""
from collections import Counter

import pytest

from autograder.hidden import module as hidden_module
from exercises import assemble

CORPUS = assemble.EXERCISES / "corpus"


@pytest.mark.parametrize("name", assemble.assignments())
def test_three_wrong_submissions_per_graded_function(name):
    files = [p.stem for p in (CORPUS / "wrong" / name).glob("*.py")]
    functions = hidden_module(name).FUNCTIONS
    counts = Counter(max((f for f in functions if s.startswith(f + "_")), key=len) for s in files)
    assert {f: counts[f] for f in functions if counts[f] < 3} == {}
