"""A GRU, forward and backward, in NumPy, defined exactly as ``torch.nn.GRU``.

Shapes: x (T, B, D) for a sequence, x (B, D) for one step; h (B, H);
W_x (3H, D), W_h (3H, H), b_x (3H,), b_h (3H,), blocks in the order r, z, n.
With a_x = x W_xᵀ + b_x and a_h = h_prev W_hᵀ + b_h, split into r, z, n blocks:

    r = σ(a_x,r + a_h,r)          reset gate
    z = σ(a_x,z + a_h,z)          update gate
    n = tanh(a_x,n + r ⊙ a_h,n)   candidate (the reset gate scales W_hn h + b_hn)
    h = (1 − z) ⊙ n + z ⊙ h_prev

Because r multiplies a_h,n, which holds b_hn, the two biases cannot be merged.
With ``torch.nn.GRU``: W_x = weight_ih, W_h = weight_hh, b_x = bias_ih,
b_h = bias_hh.
"""
import numpy as np

from solutions.activations import sigmoid
from solutions.shapes import check_shape


def gru_step(x, h_prev, W_x, W_h, b_x, b_h):
    """One step of a GRU.

    Parameters
    ----------
    x : (B, D), h_prev : (B, H), W_x : (3H, D), W_h : (3H, H),
    b_x : (3H,), b_h : (3H,)   (blocks r, z, n)

    Returns
    -------
    h : (B, H) new hidden state
    cache : what ``gru_step_backward`` needs
    """
    B, D = check_shape("gru_step", "x", x, "(B, D)", (None, None))
    _, H = check_shape("gru_step", "h_prev", h_prev, "(B, H)", (B, None))
    check_shape("gru_step", "W_x", W_x, "(3H, D)", (3 * H, D))
    check_shape("gru_step", "W_h", W_h, "(3H, H)", (3 * H, H))
    check_shape("gru_step", "b_x", b_x, "(3H,)", (3 * H,))
    check_shape("gru_step", "b_h", b_h, "(3H,)", (3 * H,))
    a_x = x @ W_x.T + b_x                       # (B, 3H)
    a_h = h_prev @ W_h.T + b_h                  # (B, 3H)
    r = sigmoid(a_x[:, :H] + a_h[:, :H])
    z = sigmoid(a_x[:, H:2 * H] + a_h[:, H:2 * H])
    a_hn = a_h[:, 2 * H:]
    n = np.tanh(a_x[:, 2 * H:] + r * a_hn)
    h = (1 - z) * n + z * h_prev
    cache = (x, h_prev, W_x, W_h, r, z, n, a_hn)
    return h, cache


def gru_step_backward(dh, cache):
    """Backward pass of ``gru_step``.

    Parameters
    ----------
    dh : (B, H) gradient of the loss with respect to h
    cache : from ``gru_step``

    Returns
    -------
    dx : (B, D), dh_prev : (B, H), dW_x : (3H, D), dW_h : (3H, H),
    db_x : (3H,), db_h : (3H,)
    """
    x, h_prev, W_x, W_h, r, z, n, a_hn = cache
    check_shape("gru_step_backward", "dh", dh, "(B, H)", h_prev.shape)
    dn = dh * (1 - z)
    dz = dh * (h_prev - n)
    dn_pre = dn * (1 - n ** 2)                  # through tanh
    dr = dn_pre * a_hn
    dr_pre = dr * r * (1 - r)                   # through σ
    dz_pre = dz * z * (1 - z)
    da_x = np.concatenate([dr_pre, dz_pre, dn_pre], axis=1)        # (B, 3H)
    da_h = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=1)    # r scales a_h,n
    dx = da_x @ W_x
    dh_prev = dh * z + da_h @ W_h               # directly, and through the gates
    dW_x = da_x.T @ x
    dW_h = da_h.T @ h_prev
    db_x = da_x.sum(axis=0)
    db_h = da_h.sum(axis=0)
    return dx, dh_prev, dW_x, dW_h, db_x, db_h


def gru_forward(x, h0, W_x, W_h, b_x, b_h):
    """Run a GRU over a whole sequence.

    Parameters
    ----------
    x : (T, B, D), h0 : (B, H), W_x : (3H, D), W_h : (3H, H),
    b_x : (3H,), b_h : (3H,)

    Returns
    -------
    hs : (T, B, H) hidden state after every step
    cache : what ``gru_backward`` needs
    """
    T, B, D = check_shape("gru_forward", "x", x, "(T, B, D)", (None, None, None))
    if T == 0:
        raise ValueError("gru_forward: x has no steps (T = 0); expected a sequence of at least one step")
    _, H = check_shape("gru_forward", "h0", h0, "(B, H)", (B, None))
    check_shape("gru_forward", "W_x", W_x, "(3H, D)", (3 * H, D))
    check_shape("gru_forward", "W_h", W_h, "(3H, H)", (3 * H, H))
    check_shape("gru_forward", "b_x", b_x, "(3H,)", (3 * H,))
    check_shape("gru_forward", "b_h", b_h, "(3H,)", (3 * H,))
    h = h0
    hs, step_caches = [], []
    for t in range(T):
        h, step_cache = gru_step(x[t], h, W_x, W_h, b_x, b_h)
        hs.append(h)
        step_caches.append(step_cache)
    hs = np.stack(hs)
    cache = (hs, step_caches)                   # what gru_step_backward needs, step by step
    return hs, cache


def gru_backward(dhs, cache):
    """Backpropagation through time for ``gru_forward``.

    Parameters
    ----------
    dhs : (T, B, H) upstream gradient of every hidden state in ``hs``
    cache : from ``gru_forward``

    Returns
    -------
    dx : (T, B, D), dh0 : (B, H), dW_x : (3H, D), dW_h : (3H, H),
    db_x : (3H,), db_h : (3H,)
    """
    hs, step_caches = cache
    T, B, H = hs.shape
    check_shape("gru_backward", "dhs", dhs, "(T, B, H)", (T, B, H))
    dh_next = np.zeros_like(dhs[0])             # flows back from step t+1
    dxs, dW_x, dW_h, db_x, db_h = [], 0, 0, 0, 0
    for t in reversed(range(T)):
        dx_t, dh_next, dW_x_t, dW_h_t, db_x_t, db_h_t = gru_step_backward(
            dhs[t] + dh_next, step_caches[t])
        dxs.append(dx_t)
        dW_x = dW_x + dW_x_t                    # the weights are shared by every step
        dW_h = dW_h + dW_h_t
        db_x = db_x + db_x_t
        db_h = db_h + db_h_t
    dx = np.stack(dxs[::-1])
    return dx, dh_next, dW_x, dW_h, db_x, db_h
