"""Known mistakes in training: exercise 05's ``Adam`` and ``train``, and the
two wrong update rules of chapter 7.

The Adam mistakes take params (a dict of arrays), grads_seq (a list of
dicts of gradients, one per step) and Adam's lr, betas, eps, and return the
parameters after each step, a tuple of dicts, as the mistaken ``Adam``
would leave them. Each runs its own wrong update ``(p, m, v, g, t) -> (p, m, v)``.
"""
import numpy as np

from oracle.mistakes._mistake import Mistake


def _history(update, params, grads_seq, lr, betas, eps):
    """The parameters after each step of ``update`` (applied to every array)."""
    p = {k: np.array(v, dtype=np.float64) for k, v in params.items()}
    m = {k: np.zeros_like(v) for k, v in p.items()}
    v = {k: np.zeros_like(a) for k, a in p.items()}
    history = []
    for t, grads in enumerate(grads_seq, start=1):
        for k in p:
            p[k], m[k], v[k] = update(p[k], m[k], v[k], grads[k], t, lr, betas, eps)
        history.append({k: a.copy() for k, a in p.items()})
    return tuple(history)


def no_bias_correction(params, grads_seq, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """p ← p − lr · m / (√v + eps): m and v used without dividing by 1 − β^t."""
    def update(p, m, v, g, t, lr, betas, eps):
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g ** 2
        return p - lr * m / (np.sqrt(v) + eps), m, v
    return _history(update, params, grads_seq, lr, betas, eps)


def eps_inside_sqrt(params, grads_seq, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """p ← p − lr · m̂ / √(v̂ + eps) instead of lr · m̂ / (√v̂ + eps)."""
    def update(p, m, v, g, t, lr, betas, eps):
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * g ** 2
        m_hat, v_hat = m / (1 - betas[0] ** t), v / (1 - betas[1] ** t)
        return p - lr * m_hat / np.sqrt(v_hat + eps), m, v
    return _history(update, params, grads_seq, lr, betas, eps)


def v_not_squared(params, grads_seq, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """v averages |g| instead of g²."""
    def update(p, m, v, g, t, lr, betas, eps):
        m = betas[0] * m + (1 - betas[0]) * g
        v = betas[1] * v + (1 - betas[1]) * np.abs(g)
        m_hat, v_hat = m / (1 - betas[0] ** t), v / (1 - betas[1] ** t)
        return p - lr * m_hat / (np.sqrt(v_hat) + eps), m, v
    return _history(update, params, grads_seq, lr, betas, eps)


def check_update(fn, params, grads, lr):
    """The arguments of an update rule: grads with the keys of params, lr > 0."""
    if set(params) != set(grads):
        raise ValueError(f"{fn}: grads must have the keys of params {sorted(params)}, "
                         f"got {sorted(grads)}")
    if not lr > 0:
        raise ValueError(f"{fn}: lr must be > 0, got {lr!r}")


def sgd_step_subtract_weights(params, grads, lr):
    """WRONG: p ← p − lr · p, the parameter where its gradient belongs, in place.

    The data never enters the update: every parameter shrinks geometrically,
    p_k = (1 − lr)^k p_0, whatever the loss. This is pure weight decay.
    params, grads : dicts name -> ndarray of the same shapes.
    """
    check_update("sgd_step_subtract_weights", params, grads, lr)
    for p in params.values():
        p -= lr * p


def sgd_step_biases_only(params, grads, lr):
    """WRONG: updates only the biases (names starting with "b"), in place, as
    if the gradients had been derived for the biases alone.

    The weight matrices stay at their random initial values, so the network
    can shift its outputs but cannot learn which inputs matter.
    """
    check_update("sgd_step_biases_only", params, grads, lr)
    for name, p in params.items():
        if name.startswith("b"):
            p -= lr * grads[name]


MISTAKES = [
    Mistake("Adam", "no_bias_correction", "the bias corrections 1 − β₁^t and 1 − β₂^t are missing",
            {"Adam": no_bias_correction}),
    Mistake("Adam", "eps_inside_sqrt",
            "eps is inside the square root; torch adds it after: sqrt(v̂) + eps",
            {"Adam": eps_inside_sqrt}),
    Mistake("Adam", "v_not_squared", "v must average the squared gradient g²",
            {"Adam": v_not_squared}),
    Mistake("Adam", "step_count_not_kept",
            "the step count t is reset at every step, so the bias corrections stay those of t = 1"),
    Mistake("train", "gradient_ascent", "the update climbs the loss (the gradient's sign is flipped)"),
    Mistake("train", "learning_rate_too_small",
            "the learning rate is too small to reach the target accuracy in the given steps"),
    Mistake("train", "predicts_last_symbol", "the targets are the last symbol, not the first"),
    Mistake("sgd_step", "subtract_weights", "p ← p − lr·p: the parameter where its gradient "
            "belongs (pure weight decay)"),
    Mistake("sgd_step", "biases_only", "only the biases are updated; the weights never move"),
]
