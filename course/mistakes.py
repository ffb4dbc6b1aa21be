"""Wrong LSTM formulations seen in circulation, kept to show what they break.

Every function here is WRONG on purpose. Chapter 4 runs each one next to
the right computation (``solutions.lstm.lstm_step`` and a plain gradient
step) and measures the damage. Shapes follow the book: x (B, D), h_prev and
c_prev (B, H), W_x (4H, D), W_h (4H, H), b (4H,) with blocks i, f, g, o as
in ``torch.nn.LSTM``. The step functions return (h, c), both (B, H).

The right cell, for comparison:

    z = x W_xᵀ + h_prev W_hᵀ + b,   i, f, o = σ(z_i), σ(z_f), σ(z_o),   g = tanh(z_g)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)
"""
import numpy as np

from solutions.activations import sigmoid
from solutions.shapes import check_shape

_RIGHT_ORDER = ("i", "f", "g", "o")


def _gates(fn, x, h_prev, c_prev, W_x, W_h, b, order=_RIGHT_ORDER):
    """Split z (B, 4H) into four blocks named by ``order`` and activate them
    (σ for i, f, o and tanh for g). Returns a dict name -> (B, H)."""
    B, D = check_shape(fn, "x", x, "(B, D)", (None, None))
    _, H = check_shape(fn, "h_prev", h_prev, "(B, H)", (B, None))
    check_shape(fn, "c_prev", c_prev, "(B, H)", (B, H))
    check_shape(fn, "W_x", W_x, "(4H, D)", (4 * H, D))
    check_shape(fn, "W_h", W_h, "(4H, H)", (4 * H, H))
    check_shape(fn, "b", b, "(4H,)", (4 * H,))
    z = x @ W_x.T + h_prev @ W_h.T + b
    blocks = {name: z[:, k * H:(k + 1) * H] for k, name in enumerate(order)}
    return {name: np.tanh(v) if name == "g" else sigmoid(v) for name, v in blocks.items()}


def lstm_step_softmax_hidden(x, h_prev, c_prev, W_x, W_h, b):
    """WRONG: h = softmax(o ⊙ tanh(c)) across the H units.

    The right hidden state is h = o ⊙ tanh(c), each unit in (−1, 1) on its
    own. A softmax makes the units of each row positive and sum to 1, so
    they compete instead of encoding independent features, and their typical
    size shrinks like 1/H as the layer grows. The cell c is computed
    correctly.
    """
    gate = _gates("lstm_step_softmax_hidden", x, h_prev, c_prev, W_x, W_h, b)
    c = gate["f"] * c_prev + gate["i"] * gate["g"]
    a = gate["o"] * np.tanh(c)
    e = np.exp(a - a.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True), c


def lstm_step_coupled_as_standard(x, h_prev, c_prev, W_x, W_h, b):
    """WRONG as a description of the standard LSTM: c = f ⊙ c_prev + (1 − f) ⊙ g.

    This is the coupled input-forget gate variant; it ignores the input gate
    block i of the weights. The standard cell (and ``torch.nn.LSTM``) uses an
    independent input gate, c = f ⊙ c_prev + i ⊙ g, so it can keep the old
    memory AND add new content in the same step (f = i = 1, e.g. to count);
    the coupled cell can only mix, so |c| never exceeds max(|c_prev|, 1).
    """
    gate = _gates("lstm_step_coupled_as_standard", x, h_prev, c_prev, W_x, W_h, b)
    c = gate["f"] * c_prev + (1 - gate["f"]) * gate["g"]
    return gate["o"] * np.tanh(c), c


def lstm_step_candidate_as_cell(x, h_prev, c_prev, W_x, W_h, b):
    """WRONG: c = f ⊙ g + (1 − f) ⊙ c_prev, the candidate g confused with the memory.

    The forget gate then multiplies the new candidate instead of the old
    cell: with f ≈ 1 ("keep") the cell is overwritten by g at every step and
    nothing is remembered. The right update is c = f ⊙ c_prev + i ⊙ g.
    """
    gate = _gates("lstm_step_candidate_as_cell", x, h_prev, c_prev, W_x, W_h, b)
    c = gate["f"] * gate["g"] + (1 - gate["f"]) * c_prev
    return gate["o"] * np.tanh(c), c


def lstm_step_gate_order_ifog(x, h_prev, c_prev, W_x, W_h, b):
    """WRONG: reads the four blocks of z in the order i, f, o, g.

    ``torch.nn.LSTM`` stores them as i, f, g, o: rows [2H:3H] are the
    candidate g and rows [3H:4H] the output gate o. With weights loaded from
    torch this function swaps the roles of g and o (a σ where a tanh belongs
    and vice versa) and disagrees with torch's output.
    """
    gate = _gates("lstm_step_gate_order_ifog", x, h_prev, c_prev, W_x, W_h, b,
                  order=("i", "f", "o", "g"))
    c = gate["f"] * c_prev + gate["i"] * gate["g"]
    return gate["o"] * np.tanh(c), c


def _check_update(fn, params, grads, lr):
    if set(params) != set(grads):
        raise ValueError(f"{fn}: grads must have the keys of params {sorted(params)}, "
                         f"got {sorted(grads)}")
    if not lr > 0:
        raise ValueError(f"{fn}: lr must be > 0, got {lr!r}")


def sgd_step(params, grads, lr):
    """The right gradient step, in place: p ← p − lr · ∂L/∂p for every parameter.

    params, grads : dicts name -> ndarray of the same shapes.
    """
    _check_update("sgd_step", params, grads, lr)
    for name, p in params.items():
        p -= lr * grads[name]


def sgd_step_subtract_weights(params, grads, lr):
    """WRONG: p ← p − lr · p, the parameter where its gradient belongs.

    The data never enters the update: every parameter shrinks geometrically,
    p_k = (1 − lr)^k p_0, whatever the loss. This is pure weight decay.
    """
    _check_update("sgd_step_subtract_weights", params, grads, lr)
    for p in params.values():
        p -= lr * p


def sgd_step_biases_only(params, grads, lr):
    """WRONG: updates only the biases (names starting with "b"), as if the
    gradients had been derived for the biases alone.

    The weight matrices stay at their random initial values, so the network
    can shift its outputs but cannot learn which inputs matter.
    """
    _check_update("sgd_step_biases_only", params, grads, lr)
    for name, p in params.items():
        if name.startswith("b"):
            p -= lr * grads[name]
