"""Training an LSTM classifier with the course's NumPy pieces (exercise 05).

The first-symbol task: a sequence of T one-hot symbols drawn from an alphabet
of K; the label is the first symbol, which the LSTM has to carry through the
T − 1 steps that follow. x has shape (T, B, K), the labels (B,).

``train`` uses only names that the exercise notebook defines before it (the
task, and the learner's or the fallback's LSTM, clipping and Adam); here they
come from this module and from ``solutions``.
"""
import numpy as np

from solutions.lstm import lstm_backward, lstm_forward
from solutions.optim import Adam, clip_grad_norm

# Names the notebook provides: the assembler does not copy them into ``train``.
NOTEBOOK_NAMES = ("K", "T", "STEPS", "make_batch", "lstm_forward", "lstm_backward",
                  "clip_grad_norm", "Adam")

K, T, STEPS = 4, 12, 300


def make_batch(rng, B):
    """x (T, B, K) one-hot random symbols; y (B,) the index of the first symbol."""
    symbols = rng.integers(0, K, size=(T, B))
    return np.eye(K)[symbols], symbols[0]


def train(seed=0, steps=STEPS):
    """Train an LSTM classifier on the first-symbol task.

    Parameters
    ----------
    seed : seed of every random choice (initial weights and batches)
    steps : number of Adam steps

    Returns
    -------
    params : dict with W_x (4H, K), W_h (4H, H), b (4H,) for the LSTM and
        W_y (K, H), b_y (K,) for the read-out of the last hidden state
    """
    H, B = 16, 32
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(H)
    params = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
              "W_h": rng.uniform(-bound, bound, (4 * H, H)),
              "b": np.zeros(4 * H),
              "W_y": rng.uniform(-bound, bound, (K, H)),
              "b_y": np.zeros(K)}
    params["b"][H:2 * H] = 1.0                   # forget gate open at the start
    opt = Adam(params, lr=0.01)
    zeros = np.zeros((B, H))
    for _ in range(steps):
        x, y = make_batch(rng, B)
        hs, _, cache = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
        logits = hs[-1] @ params["W_y"].T + params["b_y"]      # (B, K)
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)                       # softmax
        dlogits = p
        dlogits[np.arange(B), y] -= 1
        dlogits /= B                                            # mean cross-entropy
        dhs = np.zeros_like(hs)
        dhs[-1] = dlogits @ params["W_y"]                       # only h_T reaches the loss
        _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
        grads = {"W_x": dW_x, "W_h": dW_h, "b": db,
                 "W_y": dlogits.T @ hs[-1], "b_y": dlogits.sum(axis=0)}
        clip_grad_norm(list(grads.values()), 1.0)
        opt.step(grads)
    return params
