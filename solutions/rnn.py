"""A tanh RNN, forward and backward, in NumPy.

Shapes: x (T, B, D) for a sequence, x (B, D) for one step; hidden states
(B, H); W_x (H, D), W_h (H, H), b (H,). Rows are examples. Every function
computes in the dtype of its inputs.

    h_t = tanh(x_t W_xᵀ + h_{t-1} W_hᵀ + b)
"""
import numpy as np

from solutions.shapes import check_shape


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
    B, D = check_shape("rnn_step", "x", x, "(B, D)", (None, None))
    _, H = check_shape("rnn_step", "h_prev", h_prev, "(B, H)", (B, None))
    check_shape("rnn_step", "W_x", W_x, "(H, D)", (H, D))
    check_shape("rnn_step", "W_h", W_h, "(H, H)", (H, H))
    check_shape("rnn_step", "b", b, "(H,)", (H,))
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
    check_shape("rnn_step_backward", "dh", dh, "(B, H)", h.shape)
    dz = dh * (1 - h ** 2)          # tanh'(z) = 1 − tanh(z)²
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
    T, B, D = check_shape("rnn_forward", "x", x, "(T, B, D)", (None, None, None))
    if T == 0:
        raise ValueError("rnn_forward: x has no steps (T = 0); expected a sequence of at least one step")
    _, H = check_shape("rnn_forward", "h0", h0, "(B, H)", (B, None))
    check_shape("rnn_forward", "W_x", W_x, "(H, D)", (H, D))
    check_shape("rnn_forward", "W_h", W_h, "(H, H)", (H, H))
    check_shape("rnn_forward", "b", b, "(H,)", (H,))
    h = h0
    hs, step_caches = [], []
    for t in range(T):
        h, step_cache = rnn_step(x[t], h, W_x, W_h, b)
        hs.append(h)
        step_caches.append(step_cache)
    hs = np.stack(hs)
    cache = (hs, step_caches)                   # what rnn_step_backward needs, step by step
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
    hs, step_caches = cache
    T, B, H = hs.shape
    check_shape("rnn_backward", "dhs", dhs, "(T, B, H)", (T, B, H))
    dh_next = np.zeros_like(dhs[0])             # flows back from step t+1
    dxs, dW_x, dW_h, db = [], 0, 0, 0
    for t in reversed(range(T)):
        dx_t, dh_next, dW_x_t, dW_h_t, db_t = rnn_step_backward(dhs[t] + dh_next, step_caches[t])
        dxs.append(dx_t)
        dW_x = dW_x + dW_x_t                    # the weights are shared by every step
        dW_h = dW_h + dW_h_t
        db = db + db_t
    dx = np.stack(dxs[::-1])
    return dx, dh_next, dW_x, dW_h, db
