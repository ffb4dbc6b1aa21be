"""A tiny regression task for an LSTM, trained with a pluggable update rule.

Task: x (T, B, 1) has entries uniform in [−1, 1]; the target y (B, 1) is the
first input x[0]. The model reads the whole sequence with an LSTM and
predicts ŷ = h_T W_yᵀ + b_y from the last hidden state. Solving it needs the
weights: the prediction must depend on the input, and on an input seen T − 1
steps earlier. Predicting a constant gives at best the variance of y, 1/3.

The forward and backward passes call ``solutions.lstm``; this module only
adds the linear read-out, the mean squared error and the training loop.
"""
import numpy as np

from solutions.lstm import lstm_backward, lstm_forward


def make_batch(rng, T, B):
    """x : (T, B, 1) uniform in [−1, 1], y : (B, 1) = x[0]."""
    x = rng.uniform(-1.0, 1.0, size=(T, B, 1))
    return x, x[0].copy()


def init_params(rng, H, D=1):
    """LSTM weights W_x (4H, D), W_h (4H, H), b (4H,) and read-out W_y (1, H),
    b_y (1,), all uniform in ±1/√H as ``torch.nn.LSTM`` initialises them."""
    k = 1.0 / np.sqrt(H)
    return {"W_x": rng.uniform(-k, k, (4 * H, D)), "W_h": rng.uniform(-k, k, (4 * H, H)),
            "b": rng.uniform(-k, k, 4 * H), "W_y": rng.uniform(-k, k, (1, H)),
            "b_y": rng.uniform(-k, k, 1)}


def loss_and_grads(params, x, y):
    """Mean squared error of the read-out and its gradient for every parameter.

    Returns loss (float) and grads (dict with the keys and shapes of params).
    """
    T, B, _ = x.shape
    H = params["W_h"].shape[1]
    zeros = np.zeros((B, H))
    hs, _, cache = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
    y_hat = hs[-1] @ params["W_y"].T + params["b_y"]          # (B, 1)
    err = y_hat - y
    loss = float(np.mean(err ** 2))
    dy = 2.0 * err / err.size                                  # ∂L/∂ŷ, (B, 1)
    dhs = np.zeros_like(hs)
    dhs[-1] = dy @ params["W_y"]
    _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
    grads = {"W_x": dW_x, "W_h": dW_h, "b": db,
             "W_y": dy.T @ hs[-1], "b_y": dy.sum(axis=0)}
    return loss, grads


def weight_norm(params):
    """L2 norm of all the weight matrices (W_x, W_h, W_y) together."""
    return float(np.sqrt(sum(np.sum(params[k] ** 2) for k in ("W_x", "W_h", "W_y"))))


def train(update, steps=300, lr=0.5, T=6, B=64, H=16, seed=0):
    """Train from a fixed initialisation with ``update(params, grads, lr)``.

    Every call with the same seed sees the same initial weights and the same
    batches, so update rules can be compared curve against curve.

    Returns
    -------
    losses : (steps,) training loss before each update
    norms : (steps,) ``weight_norm`` before each update
    """
    rng = np.random.default_rng(seed)
    params = init_params(rng, H)
    losses, norms = np.empty(steps), np.empty(steps)
    for k in range(steps):
        x, y = make_batch(rng, T, B)
        losses[k], grads = loss_and_grads(params, x, y)
        norms[k] = weight_norm(params)
        update(params, grads, lr)
    return losses, norms
