"""RNN problems, torch oracles and known-wrong variants for the hidden tests."""
import numpy as np
import torch

from autograder.hidden._common import normal, rng


def problem(seed, T, B, D, H, dtype=np.float64):
    r = rng(seed)
    p = dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H), W_x=normal(r, H, D),
             W_h=normal(r, H, H), b=normal(r, H))
    return {k: v.astype(dtype) for k, v in p.items()}


def torch_forward(x, h0, W_x, W_h, b):
    """hs (T, B, H) from torch.nn.RNN with the weights copied in (float64)."""
    layer = torch.nn.RNN(W_x.shape[1], W_x.shape[0]).double()
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(W_x))
        layer.weight_hh_l0.copy_(torch.tensor(W_h))
        layer.bias_ih_l0.copy_(torch.tensor(b))
        layer.bias_hh_l0.zero_()
        hs, _ = layer(torch.tensor(x, dtype=torch.float64), torch.tensor(h0)[None])
    return hs.numpy()


def step_variants(x, h_prev, W_x, W_h, b):
    """{mistake: h} for the mistakes learners make in one step."""
    z = x @ W_x.T + h_prev @ W_h.T + b
    return {
        "the tanh is missing (h = x W_xᵀ + h_prev W_hᵀ + b)": z,
        "the bias b is missing": np.tanh(x @ W_x.T + h_prev @ W_h.T),
        "the recurrent term h_prev W_hᵀ is missing": np.tanh(x @ W_x.T + b),
        "a sigmoid is used instead of tanh": 0.5 * (1 + np.tanh(0.5 * z)),
        "W_h is used untransposed (h_prev W_h instead of h_prev W_hᵀ)":
            np.tanh(x @ W_x.T + h_prev @ W_h + b),
    }


def forward_variants(x, h0, W_x, W_h, b):
    """{mistake: hs} for the mistakes learners make over a sequence."""
    T = x.shape[0]
    step = lambda xt, h: np.tanh(xt @ W_x.T + h @ W_h.T + b)
    zeros, carried, same_h0, shifted = [], [], [], [h0]
    hz, hc = np.zeros_like(h0), h0
    for t in range(T):
        hz = step(x[t], hz)
        zeros.append(hz)
        same_h0.append(step(x[t], h0))
        hc = step(x[t], hc)
        carried.append(hc)
    shifted += carried[:-1]
    return {
        "h0 is ignored (the first step starts from zeros)": np.stack(zeros),
        "the hidden state is not carried: every step starts from h0": np.stack(same_h0),
        "hs is shifted by one step: hs[0] should be the state after x[0], not h0":
            np.stack(shifted),
    }
