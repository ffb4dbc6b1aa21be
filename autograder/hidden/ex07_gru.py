"""Hidden tests of exercise 07 (gru_step, gru_forward, gru_backward)."""
import numpy as np

from autograder.hidden._common import call
from oracle.checks import TOL64, assert_close, check_array, directional_check, inner, unpack
from oracle.computed import check_computed
from oracle.mistakes import pick, variants
from oracle.problems import SEEDS, SIZES, gru_problem, rng
from oracle.torch_layers import torch_gru_forward, torch_gru_grads
from solutions.gru import gru_backward, gru_forward, gru_step

ASSIGNMENT = "ex07_gru"
FUNCTIONS = ["gru_step", "gru_forward", "gru_backward"]
# The backward tests read the cache of the learner's gru_forward, so they
# also fail (saying so) while gru_forward is wrong.
NEEDS = {"gru_backward": ["gru_forward"]}
_ARGS = ("x", "h0", "W_x", "W_h", "b_x", "b_h")
_NAMES = ("dx", "dh0", "dW_x", "dW_h", "db_x", "db_h")
_LETTERS = ("(T, B, D)", "(B, H)", "(3H, D)", "(3H, H)", "(3H,)", "(3H,)")


def _args(p, step=False):
    args = tuple(p[k] for k in _ARGS)
    return ((args[0][0],) + args[1:]) if step else args


def test_gru_step_shapes(student):
    for T, B, D, H in SIZES:
        for dtype in (np.float64, np.float32):
            out = call(student, "gru_step", *_args(gru_problem(0, T, B, D, H, dtype), True))
            h = unpack(out, 2, "gru_step", "h, cache")[0]
            check_array(f"h (B={B}, D={D}, H={H}, {np.dtype(dtype)} inputs)", h, (B, H), "(B, H)",
                        dtype)
    size = SIZES[2]
    check_computed("gru_step", lambda p: [("h", unpack(call(student, "gru_step", *_args(p, True)), 2,
                                                       "gru_step", "h, cache")[0])],
                   gru_problem(3, *size), gru_problem(4, *size),
                   lambda p: gru_step(*_args(p, True))[:1], units=True)


def test_gru_step_torch(student):
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            args = _args(gru_problem(seed, T, B, D, H), True)
            h = unpack(call(student, "gru_step", *args), 2, "gru_step", "h, cache")[0]
            context = f"B={B}, D={D}, H={H}"
            assert_close("h", h, gru_step(*args)[0], variants=pick(variants("gru_step", *args), 0),
                         context=context)
            assert_close("h", h, torch_gru_forward(args[0][None], *args[1:])[0],
                         context=context + ", against torch.nn.GRU")


def _forward(student, args):
    return unpack(call(student, "gru_forward", *args), 2, "gru_forward", "hs, cache")


def test_gru_forward_shapes(student):
    for T, B, D, H in SIZES:
        for dtype in (np.float64, np.float32):
            hs = _forward(student, _args(gru_problem(1, T, B, D, H, dtype)))[0]
            check_array(f"hs (T={T}, B={B}, D={D}, H={H}, {np.dtype(dtype)} inputs)", hs,
                        (T, B, H), "(T, B, H)", dtype)
    size = SIZES[2]
    check_computed("gru_forward", lambda p: [("hs", _forward(student, _args(p))[0])],
                   gru_problem(3, *size), gru_problem(4, *size),
                   lambda p: gru_forward(*_args(p))[:1], units=True)


def test_gru_forward_torch(student):
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            args = _args(gru_problem(seed, T, B, D, H))
            hs = _forward(student, args)[0]
            context = f"T={T}, B={B}, D={D}, H={H}"
            assert_close("hs", hs, gru_forward(*args)[0], variants=pick(variants("gru_forward", *args), 0),
                         context=context)
            assert_close("hs", hs, torch_gru_forward(*args), context=context + ", against torch.nn.GRU")


def _grads(student, p, dhs):
    args = _args(p)
    hs, cache = _forward(student, args)
    if not (isinstance(hs, np.ndarray) and hs.shape == dhs.shape
            and np.allclose(hs, gru_forward(*args)[0], atol=1e-8)):
        raise AssertionError("your gru_forward is not right yet; fix it before its gradients "
                             "can be checked")
    out = call(student, "gru_backward", dhs, cache)
    return unpack(out, 6, "gru_backward", ", ".join(_NAMES)), args


def test_gru_backward_shapes(student):
    for T, B, D, H in SIZES:
        dhs = rng(3).standard_normal((T, B, H))
        grads, _ = _grads(student, gru_problem(2, T, B, D, H), dhs)
        shapes = ((T, B, D), (B, H), (3 * H, D), (3 * H, H), (3 * H,), (3 * H,))
        for name, g, shape, letters in zip(_NAMES, grads, shapes, _LETTERS):
            check_array(f"{name} (T={T}, B={B}, D={D}, H={H})", g, shape, letters)
    T, B, D, H = SIZES[2]
    dhs = rng(3).standard_normal((T, B, H))
    check_computed("gru_backward", lambda p: list(zip(_NAMES, _grads(student, p, dhs)[0])),
                   gru_problem(3, T, B, D, H), gru_problem(4, T, B, D, H),
                   lambda p: gru_backward(dhs, gru_forward(*_args(p))[1]))


def test_gru_backward_torch(student):
    r = rng(8)
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            p = gru_problem(seed, T, B, D, H)
            dhs = rng(seed + 100).standard_normal((T, B, H))
            grads, args = _grads(student, p, dhs)
            expected = gru_backward(dhs, gru_forward(*args)[1])
            oracle = torch_gru_grads(*args, dhs)
            context = f"T={T}, B={B}, D={D}, H={H}"
            known = variants("gru_backward", *args, dhs)
            for k, name in enumerate(_NAMES):
                assert_close(name, grads[k], oracle[k], tol=TOL64, variants=pick(known, k),
                             context=context)
                assert_close(name, grads[k], expected[k], tol=TOL64, context=context)

            def loss(a, dhs=dhs):
                return inner("hs", _forward(student, a)[0], dhs)
            for k, name in enumerate(_NAMES):
                directional_check(name, lambda v, k=k, a=args: loss(a[:k] + (v,) + a[k + 1:]), args[k],
                                  grads[k], r)


TESTS = {
    "gru_step_shapes": test_gru_step_shapes,
    "gru_step_torch": test_gru_step_torch,
    "gru_forward_shapes": test_gru_forward_shapes,
    "gru_forward_torch": test_gru_forward_torch,
    "gru_backward_shapes": test_gru_backward_shapes,
    "gru_backward_torch": test_gru_backward_torch,
}
