"""Small PyTorch training loops for the book's experiments.

The models use ``torch.nn.RNN``, ``nn.LSTM`` and ``nn.GRU``: the point of
these helpers is to compare architectures and training choices quickly, not
to re-implement the cells (the NumPy reference code in ``solutions`` does
that).
"""
import random

import numpy as np
import torch
from torch import nn

CELLS = {"rnn": nn.RNN, "lstm": nn.LSTM, "gru": nn.GRU}


def set_seed(seed):
    """Seed Python's, NumPy's and torch's generators; return a NumPy
    Generator seeded with the same value."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)
    return np.random.default_rng(seed)


def set_forget_bias(lstm, value):
    """Make the forget-gate part of b = bias_ih + bias_hh equal ``value`` in
    every layer of an ``nn.LSTM`` (bias_ih gets ``value``, bias_hh gets 0 in
    the f block, rows H:2H)."""
    if not isinstance(lstm, nn.LSTM):
        raise ValueError(f"set_forget_bias: lstm must be an nn.LSTM, got {type(lstm).__name__}")
    H = lstm.hidden_size
    with torch.no_grad():
        for name, p in lstm.named_parameters():
            if name.startswith("bias_ih"):
                p[H:2 * H] = value
            elif name.startswith("bias_hh"):
                p[H:2 * H] = 0.0


class SequenceRegressor(nn.Module):
    """A recurrent layer followed by a linear read-out of the last hidden state.

    Parameters
    ----------
    cell : "rnn", "lstm" or "gru"
    input_size : D
    hidden_size : H
    forget_bias : for "lstm" only, the initial forget-gate bias (None keeps
        torch's U(−1/√H, 1/√H))
    """

    def __init__(self, cell, input_size, hidden_size, forget_bias=None):
        super().__init__()
        if cell not in CELLS:
            raise ValueError(f"SequenceRegressor: cell must be one of {sorted(CELLS)}, got {cell!r}")
        if forget_bias is not None and cell != "lstm":
            raise ValueError(f"SequenceRegressor: forget_bias only applies to cell='lstm', got cell={cell!r}")
        self.rnn = CELLS[cell](input_size, hidden_size)
        if forget_bias is not None:
            set_forget_bias(self.rnn, forget_bias)
        self.readout = nn.Linear(hidden_size, 1)

    def forward(self, x, truncate=None):
        """x : (T, B, D) -> prediction (B,) from the hidden state after step T.

        truncate : if an int k < T, the first T − k steps run without
        recording the graph, so backpropagation stops k steps before the end
        (truncated BPTT for a loss at the last step). The prediction itself
        is unchanged.
        """
        T = x.shape[0]
        if truncate is not None and truncate < T:
            if truncate < 1:
                raise ValueError(f"SequenceRegressor: truncate must be >= 1, got {truncate}")
            with torch.no_grad():
                _, state = self.rnn(x[:T - truncate])
            out, _ = self.rnn(x[T - truncate:], state)
        else:
            out, _ = self.rnn(x)
        return self.readout(out[-1]).squeeze(-1)


def grad_norm(model):
    """L2 norm of all parameter gradients of ``model`` together."""
    norms = [p.grad.detach().norm() for p in model.parameters() if p.grad is not None]
    return float(torch.stack(norms).norm()) if norms else 0.0


def train_regressor(model, make_batch, steps, lr=1e-2, clip=None, seed=0, truncate=None,
                    optimizer="adam"):
    """Train ``model`` on the mean squared error.

    Parameters
    ----------
    model : nn.Module mapping x (T, B, D) to predictions (B,)
    make_batch : callable(rng) -> (x, y, ...) with x (T, B, D), y (B,) NumPy
        arrays (extra returned values are ignored)
    steps : number of updates, each on a fresh batch
    lr : learning rate
    clip : if not None, clip the gradient norm to this value
    seed : seed for the batches
    truncate : passed to ``model(x, truncate=...)`` when not None
        (truncated backpropagation through time)
    optimizer : "adam" (``torch.optim.Adam``) or "sgd" (plain gradient
        descent, ``torch.optim.SGD`` without momentum)

    Returns
    -------
    dict with "loss" (steps,) training MSE before each update and
    "grad_norm" (steps,) gradient norm before clipping
    """
    if optimizer not in ("adam", "sgd"):
        raise ValueError(f"train_regressor: optimizer must be 'adam' or 'sgd', got {optimizer!r}")
    rng = np.random.default_rng(seed)
    make_opt = torch.optim.Adam if optimizer == "adam" else torch.optim.SGD
    opt = make_opt(model.parameters(), lr=lr)
    losses, norms = np.empty(steps), np.empty(steps)
    for step in range(steps):
        x, y = make_batch(rng)[:2]
        x, y = torch.from_numpy(x), torch.from_numpy(y)
        pred = model(x) if truncate is None else model(x, truncate=truncate)
        loss = nn.functional.mse_loss(pred, y)
        opt.zero_grad()
        loss.backward()
        norms[step] = grad_norm(model)
        if clip is not None:
            nn.utils.clip_grad_norm_(model.parameters(), clip)
        opt.step()
        losses[step] = loss.item()
    return {"loss": losses, "grad_norm": norms}


def smooth(values, window):
    """Moving average over ``window`` entries (shorter at the start), for
    plotting noisy learning curves. values : (N,) -> (N,)."""
    values = np.asarray(values, dtype=float)
    if window < 1:
        raise ValueError(f"smooth: window must be >= 1, got {window}")
    csum = np.cumsum(np.insert(values, 0, 0.0))
    idx = np.arange(1, len(values) + 1)
    lo = np.maximum(0, idx - window)
    return (csum[idx] - csum[lo]) / (idx - lo)
