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

from solutions.lstm import _sigmoid
from solutions.shapes import check_shapes


def _gru_cell(a_x, h_prev, W_h, b_h):
    """Gates and new state from the input part a_x (B, 3H).
    Returns h, r, z, n, a_hn (each (B, H))."""
    H = h_prev.shape[1]
    a_h = h_prev @ W_h.T + b_h
    rz = _sigmoid(a_x[:, :2 * H] + a_h[:, :2 * H])
    r, z = rz[:, :H], rz[:, H:]
    a_hn = a_h[:, 2 * H:]
    n = np.tanh(a_x[:, 2 * H:] + r * a_hn)
    h = (1 - z) * n + z * h_prev
    return h, r, z, n, a_hn


def _gru_cell_backward(dh, h_prev, r, z, n, a_hn):
    """Gradients of the input part (da_x) and the recurrent part (da_h) of
    the pre-activations, each (B, 3H), and the direct part of dh_prev."""
    dn = dh * (1 - z)
    dz = dh * (h_prev - n)
    dn_pre = dn * (1 - n * n)          # through tanh
    dr = dn_pre * a_hn
    dr_pre = dr * r * (1 - r)
    dz_pre = dz * z * (1 - z)
    da_x = np.concatenate([dr_pre, dz_pre, dn_pre], axis=1)
    da_h = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=1)
    return da_x, da_h, dh * z


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
    check_shapes("gru_step", ("x", x, ("B", "D")), ("h_prev", h_prev, ("B", "H")),
                 ("W_x", W_x, ("3H", "D")), ("W_h", W_h, ("3H", "H")),
                 ("b_x", b_x, ("3H",)), ("b_h", b_h, ("3H",)))
    h, r, z, n, a_hn = _gru_cell(x @ W_x.T + b_x, h_prev, W_h, b_h)
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
    check_shapes("gru_step_backward", ("dh", dh, ("B", "H")),
                 dims={"B": h_prev.shape[0], "H": h_prev.shape[1]})
    da_x, da_h, dh_direct = _gru_cell_backward(dh, h_prev, r, z, n, a_hn)
    dx = da_x @ W_x
    dh_prev = dh_direct + da_h @ W_h
    return dx, dh_prev, da_x.T @ x, da_h.T @ h_prev, da_x.sum(axis=0), da_h.sum(axis=0)


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
    check_shapes("gru_forward", ("x", x, ("T", "B", "D")), ("h0", h0, ("B", "H")),
                 ("W_x", W_x, ("3H", "D")), ("W_h", W_h, ("3H", "H")),
                 ("b_x", b_x, ("3H",)), ("b_h", b_h, ("3H",)))
    a_x = x @ W_x.T + b_x              # (T, B, 3H): all input projections at once
    h = h0
    hs, steps = [], []
    for t in range(x.shape[0]):
        h, r, z, n, a_hn = _gru_cell(a_x[t], h, W_h, b_h)
        hs.append(h)
        steps.append((r, z, n, a_hn))
    hs = np.stack(hs)
    cache = (x, h0, W_x, W_h, hs, steps)
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
    x, h0, W_x, W_h, hs, steps = cache
    T, B, H = hs.shape
    check_shapes("gru_backward", ("dhs", dhs, ("T", "B", "H")),
                 dims={"T": T, "B": B, "H": H})
    da_x = np.empty((T, B, 3 * H), dtype=hs.dtype)
    da_h = np.empty_like(da_x)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        da_x[t], da_h[t], dh_direct = _gru_cell_backward(dhs[t] + dh_next, h_prev, *steps[t])
        dh_next = dh_direct + da_h[t] @ W_h
    h_prevs = np.concatenate([h0[None], hs[:-1]]).reshape(T * B, H)
    da_x2, da_h2 = da_x.reshape(T * B, 3 * H), da_h.reshape(T * B, 3 * H)
    dx = da_x @ W_x
    dW_x = da_x2.T @ x.reshape(T * B, -1)
    dW_h = da_h2.T @ h_prevs
    return dx, dh_next, dW_x, dW_h, da_x2.sum(axis=0), da_h2.sum(axis=0)
