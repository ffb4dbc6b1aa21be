"""solutions.training: the first-symbol task, and the reference ``train``
judged by torch's own LSTM on sequences it never saw."""
import numpy as np
import pytest
import torch

from oracle.torch_layers import torch_lstm
from solutions import training


def test_make_batch_labels_the_first_symbol():
    x, y = training.make_batch(np.random.default_rng(3), 50)
    assert x.shape == (training.T, 50, training.K) and y.shape == (50,)
    assert np.array_equal(x.sum(axis=2), np.ones((training.T, 50)))   # one-hot at every step
    assert np.array_equal(np.argmax(x[0], axis=1), y)
    later = np.argmax(x[1:], axis=2)
    assert (later != y).any(axis=0).mean() > 0.9      # the label is not simply repeated


def torch_accuracy(params, n=2000, seed=2024):
    """Accuracy of the trained weights run through torch.nn.LSTM (b split as
    bias_ih = b, bias_hh = 0), on fresh sequences drawn with torch's generator."""
    g = torch.Generator().manual_seed(seed)
    symbols = torch.randint(0, training.K, (training.T, n), generator=g)
    x = torch.nn.functional.one_hot(symbols, training.K).double()
    lstm = torch_lstm(params["W_x"], params["W_h"], params["b"])
    with torch.no_grad():
        hs, _ = lstm(x)
        logits = hs[-1] @ torch.from_numpy(params["W_y"]).T + torch.from_numpy(params["b_y"])
    return float((logits.argmax(dim=1) == symbols[0]).double().mean())


@pytest.mark.parametrize("seed", [0, 1])
def test_train_reaches_the_stated_accuracy(seed):
    params = training.train(seed=seed)
    H = params["W_h"].shape[1]
    assert params["W_x"].shape == (4 * H, training.K) and params["W_y"].shape == (training.K, H)
    assert torch_accuracy(params) >= 0.95


def test_untrained_weights_are_at_chance():
    # Zero steps: the same measurement gives about 1/K, so the test above can fail.
    assert torch_accuracy(training.train(seed=0, steps=0)) < 0.5
