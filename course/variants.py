"""LSTM variants shown next to the standard cell, and parameter counts.

Shapes follow the book: x (B, D), h_prev and c_prev (B, H), rows are
examples. The standard LSTM (gate order i, f, g, o, as ``torch.nn.LSTM``)
is ``solutions.lstm.lstm_step``; this module holds only the variants:

* ``peephole_lstm_step``: gates also read the cell state (Gers and
  Schmidhuber, 2000), i and f read c_prev, o reads the new c.
* ``coupled_lstm_step``: no input gate, c = f ⊙ c_prev + (1 − f) ⊙ g.

and the parameter counts of every cell in chapter 4's table.
"""
import numpy as np

from solutions.activations import sigmoid
from solutions.shapes import check_shape


def _check_step(fn, k, x, h_prev, c_prev, W_x, W_h, b):
    """Check the arguments of a step with k gate blocks; return H."""
    B, D = check_shape(fn, "x", x, "(B, D)", (None, None))
    _, H = check_shape(fn, "h_prev", h_prev, "(B, H)", (B, None))
    check_shape(fn, "c_prev", c_prev, "(B, H)", (B, H))
    check_shape(fn, "W_x", W_x, f"({k}H, D)", (k * H, D))
    check_shape(fn, "W_h", W_h, f"({k}H, H)", (k * H, H))
    check_shape(fn, "b", b, f"({k}H,)", (k * H,))
    return H


def peephole_lstm_step(x, h_prev, c_prev, W_x, W_h, b, w_ci, w_cf, w_co):
    """One step of an LSTM with peephole connections.

        z = x W_xᵀ + h_prev W_hᵀ + b            (B, 4H), blocks i, f, g, o
        i = σ(z_i + w_ci ⊙ c_prev)   f = σ(z_f + w_cf ⊙ c_prev)
        g = tanh(z_g)
        c = f ⊙ c_prev + i ⊙ g
        o = σ(z_o + w_co ⊙ c)                   the output gate sees the new c
        h = o ⊙ tanh(c)

    Parameters
    ----------
    x : (B, D), h_prev : (B, H), c_prev : (B, H)
    W_x : (4H, D), W_h : (4H, H), b : (4H,)   blocks i, f, g, o
    w_ci, w_cf, w_co : (H,) diagonal peephole weights

    Returns
    -------
    h : (B, H), c : (B, H)
    """
    H = _check_step("peephole_lstm_step", 4, x, h_prev, c_prev, W_x, W_h, b)
    for name, w in (("w_ci", w_ci), ("w_cf", w_cf), ("w_co", w_co)):
        check_shape("peephole_lstm_step", name, w, "(H,)", (H,))
    z = x @ W_x.T + h_prev @ W_h.T + b
    i = sigmoid(z[:, :H] + w_ci * c_prev)
    f = sigmoid(z[:, H:2 * H] + w_cf * c_prev)
    g = np.tanh(z[:, 2 * H:3 * H])
    c = f * c_prev + i * g
    o = sigmoid(z[:, 3 * H:] + w_co * c)
    return o * np.tanh(c), c


def coupled_lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    """One step of the coupled input-forget gate LSTM (no separate input gate).

        z = x W_xᵀ + h_prev W_hᵀ + b            (B, 3H), blocks f, g, o
        f = σ(z_f)   g = tanh(z_g)   o = σ(z_o)
        c = f ⊙ c_prev + (1 − f) ⊙ g            c is a convex mix: |c| ≤ max(|c_prev|, 1)
        h = o ⊙ tanh(c)

    Parameters
    ----------
    x : (B, D), h_prev : (B, H), c_prev : (B, H)
    W_x : (3H, D), W_h : (3H, H), b : (3H,)   blocks f, g, o

    Returns
    -------
    h : (B, H), c : (B, H)
    """
    H = _check_step("coupled_lstm_step", 3, x, h_prev, c_prev, W_x, W_h, b)
    z = x @ W_x.T + h_prev @ W_h.T + b
    f = sigmoid(z[:, :H])
    g = np.tanh(z[:, H:2 * H])
    o = sigmoid(z[:, 2 * H:])
    c = f * c_prev + (1 - f) * g
    return o * np.tanh(c), c


def _check_sizes(fn, D, H):
    for name, value in (("D", D), ("H", H)):
        if not isinstance(value, (int, np.integer)) or value < 1:
            raise ValueError(f"{fn}: {name} must be a positive int, got {value!r}")


def lstm_param_count(D, H, biases=1):
    """Parameters of one LSTM layer: 4(HD + H² + biases·H).

    biases=1 is the book's single b (4H,); biases=2 is torch's bias_ih and
    bias_hh."""
    _check_sizes("lstm_param_count", D, H)
    if biases not in (0, 1, 2):
        raise ValueError(f"lstm_param_count: biases must be 0, 1 or 2, got {biases!r}")
    return 4 * (H * D + H * H + biases * H)


def peephole_lstm_param_count(D, H):
    """Parameters of one peephole LSTM layer with one bias: 4(HD + H² + H) + 3H."""
    return lstm_param_count(D, H) + 3 * H


def coupled_lstm_param_count(D, H):
    """Parameters of one coupled-gate LSTM layer with one bias: 3(HD + H² + H)."""
    _check_sizes("coupled_lstm_param_count", D, H)
    return 3 * (H * D + H * H + H)


def gru_param_count(D, H):
    """Parameters of one GRU layer as torch defines it (two biases): 3(HD + H² + 2H)."""
    _check_sizes("gru_param_count", D, H)
    return 3 * (H * D + H * H + 2 * H)


def rnn_param_count(D, H):
    """Parameters of one tanh RNN layer with one bias: HD + H² + H."""
    _check_sizes("rnn_param_count", D, H)
    return H * D + H * H + H
