"""Known mistakes in exercise 02's tools: ``numerical_gradient``,
``relative_error`` and ``clip_grad_norm``."""
import numpy as np
import torch

from oracle.mistakes._mistake import Mistake


def one_sided(f, x, eps=None):
    """∂f/∂x_k ≈ (f(x + eps e_k) − f(x)) / eps, a forward difference, for
    f taking an array like x (eps None means 1e-6). Returns (grad,), grad
    of the shape of x."""
    eps = 1e-6 if eps is None else eps
    grad = np.zeros_like(x)
    for k in np.ndindex(x.shape):
        step = np.zeros_like(x)
        step[k] = eps
        grad[k] = (f(x + step) - f(x)) / eps
    return (grad,)


def per_array(grads, max_norm):
    """Each array clipped by its own norm: torch's clip_grad_norm_ applied to
    one array at a time. Returns the arrays after clipping."""
    clipped = []
    for g in grads:
        t = torch.tensor(np.asarray(g, dtype=np.float64))
        t.grad = t.clone()
        torch.nn.utils.clip_grad_norm_([t], max_norm)
        clipped.append(t.grad.numpy())
    return tuple(clipped)


def not_in_place(grads, max_norm):
    """The arrays the caller holds are left as they were (a rescaled copy is made and dropped)."""
    return tuple(np.array(g, dtype=np.float64) for g in grads)


MISTAKES = [
    Mistake("numerical_gradient", "one_sided",
            "a one-sided difference (f(x + eps) − f(x)) / eps is used; use central differences",
            {"numerical_gradient": one_sided}),
    Mistake("numerical_gradient", "eps_in_denominator",
            "the central difference is divided by eps; it is divided by 2·eps"),
    Mistake("numerical_gradient", "flat_only", "the gradient is returned flat, not in the shape of x"),
    Mistake("numerical_gradient", "not_restored", "x is not restored after each entry is perturbed"),
    Mistake("relative_error", "mean", "the mean of the element-wise errors is returned, not their "
            "largest"),
    Mistake("relative_error", "no_floor",
            "the denominator has no floor: 0/0 where both arrays are zero"),
    Mistake("relative_error", "one_sided", "the error is relative to |a| alone, not |a| + |b|"),
    Mistake("clip_grad_norm", "per_array",
            "each array is clipped by its own norm; clip by the joint norm of all arrays",
            {"clip_grad_norm": per_array}),
    Mistake("clip_grad_norm", "not_in_place",
            "the arrays are not changed in place (clip_grad_norm must scale them in place)",
            {"clip_grad_norm": not_in_place}),
    Mistake("clip_grad_norm", "always_rescales",
            "the arrays are rescaled to max_norm even when their norm is below it"),
]
