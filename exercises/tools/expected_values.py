"""Compute the expected values of the fixed examples in the visible tests.

Run once (``python exercises/tools/expected_values.py ex01``) and paste the
printed arrays into the template. The numbers come from torch's own layers
(``nn.RNN``, ``nn.LSTM``, ``nn.GRU``) in float64 with the example weights
copied in, never from ``solutions``.
"""
import sys

import numpy as np
import torch
from torch import nn

sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent.parent / "_shared"))
from checks import fixed  # noqa: E402

torch.set_default_dtype(torch.float64)


def show(name, value):
    value = np.asarray(value.detach() if torch.is_tensor(value) else value)
    text = np.array2string(value, separator=", ", precision=12, floatmode="maxprec",
                           max_line_width=88, threshold=10**6)
    print(f"{name} = np.array({text})\n")


def _rnn(D, H):
    layer = nn.RNN(D, H)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(fixed((H, D), 3)))
        layer.weight_hh_l0.copy_(torch.tensor(fixed((H, H), 4)))
        layer.bias_ih_l0.copy_(torch.tensor(fixed((H,), 5)))
        layer.bias_hh_l0.zero_()
    return layer


def ex01():
    B, D, H, T = 2, 3, 4, 3
    layer = _rnn(D, H)
    x, h_prev = torch.tensor(fixed((B, D), 1)), torch.tensor(fixed((B, H), 2))
    _, h = layer(x[None], h_prev[None])
    show("expected_h", h[0])
    x, h0 = torch.tensor(fixed((T, B, D), 6)), torch.tensor(fixed((B, H), 7))
    hs, _ = layer(x, h0[None])
    show("expected_hs", hs)


def _lstm(D, H):
    layer = nn.LSTM(D, H)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(fixed((4 * H, D), 3)))
        layer.weight_hh_l0.copy_(torch.tensor(fixed((4 * H, H), 4)))
        layer.bias_ih_l0.copy_(torch.tensor(fixed((4 * H,), 5)))
        layer.bias_hh_l0.zero_()
    return layer


def ex03():
    B, D, H = 2, 3, 4
    layer = _lstm(D, H)
    x, h_prev, c_prev = (torch.tensor(fixed(s, k)) for s, k in (((B, D), 1), ((B, H), 2), ((B, H), 6)))
    _, (h, c) = layer(x[None], (h_prev[None], c_prev[None]))
    show("expected_h", h[0])
    show("expected_c", c[0])


def ex04():
    B, D, H = 2, 3, 4
    layer = _lstm(D, H)
    x, h_prev, c_prev = (torch.tensor(fixed(s, k), requires_grad=True)
                         for s, k in (((B, D), 1), ((B, H), 2), ((B, H), 6)))
    _, (h, c) = layer(x[None], (h_prev[None], c_prev[None]))
    dh, dc = torch.tensor(fixed((B, H), 7)), torch.tensor(fixed((B, H), 8))
    ((h[0] * dh).sum() + (c[0] * dc).sum()).backward()
    show("expected_dx", x.grad)
    show("expected_dc_prev", c_prev.grad)
    show("expected_db", layer.bias_ih_l0.grad)


def ex07():
    B, D, H = 2, 3, 4
    layer = nn.GRU(D, H)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(fixed((3 * H, D), 3)))
        layer.weight_hh_l0.copy_(torch.tensor(fixed((3 * H, H), 4)))
        layer.bias_ih_l0.copy_(torch.tensor(fixed((3 * H,), 5)))
        layer.bias_hh_l0.copy_(torch.tensor(fixed((3 * H,), 9)))
    x, h_prev = torch.tensor(fixed((B, D), 1)), torch.tensor(fixed((B, H), 2))
    _, h = layer(x[None], h_prev[None])
    show("expected_h", h[0])


if __name__ == "__main__":
    for name in sys.argv[1:] or ["ex01"]:
        print(f"# --- {name}")
        globals()[name]()
