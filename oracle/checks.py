"""The checks of the visible and the hidden tests: each failure says what is
wrong in the terms of the exercise (names, shapes in letters, the largest
error, a known mistake it matches)."""
import numpy as np

# Outputs and gradients of float64 inputs are compared at this relative
# tolerance: any float64 formulation of the same math agrees to ~1e-14, while
# a computation done in float32 is off by ~1e-7.
TOL64 = 1e-10


def _kind(value):
    """How a message names a value of the wrong kind: its type's name, or the
    words its type gives for itself (``described_as``)."""
    described = getattr(type(value), "described_as", None)
    return described if isinstance(described, str) else type(value).__name__


def unpack(result, n, fn, names):
    """``result`` is a tuple or list of ``n`` values, named by ``names``."""
    if not isinstance(result, (tuple, list)) or len(result) != n:
        got = f"{type(result).__name__} of length {len(result)}" \
            if isinstance(result, (tuple, list)) else _kind(result)
        raise AssertionError(f"{fn} must return {n} values ({names}), got {got}")
    return result


def check_array(name, value, shape, letters, dtype=np.float64):
    """``value`` is a NumPy array of the given shape (named by ``letters``,
    e.g. "(B, H)") and dtype."""
    if not isinstance(value, np.ndarray):
        raise AssertionError(f"{name} must be a NumPy array, got {_kind(value)}")
    if value.shape != tuple(shape):
        raise AssertionError(f"{name} has shape {value.shape}, expected {letters} = {tuple(shape)}")
    if value.dtype != np.dtype(dtype):
        raise AssertionError(f"{name} has dtype {value.dtype}, expected {np.dtype(dtype)} "
                             "(compute in the dtype of the inputs)")


def _errors(value, expected):
    """|value − expected| entry by entry, relative for entries of ``expected`` larger than 1."""
    return np.abs(value - expected) / np.maximum(1.0, np.abs(expected))


def check_close(name, value, expected, tol=1e-7, hint=""):
    """``value`` matches ``expected`` entry by entry within ``tol``
    (absolute, or relative for entries larger than 1)."""
    value = np.asarray(value, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if value.shape != expected.shape:
        raise AssertionError(f"{name} has shape {value.shape}, expected {expected.shape}")
    err = _errors(value, expected)
    if not np.all(np.isfinite(value)):
        raise AssertionError(f"{name} contains NaN or infinity")
    if err.max() > tol:
        where = tuple(int(i) for i in np.unravel_index(np.argmax(err), err.shape))
        raise AssertionError(
            f"{name} is wrong: largest error {err.max():.2e} at index {where} "
            f"(got {value[where]:.6f}, expected {expected[where]:.6f})"
            + (f". {hint}" if hint else ""))


def max_error(got, expected):
    """The largest entry of |got − expected| (relative where |expected| > 1);
    infinite for another shape or a value that is not finite."""
    got = np.asarray(got, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if got.shape != expected.shape or not np.all(np.isfinite(got)):
        return np.inf
    return float(np.max(_errors(got, expected), initial=0.0))


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


def inner(name, got, weights):
    """Σ got·weights for an array ``got`` of the shape of ``weights`` (never
    broadcast: an array of another size is refused before any arithmetic)."""
    if not isinstance(got, np.ndarray) or got.shape != np.shape(weights):
        raise AssertionError(f"{name} has shape {np.shape(got)}, expected {np.shape(weights)}")
    return float(np.sum(np.asarray(got, dtype=np.float64) * weights))


def directional_check(name, loss, x, grad, seed=0, eps=1e-6, tol=1e-5):
    """Compare ``grad`` (the analytic gradient of ``loss`` with respect to the
    array ``x``) with the slope of ``loss`` along a random direction v:
    (loss(x + eps v) − loss(x − eps v)) / (2 eps) against Σ grad ⊙ v.
    ``loss`` takes the perturbed copy of x (your forward pass, summed);
    ``seed`` is an int or a NumPy generator that draws v."""
    if np.shape(grad) != np.shape(x):       # no broadcasting of an array of another size
        raise AssertionError(f"{name} has shape {np.shape(grad)}, expected {np.shape(x)}")
    v = np.random.default_rng(seed).standard_normal(np.shape(x))
    slope = (loss(x + eps * v) - loss(x - eps * v)) / (2 * eps)
    predicted = float(np.sum(np.asarray(grad, dtype=np.float64) * v))
    err = abs(slope - predicted) / max(1e-8, abs(slope) + abs(predicted))
    if err > tol:
        raise AssertionError(
            f"{name} disagrees with the numerical derivative of your forward pass: along a "
            f"random direction the loss changes at rate {slope:.6g}, {name} predicts "
            f"{predicted:.6g} (relative error {err:.1e})")
