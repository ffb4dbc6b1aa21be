"""A synthetic seasonal time series, sliding windows, a seasonal-naive
baseline, error metrics and a small LSTM forecaster.

A series is a 1-D array (N,); windows are time-major like the rest of the
course: inputs (T, B, 1).
"""
import numpy as np
from torch import nn


def seasonal_series(N, period, rng, trend=0.0, noise=0.1, amplitude=1.0):
    """y_t = amplitude·(sin(2πt/period) + 0.5·sin(4πt/period + 1)) + trend·t/N + ε_t.

    A daily-like cycle with a second harmonic (so the shape is not a pure
    sine), a slow linear trend of total size ``trend`` over the N steps, and
    Gaussian noise ε_t with standard deviation ``noise``.

    Returns (N,) float64.
    """
    if not isinstance(N, (int, np.integer)) or N < 1:
        raise ValueError(f"seasonal_series: N must be a positive int, got {N!r}")
    if not period > 1:
        raise ValueError(f"seasonal_series: period must be > 1, got {period}")
    t = np.arange(N)
    phase = 2 * np.pi * t / period
    season = amplitude * (np.sin(phase) + 0.5 * np.sin(2 * phase + 1.0))
    return season + trend * t / N + noise * rng.standard_normal(N)


def make_windows(series, context, horizon):
    """Every (past, future) pair of consecutive windows in a series.

    Parameters
    ----------
    series : (N,)
    context : length of the input window
    horizon : length of the window to predict

    Returns
    -------
    past : (context, M, 1), future : (M, horizon), with
    M = N − context − horizon + 1 windows; window m starts at step m.
    """
    series = np.asarray(series)
    M = len(series) - context - horizon + 1
    if M < 1:
        raise ValueError(f"make_windows: series of length {len(series)} is shorter than "
                         f"context + horizon = {context + horizon}")
    idx = np.arange(M)[None, :]
    past = series[idx + np.arange(context)[:, None]][:, :, None]
    future = series[idx.T + context + np.arange(horizon)[None, :]]
    return past, future


def seasonal_naive(history, period, horizon):
    """Forecast each future step with the value one period earlier.

    history : (N,) with N >= period. Returns (horizon,): step k (0-based)
    gets history[N − period + (k mod period)].
    """
    history = np.asarray(history)
    if len(history) < period:
        raise ValueError(f"seasonal_naive: history has {len(history)} steps, "
                         f"need at least period = {period}")
    last_season = history[len(history) - period:]
    return last_season[np.arange(horizon) % period]


def mae(pred, truth):
    """Mean absolute error of two arrays of the same shape."""
    pred, truth = np.asarray(pred), np.asarray(truth)
    if pred.shape != truth.shape:
        raise ValueError(f"mae: shapes differ: {pred.shape} and {truth.shape}")
    return float(np.mean(np.abs(pred - truth)))


def rmse(pred, truth):
    """Root mean squared error of two arrays of the same shape."""
    pred, truth = np.asarray(pred), np.asarray(truth)
    if pred.shape != truth.shape:
        raise ValueError(f"rmse: shapes differ: {pred.shape} and {truth.shape}")
    return float(np.sqrt(np.mean((pred - truth) ** 2)))


class Forecaster(nn.Module):
    """An LSTM reads the past window; a linear layer maps its last hidden
    state to all ``horizon`` future values at once (direct multi-step
    forecasting, no feeding back of its own predictions).

    x : (T, B, 1) -> (B, horizon)
    """

    def __init__(self, hidden_size, horizon):
        super().__init__()
        self.lstm = nn.LSTM(1, hidden_size)
        self.head = nn.Linear(hidden_size, horizon)

    def forward(self, x):
        out, _ = self.lstm(x)
        return self.head(out[-1])
