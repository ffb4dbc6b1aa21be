"""course.gradient_flow and course.lstm_trace against torch autograd and
torch.nn.LSTM."""
import numpy as np
import pytest
import torch

from course import gradient_flow as gf
from course.lstm_trace import gate_trace, memory_cell_weights
from solutions.rnn import rnn_forward


def _rnn_setup(T=12, H=6, D=2, seed=0, scale=0.5):
    rng = np.random.default_rng(seed)
    return (rng.standard_normal((T, 1, D)), rng.standard_normal((1, H)) * 0.1,
            rng.standard_normal((H, D)), rng.standard_normal((H, H)) * scale, rng.standard_normal(H) * 0.1,
            rng.standard_normal((1, H)))


def _torch_rnn_from(x, W_x, W_h, b, t):
    """h_T as a function of h_t, in torch."""
    def f(h):
        for s in range(t, x.shape[0]):
            h = torch.tanh(torch.tensor(x[s]) @ torch.tensor(W_x).T + h @ torch.tensor(W_h).T + torch.tensor(b))
        return h
    return f


def test_jacobian_norms_match_torch_autograd():
    x, h0, W_x, W_h, b, _ = _rnn_setup()
    hs, _ = rnn_forward(x, h0, W_x, W_h, b)
    norms = gf.rnn_jacobian_norms(hs, W_h)
    T = x.shape[0]
    states = np.concatenate([h0[None], hs])
    for lag in (0, 1, 5, T):
        t = T - lag
        J = torch.autograd.functional.jacobian(_torch_rnn_from(x, W_x, W_h, b, t), torch.tensor(states[t]))
        assert norms[lag] == pytest.approx(np.linalg.norm(J[0, :, 0, :].numpy(), 2), rel=1e-10)


def test_state_grads_and_dW_h_terms_match_torch_autograd():
    x, h0, W_x, W_h, b, u = _rnn_setup(seed=1)
    dh, hs = gf.rnn_state_grads(x, h0, W_x, W_h, b, u)
    parts = gf.rnn_dW_h_contributions(dh, hs, h0)
    T = x.shape[0]
    # Oracle: one torch graph with every state kept.
    W_h_t = torch.tensor(W_h, requires_grad=True)
    h = torch.tensor(h0, requires_grad=True)
    states = [h]
    for s in range(T):
        h = torch.tanh(torch.tensor(x[s]) @ torch.tensor(W_x).T + h @ W_h_t.T + torch.tensor(b))
        h.retain_grad()
        states.append(h)
    (h * torch.tensor(u)).sum().backward()
    for t in range(T + 1):
        np.testing.assert_allclose(dh[t], states[t].grad.numpy(), atol=1e-12)
    np.testing.assert_allclose(parts.sum(axis=0), W_h_t.grad.numpy(), atol=1e-12)


def test_lstm_cell_grad_norms_match_torch_autograd():
    rng = np.random.default_rng(2)
    T, D, H = 10, 3, 4
    x = rng.standard_normal((T, 1, D))
    W_x, W_h = rng.standard_normal((4 * H, D)) * 0.5, rng.standard_normal((4 * H, H)) * 0.5
    b = rng.standard_normal(4 * H)
    b[H:2 * H] += 2.0
    h0, c0, u = rng.standard_normal((1, H)), rng.standard_normal((1, H)), rng.standard_normal((1, H))
    norms, direct = gf.lstm_cell_grad_norms(x, h0, c0, W_x, W_h, b, u)
    h, c = torch.tensor(h0), torch.tensor(c0, requires_grad=True)
    cs, fs = [c], []
    for s in range(T):
        z = torch.tensor(x[s]) @ torch.tensor(W_x).T + h @ torch.tensor(W_h).T + torch.tensor(b)
        i, f, g, o = z.split(H, dim=1)
        fs.append(torch.sigmoid(f).detach())
        c = torch.sigmoid(f) * c + torch.sigmoid(i) * torch.tanh(g)
        c.retain_grad()
        cs.append(c)
        h = torch.sigmoid(o) * torch.tanh(c)
    (h * torch.tensor(u)).sum().backward()
    dc_T = cs[T].grad
    for lag in range(1, T + 1):
        assert norms[lag - 1] == pytest.approx(cs[T - lag].grad.norm().item(), rel=1e-10)
        path = dc_T.clone()
        for k in range(T - lag, T):
            path = path * fs[k]
        assert direct[lag - 1] == pytest.approx(path.norm().item(), rel=1e-10)


def test_gate_trace_matches_torch_and_its_own_equations():
    torch.manual_seed(0)
    T, B, D, H = 7, 3, 2, 4
    lstm = torch.nn.LSTM(D, H).double()
    W_x, W_h = lstm.weight_ih_l0.detach().numpy(), lstm.weight_hh_l0.detach().numpy()
    b = (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()
    rng = np.random.default_rng(3)
    x, h0, c0 = rng.standard_normal((T, B, D)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    tr = gate_trace(x, h0, c0, W_x, W_h, b)
    with torch.no_grad():
        out, _ = lstm(torch.tensor(x), (torch.tensor(h0[None]), torch.tensor(c0[None])))
    np.testing.assert_allclose(tr["h"], out.numpy(), atol=1e-12)
    c_prev = np.concatenate([c0[None], tr["c"][:-1]])
    np.testing.assert_allclose(tr["c"], tr["f"] * c_prev + tr["i"] * tr["g"], atol=1e-12)
    np.testing.assert_allclose(tr["h"], tr["o"] * np.tanh(tr["c"]), atol=1e-12)


def test_memory_cell_stores_and_reads_on_command():
    W_x, W_h, b = memory_cell_weights()
    x = np.zeros((30, 1, 3))
    x[:, 0, 0] = np.linspace(-0.9, 0.9, 30)
    x[3, 0, 1] = 1.0            # write at step 4
    x[20, 0, 2] = 1.0           # read at step 21
    tr = gate_trace(x, np.zeros((1, 1)), np.zeros((1, 1)), W_x, W_h, b)
    stored = np.tanh(x[3, 0, 0])
    assert tr["c"][20, 0, 0] == pytest.approx(stored, rel=1e-2)
    assert tr["h"][20, 0, 0] == pytest.approx(np.tanh(stored), rel=1e-2)
    assert np.abs(tr["h"][[10, 15, 25], 0, 0]).max() < 1e-3


def test_rnn_step_jacobians_reject_a_batch():
    with pytest.raises(ValueError, match="hs"):
        gf.rnn_step_jacobians(np.zeros((3, 2, 4)), np.zeros((4, 4)))
