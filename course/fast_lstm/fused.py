"""Fused element-wise cell (TorchScript) and a hand-written backward pass.

Shapes and signature: see ``course.fast_lstm``. ``SCRIPTED`` says whether
TorchScript compiled the element-wise functions; if it could not, they run
as plain PyTorch (same results, no fusion).
"""
import warnings

import torch

from course.fast_lstm.checks import check_args


def _script(fn):
    """``torch.jit.script(fn)``, or ``fn`` itself where TorchScript is missing."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")        # torch.jit is deprecated in torch ≥ 2.10
        try:
            return torch.jit.script(fn), True
        except Exception:                      # noqa: BLE001 (any compiler failure)
            return fn, False


def _cell(z, c_prev):
    """z (B, 4H) pre-activation, c_prev (B, H). Returns the new (h, c)."""
    i, f, g, o = z.chunk(4, 1)
    c = torch.sigmoid(f) * c_prev + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def _cell_saving(z, c_prev):
    """Like ``_cell`` but also returns what the backward pass needs:
    h, c, tanh(c) and the activated gates i, f, g, o, each (B, H)."""
    i, f, g, o = z.chunk(4, 1)
    i = torch.sigmoid(i)
    f = torch.sigmoid(f)
    g = torch.tanh(g)
    o = torch.sigmoid(o)
    c = f * c_prev + i * g
    tanh_c = torch.tanh(c)
    return o * tanh_c, c, tanh_c, i, f, g, o


def _cell_backward(dh_out, dh_next, dc, i, f, g, o, tanh_c, c_prev):
    """Backward through one cell. dh_out: gradient of this step's output h,
    dh_next: gradient reaching h through the next step, dc: gradient of c
    from the next step (all (B, H)). Returns dz (B, 4H), the gradient of the
    pre-activation, and dc_prev (B, H)."""
    dh = dh_out + dh_next
    dc = dc + dh * o * (1 - tanh_c * tanh_c)
    dz = torch.cat([dc * g * i * (1 - i),          # through σ(z_i)
                    dc * c_prev * f * (1 - f),     # through σ(z_f)
                    dc * i * (1 - g * g),          # through tanh(z_g)
                    dh * tanh_c * o * (1 - o)], 1)  # through σ(z_o)
    return dz, dc * f


_cell, _ok1 = _script(_cell)
_cell_saving, _ok2 = _script(_cell_saving)
_cell_backward, _ok3 = _script(_cell_backward)
SCRIPTED = _ok1 and _ok2 and _ok3


def fused_cell(x, h0, c0, W_x, W_h, b_ih, b_hh):
    """``hoisted`` with the element-wise cell as one TorchScript function.
    On a GPU, TorchScript fuses its sigmoids, tanhs and products (and those
    of its autograd backward) into single kernels after a few calls; on a
    CPU it only saves Python overhead."""
    T, B, D, H = check_args("fused_cell", x, h0, c0, W_x, W_h, b_ih, b_hh)
    z_x = torch.addmm(b_ih + b_hh, x.reshape(T * B, D), W_x.T).view(T, B, 4 * H)
    h, c, hs = h0, c0, []
    for z_t in z_x.unbind(0):          # see ``hoisted`` for why not z_x[t]
        h, c = _cell(torch.addmm(z_t, h, W_h.T), c)
        hs.append(h)
    return torch.stack(hs), h, c


class _LSTMFunction(torch.autograd.Function):
    """Forward saves the activated gates; backward loops over time only for
    dz and dh, then forms dx, dW_x, dW_h and db with one product each."""

    @staticmethod
    def forward(ctx, x, h0, c0, W_x, W_h, b_ih, b_hh):
        T, B, D, H = check_args("custom_backward", x, h0, c0, W_x, W_h, b_ih, b_hh)
        z_x = torch.addmm(b_ih + b_hh, x.reshape(T * B, D), W_x.T).view(T, B, 4 * H)
        W_hT = W_h.T
        h, c = h0, c0
        hs, cs, saved = [], [], []
        for t in range(T):
            h, c, tanh_c, i, f, g, o = _cell_saving(torch.addmm(z_x[t], h, W_hT), c)
            hs.append(h)
            cs.append(c)
            saved.append((i, f, g, o, tanh_c))
        hs = torch.stack(hs)
        ctx.save_for_backward(x, h0, c0, W_x, W_h, hs)
        ctx.saved = saved
        ctx.cs = cs[:-1]               # c_1 … c_{T-1}; c_T is an output
        return hs, h, c

    @staticmethod
    def backward(ctx, d_hs, d_hn, d_cn):
        x, h0, c0, W_x, W_h, hs = ctx.saved_tensors
        T, B, D = x.shape
        H = h0.shape[1]
        dz = [None] * T
        dh, dc = d_hn, d_cn            # gradients reaching h_T and c_T directly
        for t in reversed(range(T)):
            c_prev = ctx.cs[t - 1] if t > 0 else c0
            dz[t], dc = _cell_backward(d_hs[t], dh, dc, *ctx.saved[t], c_prev)
            dh = dz[t] @ W_h
        dz = torch.stack(dz).view(T * B, 4 * H)
        need = ctx.needs_input_grad
        dx = (dz @ W_x).view(T, B, D) if need[0] else None
        dW_x = dz.T @ x.reshape(T * B, D) if need[3] else None
        dW_h = None
        if need[4]:
            h_prevs = torch.cat([h0[None], hs[:-1]])       # (T, B, H)
            dW_h = dz.T @ h_prevs.view(T * B, H)
        db = dz.sum(0)
        return (dx, dh if need[1] else None, dc if need[2] else None, dW_x, dW_h,
                db if need[5] else None, db.clone() if need[6] else None)


def custom_backward(x, h0, c0, W_x, W_h, b_ih, b_hh):
    """Fused forward cell plus a hand-written backward pass (see
    ``_LSTMFunction``); on a GPU its backward cell is one fused kernel too."""
    return _LSTMFunction.apply(x, h0, c0, W_x, W_h, b_ih, b_hh)
