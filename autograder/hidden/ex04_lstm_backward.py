"""Hidden tests of exercise 04 (lstm_step_backward, lstm_backward)."""
import numpy as np

from autograder.hidden._common import call
from oracle.checks import TOL64, assert_close, check_array, directional_check, inner, unpack
from oracle.computed import check_computed
from oracle.mistakes import pick, variants
from oracle.problems import SEEDS, SIZES, lstm_problem, rng, upstream
from oracle.torch_layers import torch_lstm_grads
from solutions.lstm import lstm_backward, lstm_forward

ASSIGNMENT = "ex04_lstm_backward"
FUNCTIONS = ["lstm_step_backward", "lstm_backward"]
_ARGS = ("x", "h0", "c0", "W_x", "W_h", "b")
_NAMES = ("dx", "dh0", "dc0", "dW_x", "dW_h", "db")
_STEP_NAMES = ("dx", "dh_prev", "dc_prev", "dW_x", "dW_h", "db")


def _problem(seed, T, B, D, H):
    return dict(lstm_problem(seed, T, B, D, H), **upstream(seed + 1000, T, B, H))


def _require_forward(student, name, args):
    """The learner's forward must be right before its gradients can be."""
    out = unpack(call(student, name, *args), 3, name, "outputs and cache")
    if name == "lstm_step":
        ref = lstm_forward(args[0][None], *args[1:])
        ok = _close(out[0], ref[0][0]) and _close(out[1], ref[1][0])
    else:
        ref = lstm_forward(*args)
        ok = _close(out[0], ref[0]) and _close(out[1], ref[1])
    if not ok:
        raise AssertionError(f"your {name} (from exercise 03) disagrees with the reference LSTM; "
                             "fix it before its gradients can be checked")
    return out


def _close(a, b):
    return isinstance(a, np.ndarray) and a.shape == b.shape and np.allclose(a, b, atol=1e-8)


def _step_grads(student, p, dc):
    args = (p["x"][0],) + tuple(p[k] for k in _ARGS[1:])
    cache = _require_forward(student, "lstm_step", args)[2]
    out = call(student, "lstm_step_backward", p["dhs"][0], dc, cache)
    return unpack(out, 6, "lstm_step_backward", ", ".join(_STEP_NAMES))


def _grads(student, p, dc_last):
    args = tuple(p[k] for k in _ARGS)
    cache = _require_forward(student, "lstm_forward", args)[2]
    extra = () if dc_last is None else (dc_last,)
    out = call(student, "lstm_backward", p["dhs"], cache, *extra)
    return unpack(out, 6, "lstm_backward", ", ".join(_NAMES)), args


def _reference_grads(p, dc_last, step=False):
    """The reference's gradients for problem p (dx of the one step as (B, D) with ``step``)."""
    grads = lstm_backward(p["dhs"], lstm_forward(*(p[k] for k in _ARGS))[2], dc_last)
    return (grads[0][0],) + grads[1:] if step else grads


def _shapes(T, B, D, H):
    return ((T, B, D), (B, H), (B, H), (4 * H, D), (4 * H, H), (4 * H,))


_LETTERS = ("(T, B, D)", "(B, H)", "(B, H)", "(4H, D)", "(4H, H)", "(4H,)")


def test_lstm_step_backward_shapes(student):
    for T, B, D, H in SIZES:
        grads = _step_grads(student, _problem(0, 1, B, D, H), None)
        shapes = ((B, D),) + _shapes(T, B, D, H)[1:]
        for name, g, shape, letters in zip(_STEP_NAMES, grads, shapes, ("(B, D)",) + _LETTERS[1:]):
            check_array(f"{name} (B={B}, D={D}, H={H})", g, shape, letters)
    size = SIZES[2]
    check_computed("lstm_step_backward",
                   lambda p: list(zip(_STEP_NAMES, _step_grads(student, p, p["dc_last"]))),
                   _problem(2, 1, *size[1:]), _problem(3, 1, *size[1:]),
                   lambda p: _reference_grads(p, p["dc_last"], step=True))


def test_lstm_step_backward_torch(student):
    for seed in SEEDS:
        for _, B, D, H in SIZES:
            p = _problem(seed, 1, B, D, H)
            for dc in (p["dc_last"], None):
                grads = _step_grads(student, p, dc)
                args = tuple(p[k] for k in _ARGS)
                expected = torch_lstm_grads(*args, p["dhs"], dc)
                context = f"B={B}, D={D}, H={H}, dc {'given' if dc is not None else 'None'}"
                known = variants("lstm_step_backward", p["x"][0], *args[1:], p["dhs"][0], dc)
                for k, name in enumerate(_STEP_NAMES):
                    assert_close(name, grads[k], expected[k][0] if k == 0 else expected[k],
                                 tol=TOL64, variants=pick(known, k), context=context)


def test_lstm_backward_shapes(student):
    for T, B, D, H in SIZES:
        grads, _ = _grads(student, _problem(1, T, B, D, H), None)
        for name, g, shape, letters in zip(_NAMES, grads, _shapes(T, B, D, H), _LETTERS):
            check_array(f"{name} (T={T}, B={B}, D={D}, H={H})", g, shape, letters)
    size = SIZES[2]
    check_computed("lstm_backward", lambda p: list(zip(_NAMES, _grads(student, p, None)[0])),
                   _problem(2, *size), _problem(3, *size), lambda p: _reference_grads(p, None),
                   inputs=_ARGS + ("dhs",))


def _check_against_oracles(student, p, dc_last, r):
    grads, args = _grads(student, p, dc_last)
    expected = lstm_backward(p["dhs"], lstm_forward(*args)[2], dc_last)
    oracle = torch_lstm_grads(*args, p["dhs"], dc_last)
    T, B, _ = p["x"].shape
    context = f"T={T}, B={B}, D={p['x'].shape[2]}, H={p['h0'].shape[1]}" + \
        (", with dc_last" if dc_last is not None else "")
    known = variants("lstm_backward", *args, p["dhs"], dc_last)
    for k, name in enumerate(_NAMES):
        assert_close(name, grads[k], oracle[k], tol=TOL64, variants=pick(known, k), context=context)
        assert_close(name, grads[k], expected[k], tol=TOL64, context=context)

    def loss(a):
        hs, cs = unpack(call(student, "lstm_forward", *a), 3, "lstm_forward", "hs, cs, cache")[:2]
        total = inner("hs", hs, p["dhs"])
        return total + (inner("cs[-1]", cs[-1], dc_last) if dc_last is not None else 0.0)
    for k, name in enumerate(_NAMES):
        directional_check(name, lambda v, k=k, a=args: loss(a[:k] + (v,) + a[k + 1:]), args[k],
                          grads[k], r)


def test_lstm_backward_torch(student):
    r = rng(5)
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            _check_against_oracles(student, _problem(seed, T, B, D, H), None, r)


def test_lstm_backward_final_cell(student):
    r = rng(6)
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            p = _problem(seed + 50, T, B, D, H)
            _check_against_oracles(student, p, p["dc_last"], r)


TESTS = {
    "lstm_step_backward_shapes": test_lstm_step_backward_shapes,
    "lstm_step_backward_torch": test_lstm_step_backward_torch,
    "lstm_backward_shapes": test_lstm_backward_shapes,
    "lstm_backward_torch": test_lstm_backward_torch,
    "lstm_backward_final_cell": test_lstm_backward_final_cell,
}
