"""Oracles for the reference solutions: torch's own RNN, LSTM and GRU.

Every oracle takes NumPy arrays in the course's convention, copies them into
the torch module through ``torch.func.functional_call`` and returns the
outputs together with autograd's gradients of sum(output ⊙ upstream) with
respect to every input and parameter. Nothing here calls ``solutions``.
"""
from types import SimpleNamespace

import numpy as np
import pytest
import torch
from torch.func import functional_call


def _run(module, names, build_call, arrays, upstreams):
    """Run ``module`` with its parameters replaced by tensors made from
    ``arrays`` (``names`` maps parameter name -> array key, or None for
    zeros) and return the outputs and the gradient of
    sum(output ⊙ upstream) with respect to every array."""
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in arrays.items()}
    params = {name: tensors[names[name]] if names[name] else torch.zeros_like(p)
              for name, p in module.named_parameters()}
    outs = build_call(lambda *a: functional_call(module, params, a), tensors)
    loss = sum((o * torch.tensor(u)).sum() for o, u in zip(outs, upstreams) if u is not None)
    loss.backward()
    grads = {k: t.grad.numpy() if t.grad is not None else np.zeros_like(arrays[k])
             for k, t in tensors.items()}
    return [o.detach().numpy() for o in outs], grads


def torch_rnn(x, h0, W_x, W_h, b, dhs=None):
    """nn.RNN (tanh) with bias_ih = b, bias_hh = 0. Returns hs (T, B, H) and
    the gradients of sum(hs ⊙ dhs)."""
    D, H = x.shape[-1], h0.shape[-1]
    m = torch.nn.RNN(D, H).double()
    names = {"weight_ih_l0": "W_x", "weight_hh_l0": "W_h", "bias_ih_l0": "b", "bias_hh_l0": None}
    arrays = dict(x=x, h0=h0, W_x=W_x, W_h=W_h, b=b)
    (hs,), grads = _run(m, names, lambda call, t: (call(t["x"], t["h0"][None])[0],),
                        arrays, [dhs if dhs is not None else np.zeros(x.shape[:2] + (H,))])
    return hs, grads


def torch_lstm(x, h0, c0, W_x, W_h, b, dhs=None, dc_last=None):
    """nn.LSTM with bias_ih = b, bias_hh = 0. Returns hs (T, B, H), c_T (B, H)
    and the gradients of sum(hs ⊙ dhs) + sum(c_T ⊙ dc_last)."""
    D, H = x.shape[-1], h0.shape[-1]
    m = torch.nn.LSTM(D, H).double()
    names = {"weight_ih_l0": "W_x", "weight_hh_l0": "W_h", "bias_ih_l0": "b", "bias_hh_l0": None}
    arrays = dict(x=x, h0=h0, c0=c0, W_x=W_x, W_h=W_h, b=b)

    def call(run, t):
        out, (h_n, c_n) = run(t["x"], (t["h0"][None], t["c0"][None]))
        return out, c_n[0]

    T, B = x.shape[:2]
    ups = [dhs if dhs is not None else np.zeros((T, B, H)), dc_last]
    (hs, c_T), grads = _run(m, names, call, arrays, ups)
    return hs, c_T, grads


def torch_gru(x, h0, W_x, W_h, b_x, b_h, dhs=None):
    """nn.GRU with the given weights. Returns hs (T, B, H) and the gradients
    of sum(hs ⊙ dhs)."""
    D, H = x.shape[-1], h0.shape[-1]
    m = torch.nn.GRU(D, H).double()
    names = {"weight_ih_l0": "W_x", "weight_hh_l0": "W_h", "bias_ih_l0": "b_x", "bias_hh_l0": "b_h"}
    arrays = dict(x=x, h0=h0, W_x=W_x, W_h=W_h, b_x=b_x, b_h=b_h)
    (hs,), grads = _run(m, names, lambda call, t: (call(t["x"], t["h0"][None])[0],),
                        arrays, [dhs if dhs is not None else np.zeros(x.shape[:2] + (H,))])
    return hs, grads


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
