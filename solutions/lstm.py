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

from solutions.activations import sigmoid
from solutions.shapes import check_shape


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
    B, D = check_shape("lstm_step", "x", x, "(B, D)", (None, None))
    _, H = check_shape("lstm_step", "h_prev", h_prev, "(B, H)", (B, None))
    check_shape("lstm_step", "c_prev", c_prev, "(B, H)", (B, H))
    check_shape("lstm_step", "W_x", W_x, "(4H, D)", (4 * H, D))
    check_shape("lstm_step", "W_h", W_h, "(4H, H)", (4 * H, H))
    check_shape("lstm_step", "b", b, "(4H,)", (4 * H,))
    z = x @ W_x.T + h_prev @ W_h.T + b          # (B, 4H)
    i = sigmoid(z[:, :H])
    f = sigmoid(z[:, H:2 * H])
    g = np.tanh(z[:, 2 * H:3 * H])
    o = sigmoid(z[:, 3 * H:])
    c = f * c_prev + i * g
    tanh_c = np.tanh(c)
    h = o * tanh_c
    gates = np.concatenate([i, f, g, o], axis=1)    # (B, 4H)
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
    i, f, g, o = np.split(gates, 4, axis=1)
    check_shape("lstm_step_backward", "dh", dh, "(B, H)", h_prev.shape)
    if dc is None:
        dc = np.zeros_like(dh)
    check_shape("lstm_step_backward", "dc", dc, "(B, H)", h_prev.shape)
    dc = dc + dh * o * (1 - tanh_c ** 2)        # c reaches the loss directly and through h
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    do = dh * tanh_c
    dz = np.concatenate([di * i * (1 - i),       # σ'(z) = σ(z)(1 − σ(z))
                         df * f * (1 - f),
                         dg * (1 - g ** 2),      # tanh'(z) = 1 − tanh(z)²
                         do * o * (1 - o)], axis=1)
    dx = dz @ W_x
    dh_prev = dz @ W_h
    dc_prev = dc * f
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
    T, B, D = check_shape("lstm_forward", "x", x, "(T, B, D)", (None, None, None))
    if T == 0:
        raise ValueError("lstm_forward: x has no steps (T = 0); expected a sequence of at least one step")
    _, H = check_shape("lstm_forward", "h0", h0, "(B, H)", (B, None))
    check_shape("lstm_forward", "c0", c0, "(B, H)", (B, H))
    check_shape("lstm_forward", "W_x", W_x, "(4H, D)", (4 * H, D))
    check_shape("lstm_forward", "W_h", W_h, "(4H, H)", (4 * H, H))
    check_shape("lstm_forward", "b", b, "(4H,)", (4 * H,))
    h, c = h0, c0
    hs, cs, step_caches = [], [], []
    for t in range(T):
        h, c, step_cache = lstm_step(x[t], h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
        step_caches.append(step_cache)
    hs, cs = np.stack(hs), np.stack(cs)
    cache = (hs, step_caches)                   # what lstm_step_backward needs, step by step
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
    hs, step_caches = cache
    T, B, H = hs.shape
    check_shape("lstm_backward", "dhs", dhs, "(T, B, H)", (T, B, H))
    if dc_last is not None:
        check_shape("lstm_backward", "dc_last", dc_last, "(B, H)", (B, H))
    dh_next = np.zeros_like(dhs[0])             # flows back from step t+1 through h
    dc_next = np.zeros_like(dhs[0]) if dc_last is None else dc_last
    dxs, dW_x, dW_h, db = [], 0, 0, 0
    for t in reversed(range(T)):
        dx_t, dh_next, dc_next, dW_x_t, dW_h_t, db_t = lstm_step_backward(
            dhs[t] + dh_next, dc_next, step_caches[t])
        dxs.append(dx_t)
        dW_x = dW_x + dW_x_t                    # the weights are shared by every step
        dW_h = dW_h + dW_h_t
        db = db + db_t
    dx = np.stack(dxs[::-1])
    return dx, dh_next, dc_next, dW_x, dW_h, db
