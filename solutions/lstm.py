"""An LSTM, forward and backward, in NumPy.

Shapes: x (T, B, D) for a sequence, x (B, D) for one step; h and c (B, H);
W_x (4H, D), W_h (4H, H), b (4H,). Rows are examples. The pre-activation
z = x W_xᵀ + h_prev W_hᵀ + b is split into four blocks of H columns in the
order i, f, g, o, the order of ``torch.nn.LSTM``:

    i = σ(z_i)   f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)

With ``torch.nn.LSTM``: W_x = weight_ih, W_h = weight_hh,
b = bias_ih + bias_hh. Every function computes in the dtype of its inputs.
"""
import numpy as np

from solutions.shapes import check_shapes


def _sigmoid(z, out=None):
    """σ(z) = 1 / (1 + e^(-z)), written as (1 + tanh(z/2)) / 2 so that it
    never overflows."""
    out = np.multiply(z, 0.5, out=out)
    np.tanh(out, out=out)
    out *= 0.5
    out += 0.5
    return out


def _cell(z, c_prev, c, tanh_c, h):
    """Turn the pre-activation z (B, 4H) into the gates, in place, and write
    the new cell state c, tanh(c) and the hidden state h (each (B, H))."""
    H = c_prev.shape[1]
    _sigmoid(z[:, :2 * H], out=z[:, :2 * H])        # i, f
    np.tanh(z[:, 2 * H:3 * H], out=z[:, 2 * H:3 * H])  # g
    _sigmoid(z[:, 3 * H:], out=z[:, 3 * H:])        # o
    i, f, g, o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
    np.multiply(f, c_prev, out=c)
    c += i * g
    np.tanh(c, out=tanh_c)
    np.multiply(o, tanh_c, out=h)


def _gate_grads(dh, dc, gates, tanh_c, c_prev, dz):
    """Backward through one cell.

    dh, dc : (B, H) total gradients of h and c at this step (dc without the
    part that flows through h). gates : (B, 4H) activated i, f, g, o.
    Writes the gradient of the pre-activation into dz (B, 4H) and returns
    dc_prev (B, H).
    """
    H = c_prev.shape[1]
    i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    dc = dc + dh * o * (1 - tanh_c * tanh_c)   # c reaches the loss directly and through h
    dz[:, :H] = dc * g * i * (1 - i)            # di · σ'(z_i)
    dz[:, H:2 * H] = dc * c_prev * f * (1 - f)  # df · σ'(z_f)
    dz[:, 2 * H:3 * H] = dc * i * (1 - g * g)   # dg · tanh'(z_g)
    dz[:, 3 * H:] = dh * tanh_c * o * (1 - o)   # do · σ'(z_o)
    return dc * f                               # ∂c/∂c_prev = f


def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    """One step of an LSTM.

    Parameters
    ----------
    x : (B, D) input at this step
    h_prev : (B, H) previous hidden state
    c_prev : (B, H) previous cell state
    W_x : (4H, D) input weights, blocks i, f, g, o
    W_h : (4H, H) recurrent weights, blocks i, f, g, o
    b : (4H,) bias, blocks i, f, g, o

    Returns
    -------
    h : (B, H) new hidden state
    c : (B, H) new cell state
    cache : what ``lstm_step_backward`` needs
    """
    check_shapes("lstm_step", ("x", x, ("B", "D")), ("h_prev", h_prev, ("B", "H")),
                 ("c_prev", c_prev, ("B", "H")), ("W_x", W_x, ("4H", "D")),
                 ("W_h", W_h, ("4H", "H")), ("b", b, ("4H",)))
    gates = x @ W_x.T + h_prev @ W_h.T + b     # (B, 4H), activated in place below
    h, c, tanh_c = (np.empty_like(gates[:, :h_prev.shape[1]]) for _ in range(3))
    _cell(gates, c_prev, c, tanh_c, h)
    cache = (x, h_prev, c_prev, W_x, W_h, gates, tanh_c)
    return h, c, cache


def lstm_step_backward(dh, dc, cache):
    """Backward pass of ``lstm_step``.

    Parameters
    ----------
    dh : (B, H) gradient of the loss with respect to h
    dc : (B, H) gradient of the loss with respect to c from everything except
        h (e.g. from the next step's cell); None means zero
    cache : from ``lstm_step``

    Returns
    -------
    dx : (B, D), dh_prev : (B, H), dc_prev : (B, H),
    dW_x : (4H, D), dW_h : (4H, H), db : (4H,)
    """
    x, h_prev, c_prev, W_x, W_h, gates, tanh_c = cache
    known = {"B": h_prev.shape[0], "H": h_prev.shape[1]}
    check_shapes("lstm_step_backward", ("dh", dh, ("B", "H")), dims=known)
    if dc is None:
        dc = np.zeros_like(dh)
    check_shapes("lstm_step_backward", ("dc", dc, ("B", "H")), dims=known)
    dz = np.empty_like(gates)
    dc_prev = _gate_grads(dh, dc, gates, tanh_c, c_prev, dz)
    dx = dz @ W_x
    dh_prev = dz @ W_h
    dW_x = dz.T @ x
    dW_h = dz.T @ h_prev
    db = dz.sum(axis=0)
    return dx, dh_prev, dc_prev, dW_x, dW_h, db


def lstm_forward(x, h0, c0, W_x, W_h, b):
    """Run an LSTM over a whole sequence.

    Parameters
    ----------
    x : (T, B, D) inputs, time-major
    h0, c0 : (B, H) initial hidden and cell states
    W_x : (4H, D), W_h : (4H, H), b : (4H,)

    Returns
    -------
    hs : (T, B, H) hidden state after every step (hs[-1] is h_T)
    cs : (T, B, H) cell state after every step (cs[-1] is c_T)
    cache : what ``lstm_backward`` needs
    """
    check_shapes("lstm_forward", ("x", x, ("T", "B", "D")), ("h0", h0, ("B", "H")),
                 ("c0", c0, ("B", "H")), ("W_x", W_x, ("4H", "D")),
                 ("W_h", W_h, ("4H", "H")), ("b", b, ("4H",)))
    T, B, D = x.shape
    H = h0.shape[1]
    # One (T·B, D) × (D, 4H) product for all steps; step t adds h_{t-1} W_hᵀ.
    gates = (x.reshape(T * B, D) @ W_x.T).reshape(T, B, 4 * H)
    gates += b
    W_hT = np.ascontiguousarray(W_h.T)  # (H, 4H), read at every step: lay it out once
    z_h = np.empty((B, 4 * H), dtype=gates.dtype)   # h_{t-1} W_hᵀ, reused by every step
    hs = np.empty((T, B, H), dtype=gates.dtype)
    cs = np.empty_like(hs)
    tanh_cs = np.empty_like(hs)
    h, c = h0, c0
    for t in range(T):
        np.matmul(h, W_hT, out=z_h)
        gates[t] += z_h
        _cell(gates[t], c, cs[t], tanh_cs[t], hs[t])
        h, c = hs[t], cs[t]
    cache = (x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs)
    return hs, cs, cache


def lstm_backward(dhs, cache, dc_last=None):
    """Backpropagation through time for ``lstm_forward``.

    Parameters
    ----------
    dhs : (T, B, H) upstream gradient of every hidden state in ``hs``
    cache : from ``lstm_forward``
    dc_last : (B, H), optional upstream gradient of the final cell state
        cs[-1] (e.g. when the state is passed on to another sequence)

    Returns
    -------
    dx : (T, B, D), dh0 : (B, H), dc0 : (B, H),
    dW_x : (4H, D), dW_h : (4H, H), db : (4H,)
    """
    x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs = cache
    T, B, H = hs.shape
    known = {"T": T, "B": B, "H": H}
    check_shapes("lstm_backward", ("dhs", dhs, ("T", "B", "H")), dims=known)
    if dc_last is not None:
        check_shapes("lstm_backward", ("dc_last", dc_last, ("B", "H")), dims=known)
    dz = np.empty_like(gates)          # (T, B, 4H) gradient of every pre-activation
    dh_next = np.zeros_like(h0)        # carried from step t+1 through h
    dc_next = np.zeros_like(c0) if dc_last is None else dc_last
    for t in reversed(range(T)):
        c_prev = cs[t - 1] if t > 0 else c0
        dc_next = _gate_grads(dhs[t] + dh_next, dc_next, gates[t], tanh_cs[t], c_prev, dz[t])
        dh_next = dz[t] @ W_h
    # Parameter gradients summed over all steps, each as one matrix product.
    h_prevs = np.concatenate([h0[None], hs[:-1]])     # (T, B, H)
    dz2 = dz.reshape(T * B, 4 * H)
    dx = (dz2 @ W_x).reshape(T, B, -1)
    dW_x = dz2.T @ x.reshape(T * B, -1)
    dW_h = dz2.T @ h_prevs.reshape(T * B, H)
    db = dz2.sum(axis=0)
    return dx, dh_next, dc_next, dW_x, dW_h, db
