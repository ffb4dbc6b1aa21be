"""Gradient checking: central differences and the relative error."""
import numpy as np


def numerical_gradient(f, x, eps=1e-6):
    """Central-difference gradient of a scalar function with respect to x.

    Parameters
    ----------
    f : callable taking no arguments and returning a scalar; it must read x
        (the array is perturbed in place, one entry at a time)
    x : ndarray of floats, any shape; restored exactly before returning,
        even if f raises
    eps : float, step size. 1e-6 suits float64; float32 needs about 1e-2 and
        gives only a few correct digits.

    Returns
    -------
    grad : ndarray, same shape and dtype as x, with
        grad[k] = (f(x + eps·e_k) − f(x − eps·e_k)) / (2 eps)
    """
    if not isinstance(x, np.ndarray) or not np.issubdtype(x.dtype, np.floating):
        raise ValueError(
            "numerical_gradient: x must be a floating-point NumPy array that f "
            f"reads, got {type(x).__name__} "
            f"{getattr(x, 'dtype', '')}".rstrip())
    grad = np.zeros_like(x)
    for idx in np.ndindex(x.shape):
        old = x[idx]
        try:
            x[idx] = old + eps
            f_plus = float(f())
            x[idx] = old - eps
            f_minus = float(f())
        finally:
            x[idx] = old
        grad[idx] = (f_plus - f_minus) / (2 * eps)
    return grad


def relative_error(a, b):
    """max over entries of |a − b| / max(1e-8, |a| + |b|).

    Parameters
    ----------
    a, b : array_like of the same shape

    Returns
    -------
    float. Below about 1e-6 for a correct float64 gradient checked with
    eps=1e-6 (often far below); 1e-2 or above means a bug.
    """
    a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    if a.shape != b.shape:
        raise ValueError(f"relative_error: shapes differ: {a.shape} and {b.shape}")
    if a.size == 0:
        return 0.0
    return float(np.max(np.abs(a - b) / np.maximum(1e-8, np.abs(a) + np.abs(b))))
