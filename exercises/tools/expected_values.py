"""Compute the expected values of the fixed examples in the visible tests.

Run once (``python exercises/tools/expected_values.py ex01``) and paste the
printed arrays into the template. The numbers come from torch's own layers
(``nn.RNN``, ``nn.LSTM``, ``nn.GRU``, through ``oracle.torch_layers``) in
float64 with the example weights copied in, never from ``solutions``.
"""
import sys

import numpy as np

from oracle.problems import fixed
from oracle.torch_layers import torch_gru_forward, torch_lstm_forward, torch_lstm_grads, torch_rnn_forward

B, D, H = 2, 3, 4


def show(name, value):
    text = np.array2string(np.asarray(value), separator=", ", precision=12, floatmode="maxprec",
                           max_line_width=88, threshold=10**6)
    print(f"{name} = np.array({text})\n")


def _weights(k):
    """W_x (kH, D), W_h (kH, H), b (kH,) of the fixed examples."""
    return fixed((k * H, D), 3), fixed((k * H, H), 4), fixed((k * H,), 5)


def ex01():
    x, h_prev = fixed((B, D), 1), fixed((B, H), 2)
    show("expected_h", torch_rnn_forward(x[None], h_prev, *_weights(1))[0])
    x, h0 = fixed((3, B, D), 6), fixed((B, H), 7)
    show("expected_hs", torch_rnn_forward(x, h0, *_weights(1)))


def ex03():
    x, h_prev, c_prev = fixed((B, D), 1), fixed((B, H), 2), fixed((B, H), 6)
    hs, cs = torch_lstm_forward(x[None], h_prev, c_prev, *_weights(4))
    show("expected_h", hs[0])
    show("expected_c", cs[0])


def ex04():
    x, h_prev, c_prev = fixed((B, D), 1), fixed((B, H), 2), fixed((B, H), 6)
    dh, dc = fixed((B, H), 7), fixed((B, H), 8)
    dx, _, dc_prev, _, _, db = torch_lstm_grads(x[None], h_prev, c_prev, *_weights(4), dh[None], dc)
    show("expected_dx", dx[0])
    show("expected_dc_prev", dc_prev)
    show("expected_db", db)


def ex07():
    x, h_prev = fixed((B, D), 1), fixed((B, H), 2)
    W_x, W_h, b_x = _weights(3)
    show("expected_h", torch_gru_forward(x[None], h_prev, W_x, W_h, b_x, fixed((3 * H,), 9))[0])


if __name__ == "__main__":
    for name in sys.argv[1:] or ["ex01"]:
        print(f"# --- {name}")
        globals()[name]()
