import numpy as np
import pytest
import torch

from course.timeseries import Forecaster, mae, make_windows, rmse, seasonal_naive, seasonal_series


def test_series_without_noise_is_periodic():
    y = seasonal_series(100, 10, np.random.default_rng(0), noise=0.0)
    np.testing.assert_allclose(y[10:], y[:-10], atol=1e-12)


def test_noise_has_requested_std():
    clean = seasonal_series(20_000, 24, np.random.default_rng(1), noise=0.0, trend=2.0)
    noisy = seasonal_series(20_000, 24, np.random.default_rng(1), noise=0.3, trend=2.0)
    assert np.std(noisy - clean) == pytest.approx(0.3, rel=0.03)


def test_windows_line_up():
    s = np.arange(20.0)
    past, future = make_windows(s, context=5, horizon=3)
    assert past.shape == (5, 13, 1) and future.shape == (13, 3)
    for m in range(13):
        np.testing.assert_array_equal(past[:, m, 0], s[m:m + 5])
        np.testing.assert_array_equal(future[m], s[m + 5:m + 8])


def test_seasonal_naive_repeats_last_period():
    hist = np.arange(10.0)
    np.testing.assert_array_equal(seasonal_naive(hist, 4, 6), [6, 7, 8, 9, 6, 7])
    y = seasonal_series(60, 12, np.random.default_rng(0), noise=0.0)
    assert mae(seasonal_naive(y[:48], 12, 12), y[48:]) < 1e-12


def test_metrics():
    assert mae([1, 2], [2, 4]) == pytest.approx(1.5)
    assert rmse([1, 2], [2, 4]) == pytest.approx(np.sqrt(2.5))
    with pytest.raises(ValueError, match="shapes"):
        mae([1, 2], [1, 2, 3])


def test_forecaster_shape():
    out = Forecaster(8, horizon=4)(torch.zeros(12, 3, 1))
    assert out.shape == (3, 4)
