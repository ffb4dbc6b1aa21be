"""Known mistakes in the GRU's graded functions ``gru_step``,
``gru_forward`` and ``gru_backward`` (exercise 07), each computed by torch
with one deliberate change.

The step functions below take tensors x (B, D), h_prev (B, H), W_x (3H, D),
W_h (3H, H), b_x and b_h (3H,), gate blocks r, z, n as in ``torch.nn.GRU``,
and return (h,), h (B, H); the sequence functions take x (T, B, D) and
h0 (B, H) and return (hs,), hs (T, B, H). The right step, with
a_x = x W_xᵀ + b_x and a_h = h_prev W_hᵀ + b_h:

    r = σ(a_x,r + a_h,r),   z = σ(a_x,z + a_h,z),   n = tanh(a_x,n + r ⊙ a_h,n)
    h = (1 − z) ⊙ n + z ⊙ h_prev
"""
from functools import partial

import torch

from oracle.mistakes._autograd import (
    dot,
    gru_cell,
    gru_gates,
    swap_blocks,
    unroll,
)
from oracle.mistakes._mistake import (
    CARRY_DROPPED,
    H0_IGNORED,
    NOT_ACCUMULATED,
    Mistake,
    sequence_gradient_mistake,
    sequence_mistake,
    step_mistake,
)


def z_swapped(x, h_prev, W_x, W_h, b_x, b_h):
    """h = z ⊙ n + (1 − z) ⊙ h_prev: z and 1 − z swapped."""
    r, z, a_xn, a_hn = gru_gates(x, h_prev, W_x, W_h, b_x, b_h)
    n = (a_xn + r * a_hn).tanh()
    return (z * n + (1 - z) * h_prev,)


def reset_before_matmul(x, h_prev, W_x, W_h, b_x, b_h):
    """n = tanh(a_x,n + (r ⊙ h_prev) W_hnᵀ + b_hn): the reset gate applied
    to h_prev before the product."""
    r, z, a_xn, _ = gru_gates(x, h_prev, W_x, W_h, b_x, b_h)
    W_hn, b_hn = W_h.chunk(3)[2], b_h.chunk(3)[2]
    n = (a_xn + (r * h_prev) @ W_hn.T + b_hn).tanh()
    return ((1 - z) * n + z * h_prev,)


def bias_outside_reset(x, h_prev, W_x, W_h, b_x, b_h):
    """n = tanh(a_x,n + b_hn + r ⊙ (h_prev W_hnᵀ)): b_hn outside the reset gate."""
    r, z, a_xn, a_hn = gru_gates(x, h_prev, W_x, W_h, b_x, b_h)
    b_hn = b_h.chunk(3)[2]
    n = (a_xn + b_hn + r * (a_hn - b_hn)).tanh()
    return ((1 - z) * n + z * h_prev,)


def gate_order_zrn(x, h_prev, W_x, W_h, b_x, b_h):
    """The blocks read as z, r, n: torch's cell with the blocks r and z swapped."""
    return gru_cell(x, h_prev, *swap_blocks(3, 0, 1, W_x, W_h, b_x, b_h))


def h0_ignored(x, h0, W_x, W_h, b_x, b_h):
    """The first step starts from h = 0 instead of h0."""
    return unroll(gru_cell, x, (torch.zeros_like(h0),), (W_x, W_h, b_x, b_h))


def not_carried(x, h0, W_x, W_h, b_x, b_h):
    """Every step starts from h0."""
    return unroll(gru_cell, x, (h0,), (W_x, W_h, b_x, b_h), carry=lambda state: (h0,))


def not_accumulated(x, h0, W_x, W_h, b_x, b_h):
    """dW_x, dW_h, db_x, db_h are those of step 0 alone (assigned, not
    added, going back in time): the parameters of every later step are constants."""
    params = (W_x, W_h, b_x, b_h)
    return unroll(gru_cell, x, (h0,), params, params_after_first=[p.detach() for p in params])


def carry_dropped(x, h0, W_x, W_h, b_x, b_h):
    """dh_t = dhs[t] without the gradient from step t+1: each step starts
    from h_{t−1} with its gradient stopped."""
    return unroll(gru_cell, x, (h0,), (W_x, W_h, b_x, b_h),
                  carry=lambda state: (state[0].detach(),))


def _direct_path_missing_step(x, h_prev, W_x, W_h, b_x, b_h):
    """h = (1 − z) ⊙ n + z ⊙ h_prev whose gradient does not reach h_prev
    through the term z ⊙ h_prev."""
    r, z, a_xn, a_hn = gru_gates(x, h_prev, W_x, W_h, b_x, b_h)
    n = (a_xn + r * a_hn).tanh()
    return ((1 - z) * n + z * h_prev.detach(),)


def direct_path_missing(x, h0, W_x, W_h, b_x, b_h):
    """dh_prev = (the paths through r, z, n) without the direct path z ⊙ dh."""
    return unroll(_direct_path_missing_step, x, (h0,), (W_x, W_h, b_x, b_h))


def _loss(outputs, dhs):
    """Σ hs ⊙ dhs."""
    return dot(outputs[0], dhs)


_step = partial(step_mistake, ("gru_step", "gru_forward"), 1)


_forward = partial(sequence_mistake, "gru_forward")
_backward = partial(sequence_gradient_mistake, "gru_backward", 6, _loss)


MISTAKES = [
    _step("z_swapped", "z and 1 − z are swapped: torch uses h = (1 − z)·n + z·h_prev", z_swapped),
    _step("reset_before_matmul", "the reset gate multiplies h_prev before W_hn; torch applies it "
          "to (h_prev W_hnᵀ + b_hn)", reset_before_matmul),
    _step("bias_outside_reset", "b_hn is added outside the reset gate; torch computes "
          "r·(h_prev W_hnᵀ + b_hn)", bias_outside_reset),
    _step("gate_order_zrn", "the gate blocks are taken in the order z, r, n; torch's order is "
          "r, z, n", gate_order_zrn),
    _forward("h0_ignored", H0_IGNORED, h0_ignored),
    _forward("not_carried", "the state is not carried: every step starts from h0", not_carried),
    Mistake("gru_forward", "float64_buffer", "hs is a float64 array whatever the dtype of x"),
    _backward("not_accumulated", NOT_ACCUMULATED, not_accumulated),
    _backward("carry_dropped", CARRY_DROPPED, carry_dropped),
    _backward("direct_path_missing",
              "dh_prev misses the direct path z·dh (h = (1 − z)·n + z·h_prev)", direct_path_missing),
    Mistake("gru_backward", "db_h_equals_db_x", "db_h is computed as db_x; the n block of db_h "
            "is r·(the n block of db_x)"),
]
