"""The oracle modules a notebook includes (``:include:``) stand alone: they
import only NumPy and torch and work in a namespace of their own."""
import pytest

from exercises.assemble import included_source

INCLUDED = "oracle/checks.py oracle/problems.py oracle/torch_layers.py"


def test_the_included_modules_run_without_the_repository():
    ns = {"__name__": "notebook"}
    exec(compile(included_source(INCLUDED), "<notebook cell>", "exec"), ns)
    p = ns["lstm_problem"](0, 2, 1, 3, 2)
    hs, cs = ns["torch_lstm_forward"](*p.values())
    ns["check_array"]("hs", hs, (2, 1, 2), "(T, B, H)")
    assert not any(k in ns for k in ("oracle", "autograder", "solutions", "course"))


@pytest.mark.parametrize("path, word", [
    ("exercises/ex01_rnn_forward/ex01_rnn_forward.md", "not a module of oracle/"),
    ("oracle/nothing.py", "not a module of oracle/"),
    ("solutions/rnn.py", "not a module of oracle/"),
])
def test_only_modules_of_oracle_can_be_included(path, word):
    with pytest.raises(ValueError, match=word):
        included_source(path)


def test_a_module_that_imports_the_repository_is_refused(tmp_path, monkeypatch):
    import exercises.assemble as assemble
    (tmp_path / "oracle").mkdir()
    (tmp_path / "oracle" / "leaky.py").write_text("import numpy as np\nfrom solutions.rnn import rnn_step\n")
    monkeypatch.setattr(assemble, "EXERCISES", tmp_path / "exercises")
    with pytest.raises(ValueError, match=r"oracle/leaky.py imports solutions.rnn; an included module may import "
                                         r"only \['numpy', 'torch'\]"):
        included_source("oracle/leaky.py")
