import numpy as np
import pytest
import torch

from course.tasks import adding_problem
from course.train import SequenceRegressor, set_forget_bias, smooth, train_regressor


def test_set_forget_bias_sets_only_the_f_block():
    torch.manual_seed(0)
    lstm = torch.nn.LSTM(3, 5, num_layers=2)
    before = {k: v.clone() for k, v in lstm.state_dict().items()}
    set_forget_bias(lstm, 1.0)
    H = 5
    for k in range(2):
        b = lstm.state_dict()[f"bias_ih_l{k}"] + lstm.state_dict()[f"bias_hh_l{k}"]
        assert torch.all(b[H:2 * H] == 1.0)
        for name in (f"bias_ih_l{k}", f"bias_hh_l{k}"):
            keep = torch.cat([torch.arange(H), torch.arange(2 * H, 4 * H)])
            assert torch.equal(lstm.state_dict()[name][keep], before[name][keep])


def test_forget_bias_only_for_lstm():
    with pytest.raises(ValueError, match="forget_bias"):
        SequenceRegressor("gru", 2, 4, forget_bias=1.0)
    with pytest.raises(ValueError, match="cell"):
        SequenceRegressor("transformer", 2, 4)


@pytest.fixture
def one_thread():
    n = torch.get_num_threads()
    torch.set_num_threads(1)      # tiny matrices: one thread is much faster
    yield
    torch.set_num_threads(n)


def test_training_reduces_loss_on_short_adding_problem(one_thread):
    torch.manual_seed(0)
    model = SequenceRegressor("lstm", 2, 16)
    hist = train_regressor(model, lambda rng: adding_problem(32, 6, rng), steps=300, lr=1e-2)
    assert hist["loss"].shape == (300,) and np.isfinite(hist["grad_norm"]).all()
    assert hist["loss"][-50:].mean() < 0.3 * hist["loss"][:20].mean()


def test_smooth_is_a_running_mean():
    v = np.array([1.0, 3.0, 5.0, 7.0])
    np.testing.assert_allclose(smooth(v, 2), [1.0, 2.0, 4.0, 6.0])
    np.testing.assert_allclose(smooth(v, 1), v)


def test_truncation_keeps_prediction_and_cuts_gradient():
    torch.manual_seed(0)
    model = SequenceRegressor("lstm", 2, 8).double()
    x = torch.randn(10, 3, 2, dtype=torch.float64, requires_grad=True)
    full = model(x)
    trunc = model(x, truncate=4)
    torch.testing.assert_close(full, trunc)          # same forward value
    trunc.sum().backward()
    assert torch.all(x.grad[:6] == 0) and torch.any(x.grad[6:] != 0)
    x.grad = None
    full.sum().backward()
    assert torch.any(x.grad[:6] != 0)


def test_unknown_optimizer_is_rejected():
    model = SequenceRegressor("rnn", 2, 4)
    with pytest.raises(ValueError, match="optimizer"):
        train_regressor(model, lambda rng: adding_problem(4, 5, rng), steps=1, optimizer="lbfgs")


def test_sgd_step_moves_weights_against_the_gradient():
    torch.manual_seed(0)
    model = SequenceRegressor("gru", 2, 4)
    before = model.readout.bias.detach().clone()
    x, y, _ = adding_problem(8, 5, np.random.default_rng(0))
    pred = model(torch.from_numpy(x))
    grad = torch.autograd.grad(torch.nn.functional.mse_loss(pred, torch.from_numpy(y)),
                               model.readout.bias)[0]
    train_regressor(model, lambda rng: (x, y), steps=1, lr=0.1, optimizer="sgd")
    torch.testing.assert_close(model.readout.bias.detach(), before - 0.1 * grad)
