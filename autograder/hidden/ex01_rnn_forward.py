"""Hidden tests of exercise 01 (rnn_step, rnn_forward)."""
import numpy as np

from autograder.hidden._common import call
from oracle.checks import assert_close, check_array, unpack
from oracle.computed import check_computed
from oracle.mistakes import pick, variants
from oracle.problems import SEEDS, SIZES, rnn_problem
from oracle.torch_layers import torch_rnn_forward
from solutions.rnn import rnn_forward, rnn_step

ASSIGNMENT = "ex01_rnn_forward"
FUNCTIONS = ["rnn_step", "rnn_forward"]


def _step(student, p, t=0):
    args = (p["x"][t], p["h0"], p["W_x"], p["W_h"], p["b"])
    return unpack(call(student, "rnn_step", *args), 2, "rnn_step", "h, cache")[0], args


def test_rnn_step_shapes(student):
    for T, B, D, H in SIZES:
        for dtype in (np.float64, np.float32):
            h, _ = _step(student, rnn_problem(0, T, B, D, H, dtype))
            check_array(f"h (B={B}, D={D}, H={H}, {np.dtype(dtype)} inputs)", h, (B, H),
                        "(B, H)", dtype)
    size = SIZES[2]
    check_computed("rnn_step", lambda p: [("h", _step(student, p)[0])],
                   rnn_problem(2, *size), rnn_problem(3, *size),
                   lambda p: rnn_step(p["x"][0], p["h0"], p["W_x"], p["W_h"], p["b"])[:1], units=True)


def test_rnn_step_torch(student):
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            h, args = _step(student, rnn_problem(seed, T, B, D, H))
            context = f"B={B}, D={D}, H={H}"
            assert_close("h", h, rnn_step(*args)[0], variants=pick(variants("rnn_step", *args), 0),
                         context=context)
    p = rnn_problem(5, 2, 3, 4, 6)
    h, args = _step(student, p, t=1)
    assert_close("h", h, torch_rnn_forward(args[0][None], *args[1:])[0],
                 context="against torch.nn.RNN")


def _forward(student, p):
    args = (p["x"], p["h0"], p["W_x"], p["W_h"], p["b"])
    return unpack(call(student, "rnn_forward", *args), 2, "rnn_forward", "hs, cache")[0], args


def test_rnn_forward_shapes(student):
    for T, B, D, H in SIZES:
        for dtype in (np.float64, np.float32):
            hs, _ = _forward(student, rnn_problem(1, T, B, D, H, dtype))
            check_array(f"hs (T={T}, B={B}, D={D}, H={H}, {np.dtype(dtype)} inputs)", hs,
                        (T, B, H), "(T, B, H)", dtype)
    size = SIZES[2]
    check_computed("rnn_forward", lambda p: [("hs", _forward(student, p)[0])],
                   rnn_problem(2, *size), rnn_problem(3, *size),
                   lambda p: rnn_forward(p["x"], p["h0"], p["W_x"], p["W_h"], p["b"])[:1], units=True)


def test_rnn_forward_torch(student):
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            hs, args = _forward(student, rnn_problem(seed, T, B, D, H))
            assert_close("hs", hs, rnn_forward(*args)[0], variants=pick(variants("rnn_forward", *args), 0),
                         context=f"T={T}, B={B}, D={D}, H={H}")
    hs, args = _forward(student, rnn_problem(7, 5, 2, 3, 4))
    assert_close("hs", hs, torch_rnn_forward(*args), context="against torch.nn.RNN")


TESTS = {
    "rnn_step_shapes": test_rnn_step_shapes,
    "rnn_step_torch": test_rnn_step_torch,
    "rnn_forward_shapes": test_rnn_forward_shapes,
    "rnn_forward_torch": test_rnn_forward_torch,
}
