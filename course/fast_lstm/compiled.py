"""The element-wise cell fused by ``torch.compile``, and a hand-written
backward pass around it.

``torch.compile`` traces a Python function into a graph and hands it to
inductor, which writes one kernel for the whole chain of element-wise
operations: a Triton kernel on a GPU, a C++ loop on a CPU. Shapes and
signature of the variants: see ``course.fast_lstm``.
"""
import torch

from course.fast_lstm.eager import gates, hoisted_with
from course.fast_lstm.recurrence import lstm_function


def compile_on_first_call(fn):
    """``torch.compile(fn)``, built on the first call: importing this module
    stays cheap, and nothing is compiled unless a variant runs. Shapes are
    dynamic from the start, so one compiled kernel serves every (B, H)."""
    compiled = None

    def call(*args):
        nonlocal compiled
        if compiled is None:
            compiled = torch.compile(fn, dynamic=True, fullgraph=True)
        return compiled(*args)
    call.__name__, call.__doc__ = fn.__name__, fn.__doc__
    return call


cell = compile_on_first_call(gates)
"""The element-wise cell of ``course.fast_lstm.eager``, compiled: z (B, 4H),
c_prev (B, H) -> (h, c)."""


@compile_on_first_call
def cell_saving(z, c_prev):
    """Like ``cell`` but also returns what the backward pass needs:
    h, c and (i, f, g, o, tanh(c)), each (B, H)."""
    i, f, g, o = z.chunk(4, 1)
    i = torch.sigmoid(i)
    f = torch.sigmoid(f)
    g = torch.tanh(g)
    o = torch.sigmoid(o)
    c = f * c_prev + i * g
    tanh_c = torch.tanh(c)
    return o * tanh_c, c, i, f, g, o, tanh_c


@compile_on_first_call
def cell_backward_math(dh_out, dh_next, dc, i, f, g, o, tanh_c, c_prev):
    """Backward through one cell, all arguments (B, H). Returns dz (B, 4H),
    the gradient of the pre-activation, and dc_prev (B, H)."""
    dh = dh_out + dh_next
    dc = dc + dh * o * (1 - tanh_c * tanh_c)
    dz = torch.cat([dc * g * i * (1 - i),          # through σ(z_i)
                    dc * c_prev * f * (1 - f),     # through σ(z_f)
                    dc * i * (1 - g * g),          # through tanh(z_g)
                    dh * tanh_c * o * (1 - o)], 1)  # through σ(z_o)
    return dz, dc * f


def fused_cell(x, h0, c0, W_x, W_h, b_x, b_h):
    """``hoisted`` with the element-wise cell compiled by ``torch.compile``:
    one kernel per step for the cell, and autograd's backward of it
    (compiled too, by AOTAutograd) one kernel per step as well."""
    return hoisted_with("fused_cell", cell, x, h0, c0, W_x, W_h, b_x, b_h)


def steps_forward(z_x, h0, c0, W_h):
    """The recurrence with the compiled cell; saves (i, f, g, o, tanh c) per
    step. Shapes: see ``course.fast_lstm.recurrence``."""
    h, c = h0, c0
    hs, cs, saved = [h0], [c0], []
    W_hT = W_h.T
    for z_t in z_x.unbind(0):
        h, c, *gates = cell_saving(torch.addmm(z_t, h, W_hT), c)
        hs.append(h)
        cs.append(c)
        saved.append(gates)
    return torch.stack(hs), torch.stack(cs), saved


def cell_backward(dh_out, dh_next, dc, saved_t, c_t, c_prev):
    """``cell_backward_math`` in the form ``course.fast_lstm.recurrence`` calls."""
    return cell_backward_math(dh_out, dh_next, dc, *saved_t, c_prev)


CustomBackward = lstm_function("custom_backward", steps_forward, cell_backward)


def custom_backward(x, h0, c0, W_x, W_h, b_x, b_h):
    """The compiled cell in a ``torch.autograd.Function`` whose backward is
    written by hand (see ``course.fast_lstm.recurrence``): per step one
    fused cell kernel and one product, forward and backward."""
    return CustomBackward.apply(x, h0, c0, W_x, W_h, b_x, b_h)
