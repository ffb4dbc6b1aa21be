"""Gradient clipping by norm and the Adam optimiser, for dicts of arrays."""
import math

import numpy as np


def clip_grad_norm(grads, max_norm):
    """Scale gradients in place so that their joint L2 norm is at most max_norm.

    Same rule as ``torch.nn.utils.clip_grad_norm_``: with N the norm of all
    entries of all arrays together, every array is multiplied by
    min(1, max_norm / (N + 1e-6)). The direction of the update is kept.

    Parameters
    ----------
    grads : list of ndarrays (modified in place)
    max_norm : float > 0

    Returns
    -------
    total_norm : float, N before clipping
    """
    grads = list(grads)
    for k, g in enumerate(grads):
        if not isinstance(g, np.ndarray) or not np.issubdtype(g.dtype, np.floating):
            raise ValueError(f"clip_grad_norm: grads[{k}] must be a floating-point "
                             f"NumPy array, got {type(g).__name__}")
    if not max_norm > 0:
        raise ValueError(f"clip_grad_norm: max_norm must be > 0, got {max_norm}")
    total_norm = math.sqrt(sum(float(np.sum(g.astype(np.float64) ** 2)) for g in grads))
    scale = min(1.0, max_norm / (total_norm + 1e-6))
    for g in grads:
        g *= scale
    return total_norm


class Adam:
    """Adam (Kingma & Ba, 2015) over a dict of parameter arrays, updated in place.

    Same update as ``torch.optim.Adam`` without weight decay:
        m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
        p ← p − lr · (m / (1 − β1^t)) / (sqrt(v / (1 − β2^t)) + eps)

    Parameters
    ----------
    params : dict name -> ndarray
    lr, betas, eps : as in ``torch.optim.Adam``
    """

    def __init__(self, params, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
        self.params = params
        self.lr, self.betas, self.eps = lr, betas, eps
        self.m = {k: np.zeros_like(p) for k, p in params.items()}
        self.v = {k: np.zeros_like(p) for k, p in params.items()}
        self.t = 0

    def step(self, grads):
        """Apply one update. grads : dict with the same keys and shapes as params."""
        if set(grads) != set(self.params):
            raise ValueError(f"Adam.step: grads has keys {sorted(grads)}, "
                             f"expected the parameter names {sorted(self.params)}")
        self.t += 1
        beta1, beta2 = self.betas
        bias1, bias2 = 1 - beta1 ** self.t, 1 - beta2 ** self.t
        for k, p in self.params.items():
            g = grads[k]
            if g.shape != p.shape:
                raise ValueError(f"Adam.step: grads[{k!r}] has shape {g.shape}, "
                                 f"expected {p.shape} like the parameter")
            self.m[k] = beta1 * self.m[k] + (1 - beta1) * g
            self.v[k] = beta2 * self.v[k] + (1 - beta2) * g * g
            p -= self.lr * (self.m[k] / bias1) / (np.sqrt(self.v[k] / bias2) + self.eps)
