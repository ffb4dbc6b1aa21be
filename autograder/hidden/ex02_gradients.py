"""Hidden tests of exercise 02 (gradient checking, RNN backward, clipping)."""
import numpy as np
import torch

from autograder.hidden._common import call, student_failure
from autograder.student import StudentError
from oracle.checks import TOL64, assert_close, check_array, directional_check, inner, unpack
from oracle.mistakes import pick, variants
from oracle.problems import SEEDS, SIZES, rng, rnn_problem, upstream
from oracle.torch_layers import torch_rnn_grads
from solutions.gradcheck import relative_error
from solutions.rnn import rnn_backward, rnn_forward

ASSIGNMENT = "ex02_gradients"
FUNCTIONS = ["numerical_gradient", "relative_error", "rnn_step_backward", "rnn_backward",
             "clip_grad_norm"]
_ARGS = ("x", "h0", "W_x", "W_h", "b")
_NAMES = ("dx", "dh0", "dW_x", "dW_h", "db")
_LETTERS = ("(T, B, D)", "(B, H)", "(H, D)", "(H, H)", "(H,)")


def _driver(student, name, *args):
    try:
        return student.driver(name, *args)
    except StudentError as err:
        raise student_failure(name.replace("_probe", ""), err) from None


def test_numerical_gradient_values(student):
    for seed, shape, eps in ((0, (4,), None), (1, (2, 3), 1e-5), (2, (1, 1), None), (3, (3, 1, 2), 1e-6)):
        r = rng(seed)
        x = r.standard_normal(shape)
        A = 0.7 * r.standard_normal((3, x.size))
        grad, x_after, calls = unpack(_driver(student, "numerical_gradient_probe", A, x, eps), 3,
                                      "numerical_gradient_probe", "grad, x, calls")
        check_array(f"grad (x of shape {shape})", grad, shape, "the shape of x")
        if not np.array_equal(x_after, x):
            raise AssertionError("numerical_gradient changed x: every entry must be restored "
                                 "exactly after it is perturbed")
        z = np.tanh(A @ x.reshape(-1))
        exact = (A.T @ (2 * z * (1 - z * z))).reshape(shape)
        f = lambda v, A=A: float(np.sum(np.tanh(A @ v.reshape(-1)) ** 2))
        assert_close(f"grad (x of shape {shape})", grad, exact, tol=1e-7,
                     variants=pick(variants("numerical_gradient", f, x, eps), 0))
        if calls < 2 * x.size:
            raise AssertionError(f"numerical_gradient called f {calls} times for an x with "
                                 f"{x.size} entries; central differences need 2 calls per entry")



def test_relative_error_values(student):
    r = rng(4)
    cases = [(r.standard_normal((3, 4)), r.standard_normal((3, 4))),
             (np.zeros(5), np.zeros(5)),
             (np.array([1e-9, 0.0]), np.array([0.0, 0.0])),
             (np.array([[2.0]]), np.array([[-2.0]])),
             (r.standard_normal(7), r.standard_normal(7) * 1e-3)]
    for a, b in cases:
        got = call(student, "relative_error", a, b)
        if not isinstance(got, (float, int)):
            raise AssertionError(f"relative_error must return a float, got {type(got).__name__}")
        assert_close("relative_error", got, relative_error(a, b), tol=1e-12,
                     context=f"a of shape {a.shape}")


def _problem(seed, T, B, D, H):
    return dict(rnn_problem(seed, T, B, D, H), dhs=upstream(seed + 500, T, B, H)["dhs"])


def _require(student, name, args):
    out = unpack(call(student, name, *args), 2, name, "outputs, cache")
    ref = rnn_forward(args[0][None] if name == "rnn_step" else args[0], *args[1:])[0]
    ref = ref[0] if name == "rnn_step" else ref
    if not (isinstance(out[0], np.ndarray) and out[0].shape == ref.shape
            and np.allclose(out[0], ref, atol=1e-8)):
        raise AssertionError(f"your {name} (from exercise 01) is not right yet; fix it before "
                             "its gradients can be checked")
    return out[1]


def test_rnn_step_backward_torch(student):
    for seed in SEEDS:
        for _, B, D, H in SIZES:
            p = _problem(seed, 1, B, D, H)
            args = tuple(p[k] for k in _ARGS)
            cache = _require(student, "rnn_step", (p["x"][0],) + args[1:])
            grads = unpack(call(student, "rnn_step_backward", p["dhs"][0], cache), 5,
                           "rnn_step_backward", "dx, dh_prev, dW_x, dW_h, db")
            expected = torch_rnn_grads(*args, p["dhs"])
            known = variants("rnn_step_backward", p["x"][0], *args[1:], p["dhs"][0])
            for k, name in enumerate(("dx", "dh_prev", "dW_x", "dW_h", "db")):
                e = expected[k][0] if k == 0 else expected[k]
                check_array(f"{name} (B={B}, D={D}, H={H})", grads[k], e.shape,
                            "(B, D)" if k == 0 else _LETTERS[k])
                assert_close(name, grads[k], e, tol=TOL64, variants=pick(known, k),
                             context=f"B={B}, D={D}, H={H}")


def test_rnn_backward_torch(student):
    r = rng(9)
    for seed in SEEDS:
        for T, B, D, H in SIZES:
            p = _problem(seed, T, B, D, H)
            args = tuple(p[k] for k in _ARGS)
            cache = _require(student, "rnn_forward", args)
            grads = unpack(call(student, "rnn_backward", p["dhs"], cache), 5, "rnn_backward",
                           ", ".join(_NAMES))
            expected = rnn_backward(p["dhs"], rnn_forward(*args)[1])
            oracle = torch_rnn_grads(*args, p["dhs"])
            context = f"T={T}, B={B}, D={D}, H={H}"
            known = variants("rnn_backward", *args, p["dhs"])
            for k, name in enumerate(_NAMES):
                check_array(f"{name} ({context})", grads[k], expected[k].shape, _LETTERS[k])
                assert_close(name, grads[k], oracle[k], tol=TOL64, variants=pick(known, k),
                             context=context)
                assert_close(name, grads[k], expected[k], tol=TOL64, context=context)

            def loss(a, dhs=p["dhs"]):
                hs = unpack(call(student, "rnn_forward", *a), 2, "rnn_forward", "hs, cache")[0]
                return inner("hs", hs, dhs)
            for k, name in enumerate(_NAMES):
                directional_check(name, lambda v, k=k, a=args: loss(a[:k] + (v,) + a[k + 1:]), args[k],
                                  grads[k], r)


def test_clip_grad_norm_torch(student):
    r = rng(12)
    for max_norm, scale in ((1.0, 1.0), (100.0, 1.0), (0.3, 5.0), (2.0, 1e-3)):
        grads = [scale * r.standard_normal(s) for s in ((3, 4), (5,), (2, 2, 2))]
        tensors = [torch.tensor(g) for g in grads]
        for t in tensors:
            t.grad = t.detach().clone()
        expected = float(torch.nn.utils.clip_grad_norm_(tensors, max_norm))
        total, after = unpack(_driver(student, "clip_grad_norm_probe", grads, max_norm), 2,
                              "clip_grad_norm_probe", "norm, grads")
        if not isinstance(total, (float, int)):
            raise AssertionError("clip_grad_norm must return the norm before clipping (a float), "
                                 f"got {type(total).__name__}")
        assert_close("the returned norm", total, expected, context=f"max_norm={max_norm}")
        known = variants("clip_grad_norm", grads, max_norm)
        for k, (g, t) in enumerate(zip(after, tensors)):
            assert_close(f"grads[{k}] after clip_grad_norm", g, t.grad.numpy(),
                         variants=pick(known, k),
                         context=f"max_norm={max_norm}, norm {expected:.3g}")


TESTS = {
    "numerical_gradient_values": test_numerical_gradient_values,
    "relative_error_values": test_relative_error_values,
    "rnn_step_backward_torch": test_rnn_step_backward_torch,
    "rnn_backward_torch": test_rnn_backward_torch,
    "clip_grad_norm_torch": test_clip_grad_norm_torch,
}
