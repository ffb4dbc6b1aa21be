"""Every course assignment graded through the jail: the reference solutions
get full marks and the released notebook gets nothing."""
import json
import types

import pytest

from autograder import assemble, batch
from autograder.grading import grade_task
from autograder_corpus import build_notebook, released


@pytest.mark.parametrize("name", assemble.assignments())
def test_reference_full_marks_and_blank_zero(name):
    source, student = released(name)
    spec = batch.spec_for(name)
    src, rel = json.loads(source.read_text()), json.loads(student.read_text())
    for base, expected in (("reference", None), ("blank", 0.0)):
        nb = build_notebook(types.SimpleNamespace(BASE=base), src, rel, "/nonexistent")
        result = grade_task({
            "student_id": base, "assignment": name, "notebook": name,
            "source_json": spec.source_json, "hidden": spec.hidden,
            "files": {f"{name}.ipynb": nb}, "helper_files": spec.helper_files,
            "drivers_source": spec.drivers_source,
            "limits": {"timeout": 60, "notebook_timeout": 300, "memory_mb": 2048}})
        assert result["max_score"] > 0
        want = result["max_score"] if expected is None else expected
        assert result["score"] == want, (base, result["status"], result["tests"], result["log"])
        assert result["log"] == []
