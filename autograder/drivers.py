"""Harness functions that run on the learner's side for hidden tests.

Each driver takes the learner's namespace first, then plain-data arguments,
and returns plain data. Drivers hold no expected values and make no verdict:
they only exercise live objects (such as an ``nn.Module``) that cannot cross
the process boundary. The verdict is computed by the hidden test.
"""
import numpy as np


def numerical_gradient_probe(ns, A, x, eps=None):
    """Call the learner's ``numerical_gradient(f, x[, eps])`` with
    f() = Σ tanh(A x)² reading the array x in place.

    Returns (grad, x after the call, number of calls of f).
    """
    x = np.array(x, copy=True)
    calls = [0]

    def f():
        calls[0] += 1
        return float(np.sum(np.tanh(A @ x.reshape(-1)) ** 2))

    if eps is None:
        grad = ns["numerical_gradient"](f, x)
    else:
        grad = ns["numerical_gradient"](f, x, eps)
    return grad, x, calls[0]


def clip_grad_norm_probe(ns, grads, max_norm):
    """Call the learner's ``clip_grad_norm(grads, max_norm)`` on a list of
    arrays. Returns (its return value, the arrays after the call)."""
    grads = [np.array(g, copy=True) for g in grads]
    total = ns["clip_grad_norm"](grads, max_norm)
    return total, grads
