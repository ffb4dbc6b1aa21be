"""Oracles for the reference solutions: torch's own RNN, LSTM and GRU
(``oracle.torch_layers``), in the form these tests read them: the outputs and
{name: gradient of sum(output ⊙ upstream)} for every input and parameter.
Nothing here calls ``solutions``.
"""
from types import SimpleNamespace

import numpy as np
import pytest

from oracle import torch_layers


def _upstream(dhs, x, h0):
    return dhs if dhs is not None else np.zeros(x.shape[:2] + h0.shape[-1:])


def torch_rnn(x, h0, W_x, W_h, b, dhs=None):
    """nn.RNN (tanh) with bias_ih = b, bias_hh = 0. Returns hs (T, B, H) and
    the gradients of sum(hs ⊙ dhs)."""
    args = dict(x=x, h0=h0, W_x=W_x, W_h=W_h, b=b)
    grads = torch_layers.torch_rnn_grads(*args.values(), _upstream(dhs, x, h0))
    return torch_layers.torch_rnn_forward(*args.values()), dict(zip(args, grads))


def torch_lstm(x, h0, c0, W_x, W_h, b, dhs=None, dc_last=None):
    """nn.LSTM with bias_ih = b, bias_hh = 0. Returns hs (T, B, H), c_T (B, H)
    and the gradients of sum(hs ⊙ dhs) + sum(c_T ⊙ dc_last)."""
    args = dict(x=x, h0=h0, c0=c0, W_x=W_x, W_h=W_h, b=b)
    grads = torch_layers.torch_lstm_grads(*args.values(), _upstream(dhs, x, h0), dc_last)
    hs, cs = torch_layers.torch_lstm_forward(*args.values())
    return hs, cs[-1], dict(zip(args, grads))


def torch_gru(x, h0, W_x, W_h, b_x, b_h, dhs=None):
    """nn.GRU with the given weights. Returns hs (T, B, H) and the gradients
    of sum(hs ⊙ dhs)."""
    args = dict(x=x, h0=h0, W_x=W_x, W_h=W_h, b_x=b_x, b_h=b_h)
    grads = torch_layers.torch_gru_grads(*args.values(), _upstream(dhs, x, h0))
    return torch_layers.torch_gru_forward(*args.values()), dict(zip(args, grads))


def problem(seed, T, B, D, H, gates, scale=0.5, dtype=np.float64):
    """Random inputs and weights: x (T, B, D), h0 and c0 (B, H),
    W_x (gates·H, D), W_h (gates·H, H), b and b_h (gates·H,)."""
    rng = np.random.default_rng(seed)
    r = lambda *s: (scale * rng.standard_normal(s)).astype(dtype)
    return SimpleNamespace(x=r(T, B, D), h0=r(B, H), c0=r(B, H), W_x=r(gates * H, D),
                           W_h=r(gates * H, H), b=r(gates * H), b_h=r(gates * H),
                           dhs=r(T, B, H), dh=r(B, H), dc=r(B, H))


@pytest.fixture(scope="session")
def oracle():
    return SimpleNamespace(rnn=torch_rnn, lstm=torch_lstm, gru=torch_gru, problem=problem)
