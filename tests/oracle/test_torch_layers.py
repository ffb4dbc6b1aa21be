"""oracle.torch_layers against an independent derivation: a NumPy step
written from the equations for the outputs, central differences of that
NumPy forward pass for the gradients."""
import numpy as np
import pytest
import torch

from oracle import torch_layers
from oracle.problems import gru_problem, lstm_problem, rnn_problem, upstream


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def rnn_step(x, h, W_x, W_h, b):
    return np.tanh(x @ W_x.T + h @ W_h.T + b)


def lstm_step(x, h, c, W_x, W_h, b):
    i, f, g, o = np.split(x @ W_x.T + h @ W_h.T + b, 4, axis=1)
    c = sigmoid(f) * c + sigmoid(i) * np.tanh(g)
    return sigmoid(o) * np.tanh(c), c


def gru_step(x, h, W_x, W_h, b_x, b_h):
    a_r, a_z, a_n = np.split(x @ W_x.T + b_x, 3, axis=1)
    h_r, h_z, h_n = np.split(h @ W_h.T + b_h, 3, axis=1)
    r, z = sigmoid(a_r + h_r), sigmoid(a_z + h_z)
    n = np.tanh(a_n + r * h_n)
    return (1 - z) * n + z * h


def unrolled(step):
    """hs (T, B, H) of ``step`` applied along x (T, B, D) from h0."""
    def hs(x, h0, *weights):
        out, h = [], h0
        for x_t in x:
            h = step(x_t, h, *weights)
            out.append(h)
        return np.stack(out)
    return hs


rnn_hs, gru_hs = unrolled(rnn_step), unrolled(gru_step)


def lstm_hs_cs(x, h0, c0, *weights):
    hs, cs, h, c = [], [], h0, c0
    for x_t in x:
        h, c = lstm_step(x_t, h, c, *weights)
        hs.append(h)
        cs.append(c)
    return np.stack(hs), np.stack(cs)


def numerical_gradient(loss, args, k, eps=1e-6):
    """Central differences of loss(*args) with respect to args[k], entry by entry."""
    grad = np.zeros_like(args[k])
    for index in np.ndindex(args[k].shape):
        shifted = []
        for sign in (1, -1):
            a = [np.array(v, copy=True) for v in args]
            a[k][index] += sign * eps
            shifted.append(loss(*a))
        grad[index] = (shifted[0] - shifted[1]) / (2 * eps)
    return grad


def test_one_rnn_step_is_the_tanh_of_the_affine_map():
    p = rnn_problem(0, 1, 3, 4, 5)
    hs = torch_layers.torch_rnn_forward(*p.values())
    assert hs.shape == (1, 3, 5)
    np.testing.assert_allclose(hs[0], rnn_step(p["x"][0], *list(p.values())[1:]), rtol=0, atol=1e-13)


def test_one_lstm_step_follows_the_gate_order_i_f_g_o():
    p = lstm_problem(1, 1, 2, 3, 4)
    hs, cs = torch_layers.torch_lstm_forward(*p.values())
    h, c = lstm_step(p["x"][0], *list(p.values())[1:])
    np.testing.assert_allclose(hs[0], h, rtol=0, atol=1e-13)
    np.testing.assert_allclose(cs[0], c, rtol=0, atol=1e-13)


def test_one_gru_step_resets_the_recurrent_candidate_with_its_bias():
    p = gru_problem(2, 1, 3, 2, 4)
    hs = torch_layers.torch_gru_forward(*p.values())
    np.testing.assert_allclose(hs[0], gru_step(p["x"][0], *list(p.values())[1:]), rtol=0, atol=1e-13)


@pytest.mark.parametrize("forward, mine, problem", [
    (torch_layers.torch_rnn_forward, rnn_hs, rnn_problem),
    (torch_layers.torch_gru_forward, gru_hs, gru_problem),
    (torch_layers.torch_lstm_forward, lstm_hs_cs, lstm_problem),
])
def test_sequences_carry_the_state_from_step_to_step(forward, mine, problem):
    p = problem(3, 5, 2, 3, 4)
    got, expected = np.asarray(forward(*p.values())), np.asarray(mine(*p.values()))
    np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)


@pytest.mark.parametrize("grads, forward, problem, n", [
    (torch_layers.torch_rnn_grads, rnn_hs, rnn_problem, 5),
    (torch_layers.torch_gru_grads, gru_hs, gru_problem, 6),
])
def test_rnn_and_gru_grads_are_the_derivatives_of_the_sum_of_hs_times_dhs(grads, forward, problem, n):
    p, dhs = problem(4, 3, 2, 3, 2), upstream(4, 3, 2, 2)["dhs"]
    loss = lambda *a: float(np.sum(forward(*a) * dhs))
    args = list(p.values())
    got = grads(*args, dhs)
    assert len(got) == n
    for k, grad in enumerate(got):
        np.testing.assert_allclose(grad, numerical_gradient(loss, args, k), rtol=1e-6, atol=1e-8)


@pytest.mark.parametrize("with_dc_last", [False, True])
def test_lstm_grads_are_the_derivatives_of_hs_and_the_final_cell(with_dc_last):
    p, u = lstm_problem(6, 3, 2, 3, 2), upstream(6, 3, 2, 2)
    dc_last = u["dc_last"] if with_dc_last else None

    def loss(*a):
        hs, cs = lstm_hs_cs(*a)
        return float(np.sum(hs * u["dhs"]) + (np.sum(cs[-1] * dc_last) if with_dc_last else 0.0))
    args = list(p.values())
    grads = torch_layers.torch_lstm_grads(*args, u["dhs"], dc_last)
    assert len(grads) == 6
    for k, grad in enumerate(grads):
        np.testing.assert_allclose(grad, numerical_gradient(loss, args, k), rtol=1e-6, atol=1e-8)


def test_layers_hold_the_weights_in_float64_with_bias_hh_zero_for_rnn_and_lstm():
    p = lstm_problem(7, 1, 1, 3, 2)
    layer = torch_layers.torch_lstm(p["W_x"], p["W_h"], p["b"])
    assert layer.weight_ih_l0.dtype == layer.bias_hh_l0.dtype == torch.float64
    assert np.array_equal(layer.weight_ih_l0.detach().numpy(), p["W_x"])
    assert not layer.bias_hh_l0.detach().numpy().any()
    g = gru_problem(7, 1, 1, 3, 2)
    layer = torch_layers.torch_gru(g["W_x"], g["W_h"], g["b_x"], g["b_h"])
    assert np.array_equal(layer.bias_hh_l0.detach().numpy(), g["b_h"])


def test_weights_drawn_as_nn_lstm_draws_them_give_its_outputs():
    D, H, seed = 3, 5, 7
    W_x, W_h, b = torch_layers.torch_lstm_weights(D, H, seed)
    assert (W_x.shape, W_h.shape, b.shape) == ((4 * H, D), (4 * H, H), (4 * H,))
    assert np.abs(np.concatenate([W_x.ravel(), W_h.ravel()])).max() <= 1 / np.sqrt(H)
    torch.manual_seed(seed)
    layer = torch.nn.LSTM(D, H).double()                 # the same draw, used as torch uses it
    x = np.random.default_rng(0).standard_normal((4, 2, D))
    with torch.no_grad():
        expected, _ = layer(torch.tensor(x))
    hs, _ = torch_layers.torch_lstm_forward(x, np.zeros((2, H)), np.zeros((2, H)), W_x, W_h, b)
    np.testing.assert_allclose(hs, expected.numpy(), rtol=0, atol=1e-14)
    _, _, b2 = torch_layers.torch_lstm_weights(D, H, seed, forget_bias=2.0)
    assert np.all(b2[H:2 * H] == 2.0) and np.array_equal(np.delete(b2, np.s_[H:2 * H]),
                                                         np.delete(b, np.s_[H:2 * H]))
