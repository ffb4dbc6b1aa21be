"""Record every gate of an LSTM run, for plotting.

``solutions.lstm.lstm_forward`` returns only the hidden and cell states;
this module recomputes the gates of each step from them, so a chapter can
plot i, f, g, o next to c and h.
"""
import numpy as np

from solutions.activations import sigmoid
from solutions.lstm import lstm_forward


def gate_trace(x, h0, c0, W_x, W_h, b):
    """Run an LSTM and return every intermediate quantity.

    Parameters
    ----------
    x : (T, B, D), h0, c0 : (B, H), W_x : (4H, D), W_h : (4H, H), b : (4H,)
        (blocks i, f, g, o)

    Returns
    -------
    dict with keys "i", "f", "g", "o", "c", "h", each (T, B, H); entry t
    (0-based) belongs to step t + 1, whose inputs are x[t] and h_t, c_t of
    the previous step.
    """
    hs, cs, _ = lstm_forward(x, h0, c0, W_x, W_h, b)
    H = h0.shape[1]
    h_prev = np.concatenate([h0[None], hs[:-1]])        # (T, B, H)
    z = x @ W_x.T + h_prev @ W_h.T + b                  # (T, B, 4H)
    return {"i": sigmoid(z[..., :H]), "f": sigmoid(z[..., H:2 * H]),
            "g": np.tanh(z[..., 2 * H:3 * H]), "o": sigmoid(z[..., 3 * H:]),
            "c": cs, "h": hs}


def memory_cell_weights(gain=20.0):
    """Hand-set weights of a one-unit LSTM (H = 1) that stores a value on command.

    Input x_t = (v_t, s_t, r_t), D = 3: a value v, a write signal s ∈ {0, 1}
    and a read signal r ∈ {0, 1}. With k = gain:

        z_i = k s − k/2     the input gate opens only when s = 1
        z_f = −k s + k/2    the forget gate stays ≈ 1 (keep) except when s = 1
        z_g = v             the candidate is tanh(v)
        z_o = k r − k/2     the output gate opens only when r = 1

    Returns W_x (4, 3), W_h (4, 1) (zeros: no recurrence needed), b (4,).
    """
    k = float(gain)
    W_x = np.array([[0.0, k, 0.0],     # i
                    [0.0, -k, 0.0],    # f
                    [1.0, 0.0, 0.0],   # g
                    [0.0, 0.0, k]])    # o
    b = np.array([-k / 2, k / 2, 0.0, -k / 2])
    return W_x, np.zeros((4, 1)), b
