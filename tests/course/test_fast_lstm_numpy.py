"""The fast NumPy LSTM against torch.nn.LSTM: outputs, every cell state and
the gradients of x, h0, c0 and every parameter, at several sizes."""
import numpy as np
import pytest
import torch

from course.fast_lstm import numpy_lstm


def torch_reference(T, B, D, H, seed):
    """nn.LSTM's outputs and gradients of sum(hs ⊙ dhs) + sum(c_T ⊙ dc_last), and its
    weights and inputs as NumPy arrays in the course's convention (b = bias_ih + bias_hh)."""
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(D, H).double()
    x = torch.randn(T, B, D, dtype=torch.float64, requires_grad=True)
    h0 = torch.randn(1, B, H, dtype=torch.float64, requires_grad=True)
    c0 = torch.randn(1, B, H, dtype=torch.float64, requires_grad=True)
    dhs, dc_last = torch.randn(T, B, H, dtype=torch.float64), torch.randn(B, H, dtype=torch.float64)
    hs, (_, c_n) = lstm(x, (h0, c0))
    ((hs * dhs).sum() + (c_n[0] * dc_last).sum()).backward()
    arrays = [x.detach().numpy(), h0.detach().numpy()[0], c0.detach().numpy()[0],
              lstm.weight_ih_l0.detach().numpy(), lstm.weight_hh_l0.detach().numpy(),
              (lstm.bias_ih_l0 + lstm.bias_hh_l0).detach().numpy()]
    grads = [x.grad.numpy(), h0.grad.numpy()[0], c0.grad.numpy()[0],
             lstm.weight_ih_l0.grad.numpy(), lstm.weight_hh_l0.grad.numpy(),
             lstm.bias_ih_l0.grad.numpy()]          # = the gradient of b (bias_hh's is the same)
    return arrays, dhs.numpy(), dc_last.numpy(), hs.detach().numpy(), c_n[0].detach().numpy(), grads


@pytest.mark.parametrize("T,B,D,H", [(1, 1, 1, 1), (7, 3, 5, 4), (12, 2, 9, 16), (3, 8, 32, 7)])
def test_matches_nn_lstm(T, B, D, H):
    arrays, dhs, dc_last, hs_ref, c_T_ref, grads_ref = torch_reference(T, B, D, H, seed=T + H)
    copies = [a.copy() for a in arrays]
    hs, cs, cache = numpy_lstm.lstm_forward(*arrays)
    assert np.abs(hs - hs_ref).max() <= 1e-12
    assert np.abs(cs[-1] - c_T_ref).max() <= 1e-12
    grads = numpy_lstm.lstm_backward(dhs, cache, dc_last=dc_last)
    for name, got, expected in zip(("dx", "dh0", "dc0", "dW_x", "dW_h", "db"), grads, grads_ref):
        assert got.shape == expected.shape, name
        assert np.abs(got - expected).max() <= 1e-12, name
    for a, c in zip(arrays, copies):
        assert np.array_equal(a, c)                  # the inputs are left as they were


def test_float32_stays_float32():
    arrays, dhs, _, hs_ref, _, grads_ref = torch_reference(4, 2, 3, 5, seed=1)
    arrays32 = [a.astype(np.float32) for a in arrays]
    hs, cs, cache = numpy_lstm.lstm_forward(*arrays32)
    grads = numpy_lstm.lstm_backward(dhs.astype(np.float32), cache)
    assert hs.dtype == cs.dtype == np.float32
    assert all(g.dtype == np.float32 for g in grads)
    assert np.abs(hs - hs_ref).max() < 1e-5


def test_a_cache_serves_one_backward_pass():
    arrays, dhs, _, _, _, grads_ref = torch_reference(3, 2, 4, 5, seed=2)
    _, _, cache = numpy_lstm.lstm_forward(*arrays)
    numpy_lstm.lstm_backward(dhs, cache)
    with pytest.raises(ValueError, match="used by a backward pass already"):
        numpy_lstm.lstm_backward(dhs, cache)
