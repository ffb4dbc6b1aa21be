"""LSTM problems, torch oracles and known-wrong variants for the hidden tests."""
import numpy as np
import torch

from autograder.hidden._common import normal, rng, sigmoid


def problem(seed, T, B, D, H, dtype=np.float64):
    r = rng(seed)
    p = dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H), c0=normal(r, B, H, scale=1.0),
             W_x=normal(r, 4 * H, D), W_h=normal(r, 4 * H, H), b=normal(r, 4 * H))
    return {k: v.astype(dtype) for k, v in p.items()}


def torch_lstm(W_x, W_h, b):
    layer = torch.nn.LSTM(W_x.shape[1], W_h.shape[1]).double()
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.tensor(W_x))
        layer.weight_hh_l0.copy_(torch.tensor(W_h))
        layer.bias_ih_l0.copy_(torch.tensor(b))
        layer.bias_hh_l0.zero_()
    return layer


def torch_forward(x, h0, c0, W_x, W_h, b):
    """hs, cs (T, B, H) from torch.nn.LSTM (cs by running one step at a time)."""
    layer = torch_lstm(W_x, W_h, b)
    h, c = torch.tensor(h0, dtype=torch.float64)[None], torch.tensor(c0, dtype=torch.float64)[None]
    hs, cs = [], []
    with torch.no_grad():
        for t in range(x.shape[0]):
            _, (h, c) = layer(torch.tensor(x[t:t + 1], dtype=torch.float64), (h, c))
            hs.append(h[0].numpy())
            cs.append(c[0].numpy())
    return np.stack(hs), np.stack(cs)


def torch_grads(x, h0, c0, W_x, W_h, b, dhs, dc_last=None):
    """Gradients of Σ hs·dhs (+ c_T·dc_last) by torch autograd through nn.LSTM:
    dx, dh0, dc0, dW_x, dW_h, db."""
    layer = torch_lstm(W_x, W_h, b)
    xt, h0t, c0t = (torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in (x, h0, c0))
    hs, (_, c_n) = layer(xt, (h0t[None], c0t[None]))
    loss = (hs * torch.tensor(dhs)).sum()
    if dc_last is not None:
        loss = loss + (c_n[0] * torch.tensor(dc_last)).sum()
    loss.backward()
    return (xt.grad.numpy(), h0t.grad.numpy(), c0t.grad.numpy(), layer.weight_ih_l0.grad.numpy(),
            layer.weight_hh_l0.grad.numpy(), layer.bias_ih_l0.grad.numpy())


def variant_step(x, h_prev, c_prev, W_x, W_h, b, order="ifgo", cell="standard", tanh_out=True):
    """One LSTM step with a known mistake: ``order`` of the gate blocks,
    ``cell`` in standard / no_forget / coupled, ``tanh_out`` False for h = o·c."""
    H = h_prev.shape[1]
    z = x @ W_x.T + h_prev @ W_h.T + b
    blocks = {name: z[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    i, f, o = sigmoid(blocks["i"]), sigmoid(blocks["f"]), sigmoid(blocks["o"])
    g = np.tanh(blocks["g"])
    if cell == "no_forget":
        c = c_prev + i * g
    elif cell == "no_c_prev":
        c = i * g
    elif cell == "coupled":
        c = f * c_prev + (1 - f) * g
    else:
        c = f * c_prev + i * g
    h = o * (np.tanh(c) if tanh_out else c)
    return h, c


STEP_MISTAKES = {
    "the gates are taken in the order i, f, o, g; torch's order is i, f, g, o": dict(order="ifog"),
    "the forget gate is missing (c = c_prev + i·g)": dict(cell="no_forget"),
    "c does not depend on c_prev (c = i·g): is the forget gate term f·c_prev missing?":
        dict(cell="no_c_prev"),
    "the input gate is coupled to the forget gate (c = f·c_prev + (1−f)·g)": dict(cell="coupled"),
    "h = o·c without the tanh (h = o·tanh(c))": dict(tanh_out=False),
}


def step_variants(x, h_prev, c_prev, W_x, W_h, b, which):
    """{mistake: h or c (which = 0 or 1)} for the known mistakes."""
    return {m: variant_step(x, h_prev, c_prev, W_x, W_h, b, **kw)[which]
            for m, kw in STEP_MISTAKES.items()}


def forward_variants(x, h0, c0, W_x, W_h, b, which):
    """{mistake: hs or cs} over a sequence, for step mistakes and for
    mistakes in the loop."""
    def run(h, c, carry=True, **kw):
        out = []
        for t in range(x.shape[0]):
            hn, cn = variant_step(x[t], h if carry else h0, c if carry else c0, W_x, W_h, b, **kw)
            h, c = hn, cn
            out.append((h, c)[which])
        return np.stack(out)
    variants = {
        "c0 is ignored (the first step starts from c = 0)": run(h0, np.zeros_like(c0)),
        "h0 is ignored (the first step starts from h = 0)": run(np.zeros_like(h0), c0),
        "the state is not carried: every step starts from h0, c0": run(h0, c0, carry=False),
    }
    variants.update({m: run(h0, c0, **kw) for m, kw in STEP_MISTAKES.items()})
    return variants


def _forward_record(x, h0, c0, W_x, W_h, b):
    H = h0.shape[1]
    h, c, steps = h0, c0, []
    for t in range(x.shape[0]):
        z = x[t] @ W_x.T + h @ W_h.T + b
        i, f, o = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H]), sigmoid(z[:, 3 * H:])
        g = np.tanh(z[:, 2 * H:3 * H])
        c_new = f * c + i * g
        steps.append(dict(x=x[t], h_prev=h, c_prev=c, i=i, f=f, g=g, o=o, tc=np.tanh(c_new)))
        h, c = o * np.tanh(c_new), c_new
    return steps


def variant_backward(x, h0, c0, W_x, W_h, b, dhs, dc_last=None, accumulate=True, carry_h=True,
                     carry_c=True, use_dc_last=True, tanh_deriv=True, times_f=True):
    """BPTT with a known mistake switched on; returns dx, dh0, dc0, dW_x, dW_h, db."""
    steps = _forward_record(x, h0, c0, W_x, W_h, b)
    dx = np.zeros_like(x)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros_like(b)
    dh_next = np.zeros_like(h0)
    dc_next = dc_last if (dc_last is not None and use_dc_last) else np.zeros_like(c0)
    for t in reversed(range(x.shape[0])):
        s = steps[t]
        dh = dhs[t] + (dh_next if carry_h else 0)
        dc = (dc_next if carry_c else 0) + dh * s["o"] * ((1 - s["tc"] ** 2) if tanh_deriv else 1)
        dz = np.concatenate([dc * s["g"] * s["i"] * (1 - s["i"]),
                             dc * s["c_prev"] * s["f"] * (1 - s["f"]),
                             dc * s["i"] * (1 - s["g"] ** 2),
                             dh * s["tc"] * s["o"] * (1 - s["o"])], axis=1)
        dx[t] = dz @ W_x
        dh_next = dz @ W_h
        dc_next = dc * s["f"] if times_f else dc
        grads = (dz.T @ s["x"], dz.T @ s["h_prev"], dz.sum(axis=0))
        if accumulate:
            dW_x, dW_h, db = dW_x + grads[0], dW_h + grads[1], db + grads[2]
        else:
            dW_x, dW_h, db = grads
    return dx, dh_next, dc_next, dW_x, dW_h, db


STEP_BACKWARD_MISTAKES = {
    "dc_last (the gradient of the final cell state) is ignored": dict(use_dc_last=False),
    "the gradient dc coming from the next step is ignored": dict(use_dc_last=False),
    "dc_prev = dc: it must be multiplied by the forget gate (dc_prev = dc·f)": dict(times_f=False),
    "the path from h to c lacks tanh' (dc += dh·o·(1 − tanh²(c)))": dict(tanh_deriv=False),
}

BACKWARD_MISTAKES = {
    "dc_last (the gradient of the final cell state) is ignored": dict(use_dc_last=False),
    "the parameter gradients are not accumulated over time (only one step's is kept)":
        dict(accumulate=False),
    "the carry from step t+1 through h is dropped (dh at step t must add dh_prev from t+1)":
        dict(carry_h=False),
    "the carry from step t+1 through the cell state is dropped (add dc_prev from t+1)":
        dict(carry_c=False),
    "dc_prev = dc: it must be multiplied by the forget gate (dc_prev = dc·f)": dict(times_f=False),
    "the path from h to c lacks tanh' (dc += dh·o·(1 − tanh²(c)))": dict(tanh_deriv=False),
}


def backward_variants(mistakes, x, h0, c0, W_x, W_h, b, dhs, dc_last, k):
    """{mistake: gradient number k} for the given mistakes."""
    return {m: variant_backward(x, h0, c0, W_x, W_h, b, dhs, dc_last, **kw)[k]
            for m, kw in mistakes.items()}
