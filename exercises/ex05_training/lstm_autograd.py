"""A working LSTM forward and backward pass computed by PyTorch.

Use these if your own ``lstm_forward`` / ``lstm_backward`` from exercises 03
and 04 are not finished: they take and return NumPy arrays with the same
shapes, conventions (gate order i, f, g, o; b = bias_ih + bias_hh) and
calling pattern. The forward pass runs PyTorch's LSTM cell one step at a time;
the backward pass asks autograd for the gradients.
"""
import numpy as np
import torch


def lstm_forward(x, h0, c0, W_x, W_h, b):
    """x (T, B, D), h0 and c0 (B, H), W_x (4H, D), W_h (4H, H), b (4H,).
    Returns hs (T, B, H), cs (T, B, H) and a cache for ``lstm_backward``."""
    leaves = [torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True)
              for a in (x, h0, c0, W_x, W_h, b)]
    xt, h, c, W_xt, W_ht, bt = leaves
    no_bias = torch.zeros_like(bt)
    hs, cs = [], []
    for t in range(xt.shape[0]):
        h, c = torch.lstm_cell(xt[t], (h, c), W_xt, W_ht, bt, no_bias)
        hs.append(h)
        cs.append(c)
    hs, cs = torch.stack(hs), torch.stack(cs)
    dtype = np.result_type(x, W_x)
    cache = (leaves, hs, cs, dtype)
    return hs.detach().numpy().astype(dtype), cs.detach().numpy().astype(dtype), cache


def lstm_backward(dhs, cache, dc_last=None):
    """dhs (T, B, H) gradient of every hidden state, dc_last (B, H) optional
    gradient of the final cell state. Returns dx, dh0, dc0, dW_x, dW_h, db."""
    leaves, hs, cs, dtype = cache
    outputs, grads = [hs], [torch.tensor(np.asarray(dhs, dtype=np.float64))]
    if dc_last is not None:
        outputs.append(cs[-1])
        grads.append(torch.tensor(np.asarray(dc_last, dtype=np.float64)))
    result = torch.autograd.grad(outputs, leaves, grads, retain_graph=True, allow_unused=True)
    return tuple(np.zeros(l.shape, dtype) if g is None else g.numpy().astype(dtype)
                 for g, l in zip(result, leaves))


def clip_grad_norm(grads, max_norm):
    """Scale the arrays in ``grads`` in place so that their joint norm is at
    most max_norm (``torch.nn.utils.clip_grad_norm_``); returns the norm
    before clipping."""
    tensors = []
    for g in grads:
        t = torch.zeros(g.shape, dtype=torch.float64)
        t.grad = torch.from_numpy(g)           # shares memory: clipping writes into g
        tensors.append(t)
    return float(torch.nn.utils.clip_grad_norm_(tensors, max_norm))
