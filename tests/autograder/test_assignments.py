"""Every course assignment graded through the jail: the reference solutions
get full marks and the released notebook gets nothing."""
import json
import types

import pytest
from autograder_corpus import build_notebook, released

from autograder.grading import grade_task
from autograder.spec import spec_for
from autograder.task import Limits, Task
from exercises import assemble


@pytest.mark.parametrize("name", assemble.assignments())
def test_reference_full_marks_and_blank_zero(name):
    source, student = released(name)
    spec = spec_for(name)
    src, rel = json.loads(source.read_text()), json.loads(student.read_text())
    for base, expected in (("reference", None), ("blank", 0.0)):
        nb = build_notebook(types.SimpleNamespace(BASE=base), src, rel, "/nonexistent")
        result = grade_task(Task(base, name, name, spec.source_json, spec.hidden,
                                 {f"{name}.ipynb": nb}, Limits(60, 300, 2048),
                                 spec.helper_files, spec.drivers_source))
        assert result["max_score"] > 0
        want = result["max_score"] if expected is None else expected
        assert result["score"] == want, (base, result["status"], result["tests"], result["log"])
        assert result["log"] == []
