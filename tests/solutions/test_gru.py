"""solutions.gru against torch.nn.GRU, autograd and numerical gradients."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solutions.gradcheck import numerical_gradient, relative_error
from solutions.gru import gru_backward, gru_forward, gru_step, gru_step_backward

sizes = st.integers(1, 6)
NAMES = ["x", "h0", "W_x", "W_h", "b_x", "b_h"]


def _args(p, T=None):
    return [p.x if T is None else p.x[T], p.h0, p.W_x, p.W_h, p.b, p.b_h]


@settings(max_examples=25, deadline=None)
@given(T=sizes, B=sizes, D=sizes, H=sizes, seed=st.integers(0, 2**31))
def test_forward_and_backward_match_torch(oracle, T, B, D, H, seed):
    p = oracle.problem(seed, T, B, D, H, gates=3)
    hs, cache = gru_forward(*_args(p))
    hs_ref, g = oracle.gru(*_args(p), dhs=p.dhs)
    assert hs.shape == (T, B, H)
    assert np.abs(hs - hs_ref).max() <= 1e-10
    for name, ours in zip(NAMES, gru_backward(p.dhs, cache)):
        assert ours.shape == g[name].shape, name
        assert np.abs(ours - g[name]).max() <= 1e-10, name


def test_biases_are_not_interchangeable(oracle):
    """The reset gate scales b_hn but not b_xn: moving the n block of b_h
    into b_x must change the output (it would not if one bias sufficed)."""
    p = oracle.problem(1, 3, 2, 3, 4, gates=3)
    H = 4
    b_x, b_h = p.b.copy(), p.b_h.copy()
    b_x[2 * H:] += b_h[2 * H:]
    b_h[2 * H:] = 0
    hs, _ = gru_forward(p.x, p.h0, p.W_x, p.W_h, p.b, p.b_h)
    hs_moved, _ = gru_forward(p.x, p.h0, p.W_x, p.W_h, b_x, b_h)
    hs_ref_moved, _ = oracle.gru(p.x, p.h0, p.W_x, p.W_h, b_x, b_h)
    assert np.abs(hs - hs_moved).max() > 1e-3
    assert np.abs(hs_moved - hs_ref_moved).max() <= 1e-10


def test_step_and_step_backward_match_torch(oracle):
    p = oracle.problem(2, 1, 3, 4, 5, gates=3)
    h, cache = gru_step(*_args(p, 0))
    hs_ref, g = oracle.gru(*_args(p), dhs=p.dh[None])
    assert np.abs(h - hs_ref[0]).max() <= 1e-10
    dx, *rest = gru_step_backward(p.dh, cache)
    assert np.abs(dx - g["x"][0]).max() <= 1e-10
    for name, ours in zip(NAMES[1:], rest):
        assert np.abs(ours - g[name]).max() <= 1e-10, name


@pytest.mark.parametrize("T,B,D,H", [(4, 2, 3, 2), (1, 1, 2, 3)])
def test_backward_matches_numerical_gradient(oracle, T, B, D, H):
    p = oracle.problem(9, T, B, D, H, gates=3)
    args = _args(p)
    loss = lambda: float(np.sum(gru_forward(*args)[0] * p.dhs))
    grads = gru_backward(p.dhs, gru_forward(*args)[1])
    for name, arr, grad in zip(NAMES, args, grads):
        assert relative_error(grad, numerical_gradient(loss, arr, eps=1e-5)) <= 1e-6, name


def test_bad_shapes_raise_value_error(oracle):
    p = oracle.problem(0, 3, 2, 4, 5, gates=3)
    with pytest.raises(ValueError, match=r"gru_step: W_x has shape \(20, 4\), expected \(3H, D\) = \(15, 4\)"):
        gru_step(p.x[0], p.h0, np.zeros((20, 4)), p.W_h, p.b, p.b_h)
    with pytest.raises(ValueError, match=r"b_h has shape \(14,\), expected \(3H,\) = \(15,\)"):
        gru_forward(p.x, p.h0, p.W_x, p.W_h, p.b, p.b_h[:14])
    with pytest.raises(ValueError, match=r"gru_forward: x has no steps \(T = 0\)"):
        gru_forward(p.x[:0], p.h0, p.W_x, p.W_h, p.b, p.b_h)
