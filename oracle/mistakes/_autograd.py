"""Torch's recurrent cells one step at a time, unrolled with the changes a
mistake makes, and the NumPy arrays in and out.

Each cell is torch's own kernel (``torch.rnn_tanh_cell``, ``torch.lstm_cell``,
``torch.gru_cell``) with the course's weights: W_x (kH, D), W_h (kH, H) and
one bias b (kH,) as bias_ih with bias_hh = 0 (RNN, LSTM), or b_x and b_h
(GRU). A mistake inside a cell opens the gates with ``lstm_gates`` or
``gru_gates``; everything runs in float64.
"""
import numpy as np
import torch


def tensors(*arrays):
    """float64 tensors that record gradients, None kept as None."""
    return tuple(None if a is None else
                 torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=True) for a in arrays)


def arrays(*values):
    """NumPy arrays of tensors (detached)."""
    return tuple(v.detach().numpy() for v in values)


def rnn_cell(x, h_prev, W_x, W_h, b):
    """h (B, H) = tanh(x W_xᵀ + h_prev W_hᵀ + b), by torch."""
    return (torch.rnn_tanh_cell(x, h_prev, W_x, W_h, b, torch.zeros_like(b)),)


def lstm_cell(x, h_prev, c_prev, W_x, W_h, b):
    """h, c (B, H) of torch's LSTM step."""
    return torch.lstm_cell(x, (h_prev, c_prev), W_x, W_h, b, torch.zeros_like(b))


def gru_cell(x, h_prev, W_x, W_h, b_x, b_h):
    """h (B, H) of torch's GRU step."""
    return (torch.gru_cell(x, h_prev, W_x, W_h, b_x, b_h),)


def lstm_gates(x, h_prev, W_x, W_h, b):
    """i, f, g, o (B, H): σ, σ, tanh, σ of the blocks of x W_xᵀ + h_prev W_hᵀ + b."""
    i, f, g, o = (x @ W_x.T + h_prev @ W_h.T + b).chunk(4, dim=1)
    return i.sigmoid(), f.sigmoid(), g.tanh(), o.sigmoid()


def gru_gates(x, h_prev, W_x, W_h, b_x, b_h):
    """r, z (B, H) and the blocks n of a_x = x W_xᵀ + b_x and a_h = h_prev W_hᵀ + b_h."""
    a_xr, a_xz, a_xn = (x @ W_x.T + b_x).chunk(3, dim=1)
    a_hr, a_hz, a_hn = (h_prev @ W_h.T + b_h).chunk(3, dim=1)
    return (a_xr + a_hr).sigmoid(), (a_xz + a_hz).sigmoid(), a_xn, a_hn


def swap_blocks(n, k, j, *weights):
    """``weights`` stacked from n gate blocks along their first axis, with
    blocks k and j exchanged: what a reader taking the blocks in the other
    order would need to compute what torch computes."""
    out = []
    for w in weights:
        blocks = list(w.chunk(n, dim=0))
        blocks[k], blocks[j] = blocks[j], blocks[k]
        out.append(torch.cat(blocks))
    return tuple(out)


def unroll(step, x, state, params, carry=None, params_after_first=None):
    """Run ``step(x_t, *state, *params) -> state`` over x (T, B, D).

    ``carry(state)`` is what the next step starts from (default: the state);
    ``params_after_first`` the parameters of every step after the first
    (default: ``params``). Returns the states of every step, stacked:
    a tuple of (T, B, H) tensors.
    """
    states = []
    for t in range(x.shape[0]):
        out = step(x[t], *state, *(params if t == 0 or params_after_first is None
                                    else params_after_first))
        states.append(out)
        state = out if carry is None else carry(out)
    return tuple(torch.stack(s) for s in zip(*states))


def over_sequence(step, n_states):
    """``step`` run over the sequence: the function (x, *states0, *params)
    -> the stacked states, x (T, B, D), with n_states states (h, or h and c)."""
    def sequence(x, *args):
        return unroll(step, x, args[:n_states], args[n_states:])
    return sequence


def dot(value, upstream):
    """Σ value ⊙ upstream (a NumPy array, or None for no gradient)."""
    if upstream is None:
        return torch.zeros(())
    return (value * torch.tensor(np.asarray(upstream, dtype=np.float64))).sum()


def numpy_outputs(fn):
    """``fn`` (tensors -> tensors) as a function of NumPy arrays returning NumPy arrays."""
    def outputs(*args):
        return arrays(*fn(*tensors(*args)))
    return outputs


def numpy_grads(fn, loss, n_inputs):
    """The function (*inputs, *upstream) -> the gradients of
    ``loss(fn(*inputs), *upstream)`` with respect to each input, as NumPy
    arrays (zeros for an input the loss does not depend on)."""
    def gradients(*args):
        inputs = tensors(*args[:n_inputs])
        total = loss(fn(*inputs), *args[n_inputs:])
        found = torch.autograd.grad(total, inputs, allow_unused=True)
        return tuple((torch.zeros_like(a) if g is None else g).numpy()
                     for a, g in zip(inputs, found))
    return gradients
