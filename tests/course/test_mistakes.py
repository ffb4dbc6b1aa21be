"""Each wrong LSTM formulation in course.mistakes is wrong in exactly the way
chapter 4 says, and the right computation it is compared with is right.
Oracles: torch.nn.LSTM with copied weights, hand-derived values."""
import numpy as np
import pytest
import torch

from course import mistakes
from solutions.lstm import lstm_step


def _torch_lstm_and_weights(D=3, H=5, seed=0):
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(D, H).double()
    W_x = lstm.weight_ih_l0.detach().numpy().copy()
    W_h = lstm.weight_hh_l0.detach().numpy().copy()
    b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy().copy()
    return lstm, W_x, W_h, b


def _torch_step(lstm, x, h_prev, c_prev):
    with torch.no_grad():
        _, (h, c) = lstm(torch.tensor(x[None]), (torch.tensor(h_prev[None]), torch.tensor(c_prev[None])))
    return h.numpy()[0], c.numpy()[0]


def _random_state(rng, B, D, H):
    return rng.standard_normal((B, D)), rng.standard_normal((B, H)), rng.standard_normal((B, H))


def test_gate_order_ifog_disagrees_with_torch_while_ifgo_agrees():
    lstm, W_x, W_h, b = _torch_lstm_and_weights()
    x, h_prev, c_prev = _random_state(np.random.default_rng(1), 4, 3, 5)
    h_torch, c_torch = _torch_step(lstm, x, h_prev, c_prev)
    h_right, c_right, _ = lstm_step(x, h_prev, c_prev, W_x, W_h, b)
    h_wrong, c_wrong = mistakes.lstm_step_gate_order_ifog(x, h_prev, c_prev, W_x, W_h, b)
    np.testing.assert_allclose(h_right, h_torch, atol=1e-12)
    np.testing.assert_allclose(c_right, c_torch, atol=1e-12)
    assert np.abs(h_wrong - h_torch).max() > 0.05
    assert np.abs(c_wrong - c_torch).max() > 0.05


def test_gate_order_ifog_is_the_right_cell_with_g_and_o_blocks_swapped():
    _, W_x, W_h, b = _torch_lstm_and_weights(seed=2)
    H = 5
    x, h_prev, c_prev = _random_state(np.random.default_rng(2), 3, 3, H)
    perm = np.r_[0:2 * H, 3 * H:4 * H, 2 * H:3 * H]       # i, f, o, g -> i, f, g, o
    h_wrong, c_wrong = mistakes.lstm_step_gate_order_ifog(x, h_prev, c_prev, W_x, W_h, b)
    h_perm, c_perm, _ = lstm_step(x, h_prev, c_prev, W_x[perm], W_h[perm], b[perm])
    np.testing.assert_allclose(h_wrong, h_perm, atol=1e-12)
    np.testing.assert_allclose(c_wrong, c_perm, atol=1e-12)


def test_softmax_hidden_rows_sum_to_one_and_couple_the_units():
    rng = np.random.default_rng(3)
    B, D, H = 6, 3, 8
    x, h_prev, c_prev = _random_state(rng, B, D, H)
    W_x, W_h, b = rng.standard_normal((4 * H, D)), rng.standard_normal((4 * H, H)), rng.standard_normal(4 * H)
    h_wrong, c_wrong = mistakes.lstm_step_softmax_hidden(x, h_prev, c_prev, W_x, W_h, b)
    h_right, c_right, _ = lstm_step(x, h_prev, c_prev, W_x, W_h, b)
    np.testing.assert_allclose(h_wrong.sum(axis=1), 1.0, atol=1e-12)
    assert np.all(h_wrong > 0)
    assert not np.allclose(h_right.sum(axis=1), 1.0)
    np.testing.assert_allclose(c_wrong, c_right, atol=1e-12)   # only h is wrong
    # It is exactly the softmax of the right hidden state.
    e = np.exp(h_right)
    np.testing.assert_allclose(h_wrong, e / e.sum(axis=1, keepdims=True), atol=1e-12)
    # Changing one unit's memory moves every other unit under softmax, none in the right cell.
    bump = np.zeros((B, H))
    bump[:, 0] = 0.5
    h_right2, _, _ = lstm_step(x, h_prev, c_prev + bump, W_x, W_h, b)
    h_wrong2, _ = mistakes.lstm_step_softmax_hidden(x, h_prev, c_prev + bump, W_x, W_h, b)
    assert np.abs(h_right2 - h_right)[:, 1:].max() == 0.0
    assert np.abs(h_wrong2 - h_wrong)[:, 1:].max() > 1e-3


@pytest.mark.parametrize("H", [16, 256])
def test_softmax_hidden_mean_size_is_one_over_H(H):
    rng = np.random.default_rng(H)
    x, h_prev, c_prev = _random_state(rng, 4, 3, H)
    W_x, W_h, b = rng.standard_normal((4 * H, 3)), rng.standard_normal((4 * H, H)), rng.standard_normal(4 * H)
    h_wrong, _ = mistakes.lstm_step_softmax_hidden(x, h_prev, c_prev, W_x, W_h, b)
    assert np.abs(h_wrong).mean() == pytest.approx(1.0 / H)


def test_coupled_as_standard_disagrees_with_torch_and_cannot_count():
    lstm, W_x, W_h, b = _torch_lstm_and_weights(seed=4)
    x, h_prev, c_prev = _random_state(np.random.default_rng(4), 4, 3, 5)
    h_torch, c_torch = _torch_step(lstm, x, h_prev, c_prev)
    h_wrong, c_wrong = mistakes.lstm_step_coupled_as_standard(x, h_prev, c_prev, W_x, W_h, b)
    assert np.abs(c_wrong - c_torch).max() > 0.05
    # The coupled cell is a convex mix: |c| <= max(|c_prev|, 1), whereas i = f = 1 counts.
    W_x1 = np.array([[10.0], [10.0], [0.5], [10.0]])
    zeros_h, zeros_b = np.zeros((4, 1)), np.zeros(4)
    right = wrong = (np.zeros((1, 1)), np.zeros((1, 1)))
    for _ in range(30):
        right = lstm_step(np.ones((1, 1)), *right, W_x1, zeros_h, zeros_b)[:2]
        wrong = mistakes.lstm_step_coupled_as_standard(np.ones((1, 1)), *wrong, W_x1, zeros_h, zeros_b)
        assert abs(wrong[1][0, 0]) <= 1.0
    assert right[1][0, 0] == pytest.approx(30 * np.tanh(0.5), rel=1e-3)


def test_candidate_as_cell_forgets_when_forget_gate_is_one():
    from course.lstm_trace import memory_cell_weights
    W_x, W_h, b = memory_cell_weights()
    values = np.array([0.7, -0.3, 0.5, 0.1])
    signals = np.array([1.0, 0.0, 0.0, 0.0])               # write at the first step only
    state_right = state_wrong = (np.zeros((1, 1)), np.zeros((1, 1)))
    for v, s in zip(values, signals):
        x = np.array([[v, s, 0.0]])
        state_right = lstm_step(x, *state_right, W_x, W_h, b)[:2]
        state_wrong = mistakes.lstm_step_candidate_as_cell(x, *state_wrong, W_x, W_h, b)
    assert state_right[1][0, 0] == pytest.approx(np.tanh(0.7), abs=1e-3)     # kept the written value
    assert state_wrong[1][0, 0] == pytest.approx(np.tanh(0.1), abs=1e-3)     # holds the last candidate


def test_subtract_weights_decays_geometrically_whatever_the_gradient():
    rng = np.random.default_rng(5)
    params = {"W": rng.standard_normal((3, 4)), "b": rng.standard_normal(3)}
    start = {k: v.copy() for k, v in params.items()}
    for _ in range(7):
        grads = {k: rng.standard_normal(v.shape) * 100 for k, v in params.items()}
        mistakes.sgd_step_subtract_weights(params, grads, 0.1)
    for k in params:
        np.testing.assert_allclose(params[k], 0.9 ** 7 * start[k], rtol=1e-12)


def test_sgd_step_and_biases_only():
    rng = np.random.default_rng(6)
    params = {"W_x": rng.standard_normal((4, 2)), "b": rng.standard_normal(4), "b_y": rng.standard_normal(1)}
    grads = {k: rng.standard_normal(v.shape) for k, v in params.items()}
    right = {k: v.copy() for k, v in params.items()}
    mistakes.sgd_step(right, grads, 0.5)
    for k in params:
        np.testing.assert_allclose(right[k], params[k] - 0.5 * grads[k])
    wrong = {k: v.copy() for k, v in params.items()}
    mistakes.sgd_step_biases_only(wrong, grads, 0.5)
    np.testing.assert_array_equal(wrong["W_x"], params["W_x"])
    np.testing.assert_allclose(wrong["b"], right["b"])
    np.testing.assert_allclose(wrong["b_y"], right["b_y"])


def test_update_rules_reject_bad_arguments():
    params = {"W": np.ones(2)}
    with pytest.raises(ValueError, match="lr"):
        mistakes.sgd_step(params, {"W": np.ones(2)}, 0.0)
    with pytest.raises(ValueError, match="keys"):
        mistakes.sgd_step_subtract_weights(params, {"V": np.ones(2)}, 0.1)


def test_wrong_steps_check_shapes():
    with pytest.raises(ValueError, match="W_x"):
        mistakes.lstm_step_gate_order_ifog(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)),
                                           np.ones((15, 3)), np.ones((16, 4)), np.ones(16))


def test_only_the_right_update_learns_the_recall_task():
    from course.recall_task import train
    right, _ = train(mistakes.sgd_step, steps=400, lr=0.4, T=4)
    decay, norms = train(mistakes.sgd_step_subtract_weights, steps=400, lr=0.4, T=4)
    biases, _ = train(mistakes.sgd_step_biases_only, steps=400, lr=0.4, T=4)
    assert right[-20:].mean() < 0.15                          # well below the best constant, 1/3
    assert decay[-20:].mean() > 0.25 and biases[-20:].mean() > 0.25
    np.testing.assert_allclose(norms[1:6] / norms[:5], 0.6, rtol=1e-12)
