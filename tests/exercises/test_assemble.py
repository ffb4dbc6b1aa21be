"""The assembler turns a reference function into a self-contained solution
cell whose student stub keeps only the signature and the docstring."""
import ast
import inspect

import numpy as np
import pytest
import torch
from torch import nn

from autograder import drivers
from exercises import assemble
from solutions import gru, lstm, optim, rnn


def _run(source):
    ns = {"np": np, "torch": torch, "nn": nn}
    exec(compile(source, "<cell>", "exec"), ns)
    return ns


@pytest.mark.parametrize("qualname", ["rnn.rnn_step", "lstm.lstm_backward", "gru.gru_backward",
                                      "gradcheck.numerical_gradient", "optim.clip_grad_norm"])
def test_solution_cell_is_self_contained(qualname):
    source = assemble.solution_source(qualname)
    assert "solutions" not in source
    ns = _run(source)          # defines the function with no access to the package
    assert qualname.rpartition(".")[2] in ns


def test_inlined_helpers_reproduce_the_reference():
    ns = _run(assemble.solution_source("lstm.lstm_step"))
    ns.update(_run(assemble.solution_source("lstm.lstm_step_backward")))
    r = np.random.default_rng(0)
    args = [r.standard_normal(s) for s in ((2, 3), (2, 4), (2, 4), (16, 3), (16, 4), (16,))]
    h, c, cache = ns["lstm_step"](*args)
    h_ref, c_ref, cache_ref = lstm.lstm_step(*args)
    assert np.array_equal(h, h_ref) and np.array_equal(c, c_ref)
    dh = r.standard_normal((2, 4))
    for a, b in zip(ns["lstm_step_backward"](dh, None, cache),
                    lstm.lstm_step_backward(dh, None, cache_ref)):
        assert np.array_equal(a, b)
    with pytest.raises(ValueError, match="W_h has shape"):
        ns["lstm_step"](*args[:4], np.zeros((16, 5)), args[5])   # the inlined shape check


def _stub(source):
    """What nbgrader leaves: everything outside the solution markers."""
    out, inside = [], False
    for line in source.splitlines():
        if "### BEGIN SOLUTION" in line:
            inside = True
            out.append(line.replace("### BEGIN SOLUTION", "raise NotImplementedError()"))
        elif "### END SOLUTION" in line:
            inside = False
        elif not inside:
            out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("obj", [rnn.rnn_forward, gru.gru_step, lstm.lstm_forward])
def test_stub_keeps_signature_and_docstring(obj):
    stub = _stub(assemble.solution_source(f"{obj.__module__.split('.')[1]}.{obj.__name__}"))
    fn = ast.parse(stub).body[0]
    assert ast.get_docstring(fn) == inspect.getdoc(obj)
    assert ast.unparse(fn.args) == ast.unparse(ast.parse(inspect.getsource(obj)).body[0].args)
    ns = _run(stub)
    with pytest.raises(NotImplementedError):
        ns[obj.__name__](*[None] * len(fn.args.args))


def test_class_keeps_every_method_signature():
    stub = _stub(assemble.solution_source("optim.Adam"))
    ns = _run(stub)
    assert ns["Adam"].__doc__ == optim.Adam.__doc__
    with pytest.raises(NotImplementedError):
        ns["Adam"]({})
    assert [n.name for n in ast.parse(stub).body[0].body if isinstance(n, ast.FunctionDef)] == \
        ["__init__", "step"]


def test_drivers_import_nothing_from_the_repository():
    tree = ast.parse(inspect.getsource(drivers))
    modules = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import)
               for a in n.names}
    modules |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    assert not modules & {"autograder", "solutions", "course", "exercises"}, modules
    # what the jail's Python has
    assert modules <= {"numpy", "torch", "ctypes", "re", "importlib", "errno", "pyseccomp"}


def test_train_takes_its_pieces_from_the_notebook():
    # The names in NOTEBOOK_NAMES stay free in the cell: the notebook's own
    # (or the fallback's) lstm_forward and Adam are the ones that train.
    source = assemble.solution_source("training.train")
    assert "solutions" not in source and "def lstm_forward" not in source
    calls = []

    def counted(name, fn):
        def wrapper(*args, **kwargs):
            calls.append(name)
            return fn(*args, **kwargs)
        return wrapper

    from solutions import training
    ns = _run(assemble.plain_source("training.K training.make_batch"))
    assert (ns["K"], ns["T"], ns["STEPS"]) == (training.K, training.T, training.STEPS)
    ns.update(lstm_forward=counted("forward", lstm.lstm_forward),
              lstm_backward=counted("backward", lstm.lstm_backward),
              clip_grad_norm=optim.clip_grad_norm, Adam=optim.Adam)
    _run_in(ns, source)
    params = ns["train"](seed=0, steps=3)
    assert calls == ["forward", "backward"] * 3
    for key, value in training.train(seed=0, steps=3).items():
        assert np.array_equal(params[key], value)


def _run_in(ns, source):
    exec(compile(source, "<cell>", "exec"), ns)
    return ns


def test_a_step_function_an_earlier_cell_defines_is_called_not_copied():
    def solution_cells(name):
        nb = assemble.assemble(name)
        return {c.metadata["nbgrader"]["grade_id"]: c.source for c in nb.cells
                if c.metadata.get("nbgrader", {}).get("solution") and c.cell_type == "code"}

    ex04 = solution_cells("ex04_lstm_backward")        # defines lstm_step_backward first
    assert "def lstm_step_backward" not in ex04["lstm_backward"]
    assert "lstm_step_backward(" in ex04["lstm_backward"]
    ex03 = solution_cells("ex03_lstm_forward")
    assert "def lstm_step" not in ex03["lstm_forward"] and "lstm_step(" in ex03["lstm_forward"]
    ex05 = solution_cells("ex05_training")             # has no lstm_step_backward cell
    assert "def lstm_step_backward" in ex05["lstm_backward"]
    assert '"""' not in ex05["lstm_backward"].partition("### BEGIN SOLUTION")[2]   # helpers bare


def test_a_release_holds_the_release_lock_while_it_writes(monkeypatch):
    """Two releases at once would write the same build folders: while one
    writes its source notebooks and runs nbgrader, another cannot take the lock."""
    import fcntl
    import subprocess

    seen = []

    def lock_is_held(*args, **kwargs):
        with open(assemble.RELEASE_LOCK) as other:
            try:
                fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                seen.append("held")
            else:
                seen.append("free")
    monkeypatch.setattr(assemble, "source_notebook", lock_is_held)
    monkeypatch.setattr(subprocess, "run", lock_is_held)
    monkeypatch.setattr(assemble, "student_notebook", lambda name, build=True: assemble.RELEASE_LOCK)
    assemble.release(["ex01_rnn_forward"])
    assert seen == ["held", "held"]
    lock_is_held()
    assert seen[-1] == "free"
