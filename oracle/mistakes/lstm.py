"""Known mistakes in the LSTM: in its graded functions ``lstm_step``,
``lstm_forward`` (exercise 03), ``lstm_step_backward``, ``lstm_backward``
(exercise 04) and in write-ups of the cell in circulation (chapter 4), each
computed by torch with one deliberate change.

The step functions below take tensors x (B, D), h_prev and c_prev (B, H),
W_x (4H, D), W_h (4H, H), b (4H,), gate blocks i, f, g, o as in
``torch.nn.LSTM``, and return (h, c), both (B, H); the sequence functions
take x (T, B, D), h0 and c0 (B, H) and return (hs, cs), both (T, B, H).
The right step:

    i, f, g, o = σ(z_i), σ(z_f), tanh(z_g), σ(z_o),   z = x W_xᵀ + h_prev W_hᵀ + b
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)

Every function named by a mistake also runs on NumPy arrays through
``oracle.mistakes.find("lstm_step", key)``; chapter 4 imports the NumPy
versions ``softmax_hidden``, ``coupled`` and so on from here.
"""
from functools import partial

import torch

from oracle.mistakes._autograd import (
    dot,
    lstm_cell,
    lstm_gates,
    numpy_grads,
    over_sequence,
    swap_blocks,
    unroll,
)
from oracle.mistakes._mistake import (
    Mistake,
    sequence_gradient_mistake,
    sequence_mistake,
    step_gradient_mistake,
    step_mistake,
)


def gate_order_ifog(x, h_prev, c_prev, W_x, W_h, b):
    """The blocks of z read as i, f, o, g: torch's cell with the blocks g and o swapped."""
    return lstm_cell(x, h_prev, c_prev, *swap_blocks(4, 2, 3, W_x, W_h, b))


def no_forget(x, h_prev, c_prev, W_x, W_h, b):
    """c = c_prev + i ⊙ g: the forget gate is missing."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = c_prev + i * g
    return o * c.tanh(), c


def no_c_prev(x, h_prev, c_prev, W_x, W_h, b):
    """c = i ⊙ g: the term f ⊙ c_prev is missing, as if c_prev were 0."""
    return lstm_cell(x, h_prev, torch.zeros_like(c_prev), W_x, W_h, b)


def coupled(x, h_prev, c_prev, W_x, W_h, b):
    """c = f ⊙ c_prev + (1 − f) ⊙ g: the coupled input-forget gate presented
    as the standard LSTM (the input gate block i is ignored)."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev + (1 - f) * g
    return o * c.tanh(), c


def no_tanh_on_c(x, h_prev, c_prev, W_x, W_h, b):
    """h = o ⊙ c: the tanh on the cell is missing."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev + i * g
    return o * c, c


def softmax_hidden(x, h_prev, c_prev, W_x, W_h, b):
    """h = softmax(o ⊙ tanh(c)) across the H units; c is right."""
    h, c = lstm_cell(x, h_prev, c_prev, W_x, W_h, b)
    return h.softmax(dim=1), c


def candidate_as_cell(x, h_prev, c_prev, W_x, W_h, b):
    """c = f ⊙ g + (1 − f) ⊙ c_prev: the candidate g taken for the memory."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * g + (1 - f) * c_prev
    return o * c.tanh(), c


def dc_prev_without_f(x, h_prev, c_prev, W_x, W_h, b):
    """dc_prev = dc instead of dc ⊙ f: c has its value, and its gradient
    reaches c_prev without the factor f."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev.detach() + (c_prev - c_prev.detach()) + i * g
    return o * c.tanh(), c


def no_tanh_derivative(x, h_prev, c_prev, W_x, W_h, b):
    """dc = dc_next + dh ⊙ o instead of dc_next + dh ⊙ o ⊙ (1 − tanh²(c)):
    h has the value o ⊙ tanh(c), and the derivative of o ⊙ c with respect to c."""
    i, f, g, o = lstm_gates(x, h_prev, W_x, W_h, b)
    c = f * c_prev + i * g
    return o * (c.tanh().detach() + c - c.detach()), c


def c0_ignored(x, h0, c0, W_x, W_h, b):
    """The first step starts from c = 0 instead of c0."""
    return unroll(lstm_cell, x, (h0, torch.zeros_like(c0)), (W_x, W_h, b))


def h0_ignored(x, h0, c0, W_x, W_h, b):
    """The first step starts from h = 0 instead of h0."""
    return unroll(lstm_cell, x, (torch.zeros_like(h0), c0), (W_x, W_h, b))


def not_carried(x, h0, c0, W_x, W_h, b):
    """Every step starts from h0, c0."""
    return unroll(lstm_cell, x, (h0, c0), (W_x, W_h, b), carry=lambda state: (h0, c0))


def not_accumulated(x, h0, c0, W_x, W_h, b):
    """dW_x, dW_h, db are those of step 0 alone (assigned, not added, going
    back in time): the parameters of every later step are constants."""
    params = (W_x, W_h, b)
    return unroll(lstm_cell, x, (h0, c0), params,
                  params_after_first=[p.detach() for p in params])


def carry_dropped(x, h0, c0, W_x, W_h, b):
    """dh_t = dhs[t] without the gradient from step t+1: each step starts
    from h_{t−1} with its gradient stopped."""
    return unroll(lstm_cell, x, (h0, c0), (W_x, W_h, b),
                  carry=lambda state: (state[0].detach(), state[1]))


def dc_carry_dropped(x, h0, c0, W_x, W_h, b):
    """dc_t lacks the gradient that reaches c_t from step t+1: each step
    starts from c_{t−1} with its gradient stopped (and the loss leaves
    dc_last out, see ``MISTAKES``)."""
    return unroll(lstm_cell, x, (h0, c0), (W_x, W_h, b),
                  carry=lambda state: (state[0], state[1].detach()))


def _step_loss(outputs, dh, dc):
    """Σ h ⊙ dh + Σ c ⊙ dc (dc may be None)."""
    return dot(outputs[0], dh) + dot(outputs[1], dc)


def _sequence_loss(outputs, dhs, dc_last=None):
    """Σ hs ⊙ dhs + Σ c_T ⊙ dc_last (dc_last may be None)."""
    return dot(outputs[0], dhs) + dot(outputs[1][-1], dc_last)


def _loss_without_dc_last(outputs, dhs, dc_last=None):
    """Σ hs ⊙ dhs: the gradient dc_last of the final cell never enters."""
    return dot(outputs[0], dhs)


_step = partial(step_mistake, ("lstm_step", "lstm_forward"), 2)
_step_backward = partial(step_gradient_mistake, ("lstm_step_backward", "lstm_backward"), 2,
                         (_step_loss, _sequence_loss))


_forward = partial(sequence_mistake, "lstm_forward")
_backward = partial(sequence_gradient_mistake, "lstm_backward", 6, _sequence_loss)
_backward_without_dc_last = partial(sequence_gradient_mistake, "lstm_backward", 6,
                                    _loss_without_dc_last)


GATE_ORDER = "the gates are taken in the order i, f, o, g; torch's order is i, f, g, o"

MISTAKES = [
    _step("gate_order_ifog", GATE_ORDER, gate_order_ifog),
    _step("no_forget", "the forget gate is missing (c = c_prev + i·g)", no_forget),
    _step("no_c_prev",
          "c does not depend on c_prev (c = i·g): is the forget gate term f·c_prev missing?",
          no_c_prev),
    _step("coupled", "the input gate is coupled to the forget gate (c = f·c_prev + (1−f)·g)",
          coupled),
    _step("no_tanh_on_c", "h = o·c without the tanh (h = o·tanh(c))", no_tanh_on_c),
    _step("softmax_hidden", "h = softmax(o·tanh(c)) across the units; h = o·tanh(c), each unit "
          "on its own", softmax_hidden),
    _step("candidate_as_cell", "the candidate g is taken for the memory (c = f·g + (1−f)·c_prev); "
          "c = f·c_prev + i·g", candidate_as_cell),
    _forward("c0_ignored", "c0 is ignored (the first step starts from c = 0)", c0_ignored),
    _forward("h0_ignored", "h0 is ignored (the first step starts from h = 0)", h0_ignored),
    _forward("not_carried", "the state is not carried: every step starts from h0, c0", not_carried),
    Mistake("lstm_forward", "float64_buffers", "hs and cs are float64 buffers whatever the dtype of x"),
    Mistake("lstm_step_backward", "dc_ignored",
            "the gradient dc coming from the next step is ignored", {
                "lstm_step_backward": numpy_grads(lstm_cell, lambda out, dh, dc: dot(out[0], dh),
                                                  6)}),
    _step_backward("dc_prev_without_f",
                   "dc_prev = dc: it must be multiplied by the forget gate (dc_prev = dc·f)",
                   dc_prev_without_f),
    _step_backward("no_tanh_derivative",
                   "the path from h to c lacks tanh' (dc += dh·o·(1 − tanh²(c)))",
                   no_tanh_derivative),
    Mistake("lstm_step_backward", "dc_none_crash", "dc = None (the last step) is not handled"),
    _backward_without_dc_last("dc_last_ignored",
                              "dc_last (the gradient of the final cell state) is ignored",
                              over_sequence(lstm_cell, 2)),
    _backward("not_accumulated",
              "the parameter gradients are not accumulated over time (only one step's is kept)",
              not_accumulated),
    _backward("carry_dropped",
              "the carry from step t+1 through h is dropped (dh at step t must add dh_prev from t+1)",
              carry_dropped),
    _backward_without_dc_last(
        "dc_carry_dropped",
        "the carry from step t+1 through the cell state is dropped (add dc_prev from t+1)",
        dc_carry_dropped),
]
