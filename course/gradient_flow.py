"""How far back a gradient reaches: norms of ∂h_T/∂h_t and ∂L/∂c_t against the lag.

Chapters 3 and 4 plot these. Indexing follows the book: the states are
h_0 (the initial state), h_1, ..., h_T, and ``rnn_forward`` returns
hs[t − 1] = h_t. The lag of h_t is T − t.

Two independent routes are provided so that each checks the other:

* ``rnn_jacobian_norms`` multiplies the step Jacobians
  ∂h_k/∂h_{k−1} = diag(1 − h_k²) W_h explicitly (one example, B = 1);
* ``rnn_state_grads`` and ``lstm_cell_grad_norms`` call the reference
  backward passes on the suffix x_{t+1..T} started from the state at t, which
  returns ∂L/∂h_t (or ∂L/∂c_t) through every path.

The suffix runs cost O(T²) steps, fine for the book's T ≤ 100.
"""
import numpy as np

from solutions.activations import sigmoid
from solutions.lstm import lstm_backward, lstm_forward
from solutions.rnn import rnn_backward, rnn_forward


def rnn_step_jacobians(hs, W_h):
    """The step Jacobians J_k = ∂h_k/∂h_{k−1} = diag(1 − h_k²) W_h.

    Parameters
    ----------
    hs : (T, 1, H) hidden states h_1..h_T of one example, from ``rnn_forward``
    W_h : (H, H)

    Returns
    -------
    J : (T, H, H), J[k − 1] = ∂h_k/∂h_{k−1}
    """
    if hs.ndim != 3 or hs.shape[1] != 1:
        raise ValueError(f"rnn_step_jacobians: hs must be (T, 1, H), got {hs.shape}")
    if W_h.shape != (hs.shape[2], hs.shape[2]):
        raise ValueError(f"rnn_step_jacobians: W_h must be (H, H) = {(hs.shape[2],) * 2}, "
                         f"got {W_h.shape}")
    return (1.0 - hs[:, 0, :, None] ** 2) * W_h


def rnn_jacobian_norms(hs, W_h):
    """Spectral norms ‖∂h_T/∂h_t‖₂ for every lag T − t = 0, 1, ..., T.

    ∂h_T/∂h_t = J_T J_{T−1} ⋯ J_{t+1}, with J_k from ``rnn_step_jacobians``.

    Returns
    -------
    norms : (T + 1,) norms[lag]; norms[0] = ‖I‖ = 1
    """
    J = rnn_step_jacobians(hs, W_h)
    T, H, _ = J.shape
    P = np.eye(H)
    norms = np.empty(T + 1)
    norms[0] = 1.0
    for lag in range(1, T + 1):
        P = P @ J[T - lag]                  # multiply J_{T−lag+1} on the right
        norms[lag] = np.linalg.norm(P, 2)
    return norms


def rnn_state_grads(x, h0, W_x, W_h, b, u):
    """∂L/∂h_t for L = Σ u ⊙ h_T and every t = 0, 1, ..., T, through every path.

    Uses ``rnn_forward``/``rnn_backward`` on the suffix x_{t+1..T} started
    from h_t: the returned dh0 is ∂L/∂h_t.

    Parameters
    ----------
    x : (T, B, D), h0 : (B, H), W_x : (H, D), W_h : (H, H), b : (H,)
    u : (B, H) the weight of each unit of h_T in the loss

    Returns
    -------
    dh : (T + 1, B, H), dh[t] = ∂L/∂h_t; dh[T] = u
    hs : (T, B, H) the forward states, hs[t − 1] = h_t
    """
    T = x.shape[0]
    hs, _ = rnn_forward(x, h0, W_x, W_h, b)
    states = np.concatenate([h0[None], hs])            # h_0 .. h_T
    dh = np.empty_like(states)
    dh[T] = u
    for t in range(T):
        hs_s, cache = rnn_forward(x[t:], states[t], W_x, W_h, b)
        dhs = np.zeros_like(hs_s)
        dhs[-1] = u
        dh[t] = rnn_backward(dhs, cache)[1]
    return dh, hs


def rnn_dW_h_contributions(dh, hs, h0):
    """The part of ∂L/∂W_h that each step contributes: (dh_t ⊙ (1 − h_t²))ᵀ h_{t−1}.

    Parameters
    ----------
    dh : (T + 1, B, H) from ``rnn_state_grads``; hs : (T, B, H); h0 : (B, H)

    Returns
    -------
    parts : (T, H, H), parts[t − 1] is step t's term; their sum is ∂L/∂W_h
    """
    dz = dh[1:] * (1.0 - hs ** 2)                      # (T, B, H)
    h_prev = np.concatenate([h0[None], hs[:-1]])       # (T, B, H)
    return np.einsum("tbi,tbj->tij", dz, h_prev)


def lstm_cell_grad_norms(x, h0, c0, W_x, W_h, b, u):
    """‖∂L/∂c_t‖ for L = Σ u ⊙ h_T and every lag T − t = 1, ..., T, through
    every path (the cell path and the paths through h into the gates).

    Uses ``lstm_forward``/``lstm_backward`` on the suffix started from
    (h_t, c_t), which returns dh0 = ∂L/∂h_t and dc0 = ∂L/∂c_t with h_t held
    fixed. For t ≥ 1, h_t = o_t ⊙ tanh(c_t) depends on c_t, so the total is
    dc0 + dh0 ⊙ o_t ⊙ (1 − tanh²(c_t)); the initial c_0 and h_0 are
    independent inputs, so for t = 0 it is dc0.

    Parameters
    ----------
    x : (T, B, D), h0, c0 : (B, H), W_x : (4H, D), W_h : (4H, H), b : (4H,)
    u : (B, H)

    Returns
    -------
    norms : (T,) norms[lag − 1] = ‖∂L/∂c_{T−lag}‖
    direct : (T,) ‖∂L/∂c_T ⊙ f_T ⊙ ⋯ ⊙ f_{T−lag+1}‖, the direct cell path
        alone, with ∂L/∂c_T = u ⊙ o_T ⊙ (1 − tanh²(c_T))
    """
    T = x.shape[0]
    H = h0.shape[1]
    hs, cs, _ = lstm_forward(x, h0, c0, W_x, W_h, b)
    h_states = np.concatenate([h0[None], hs])               # h_0 .. h_T
    c_states = np.concatenate([c0[None], cs])               # c_0 .. c_T
    z_f = x @ W_x[H:2 * H].T + h_states[:-1] @ W_h[H:2 * H].T + b[H:2 * H]
    z_o = x @ W_x[3 * H:].T + h_states[:-1] @ W_h[3 * H:].T + b[3 * H:]
    f = sigmoid(z_f)                                       # f[t − 1] = f_t
    o = sigmoid(z_o)                                       # o[t − 1] = o_t
    norms = np.empty(T)
    direct = np.empty(T)
    running = u * o[T - 1] * (1.0 - np.tanh(cs[-1]) ** 2)   # ∂L/∂c_T
    for lag in range(1, T + 1):
        t = T - lag
        hs_s, _, cache = lstm_forward(x[t:], h_states[t], c_states[t], W_x, W_h, b)
        dhs = np.zeros_like(hs_s)
        dhs[-1] = u
        _, dh_t, dc_t, _, _, _ = lstm_backward(dhs, cache)
        if t >= 1:
            dc_t = dc_t + dh_t * o[t - 1] * (1.0 - np.tanh(c_states[t]) ** 2)
        norms[lag - 1] = np.linalg.norm(dc_t)
        running = running * f[t]                             # multiply f_{t+1}
        direct[lag - 1] = np.linalg.norm(running)
    return norms, direct
