"""Three eager LSTM loops: one matrix per gate, stacked gates, hoisted input
projection. Shapes and signature: see ``course.fast_lstm``."""
import torch

from course.fast_lstm.checks import check_args


def per_gate(x, h0, c0, W_x, W_h, b_x, b_h):
    """The textbook cell: eight weight matrices (W_ii, W_if, W_ig, W_io from
    W_x (4H, D); W_hi, ... from W_h (4H, H)), eight matrix products and about
    fifteen element-wise kernels per step. x (T, B, D), h0/c0 (B, H)."""
    check_args("per_gate", x, h0, c0, W_x, W_h, b_x, b_h)
    W_ii, W_if, W_ig, W_io = W_x.chunk(4)      # each (H, D)
    W_hi, W_hf, W_hg, W_ho = W_h.chunk(4)      # each (H, H)
    b_i, b_f, b_g, b_o = (b_x + b_h).chunk(4)
    h, c, hs = h0, c0, []
    for x_t in x:
        i = torch.sigmoid(x_t @ W_ii.T + h @ W_hi.T + b_i)
        f = torch.sigmoid(x_t @ W_if.T + h @ W_hf.T + b_f)
        g = torch.tanh(x_t @ W_ig.T + h @ W_hg.T + b_g)
        o = torch.sigmoid(x_t @ W_io.T + h @ W_ho.T + b_o)
        c = f * c + i * g
        h = o * torch.tanh(c)
        hs.append(h)
    return torch.stack(hs), h, c


def gates(z, c):
    """Element-wise cell: z (B, 4H) pre-activation, c (B, H) previous cell
    state. Returns the new (h, c)."""
    i, f, g, o = z.chunk(4, dim=1)
    c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
    return torch.sigmoid(o) * torch.tanh(c), c


def stacked(x, h0, c0, W_x, W_h, b_x, b_h):
    """Gates stacked in W_x (4H, D) and W_h (4H, H): two matrix products per
    step, z = x_t W_xᵀ + h W_hᵀ + b, then the element-wise cell."""
    check_args("stacked", x, h0, c0, W_x, W_h, b_x, b_h)
    b = b_x + b_h
    h, c, hs = h0, c0, []
    for x_t in x:
        z = torch.addmm(b, x_t, W_x.T) + h @ W_h.T     # (B, 4H)
        h, c = gates(z, c)
        hs.append(h)
    return torch.stack(hs), h, c


def hoisted(x, h0, c0, W_x, W_h, b_x, b_h):
    """The input projection of all T steps is one (T·B, D) × (D, 4H) product
    before the loop; inside it only h W_hᵀ remains, added by one addmm."""
    return hoisted_with("hoisted", gates, x, h0, c0, W_x, W_h, b_x, b_h)


def hoisted_with(name, cell, x, h0, c0, W_x, W_h, b_x, b_h):
    """``hoisted`` with ``cell(z (B, 4H), c (B, H)) -> (h, c)`` as its
    element-wise cell; ``name`` is the variant's, for error messages."""
    T, B, D, H = check_args(name, x, h0, c0, W_x, W_h, b_x, b_h)
    z_x = torch.addmm(b_x + b_h, x.reshape(T * B, D), W_x.T).view(T, B, 4 * H)
    h, c, hs = h0, c0, []
    # unbind, not z_x[t]: the backward of one indexing op writes a zero tensor
    # the size of all of z_x, so T of them would cost T² · B · 4H.
    for z_t in z_x.unbind(0):
        h, c = cell(torch.addmm(z_t, h, W_h.T), c)
        hs.append(h)
    return torch.stack(hs), h, c
