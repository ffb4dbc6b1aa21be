"""Helpers shared by the hidden tests: calling the learner safely, comparing
with messages in the learner's terms, random problems, gradient checks and
the diagnosis of known mistakes."""
import numpy as np
import torch

from autograder.student import Opaque, StudentError

# (T, B, D, H): single step and single example, D ≠ H both ways, a longer run
SIZES = [(1, 1, 3, 2), (4, 1, 2, 5), (3, 4, 5, 3), (6, 2, 4, 4)]
SEEDS = [11, 23]


def call(student, name, *args, **kwargs):
    """Call the learner's ``name``; its exceptions become failures naming it."""
    try:
        fn = student.function(name)
        return fn(*args, **kwargs)
    except StudentError as err:
        raise student_failure(name, err) from None


def student_failure(name, err):
    """The AssertionError reporting that the learner's ``name`` raised ``err``."""
    if err.kind == "NotImplementedError":
        return AssertionError(f"{name} is not written yet (it raises NotImplementedError)")
    detail = f": {err.message}" if err.message else ""
    return AssertionError(f"{name} raised {err.kind}{detail}")


def unpack(result, n, fn, names):
    """``result`` must be a tuple/list of n values (named in ``names``)."""
    if not isinstance(result, (tuple, list)) or len(result) != n:
        got = (f"{type(result).__name__} of length {len(result)}"
               if isinstance(result, (tuple, list)) else
               "a value kept on your side" if isinstance(result, Opaque) else type(result).__name__)
        raise AssertionError(f"{fn} must return {n} values ({names}), got {got}")
    return result


def check_array(name, value, shape, letters, dtype=np.float64):
    """A NumPy array of the given shape (``letters`` such as "(B, H)") and dtype."""
    if not isinstance(value, np.ndarray):
        kind = "a value that is not a plain NumPy array" if isinstance(value, Opaque) \
            else type(value).__name__
        raise AssertionError(f"{name} must be a NumPy array, got {kind}")
    if value.shape != tuple(shape):
        raise AssertionError(f"{name} has shape {value.shape}, expected {letters} = {tuple(shape)}")
    if value.dtype != np.dtype(dtype):
        raise AssertionError(f"{name} has dtype {value.dtype}, expected {np.dtype(dtype)} "
                             "(compute in the dtype of the inputs)")


def check_computed(fn, run, problem_a, problem_b):
    """Shape and dtype points go to code that computes its outputs from its
    inputs. ``run(problem)`` returns the outputs of ``fn`` as [(name, array)];
    a problem is a dict of input arrays. Every output must be finite, the same
    when ``fn`` is called again with the same inputs, different for other
    inputs, and not a copy of an input (repeated or not): zeros, random
    arrays or passed-through inputs of the right shape earn nothing."""
    first, again, other = run(problem_a), run(problem_a), run(problem_b)
    inputs = [np.asarray(v, dtype=np.float64) for v in problem_a.values()
              if isinstance(v, np.ndarray) and v.size > 1]
    for (name, a), (_, a2), (_, b) in zip(first, again, other):
        a, a2, b = (np.asarray(v, dtype=np.float64) for v in (a, a2, b))
        if not np.all(np.isfinite(a)):
            raise AssertionError(f"{fn}: {name} holds NaN or inf for ordinary inputs")
        if a.shape != a2.shape or not np.allclose(a, a2, rtol=1e-12, atol=0):
            raise AssertionError(f"{fn}: {name} changes between two calls with the same inputs; "
                                 "it must be computed from the inputs alone")
        if a.shape == b.shape and np.array_equal(a, b):
            raise AssertionError(f"{fn}: {name} is the same for different inputs; is it "
                                 "computed from them?")
        for v in inputs:
            if a.size > 1 and a.shape[-v.ndim:] == v.shape and np.array_equal(
                    a, np.broadcast_to(v, a.shape)):
                raise AssertionError(f"{fn}: {name} is a copy of one of its inputs")


def max_error(got, expected):
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape:
        return np.inf
    if not np.all(np.isfinite(got)):
        return np.inf
    return float(np.max(np.abs(got - expected) / np.maximum(1.0, np.abs(expected)), initial=0.0))


# Outputs and gradients of float64 inputs are compared at this relative
# tolerance: any float64 formulation of the same math agrees to ~1e-14, while
# a computation done in float32 is off by ~1e-7.
TOL64 = 1e-10


def assert_close(name, got, expected, tol=TOL64, variants=None, context=""):
    """Fail unless ``got`` matches ``expected``; the message names the output
    and the largest error, and, if ``got`` matches one of ``variants``
    ({message: value} computed with a known mistake), that mistake."""
    if isinstance(got, np.ndarray) and got.shape != np.shape(expected):
        raise AssertionError(f"{name} has shape {got.shape}, expected {np.shape(expected)}"
                             + (f" ({context})" if context else ""))
    err = max_error(got, expected)
    if err <= tol:
        return
    message = f"{name} is wrong: largest error {err:.2e}" + (f" ({context})" if context else "")
    for mistake, value in (variants or {}).items():
        if max_error(got, value) <= max(tol, 1e-6):
            message += f". It matches a known mistake: {mistake}"
            break
    raise AssertionError(message)


def rng(seed):
    return np.random.default_rng(seed)


def normal(r, *shape, scale=0.5):
    return scale * r.standard_normal(shape)


def sigmoid(z):
    return 0.5 * (1.0 + np.tanh(0.5 * z))


def loss_and_grads(r, shapes):
    """Random upstream gradients: one array per shape."""
    return [r.standard_normal(s) for s in shapes]


def directional_check(name, loss, args, k, grad, r, eps=1e-6, tol=1e-5):
    """Check ``grad`` (the learner's analytic gradient of ``loss`` with respect
    to ``args[k]``) against the slope of ``loss`` along a random direction.
    ``loss(args)`` evaluates the learner's forward on a list of arrays."""
    v = r.standard_normal(np.shape(args[k]))
    plus, minus = list(args), list(args)
    plus[k] = args[k] + eps * v
    minus[k] = args[k] - eps * v
    slope = (loss(plus) - loss(minus)) / (2 * eps)
    predicted = float(np.sum(np.asarray(grad, dtype=np.float64) * v))
    err = abs(slope - predicted) / max(1e-8, abs(slope) + abs(predicted))
    if err > tol:
        raise AssertionError(
            f"{name} disagrees with the numerical derivative of your forward pass: along a "
            f"random direction the loss changes at rate {slope:.6g}, {name} predicts "
            f"{predicted:.6g} (relative error {err:.1e})")


def to_torch(*arrays):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]
