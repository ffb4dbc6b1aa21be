"""RNN problems, torch oracles and known-wrong variants for the hidden tests."""
import numpy as np
import torch

from autograder.hidden._common import normal, rng


def problem(seed, T, B, D, H, dtype=np.float64):
    r = rng(seed)
    p = dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H), W_x=normal(r, H, D),
             W_h=normal(r, H, H), b=normal(r, H))
    return {k: v.astype(dtype) for k, v in p.items()}


def _torch_rnn(W_x, W_h, b):
    """A float64 torch.nn.RNN holding W_x, W_h, b (bias_hh = 0)."""
    layer = torch.nn.RNN(W_x.shape[1], W_x.shape[0]).double()
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(W_x))
        layer.weight_hh_l0.copy_(torch.tensor(W_h))
        layer.bias_ih_l0.copy_(torch.tensor(b))
        layer.bias_hh_l0.zero_()
    return layer


def torch_forward(x, h0, W_x, W_h, b):
    """hs (T, B, H) from torch.nn.RNN with the weights copied in (float64)."""
    layer = _torch_rnn(W_x, W_h, b)
    with torch.no_grad():
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


def variant_backward(x, h0, W_x, W_h, b, dhs, accumulate=True, carry=True, tanh_deriv="1-h^2"):
    """BPTT of the tanh RNN with a known mistake switched on;
    returns dx, dh0, dW_x, dW_h, db."""
    hs, h = [], h0
    for t in range(x.shape[0]):
        h = np.tanh(x[t] @ W_x.T + h @ W_h.T + b)
        hs.append(h)
    dx = np.zeros_like(x)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(x.shape[0])):
        dh = dhs[t] + (dh_next if carry else 0)
        deriv = {"1-h^2": 1 - hs[t] ** 2, "1-h": 1 - hs[t], "none": 1.0}[tanh_deriv]
        dz = dh * deriv
        h_prev = hs[t - 1] if t > 0 else h0
        dx[t] = dz @ W_x
        dh_next = dz @ W_h
        grads = (dz.T @ x[t], dz.T @ h_prev, dz.sum(axis=0))
        if accumulate:
            dW_x, dW_h, db = dW_x + grads[0], dW_h + grads[1], db + grads[2]
        else:
            dW_x, dW_h, db = grads
    return dx, dh_next, dW_x, dW_h, db


STEP_BACKWARD_MISTAKES = {
    "the tanh derivative is missing (dz = dh instead of dh·(1 − h²))": dict(tanh_deriv="none"),
    "the tanh derivative is taken as 1 − h; it is 1 − h²": dict(tanh_deriv="1-h"),
}

BACKWARD_MISTAKES = dict(STEP_BACKWARD_MISTAKES, **{
    "the weight gradients are not accumulated over time (only one step's is kept)":
        dict(accumulate=False),
    "the carry from step t+1 is dropped (dh at step t must add dh_prev from t+1)":
        dict(carry=False),
})


def backward_variants(mistakes, x, h0, W_x, W_h, b, dhs, k):
    return {m: variant_backward(x, h0, W_x, W_h, b, dhs, **kw)[k] for m, kw in mistakes.items()}


def torch_grads(x, h0, W_x, W_h, b, dhs):
    """dx, dh0, dW_x, dW_h, db of Σ hs·dhs by torch autograd through nn.RNN."""
    layer = _torch_rnn(W_x, W_h, b)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    h0t = torch.tensor(h0, dtype=torch.float64, requires_grad=True)
    hs, _ = layer(xt, h0t[None])
    (hs * torch.tensor(dhs)).sum().backward()
    return (xt.grad.numpy(), h0t.grad.numpy(), layer.weight_ih_l0.grad.numpy(),
            layer.weight_hh_l0.grad.numpy(), layer.bias_ih_l0.grad.numpy())
