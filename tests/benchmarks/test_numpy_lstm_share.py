"""benchmarks/numpy_lstm_share.py at a tiny size: it runs, its record holds the
four medians and ratios computed from them, and matmul_only and exp_only make
exactly the matrix products and the exponentials of one forward + backward pass."""
import importlib.util
import json
from pathlib import Path

import numpy as np
import pytest

from course.fast_lstm import numpy_lstm

SCRIPT = Path(__file__).resolve().parents[2] / "benchmarks" / "numpy_lstm_share.py"


def load():
    spec = importlib.util.spec_from_file_location("numpy_lstm_share", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_tiny_run_writes_consistent_ratios(tmp_path):
    out = tmp_path / "share.json"
    load().main(["--tiny", "--threads", "1,2", "--output", str(out)])
    record = json.loads(out.read_text())
    assert record["size"] == {"T": 5, "B": 4, "D": 8, "H": 8}
    assert [r["threads"] for r in record["results"]] == [1, 2]
    assert len(record["machine"]["load_average_before"]) == 3
    assert record["clock"] == "time.perf_counter (wall clock)"
    assert record["machine"]["numpy_madvise_hugepage"] == bool(np._core.multiarray._get_madvise_hugepage())
    for r in record["results"]:
        s = r["seconds"]
        assert s == {k: float(np.median(v)) for k, v in r["all_seconds"].items()}
        assert r["fast_over_matmul"] == pytest.approx(s["fast"] / s["matmul"])
        assert r["fast_over_nn_lstm"] == pytest.approx(s["fast"] / s["nn_lstm"])
        assert r["exp_over_matmul"] == pytest.approx(s["exp"] / s["matmul"])
        assert r["meets_goal"] == (r["fast_over_matmul"] <= record["goal_fast_over_matmul"])


def test_cpu_clock_is_recorded(tmp_path):
    out = tmp_path / "share.json"
    load().main(["--tiny", "--threads", "1", "--clock", "cpu", "--output", str(out)])
    assert json.loads(out.read_text())["clock"] == "time.process_time (CPU time of this process)"


T, B, D, H = 3, 2, 5, 4


def calls_of(monkeypatch, name, run):
    """The shapes and dtypes of the positional arguments of every ``np.<name>`` call that ``run()`` makes."""
    calls, real = [], getattr(np, name)

    def counted(*args, **kwargs):
        calls.append(tuple((a.shape, a.dtype.name) for a in args))
        return real(*args, **kwargs)
    with monkeypatch.context() as m:
        m.setattr(np, name, counted)
        run()
    return calls


def one_pass(dtype=np.float64):
    r = np.random.default_rng(0)
    x, h0, c0 = r.standard_normal((T, B, D)), r.standard_normal((B, H)), r.standard_normal((B, H))
    W_x, W_h, b = r.standard_normal((4 * H, D)), r.standard_normal((4 * H, H)), r.standard_normal(4 * H)
    x, h0, c0, W_x, W_h, b = (a.astype(dtype) for a in (x, h0, c0, W_x, W_h, b))

    def run():
        hs, _, cache = numpy_lstm.lstm_forward(x, h0, c0, W_x, W_h, b)
        numpy_lstm.lstm_backward(np.ones_like(hs), cache)
    return run, (x, h0, W_x, W_h)


def test_matmul_only_makes_the_products_of_a_pass(monkeypatch):
    """The (rows, inner, columns) of every np.matmul, in a fast pass and in matmul_only."""
    run, (x, h0, W_x, W_h) = one_pass()
    in_pass = calls_of(monkeypatch, "matmul", run)
    in_matmul_only = calls_of(monkeypatch, "matmul", lambda: numpy_lstm.matmul_only(x, h0, W_x, W_h))
    # hoisted input, T + T recurrent, dx, dW_x, and dW_h as steps 1..T-1 plus step 0 (h0)
    assert len(in_pass) == 2 * T + 5
    assert sorted(in_pass) == sorted(in_matmul_only)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_exp_only_makes_the_exponentials_of_a_pass(monkeypatch, dtype):
    """Every np.exp, its shape and dtype, in a fast pass and in exp_only: one over
    the (B, 4H) gates and one over the (B, H) cell state per step."""
    run, _ = one_pass(dtype)
    in_pass = calls_of(monkeypatch, "exp", run)
    in_exp_only = calls_of(monkeypatch, "exp", lambda: numpy_lstm.exp_only(T, B, H, dtype))
    gates, cell = ((B, 4 * H), np.dtype(dtype).name), ((B, H), np.dtype(dtype).name)
    assert sorted(in_pass) == sorted(in_exp_only) == sorted([(gates,), (cell,)] * T)
