"""A tanh RNN, forward and backward, in NumPy.

Shapes: x (T, B, D) for a sequence, x (B, D) for one step; hidden states
(B, H); W_x (H, D), W_h (H, H), b (H,). Rows are examples. Every function
computes in the dtype of its inputs.

    h_t = tanh(x_t W_xᵀ + h_{t-1} W_hᵀ + b)
"""
import numpy as np

from solutions.shapes import check_shapes


def rnn_step(x, h_prev, W_x, W_h, b):
    """One step of a tanh RNN.

    Parameters
    ----------
    x : (B, D) input at this step
    h_prev : (B, H) hidden state of the previous step
    W_x : (H, D) input-to-hidden weights
    W_h : (H, H) hidden-to-hidden weights
    b : (H,) bias

    Returns
    -------
    h : (B, H) new hidden state, tanh(x W_xᵀ + h_prev W_hᵀ + b)
    cache : what ``rnn_step_backward`` needs
    """
    check_shapes("rnn_step", ("x", x, ("B", "D")), ("h_prev", h_prev, ("B", "H")),
                 ("W_x", W_x, ("H", "D")), ("W_h", W_h, ("H", "H")), ("b", b, ("H",)))
    h = np.tanh(x @ W_x.T + h_prev @ W_h.T + b)
    cache = (x, h_prev, W_x, W_h, h)
    return h, cache


def rnn_step_backward(dh, cache):
    """Backward pass of ``rnn_step``.

    Parameters
    ----------
    dh : (B, H) gradient of the loss with respect to h
    cache : from ``rnn_step``

    Returns
    -------
    dx : (B, D), dh_prev : (B, H), dW_x : (H, D), dW_h : (H, H), db : (H,)
    """
    x, h_prev, W_x, W_h, h = cache
    check_shapes("rnn_step_backward", ("dh", dh, ("B", "H")),
                 dims={"B": h.shape[0], "H": h.shape[1]})
    dz = dh * (1 - h * h)           # tanh'(z) = 1 - tanh(z)^2
    dx = dz @ W_x
    dh_prev = dz @ W_h
    dW_x = dz.T @ x
    dW_h = dz.T @ h_prev
    db = dz.sum(axis=0)
    return dx, dh_prev, dW_x, dW_h, db


def rnn_forward(x, h0, W_x, W_h, b):
    """Run a tanh RNN over a whole sequence.

    Parameters
    ----------
    x : (T, B, D) inputs, time-major
    h0 : (B, H) initial hidden state
    W_x : (H, D), W_h : (H, H), b : (H,)

    Returns
    -------
    hs : (T, B, H) the hidden state of every step; hs[t] = h_{t+1} in the
        book's 1-based notation, hs[-1] is the final state
    cache : what ``rnn_backward`` needs
    """
    check_shapes("rnn_forward", ("x", x, ("T", "B", "D")), ("h0", h0, ("B", "H")),
                 ("W_x", W_x, ("H", "D")), ("W_h", W_h, ("H", "H")), ("b", b, ("H",)))
    T = x.shape[0]
    xw = x @ W_x.T + b              # (T, B, H): every input projection in one product
    hs = np.empty_like(xw)
    h = h0
    for t in range(T):
        h = np.tanh(xw[t] + h @ W_h.T)
        hs[t] = h
    cache = (x, h0, W_x, W_h, hs)
    return hs, cache


def rnn_backward(dhs, cache):
    """Backpropagation through time for ``rnn_forward``.

    Parameters
    ----------
    dhs : (T, B, H) upstream gradient of every hidden state in ``hs``
    cache : from ``rnn_forward``

    Returns
    -------
    dx : (T, B, D), dh0 : (B, H), dW_x : (H, D), dW_h : (H, H), db : (H,)
    """
    x, h0, W_x, W_h, hs = cache
    T, B, H = hs.shape
    check_shapes("rnn_backward", ("dhs", dhs, ("T", "B", "H")),
                 dims={"T": T, "B": B, "H": H})
    dzs = np.empty_like(hs)         # gradient of every pre-activation
    dh_next = np.zeros_like(h0)     # gradient arriving from step t+1
    for t in reversed(range(T)):
        dh = dhs[t] + dh_next
        dzs[t] = dh * (1 - hs[t] * hs[t])
        dh_next = dzs[t] @ W_h
    h_prevs = np.concatenate([h0[None], hs[:-1]])   # (T, B, H): h_{t-1} of every step
    dz2 = dzs.reshape(T * B, H)
    dx = dzs @ W_x
    dW_x = dz2.T @ x.reshape(T * B, -1)
    dW_h = dz2.T @ h_prevs.reshape(T * B, H)
    db = dz2.sum(axis=0)
    return dx, dh_next, dW_x, dW_h, db
