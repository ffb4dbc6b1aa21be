"""The corpus of wrong submissions covers every graded function three times,
and every file is an instance of a mistake of the catalogue: it is named
``<function>_<key>.py`` after the catalogue's entry, and every entry of a
graded function has one (``test_diagnosis`` grades those whose output the
hidden tests recognise; ``test_exercises`` checks that every one loses the
points of its function)."""
from collections import Counter

import pytest

from autograder.hidden import module as hidden_module
from exercises import assemble
from oracle.mistakes import CATALOGUE, find

CORPUS = assemble.EXERCISES / "corpus"
OWNER = {f: name for name in assemble.assignments() for f in hidden_module(name).FUNCTIONS}


def _function(name, stem):
    """The graded function a corpus file of assignment ``name`` is about: the
    longest of the assignment's functions its name starts with."""
    return max((f for f in hidden_module(name).FUNCTIONS if stem.startswith(f + "_")), key=len)


@pytest.mark.parametrize("name", assemble.assignments())
def test_three_wrong_submissions_per_graded_function(name):
    files = [p.stem for p in (CORPUS / "wrong" / name).glob("*.py")]
    functions = hidden_module(name).FUNCTIONS
    counts = Counter(_function(name, s) for s in files)
    assert {f: counts[f] for f in functions if counts[f] < 3} == {}


@pytest.mark.parametrize("path", sorted(CORPUS.glob("wrong/*/*.py")),
                         ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_every_wrong_submission_is_a_catalogue_mistake(path):
    function = _function(path.parent.name, path.stem)
    find(function, path.stem[len(function) + 1:])            # KeyError names the known keys


def test_every_mistake_of_a_graded_function_has_a_wrong_submission():
    missing = [f"{m.function}_{m.key}" for m in CATALOGUE if m.function in OWNER
               and not (CORPUS / "wrong" / OWNER[m.function] / f"{m.function}_{m.key}.py").exists()]
    assert missing == []
