"""Known mistakes in the RNN's graded functions: ``rnn_step``,
``rnn_forward`` (exercise 01), ``rnn_step_backward`` and ``rnn_backward``
(exercise 02), each computed by torch with one deliberate change.

The step functions below take tensors x (B, D), h_prev (B, H), W_x (H, D),
W_h (H, H), b (H,) and return (h,); the sequence functions take x (T, B, D)
and h0 (B, H) in place of x and h_prev and return (hs,), hs (T, B, H). The
right step is h = tanh(z), z = x W_xᵀ + h_prev W_hᵀ + b.
"""
from functools import partial

import torch

from oracle.mistakes._autograd import dot, rnn_cell, unroll
from oracle.mistakes._mistake import (
    CARRY_DROPPED,
    H0_IGNORED,
    NOT_ACCUMULATED,
    Mistake,
    sequence_gradient_mistake,
    sequence_mistake,
    step_gradient_mistake,
    step_mistake,
)


def no_tanh(x, h_prev, W_x, W_h, b):
    """h = z: the tanh is missing."""
    return (x @ W_x.T + h_prev @ W_h.T + b,)


def no_bias(x, h_prev, W_x, W_h, b):
    """h = tanh(x W_xᵀ + h_prev W_hᵀ): b is missing."""
    return rnn_cell(x, h_prev, W_x, W_h, torch.zeros_like(b))


def no_recurrence(x, h_prev, W_x, W_h, b):
    """h = tanh(x W_xᵀ + b): the recurrent term h_prev W_hᵀ is missing."""
    return rnn_cell(x, torch.zeros_like(h_prev), W_x, W_h, b)


def sigmoid(x, h_prev, W_x, W_h, b):
    """h = σ(z) instead of tanh(z)."""
    return ((x @ W_x.T + h_prev @ W_h.T + b).sigmoid(),)


def untransposed_W_h(x, h_prev, W_x, W_h, b):
    """h = tanh(x W_xᵀ + h_prev W_h + b): W_h not transposed."""
    return rnn_cell(x, h_prev, W_x, W_h.T, b)


def no_tanh_derivative(x, h_prev, W_x, W_h, b):
    """dz = dh instead of dh ⊙ (1 − h²): h has the value tanh(z) and the
    derivative of z."""
    z = x @ W_x.T + h_prev @ W_h.T + b
    return (z.tanh().detach() + z - z.detach(),)


def one_minus_h(x, h_prev, W_x, W_h, b):
    """dz = dh ⊙ (1 − h) instead of dh ⊙ (1 − h²)."""
    z = x @ W_x.T + h_prev @ W_h.T + b
    h = z.tanh().detach()
    return (h + (1 - h) * (z - z.detach()),)


def h0_ignored(x, h0, W_x, W_h, b):
    """The first step starts from h = 0 instead of h0."""
    return unroll(rnn_cell, x, (torch.zeros_like(h0),), (W_x, W_h, b))


def not_carried(x, h0, W_x, W_h, b):
    """Every step starts from h0: h_t = tanh(x_t W_xᵀ + h0 W_hᵀ + b)."""
    return unroll(rnn_cell, x, (h0,), (W_x, W_h, b), carry=lambda state: (h0,))


def shifted(x, h0, W_x, W_h, b):
    """hs = h0, h_1, …, h_{T−1}: the state before each step instead of after it."""
    (hs,) = unroll(rnn_cell, x, (h0,), (W_x, W_h, b))
    return (torch.cat([h0[None], hs[:-1]]),)


def not_accumulated(x, h0, W_x, W_h, b):
    """dW_x, dW_h, db are those of step 0 alone (assigned, not added, going
    back in time): the parameters of every later step are constants."""
    params = (W_x, W_h, b)
    return unroll(rnn_cell, x, (h0,), params, params_after_first=[p.detach() for p in params])


def carry_dropped(x, h0, W_x, W_h, b):
    """dh_t = dhs[t] without the gradient from step t+1: each step starts
    from h_{t−1} with its gradient stopped."""
    return unroll(rnn_cell, x, (h0,), (W_x, W_h, b), carry=lambda state: (state[0].detach(),))


def _loss(outputs, dh):
    """Σ h ⊙ dh (a step) or Σ hs ⊙ dhs (a sequence)."""
    return dot(outputs[0], dh)


_step = partial(step_mistake, ("rnn_step", "rnn_forward"), 1)
_step_backward = partial(step_gradient_mistake, ("rnn_step_backward", "rnn_backward"), 1,
                         (_loss, _loss))
_forward = partial(sequence_mistake, "rnn_forward")
_backward = partial(sequence_gradient_mistake, "rnn_backward", 5, _loss)


MISTAKES = [
    _step("no_tanh", "the tanh is missing (h = x W_xᵀ + h_prev W_hᵀ + b)", no_tanh),
    _step("no_bias", "the bias b is missing", no_bias),
    _step("no_recurrence", "the recurrent term h_prev W_hᵀ is missing", no_recurrence),
    _step("sigmoid", "a sigmoid is used instead of tanh", sigmoid),
    _step("untransposed_W_h", "W_h is used untransposed (h_prev W_h instead of h_prev W_hᵀ)",
          untransposed_W_h),
    Mistake("rnn_step", "float64_only", "h is computed in float64 whatever the dtype of x"),
    _forward("h0_ignored", H0_IGNORED, h0_ignored),
    _forward("not_carried", "the hidden state is not carried: every step starts from h0",
             not_carried),
    _forward("shifted", "hs is shifted by one step: hs[0] should be the state after x[0], not h0",
             shifted),
    Mistake("rnn_forward", "float64_buffer", "hs is a float64 buffer whatever the dtype of x"),
    _step_backward("no_tanh_derivative",
                   "the tanh derivative is missing (dz = dh instead of dh·(1 − h²))",
                   no_tanh_derivative),
    _step_backward("one_minus_h", "the tanh derivative is taken as 1 − h; it is 1 − h²",
                   one_minus_h),
    Mistake("rnn_step_backward", "db_not_summed",
            "db is the mean of dz over the examples; it is their sum"),
    _backward("not_accumulated", NOT_ACCUMULATED, not_accumulated),
    _backward("carry_dropped", CARRY_DROPPED, carry_dropped),
    Mistake("rnn_backward", "wrong_h_prev", "dW_h is computed from h_t instead of h_{t−1}"),
]
