"""solutions.rnn against torch.nn.RNN, autograd and numerical gradients."""
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solutions.gradcheck import numerical_gradient, relative_error
from solutions.rnn import rnn_backward, rnn_forward, rnn_step, rnn_step_backward

sizes = st.integers(1, 6)


@settings(max_examples=25, deadline=None)
@given(T=sizes, B=sizes, D=sizes, H=sizes, seed=st.integers(0, 2**31))
def test_forward_and_backward_match_torch(oracle, T, B, D, H, seed):
    p = oracle.problem(seed, T, B, D, H, gates=1)
    hs, cache = rnn_forward(p.x, p.h0, p.W_x, p.W_h, p.b)
    hs_ref, g = oracle.rnn(p.x, p.h0, p.W_x, p.W_h, p.b, dhs=p.dhs)
    assert hs.shape == (T, B, H) and hs.dtype == np.float64
    assert np.abs(hs - hs_ref).max() <= 1e-10
    dx, dh0, dW_x, dW_h, db = rnn_backward(p.dhs, cache)
    for name, ours in dict(x=dx, h0=dh0, W_x=dW_x, W_h=dW_h, b=db).items():
        assert ours.shape == g[name].shape, name
        assert np.abs(ours - g[name]).max() <= 1e-10, name


def test_step_matches_one_step_of_torch(oracle):
    p = oracle.problem(1, 1, 3, 4, 5, gates=1)
    h, cache = rnn_step(p.x[0], p.h0, p.W_x, p.W_h, p.b)
    hs_ref, g = oracle.rnn(p.x, p.h0, p.W_x, p.W_h, p.b, dhs=p.dh[None])
    assert np.abs(h - hs_ref[0]).max() <= 1e-10
    dx, dh_prev, dW_x, dW_h, db = rnn_step_backward(p.dh, cache)
    for name, ours in dict(h0=dh_prev, W_x=dW_x, W_h=dW_h, b=db).items():
        assert np.abs(ours - g[name]).max() <= 1e-10, name
    assert np.abs(dx - g["x"][0]).max() <= 1e-10


@pytest.mark.parametrize("T,B,D,H", [(4, 3, 2, 5), (1, 1, 3, 2)])
def test_backward_matches_numerical_gradient(oracle, T, B, D, H):
    p = oracle.problem(7, T, B, D, H, gates=1)
    args = [p.x, p.h0, p.W_x, p.W_h, p.b]
    loss = lambda: float(np.sum(rnn_forward(*args)[0] * p.dhs))
    _, cache = rnn_forward(*args)
    grads = rnn_backward(p.dhs, cache)
    for name, arr, grad in zip(["x", "h0", "W_x", "W_h", "b"], args, grads):
        assert relative_error(grad, numerical_gradient(loss, arr, eps=1e-5)) <= 1e-6, name


def test_float32_in_float32_out(oracle):
    p = oracle.problem(3, 5, 2, 3, 4, gates=1, dtype=np.float32)
    hs, cache = rnn_forward(p.x, p.h0, p.W_x, p.W_h, p.b)
    assert hs.dtype == np.float32
    assert all(g.dtype == np.float32 for g in rnn_backward(p.dhs, cache))


def test_bad_shapes_raise_value_error(oracle):
    p = oracle.problem(0, 3, 2, 4, 5, gates=1)
    with pytest.raises(ValueError, match=r"W_h has shape \(5, 4\), expected \(H, H\) = \(5, 5\)"):
        rnn_step(p.x[0], p.h0, p.W_x, p.W_h[:, :4], p.b)
    with pytest.raises(ValueError, match=r"x has shape \(2, 4\) \(2 dimensions\), expected 3"):
        rnn_forward(p.x[0], p.h0, p.W_x, p.W_h, p.b)
    with pytest.raises(ValueError, match=r"rnn_forward: x has no steps \(T = 0\)"):
        rnn_forward(p.x[:0], p.h0, p.W_x, p.W_h, p.b)
    _, cache = rnn_forward(p.x, p.h0, p.W_x, p.W_h, p.b)
    with pytest.raises(ValueError, match=r"dhs has shape \(2, 2, 5\), expected \(T, B, H\) = \(3, 2, 5\)"):
        rnn_backward(p.dhs[:2], cache)
