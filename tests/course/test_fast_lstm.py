"""Every fast LSTM variant against torch.nn.LSTM: outputs, final states and
the gradients of x, h0, c0 and every parameter."""
import pytest
import torch

from course.fast_lstm import VARIANTS, GraphedLSTM, custom_backward, nn_lstm_params

CUDA = torch.cuda.is_available()
TOL = {torch.float64: 1e-10, torch.float32: 2e-5}


def make_problem(T, B, D, H, dtype, device, seed=0):
    torch.manual_seed(seed)
    lstm = torch.nn.LSTM(D, H).to(device, dtype)
    x = torch.randn(T, B, D, dtype=dtype, device=device, requires_grad=True)
    h0 = torch.randn(B, H, dtype=dtype, device=device, requires_grad=True)
    c0 = torch.randn(B, H, dtype=dtype, device=device, requires_grad=True)
    grads = [torch.randn(T, B, H, dtype=dtype, device=device),
             torch.randn(B, H, dtype=dtype, device=device),
             torch.randn(B, H, dtype=dtype, device=device)]
    return lstm, x, h0, c0, grads


def outputs_and_grads(call, leaves, grads):
    """(hs, h_n, c_n) and the gradient of every leaf for upstream gradients
    on all three outputs."""
    for a in leaves:
        a.grad = None
    outs = call()
    torch.autograd.backward(outs, grads)
    return [o.detach().clone() for o in outs] + [a.grad.clone() for a in leaves]


def reference(lstm, x, h0, c0):
    hs, (h_n, c_n) = lstm(x, (h0[None], c0[None]))
    return hs, h_n[0], c_n[0]


def assert_close(got, expected, tol):
    names = ["hs", "h_n", "c_n", "dx", "dh0", "dc0", "dW_x", "dW_h", "db_x", "db_h"]
    assert len(got) == len(expected)
    for name, g, e in zip(names, got, expected):
        assert g.shape == e.shape, name
        err = (g - e).abs().max().item() / max(1.0, e.abs().max().item())
        assert err < tol, f"{name}: relative error {err:.2e} ≥ {tol:.0e}"


def check_variant(fn, dtype, device, size=(7, 3, 5, 4)):
    lstm, x, h0, c0, grads = make_problem(*size, dtype, device)
    leaves = [x, h0, c0, *nn_lstm_params(lstm)]
    expected = outputs_and_grads(lambda: reference(lstm, x, h0, c0), leaves, grads)
    for _ in range(2):   # the first call compiles (torch.compile), the second reuses it
        got = outputs_and_grads(lambda: fn(x, h0, c0, *nn_lstm_params(lstm)), leaves, grads)
        assert_close(got, expected, TOL[dtype])


@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_matches_nn_lstm_cpu(name, dtype):
    check_variant(VARIANTS[name], dtype, "cpu")


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_matches_nn_lstm_one_step_and_batch_one(name):
    check_variant(VARIANTS[name], torch.float64, "cpu", size=(1, 1, 3, 2))


@pytest.fixture
def no_tf32():
    """Full float32 arithmetic in cuBLAS and cuDNN for the test, then restore."""
    saved = torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32
    torch.backends.cuda.matmul.allow_tf32 = torch.backends.cudnn.allow_tf32 = False
    yield
    torch.backends.cuda.matmul.allow_tf32, torch.backends.cudnn.allow_tf32 = saved


@pytest.mark.skipif(not CUDA, reason="needs a CUDA device")
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_matches_nn_lstm_cuda(name, dtype, no_tf32):
    check_variant(VARIANTS[name], dtype, "cuda")


@pytest.mark.skipif(not CUDA, reason="needs a CUDA device")
@pytest.mark.parametrize("dtype", [torch.float64, torch.float32])
def test_graphed_lstm_matches_nn_lstm_cuda(dtype, no_tf32):
    lstm, x, h0, c0, grads = make_problem(7, 3, 5, 4, dtype, "cuda")
    leaves = [x, h0, c0, *nn_lstm_params(lstm)]
    only_hs = [grads[0], torch.zeros_like(grads[1]), torch.zeros_like(grads[2])]
    expected = outputs_and_grads(lambda: reference(lstm, x, h0, c0), leaves, only_hs)
    graphed = GraphedLSTM(custom_backward, tuple(leaves), grads[0])
    for _ in range(2):
        graphed.forward_backward()
        got = [o.detach().clone() for o in graphed.train_outputs] + [a.grad.clone() for a in leaves]
        assert_close(got, expected, TOL[dtype])
    graphed.forward()
    assert_close(list(graphed.outputs), expected[:3], TOL[dtype])
    with torch.no_grad():              # new data copied into the static input
        x.mul_(0.5)
    graphed.forward()
    assert_close(list(graphed.outputs), [o.detach() for o in reference(lstm, x, h0, c0)], TOL[dtype])


def test_custom_backward_passes_gradcheck():
    """Finite differences in float64, independent of nn.LSTM."""
    torch.manual_seed(3)
    T, B, D, H = 3, 2, 3, 2
    args = [torch.randn(*s, dtype=torch.float64, requires_grad=True)
            for s in ((T, B, D), (B, H), (B, H), (4 * H, D), (4 * H, H), (4 * H,), (4 * H,))]
    assert torch.autograd.gradcheck(custom_backward, args)


def test_custom_backward_skips_gradients_not_asked_for():
    lstm, x, h0, c0, grads = make_problem(4, 2, 3, 5, torch.float64, "cpu")
    x_const = x.detach()
    hs, _, _ = custom_backward(x_const, h0, c0, *nn_lstm_params(lstm))
    hs.backward(grads[0])
    hs_ref, _, _ = reference(lstm, x_const, h0.detach(), c0.detach())
    torch.testing.assert_close(hs, hs_ref)
    assert x_const.grad is None and h0.grad is not None


@pytest.mark.parametrize("name", list(VARIANTS))
def test_variant_rejects_wrong_shapes(name):
    lstm, x, h0, c0, _ = make_problem(3, 2, 4, 5, torch.float64, "cpu")
    W_x, W_h, b_x, b_h = nn_lstm_params(lstm)
    with pytest.raises(ValueError, match="h0"):
        VARIANTS[name](x, h0[:, :3], c0, W_x, W_h, b_x, b_h)
    with pytest.raises(ValueError, match="W_x"):
        VARIANTS[name](x, h0, c0, W_x[:, :2], W_h, b_x, b_h)
    with pytest.raises(ValueError, match=r"\(T, B, D\)"):
        VARIANTS[name](x[0], h0, c0, W_x, W_h, b_x, b_h)


def test_graphed_lstm_needs_cuda_tensors():
    lstm, x, h0, c0, grads = make_problem(3, 2, 4, 5, torch.float32, "cpu")
    with pytest.raises(ValueError, match="CUDA"):
        GraphedLSTM(custom_backward, (x, h0, c0, *nn_lstm_params(lstm)), grads[0])
