"""Checks used by the test cells: each failure says what is wrong in the
terms of the exercise (names, shapes in letters, the largest error)."""
import numpy as np


def fixed(shape, seed, scale=0.5):
    """A deterministic array for the fixed examples: scale · sin(0.7 k + seed)."""
    n = int(np.prod(shape))
    return scale * np.sin(0.7 * np.arange(n) + seed).reshape(shape)


def check_array(name, value, shape, letters, dtype=np.float64):
    """``value`` is a NumPy array of the given shape (named by ``letters``,
    e.g. "(B, H)") and dtype."""
    if not isinstance(value, np.ndarray):
        raise AssertionError(f"{name} must be a NumPy array, got {type(value).__name__}")
    if value.shape != tuple(shape):
        raise AssertionError(f"{name} has shape {value.shape}, expected {letters} = {tuple(shape)}")
    if value.dtype != dtype:
        raise AssertionError(f"{name} has dtype {value.dtype}, expected {np.dtype(dtype)} "
                             "(compute in the dtype of the inputs)")


def check_close(name, value, expected, tol=1e-7, hint=""):
    """``value`` matches ``expected`` entry by entry within ``tol``
    (absolute, or relative for entries larger than 1)."""
    value = np.asarray(value, dtype=np.float64)
    expected = np.asarray(expected, dtype=np.float64)
    if value.shape != expected.shape:
        raise AssertionError(f"{name} has shape {value.shape}, expected {expected.shape}")
    err = np.abs(value - expected) / np.maximum(1.0, np.abs(expected))
    if not np.all(np.isfinite(value)):
        raise AssertionError(f"{name} contains NaN or infinity")
    if err.max() > tol:
        where = tuple(int(i) for i in np.unravel_index(np.argmax(err), err.shape))
        raise AssertionError(
            f"{name} is wrong: largest error {err.max():.2e} at index {where} "
            f"(got {value[where]:.6f}, expected {expected[where]:.6f})"
            + (f". {hint}" if hint else ""))


def unpack(result, n, fn, names):
    """``result`` is a tuple or list of ``n`` values, named by ``names``."""
    if not isinstance(result, (tuple, list)) or len(result) != n:
        got = f"{type(result).__name__} of length {len(result)}" \
            if isinstance(result, (tuple, list)) else type(result).__name__
        raise AssertionError(f"{fn} must return {n} values ({names}), got {got}")
    return result


def directional_check(name, loss, x, grad, seed=0, eps=1e-6, tol=1e-5):
    """Compare ``grad`` (the analytic gradient of ``loss`` with respect to the
    array ``x``) with the slope of ``loss`` along a random direction v:
    (loss(x + eps v) − loss(x − eps v)) / (2 eps) against Σ grad ⊙ v.
    ``loss`` takes the perturbed copy of x."""
    v = np.random.default_rng(seed).standard_normal(x.shape)
    slope = (loss(x + eps * v) - loss(x - eps * v)) / (2 * eps)
    predicted = float(np.sum(np.asarray(grad) * v))
    err = abs(slope - predicted) / max(1e-8, abs(slope) + abs(predicted))
    if err > tol:
        raise AssertionError(
            f"{name} disagrees with a numerical derivative: along a random direction "
            f"the loss changes at rate {slope:.6g}, your gradient predicts {predicted:.6g} "
            f"(relative error {err:.1e})")
