"""GRU problems, torch oracles and known-wrong variants for the hidden tests."""
import numpy as np
import torch

from autograder.hidden._common import normal, rng, sigmoid


def problem(seed, T, B, D, H, dtype=np.float64):
    r = rng(seed)
    p = dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H), W_x=normal(r, 3 * H, D),
             W_h=normal(r, 3 * H, H), b_x=normal(r, 3 * H), b_h=normal(r, 3 * H))
    return {k: v.astype(dtype) for k, v in p.items()}


ARGS = ("x", "h0", "W_x", "W_h", "b_x", "b_h")


def torch_gru(W_x, W_h, b_x, b_h):
    layer = torch.nn.GRU(W_x.shape[1], W_h.shape[1]).double()
    with torch.no_grad():
        for name, value in (("weight_ih_l0", W_x), ("weight_hh_l0", W_h), ("bias_ih_l0", b_x),
                            ("bias_hh_l0", b_h)):
            getattr(layer, name).copy_(torch.tensor(value))
    return layer


def torch_forward(x, h0, W_x, W_h, b_x, b_h):
    with torch.no_grad():
        hs, _ = torch_gru(W_x, W_h, b_x, b_h)(torch.tensor(x, dtype=torch.float64),
                                              torch.tensor(h0, dtype=torch.float64)[None])
    return hs.numpy()


def torch_grads(x, h0, W_x, W_h, b_x, b_h, dhs):
    """dx, dh0, dW_x, dW_h, db_x, db_h of Σ hs·dhs by autograd through nn.GRU."""
    layer = torch_gru(W_x, W_h, b_x, b_h)
    xt = torch.tensor(x, dtype=torch.float64, requires_grad=True)
    h0t = torch.tensor(h0, dtype=torch.float64, requires_grad=True)
    hs, _ = layer(xt, h0t[None])
    (hs * torch.tensor(dhs)).sum().backward()
    return (xt.grad.numpy(), h0t.grad.numpy()) + tuple(
        getattr(layer, n).grad.numpy() for n in ("weight_ih_l0", "weight_hh_l0", "bias_ih_l0",
                                                 "bias_hh_l0"))


def variant_step(x, h_prev, W_x, W_h, b_x, b_h, order="rzn", swap_z=False, reset_before=False,
                 merged_bias=False):
    H = h_prev.shape[1]
    a_x, a_h = x @ W_x.T + b_x, h_prev @ W_h.T + b_h
    blk = lambda a, name: a[:, order.index(name) * H:(order.index(name) + 1) * H]
    r = sigmoid(blk(a_x, "r") + blk(a_h, "r"))
    z = sigmoid(blk(a_x, "z") + blk(a_h, "z"))
    k = order.index("n")
    W_hn, b_hn = W_h[k * H:(k + 1) * H], b_h[k * H:(k + 1) * H]
    if reset_before:
        n = np.tanh(blk(a_x, "n") + (r * h_prev) @ W_hn.T + b_hn)
    elif merged_bias:
        n = np.tanh(blk(a_x, "n") + b_hn + r * (h_prev @ W_hn.T))
    else:
        n = np.tanh(blk(a_x, "n") + r * blk(a_h, "n"))
    return z * n + (1 - z) * h_prev if swap_z else (1 - z) * n + z * h_prev


STEP_MISTAKES = {
    "z and 1 − z are swapped: torch uses h = (1 − z)·n + z·h_prev": dict(swap_z=True),
    "the reset gate multiplies h_prev before W_hn; torch applies it to (h_prev W_hnᵀ + b_hn)":
        dict(reset_before=True),
    "b_hn is added outside the reset gate; torch computes r·(h_prev W_hnᵀ + b_hn)":
        dict(merged_bias=True),
    "the gate blocks are taken in the order z, r, n; torch's order is r, z, n": dict(order="zrn"),
}


def step_variants(x, h_prev, W_x, W_h, b_x, b_h):
    return {m: variant_step(x, h_prev, W_x, W_h, b_x, b_h, **kw) for m, kw in STEP_MISTAKES.items()}


def forward_variants(x, h0, W_x, W_h, b_x, b_h):
    def run(h, carry=True, **kw):
        out = []
        for t in range(x.shape[0]):
            h = variant_step(x[t], h if carry else h0, W_x, W_h, b_x, b_h, **kw)
            out.append(h)
        return np.stack(out)
    variants = {"h0 is ignored (the first step starts from zeros)": run(np.zeros_like(h0)),
                "the state is not carried: every step starts from h0": run(h0, carry=False)}
    variants.update({m: run(h0, **kw) for m, kw in STEP_MISTAKES.items()})
    return variants


def variant_backward(x, h0, W_x, W_h, b_x, b_h, dhs, accumulate=True, carry=True, direct=True):
    """BPTT of the GRU with a known mistake; returns dx, dh0, dW_x, dW_h, db_x, db_h."""
    H = h0.shape[1]
    steps, h = [], h0
    for t in range(x.shape[0]):
        a_x, a_h = x[t] @ W_x.T + b_x, h @ W_h.T + b_h
        r = sigmoid(a_x[:, :H] + a_h[:, :H])
        z = sigmoid(a_x[:, H:2 * H] + a_h[:, H:2 * H])
        n = np.tanh(a_x[:, 2 * H:] + r * a_h[:, 2 * H:])
        steps.append((h, r, z, n, a_h[:, 2 * H:]))
        h = (1 - z) * n + z * h
    dx = np.zeros_like(x)
    grads = [np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b_x), np.zeros_like(b_h)]
    dh_next = np.zeros_like(h0)
    for t in reversed(range(x.shape[0])):
        h_prev, r, z, n, a_hn = steps[t]
        dh = dhs[t] + (dh_next if carry else 0)
        dn_pre = dh * (1 - z) * (1 - n * n)
        dr_pre = dn_pre * a_hn * r * (1 - r)
        dz_pre = dh * (h_prev - n) * z * (1 - z)
        da_x = np.concatenate([dr_pre, dz_pre, dn_pre], axis=1)
        da_h = np.concatenate([dr_pre, dz_pre, dn_pre * r], axis=1)
        dx[t] = da_x @ W_x
        dh_next = da_h @ W_h + (dh * z if direct else 0)
        step = [da_x.T @ x[t], da_h.T @ h_prev, da_x.sum(axis=0), da_h.sum(axis=0)]
        grads = [g + s for g, s in zip(grads, step)] if accumulate else step
    return (dx, dh_next, *grads)


BACKWARD_MISTAKES = {
    "the weight gradients are not accumulated over time (only one step's is kept)":
        dict(accumulate=False),
    "the carry from step t+1 is dropped (dh at step t must add dh_prev from t+1)":
        dict(carry=False),
    "dh_prev misses the direct path z·dh (h = (1 − z)·n + z·h_prev)": dict(direct=False),
}


def backward_variants(x, h0, W_x, W_h, b_x, b_h, dhs, k):
    return {m: variant_backward(x, h0, W_x, W_h, b_x, b_h, dhs, **kw)[k]
            for m, kw in BACKWARD_MISTAKES.items()}
