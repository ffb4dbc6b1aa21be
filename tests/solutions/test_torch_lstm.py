"""solutions.torch_lstm.LSTM against torch.nn.LSTM with the same state dict."""
import ast
import inspect

import numpy as np
import pytest
import torch

import solutions.torch_lstm as torch_lstm
from solutions.torch_lstm import LSTM

DEVICES = ["cpu"] + (["cuda"] if torch.cuda.is_available() else [])


def _compare(num_layers, batch_first, with_hx, dtype, device, bias=True, unbatched=False):
    torch.manual_seed(0)
    T, B, D, H = 5, 3, 4, 6
    ref = torch.nn.LSTM(D, H, num_layers=num_layers, bias=bias,
                        batch_first=batch_first).to(device, dtype)
    ours = LSTM(D, H, num_layers=num_layers, bias=bias, batch_first=batch_first).to(device, dtype)
    ours.load_state_dict(ref.state_dict())
    shape = (T, D) if unbatched else ((B, T, D) if batch_first else (T, B, D))
    x = torch.randn(shape, dtype=dtype, device=device)
    state_shape = (num_layers, H) if unbatched else (num_layers, B, H)
    hx = tuple(torch.randn(state_shape, dtype=dtype, device=device) for _ in range(2)) if with_hx else None
    tol = 1e-10 if dtype == torch.float64 else 1e-5
    results = []
    for model in (ref, ours):
        xi = x.clone().requires_grad_()
        hxi = tuple(s.clone().requires_grad_() for s in hx) if with_hx else None
        out, (h_n, c_n) = model(xi, hxi)
        torch.manual_seed(1)
        loss = sum((t * torch.randn_like(t)).sum() for t in (out, h_n, c_n))
        loss.backward()
        grads = [xi.grad] + ([s.grad for s in hxi] if with_hx else [])
        grads += [p.grad for _, p in sorted(model.named_parameters())]
        results.append(([out, h_n, c_n], grads))
    (outs_ref, grads_ref), (outs, grads) = results
    assert [p for p, _ in sorted(ours.named_parameters())] == [p for p, _ in sorted(ref.named_parameters())]
    for a, b in zip(outs + grads, outs_ref + grads_ref):
        assert a.shape == b.shape and a.dtype == b.dtype
        assert (a - b).abs().max().item() <= tol


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("num_layers", [1, 2])
@pytest.mark.parametrize("batch_first", [False, True])
@pytest.mark.parametrize("with_hx", [False, True])
def test_matches_nn_lstm_outputs_and_gradients(num_layers, batch_first, with_hx, dtype, device):
    _compare(num_layers, batch_first, with_hx, dtype, device)


def test_without_bias_and_unbatched_input():
    _compare(2, False, True, torch.float64, "cpu", bias=False)
    _compare(2, False, True, torch.float64, "cpu", unbatched=True)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="no CUDA device on this machine")
def test_runs_on_cuda():
    _compare(2, True, True, torch.float32, "cuda")


def test_uses_no_builtin_lstm():
    """No attribute access to torch's own LSTM kernels anywhere in the code
    (docstrings may mention nn.LSTM)."""
    tree = ast.parse(inspect.getsource(torch_lstm))
    used = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    assert not used & {"LSTM", "LSTMCell", "_VF", "lstm", "lstm_cell", "RNNBase"}


def test_init_range_like_nn_lstm():
    H = 16
    bound = 1 / np.sqrt(H)
    model = LSTM(8, H, num_layers=2)
    for p in model.parameters():
        assert p.abs().max().item() <= bound
        assert p.abs().max().item() > 0.8 * bound


def test_bad_input_raises_value_error():
    model = LSTM(4, 6, num_layers=2)
    with pytest.raises(ValueError, match=r"x has 5 features in its last dimension, expected input_size D = 4"):
        model(torch.zeros(3, 2, 5))
    with pytest.raises(ValueError, match=r"h0 has shape \(1, 2, 6\), expected \(num_layers, B, H\) = \(2, 2, 6\)"):
        model(torch.zeros(3, 2, 4), (torch.zeros(1, 2, 6), torch.zeros(1, 2, 6)))
    with pytest.raises(ValueError, match="x must have 3 dimensions"):
        model(torch.zeros(3))
    with pytest.raises(ValueError, match="hidden_size must be a positive int"):
        LSTM(4, 0)
