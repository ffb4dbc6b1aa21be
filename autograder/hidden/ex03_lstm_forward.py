"""Hidden tests of exercise 03 (lstm_step, lstm_forward)."""
import numpy as np

from autograder.hidden._common import call
from oracle.checks import assert_close, check_array, unpack
from oracle.computed import check_computed
from oracle.mistakes import pick, variants
from oracle.problems import SEEDS, SIZES, lstm_problem
from oracle.torch_layers import torch_lstm_forward
from solutions.lstm import lstm_forward, lstm_step

ASSIGNMENT = "ex03_lstm_forward"
FUNCTIONS = ["lstm_step", "lstm_forward"]
_STEP_ARGS = ("h0", "c0", "W_x", "W_h", "b")


def _step(student, p, t=0):
    args = (p["x"][t],) + tuple(p[k] for k in _STEP_ARGS)
    return unpack(call(student, "lstm_step", *args), 3, "lstm_step", "h, c, cache")[:2], args


def _forward(student, p):
    args = (p["x"],) + tuple(p[k] for k in _STEP_ARGS)
    return unpack(call(student, "lstm_forward", *args), 3, "lstm_forward", "hs, cs, cache")[:2], args


def test_lstm_step_shapes(student):
    for T, B, D, H in SIZES:
        for dtype in (np.float64, np.float32):
            (h, c), _ = _step(student, lstm_problem(0, T, B, D, H, dtype))
            for name, v in (("h", h), ("c", c)):
                check_array(f"{name} (B={B}, D={D}, H={H}, {np.dtype(dtype)} inputs)", v, (B, H),
                            "(B, H)", dtype)
    size = SIZES[2]
    check_computed("lstm_step", lambda p: list(zip(("h", "c"), _step(student, p)[0])),
                   lstm_problem(2, *size), lstm_problem(3, *size),
                   lambda p: lstm_step(p["x"][0], *(p[k] for k in _STEP_ARGS))[:2], units=True)


def test_lstm_step_torch(student):
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            (h, c), args = _step(student, lstm_problem(seed, T, B, D, H))
            ref = lstm_step(*args)
            context = f"B={B}, D={D}, H={H}"
            known = variants("lstm_step", *args)
            assert_close("c", c, ref[1], variants=pick(known, 1), context=context)
            assert_close("h", h, ref[0], variants=pick(known, 0), context=context)
    p = lstm_problem(3, 1, 3, 2, 5)
    (h, c), args = _step(student, p)
    hs, cs = torch_lstm_forward(args[0][None], *args[1:])
    assert_close("h", h, hs[0], context="against torch.nn.LSTM")
    assert_close("c", c, cs[0], context="against torch.nn.LSTM")


def test_lstm_forward_shapes(student):
    for T, B, D, H in SIZES:
        for dtype in (np.float64, np.float32):
            (hs, cs), _ = _forward(student, lstm_problem(1, T, B, D, H, dtype))
            for name, v in (("hs", hs), ("cs", cs)):
                check_array(f"{name} (T={T}, B={B}, D={D}, H={H}, {np.dtype(dtype)} inputs)", v,
                            (T, B, H), "(T, B, H)", dtype)
    size = SIZES[2]
    check_computed("lstm_forward", lambda p: list(zip(("hs", "cs"), _forward(student, p)[0])),
                   lstm_problem(2, *size), lstm_problem(3, *size),
                   lambda p: lstm_forward(p["x"], *(p[k] for k in _STEP_ARGS))[:2], units=True)


def test_lstm_forward_torch(student):
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            (hs, cs), args = _forward(student, lstm_problem(seed, T, B, D, H))
            ref = lstm_forward(*args)
            context = f"T={T}, B={B}, D={D}, H={H}"
            known = variants("lstm_forward", *args)
            assert_close("cs", cs, ref[1], variants=pick(known, 1), context=context)
            assert_close("hs", hs, ref[0], variants=pick(known, 0), context=context)
    (hs, cs), args = _forward(student, lstm_problem(4, 7, 2, 3, 5))
    t_hs, t_cs = torch_lstm_forward(*args)
    assert_close("hs", hs, t_hs, context="against torch.nn.LSTM")
    assert_close("cs", cs, t_cs, context="against torch.nn.LSTM")


TESTS = {
    "lstm_step_shapes": test_lstm_step_shapes,
    "lstm_step_torch": test_lstm_step_torch,
    "lstm_forward_shapes": test_lstm_forward_shapes,
    "lstm_forward_torch": test_lstm_forward_torch,
}
