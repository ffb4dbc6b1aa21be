"""A fast NumPy LSTM: the same function and API as ``solutions.lstm``'s
``lstm_forward`` and ``lstm_backward``, written for speed.

Shapes: x (T, B, D), h0 and c0 (B, H), W_x (4H, D), W_h (4H, H), b (4H,),
gate order i, f, g, o. What makes it fast (chapters 5 and 9):

* the input product of all T steps is one (T·B, D) × (D, 4H) product before the loop;
* each step makes one (B, H) × (H, 4H) product into a preallocated buffer and
  activates the gates in place, so the loop allocates nothing;
* the backward loop makes one (B, 4H) × (4H, H) product per step; dx, dW_x, dW_h
  are one product each after the loop, over all T·B rows at once.

Every product goes through ``np.matmul``. ``matmul_only`` runs exactly these
matrix products and nothing else: the time
that the element-wise work is measured against (``benchmarks/lstm_speed.py --matmul-share``).
"""
import numpy as np


def _sigmoid_(z):
    """σ(z) = (1 + tanh(z/2)) / 2, in place (z is overwritten and returned)."""
    z *= 0.5
    np.tanh(z, out=z)
    z *= 0.5
    z += 0.5
    return z


def _cell_(z, c_prev, c, tanh_c, h):
    """Activate the pre-activation z (B, 4H) in place into the gates i, f, g, o
    and write the new c, tanh(c) and h (each (B, H))."""
    H = c_prev.shape[1]
    _sigmoid_(z[:, :2 * H])                         # i, f
    np.tanh(z[:, 2 * H:3 * H], out=z[:, 2 * H:3 * H])  # g
    _sigmoid_(z[:, 3 * H:])                         # o
    i, f, g, o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
    np.multiply(f, c_prev, out=c)
    c += i * g
    np.tanh(c, out=tanh_c)
    np.multiply(o, tanh_c, out=h)


def _gate_grads_(dh, dc, gates, tanh_c, c_prev, dz, tmp):
    """Backward through one cell, without allocating.

    dh : (B, H) gradient of h; dc : (B, H) gradient of c from the next step,
    overwritten with dc_prev = (dc + dh ⊙ o ⊙ tanh'(c)) ⊙ f. gates : (B, 4H)
    activated i, f, g, o. Writes the pre-activation gradient into dz (B, 4H);
    tmp is a (B, H) scratch buffer.
    """
    H = c_prev.shape[1]
    i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    dz_i, dz_f, dz_g, dz_o = dz[:, :H], dz[:, H:2 * H], dz[:, 2 * H:3 * H], dz[:, 3 * H:]
    # do · σ'(z_o) = dh ⊙ tanh(c) ⊙ o ⊙ (1 − o)
    np.multiply(dh, tanh_c, out=dz_o)
    np.subtract(1, o, out=tmp)
    tmp *= o
    dz_o *= tmp
    # dc += dh ⊙ o ⊙ (1 − tanh²(c))
    np.multiply(tanh_c, tanh_c, out=tmp)
    np.subtract(1, tmp, out=tmp)
    tmp *= o
    tmp *= dh
    dc += tmp
    # dg · tanh'(z_g) = dc ⊙ i ⊙ (1 − g²)
    np.multiply(g, g, out=tmp)
    np.subtract(1, tmp, out=tmp)
    tmp *= i
    np.multiply(dc, tmp, out=dz_g)
    # di · σ'(z_i) = dc ⊙ g ⊙ i ⊙ (1 − i)
    np.subtract(1, i, out=tmp)
    tmp *= i
    tmp *= g
    np.multiply(dc, tmp, out=dz_i)
    # df · σ'(z_f) = dc ⊙ c_prev ⊙ f ⊙ (1 − f)
    np.subtract(1, f, out=tmp)
    tmp *= f
    tmp *= c_prev
    np.multiply(dc, tmp, out=dz_f)
    dc *= f                                         # ∂c/∂c_prev = f


def lstm_forward(x, h0, c0, W_x, W_h, b):
    """Run an LSTM over a sequence: hs, cs (T, B, H) and a cache for ``lstm_backward``."""
    T, B, D = x.shape
    H = h0.shape[1]
    gates = np.matmul(x.reshape(T * B, D), W_x.T).reshape(T, B, 4 * H)   # hoisted input product
    gates += b
    W_hT = np.ascontiguousarray(W_h.T)              # (H, 4H), read at every step
    z_h = np.empty((B, 4 * H), dtype=gates.dtype)   # h_{t-1} W_hᵀ, reused by every step
    hs = np.empty((T, B, H), dtype=gates.dtype)
    cs = np.empty_like(hs)
    tanh_cs = np.empty_like(hs)
    h, c = h0, c0
    for t in range(T):
        np.matmul(h, W_hT, out=z_h)
        gates[t] += z_h
        _cell_(gates[t], c, cs[t], tanh_cs[t], hs[t])
        h, c = hs[t], cs[t]
    cache = (x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs)
    return hs, cs, cache


def lstm_backward(dhs, cache, dc_last=None):
    """Backpropagation through time: dx (T, B, D), dh0, dc0 (B, H),
    dW_x (4H, D), dW_h (4H, H), db (4H,)."""
    x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs = cache
    T, B, H = hs.shape
    D = x.shape[2]
    dz = np.empty_like(gates)                       # (T, B, 4H)
    dh = np.empty_like(h0, dtype=gates.dtype)       # gradient of h_t: dhs[t] + from step t+1
    dh_next = np.zeros_like(dh)
    dc = np.zeros_like(dh) if dc_last is None else dc_last.astype(gates.dtype, copy=True)
    tmp = np.empty_like(dh)
    for t in reversed(range(T)):
        np.add(dhs[t], dh_next, out=dh)
        c_prev = cs[t - 1] if t > 0 else c0
        _gate_grads_(dh, dc, gates[t], tanh_cs[t], c_prev, dz[t], tmp)
        np.matmul(dz[t], W_h, out=dh_next)
    h_prevs = np.concatenate([h0[None], hs[:-1]]).reshape(T * B, H)
    dz2 = dz.reshape(T * B, 4 * H)
    dx = np.matmul(dz2, W_x).reshape(T, B, D)
    dW_x = np.matmul(dz2.T, x.reshape(T * B, D))
    dW_h = np.matmul(dz2.T, h_prevs)
    db = dz2.sum(axis=0)
    return dx, dh_next, dc, dW_x, dW_h, db


def matmul_only(x, h0, W_x, W_h):
    """The matrix products of one ``lstm_forward`` + ``lstm_backward`` pass and
    nothing else, on arrays of the same shapes (the values are not an LSTM's)."""
    T, B, D = x.shape
    H = h0.shape[1]
    gates = np.matmul(x.reshape(T * B, D), W_x.T).reshape(T, B, 4 * H)
    W_hT = np.ascontiguousarray(W_h.T)
    z_h = np.empty((B, 4 * H), dtype=gates.dtype)
    h = np.ascontiguousarray(h0, dtype=gates.dtype)
    for _ in range(T):
        np.matmul(h, W_hT, out=z_h)
    dh = np.empty_like(h)
    for t in range(T):
        np.matmul(gates[t], W_h, out=dh)
    dz2 = gates.reshape(T * B, 4 * H)
    np.matmul(dz2, W_x)
    np.matmul(dz2.T, x.reshape(T * B, D))
    np.matmul(dz2.T, np.zeros((T * B, H), dtype=gates.dtype))
