"""solutions.lstm against torch.nn.LSTM, autograd and numerical gradients."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solutions.gradcheck import numerical_gradient, relative_error
from solutions.lstm import lstm_backward, lstm_forward, lstm_step, lstm_step_backward

sizes = st.integers(1, 6)
NAMES = ["x", "h0", "c0", "W_x", "W_h", "b"]


@settings(max_examples=25, deadline=None)
@given(T=sizes, B=sizes, D=sizes, H=sizes, seed=st.integers(0, 2**31),
       through_cell=st.booleans())
def test_forward_and_backward_match_torch(oracle, T, B, D, H, seed, through_cell):
    p = oracle.problem(seed, T, B, D, H, gates=4)
    args = [p.x, p.h0, p.c0, p.W_x, p.W_h, p.b]
    dc_last = p.dc if through_cell else None
    hs, cs, cache = lstm_forward(*args)
    hs_ref, c_T_ref, g = oracle.lstm(*args, dhs=p.dhs, dc_last=dc_last)
    assert hs.shape == cs.shape == (T, B, H)
    assert np.abs(hs - hs_ref).max() <= 1e-10
    assert np.abs(cs[-1] - c_T_ref).max() <= 1e-10
    grads = lstm_backward(p.dhs, cache, dc_last=dc_last)
    for name, ours in zip(NAMES, grads):
        assert ours.shape == g[name].shape, name
        assert np.abs(ours - g[name]).max() <= 1e-10, name


def test_every_cell_state_matches_torch(oracle):
    """cs[t] is the cell state after step t: run torch on each prefix."""
    p = oracle.problem(2, 4, 2, 3, 3, gates=4)
    _, cs, _ = lstm_forward(p.x, p.h0, p.c0, p.W_x, p.W_h, p.b)
    for t in range(4):
        _, c_ref, _ = oracle.lstm(p.x[:t + 1], p.h0, p.c0, p.W_x, p.W_h, p.b)
        assert np.abs(cs[t] - c_ref).max() <= 1e-10


def test_gradient_through_final_cell_state_only(oracle):
    """With dhs = 0, every gradient comes from dc_last alone."""
    p = oracle.problem(5, 3, 2, 4, 3, gates=4)
    args = [p.x, p.h0, p.c0, p.W_x, p.W_h, p.b]
    zeros = np.zeros_like(p.dhs)
    _, _, g = oracle.lstm(*args, dhs=zeros, dc_last=p.dc)
    _, _, cache = lstm_forward(*args)
    for name, ours in zip(NAMES, lstm_backward(zeros, cache, dc_last=p.dc)):
        assert np.abs(ours).max() > 0, name
        assert np.abs(ours - g[name]).max() <= 1e-10, name


def test_step_and_step_backward_match_torch(oracle):
    p = oracle.problem(11, 1, 3, 4, 5, gates=4)
    h, c, cache = lstm_step(p.x[0], p.h0, p.c0, p.W_x, p.W_h, p.b)
    hs_ref, c_ref, g = oracle.lstm(p.x, p.h0, p.c0, p.W_x, p.W_h, p.b,
                                   dhs=p.dh[None], dc_last=p.dc)
    assert np.abs(h - hs_ref[0]).max() <= 1e-10
    assert np.abs(c - c_ref).max() <= 1e-10
    dx, dh_prev, dc_prev, dW_x, dW_h, db = lstm_step_backward(p.dh, p.dc, cache)
    assert np.abs(dx - g["x"][0]).max() <= 1e-10
    for name, ours in dict(h0=dh_prev, c0=dc_prev, W_x=dW_x, W_h=dW_h, b=db).items():
        assert np.abs(ours - g[name]).max() <= 1e-10, name


@pytest.mark.parametrize("T,B,D,H", [(4, 2, 3, 2), (1, 1, 2, 3)])
def test_backward_matches_numerical_gradient(oracle, T, B, D, H):
    p = oracle.problem(3, T, B, D, H, gates=4)
    args = [p.x, p.h0, p.c0, p.W_x, p.W_h, p.b]

    def loss():
        hs, cs, _ = lstm_forward(*args)
        return float(np.sum(hs * p.dhs) + np.sum(cs[-1] * p.dc))

    grads = lstm_backward(p.dhs, lstm_forward(*args)[2], dc_last=p.dc)
    for name, arr, grad in zip(NAMES, args, grads):
        assert relative_error(grad, numerical_gradient(loss, arr, eps=1e-5)) <= 1e-6, name


def test_step_backward_matches_numerical_gradient(oracle):
    p = oracle.problem(4, 1, 3, 2, 4, gates=4)
    args = [p.x[0], p.h0, p.c0, p.W_x, p.W_h, p.b]

    def loss():
        h, c, _ = lstm_step(*args)
        return float(np.sum(h * p.dh) + np.sum(c * p.dc))

    grads = lstm_step_backward(p.dh, p.dc, lstm_step(*args)[2])
    for name, arr, grad in zip(NAMES, args, grads):
        assert relative_error(grad, numerical_gradient(loss, arr, eps=1e-5)) <= 1e-6, name


def test_float32_in_float32_out(oracle):
    p = oracle.problem(3, 5, 2, 3, 4, gates=4, dtype=np.float32)
    hs, cs, cache = lstm_forward(p.x, p.h0, p.c0, p.W_x, p.W_h, p.b)
    assert hs.dtype == cs.dtype == np.float32
    assert all(g.dtype == np.float32 for g in lstm_backward(p.dhs, cache))
    hs64, _, _ = lstm_forward(*(a.astype(np.float64) for a in (p.x, p.h0, p.c0, p.W_x, p.W_h, p.b)))
    assert np.abs(hs - hs64).max() < 1e-5


def test_inputs_are_not_modified(oracle):
    p = oracle.problem(8, 3, 2, 3, 4, gates=4)
    args = [p.x, p.h0, p.c0, p.W_x, p.W_h, p.b]
    copies = [a.copy() for a in args]
    _, _, cache = lstm_forward(*args)
    dhs = p.dhs.copy()
    lstm_backward(dhs, cache, dc_last=p.dc)
    for a, c in zip(args + [dhs], copies + [p.dhs]):
        assert np.array_equal(a, c)


def test_bad_shapes_raise_value_error(oracle):
    p = oracle.problem(0, 3, 2, 4, 5, gates=4)
    with pytest.raises(ValueError, match=r"lstm_step: W_x has shape \(15, 4\), expected \(4H, D\) = \(20, 4\)"):
        lstm_step(p.x[0], p.h0, p.c0, p.W_x[:15], p.W_h, p.b)
    with pytest.raises(ValueError, match=r"c0 has shape \(3, 5\), expected \(B, H\) = \(2, 5\)"):
        lstm_forward(p.x, p.h0, np.zeros((3, 5)), p.W_x, p.W_h, p.b)
    with pytest.raises(ValueError, match=r"lstm_forward: x has no steps \(T = 0\)"):
        lstm_forward(p.x[:0], p.h0, p.c0, p.W_x, p.W_h, p.b)
    with pytest.raises(ValueError, match=r"b has shape \(20, 1\) \(2 dimensions\), expected 1"):
        lstm_forward(p.x, p.h0, p.c0, p.W_x, p.W_h, p.b[:, None])
    with pytest.raises(ValueError, match=r"x must be a NumPy array"):
        lstm_forward(p.x.tolist(), p.h0, p.c0, p.W_x, p.W_h, p.b)
    with pytest.raises(ValueError, match=r"h0 must be a floating-point array"):
        lstm_forward(p.x, p.h0.astype(int), p.c0, p.W_x, p.W_h, p.b)
    _, _, cache = lstm_forward(p.x, p.h0, p.c0, p.W_x, p.W_h, p.b)
    with pytest.raises(ValueError, match=r"dc_last has shape \(5, 2\), expected \(B, H\) = \(2, 5\)"):
        lstm_backward(p.dhs, cache, dc_last=p.dc.T)
