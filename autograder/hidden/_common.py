"""Helpers shared by the hidden tests: calling the learner safely, comparing
with messages in the learner's terms, random problems, gradient checks and
the diagnosis of known mistakes."""
import numpy as np

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


# what a step function calls the arrays of a sequence problem
_STEP_ARGS = {"x": "x_t", "h0": "h_prev", "c0": "c_prev", "dhs": "dh", "dc_last": "dc"}


def check_computed(fn, run, problem_a, problem_b, inputs=None, units=False):
    """Shape and dtype points go to code that computes its outputs from its
    inputs as the definition does. ``run(problem)`` returns the outputs of
    ``fn`` as [(name, array)]; a problem is a dict of input arrays, and
    ``inputs`` names those ``fn`` reads (default: every array). Every output
    must be finite, the same when ``fn`` is called again with the same
    inputs, not a copy of an input (repeated or not), and

    - change when any one input alone changes (every output of the course's
      functions depends on every input: ``h`` on ``h_prev`` and on ``W_h``
      as much as on ``x``);
    - keep rows as examples: changing one example's inputs (the slices along
      the axis of length B, read from ``h0``) changes that example's row of
      every per-example output and no other row;
    - with ``units`` (forward functions), keep columns as hidden units:
      changing the rows of the weights and biases that belong to unit 0
      (rows 0, H, 2H, ... of a gate-stacked (kH, ·) array, H read from
      ``h0``) changes column 0 of the outputs' first step and no other
      column.

    Zeros, random arrays, passed-through inputs or a summary of one input of
    the right shape earn nothing."""
    first, again = run(problem_a), run(problem_a)
    names = list(inputs) if inputs is not None else [
        k for k, v in problem_a.items() if isinstance(v, np.ndarray) and v.size > 1]
    copies = [np.asarray(v, dtype=np.float64) for v in problem_a.values()
              if isinstance(v, np.ndarray) and v.size > 1]
    for (name, a), (_, a2) in zip(first, again):
        a, a2 = np.asarray(a, dtype=np.float64), np.asarray(a2, dtype=np.float64)
        if not np.all(np.isfinite(a)):
            raise AssertionError(f"{fn}: {name} holds NaN or inf for ordinary inputs")
        if a.shape != a2.shape or not np.allclose(a, a2, rtol=1e-12, atol=0):
            raise AssertionError(f"{fn}: {name} changes between two calls with the same inputs; "
                                 "it must be computed from the inputs alone")
        for v in copies:
            if a.size > 1 and a.shape[-v.ndim:] == v.shape and np.array_equal(
                    a, np.broadcast_to(v, a.shape)):
                raise AssertionError(f"{fn}: {name} is a copy of one of its inputs")
    for key in names:
        changed = run(dict(problem_a, **{key: problem_b[key]}))
        arg = _STEP_ARGS.get(key, key) if "step" in fn else key
        for (name, a), (_, b) in zip(first, changed):
            if np.shape(a) == np.shape(b) and np.array_equal(a, b):
                raise AssertionError(f"{fn}: {name} is the same when {arg} alone changes; it must "
                                     f"be computed from {arg} too")
    B = np.shape(problem_a["h0"])[0]
    one = dict(problem_a)
    for key in names:
        axes = [k for k, n in enumerate(np.shape(problem_a[key])) if n == B]
        if len(axes) == 1:
            index = (slice(None),) * axes[0] + (0,)
            one[key] = np.array(problem_a[key], copy=True)
            one[key][index] = problem_b[key][index]
    for (name, a), (_, b) in zip(first, run(one)):
        axes = [k for k, n in enumerate(np.shape(a)) if n == B]
        if len(axes) != 1 or np.shape(a) != np.shape(b):
            continue
        a, b = (np.moveaxis(np.asarray(v, dtype=np.float64), axes[0], 0) for v in (a, b))
        if np.array_equal(a[0], b[0]):
            raise AssertionError(f"{fn}: {name} for example 0 is the same when that example's "
                                 "inputs change")
        if not np.allclose(a[1:], b[1:], rtol=1e-12, atol=1e-300):
            raise AssertionError(f"{fn}: {name} changes for other examples when only example 0's "
                                 "inputs change; each row must be computed from its own example")
    if units:
        _check_units(fn, run, first, problem_a, problem_b, names, B)


def _check_units(fn, run, first, problem_a, problem_b, names, B):
    H = np.shape(problem_a["h0"])[1]
    one = dict(problem_a)
    for key in names:
        shape = np.shape(problem_a[key])
        if B not in shape and shape and shape[0] % H == 0:
            one[key] = np.array(problem_a[key], copy=True)
            one[key][::H] = problem_b[key][::H]
    for (name, a), (_, b) in zip(first, run(one)):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if a.shape != b.shape or a.shape[-1] != H:
            continue
        if a.ndim == 3:                       # (T, B, H): the first step has no mixing yet
            a, b = a[0], b[0]
        if np.array_equal(a[..., 0], b[..., 0]):
            raise AssertionError(f"{fn}: {name} for hidden unit 0 is the same when that unit's "
                                 "weights change")
        if not np.allclose(a[..., 1:], b[..., 1:], rtol=1e-12, atol=1e-300):
            raise AssertionError(f"{fn}: {name} changes for other hidden units when only unit 0's "
                                 "rows of the weights change; column j must be computed from "
                                 "unit j's rows")


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


def inner(name, got, weights):
    """Σ got·weights for a learner's array ``got`` of the shape of ``weights``
    (never broadcast: a learner-sized array costs nothing before it is refused)."""
    if not isinstance(got, np.ndarray) or got.shape != np.shape(weights):
        raise AssertionError(f"{name} has shape {np.shape(got)}, expected {np.shape(weights)}")
    return float(np.sum(np.asarray(got, dtype=np.float64) * weights))


def directional_check(name, loss, args, k, grad, r, eps=1e-6, tol=1e-5):
    """Check ``grad`` (the learner's analytic gradient of ``loss`` with respect
    to ``args[k]``) against the slope of ``loss`` along a random direction.
    ``loss(args)`` evaluates the learner's forward on a list of arrays."""
    if np.shape(grad) != np.shape(args[k]):       # no broadcasting of a learner-sized array
        raise AssertionError(f"{name} has shape {np.shape(grad)}, expected {np.shape(args[k])}")
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
