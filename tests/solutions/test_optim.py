"""solutions.optim against torch.nn.utils.clip_grad_norm_ and torch.optim.Adam."""
import numpy as np
import pytest
import torch

from solutions.optim import Adam, clip_grad_norm


@pytest.mark.parametrize("max_norm", [0.5, 1e3])
def test_clip_grad_norm_matches_torch(max_norm):
    rng = np.random.default_rng(0)
    grads = [rng.standard_normal(s) for s in [(3, 4), (5,), (2, 2, 2)]]
    params = [torch.zeros(g.shape, dtype=torch.float64, requires_grad=True) for g in grads]
    for p, g in zip(params, grads):
        p.grad = torch.tensor(g)
    ref_norm = torch.nn.utils.clip_grad_norm_(params, max_norm)
    norm = clip_grad_norm(grads, max_norm)
    assert norm == pytest.approx(float(ref_norm), rel=1e-12)
    for p, g in zip(params, grads):
        assert np.abs(g - p.grad.numpy()).max() <= 1e-12
    if max_norm < norm:
        assert np.sqrt(sum(np.sum(g ** 2) for g in grads)) == pytest.approx(max_norm, rel=1e-5)


def test_clip_grad_norm_rejects_bad_input():
    with pytest.raises(ValueError, match="max_norm must be > 0"):
        clip_grad_norm([np.ones(2)], 0.0)
    with pytest.raises(ValueError, match=r"grads\[1\] must be a floating-point"):
        clip_grad_norm([np.ones(2), [1.0]], 1.0)


def test_adam_matches_torch_over_several_steps():
    rng = np.random.default_rng(3)
    params = {"W": rng.standard_normal((3, 2)), "b": rng.standard_normal(3)}
    torch_params = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt_ref = torch.optim.Adam(torch_params.values(), lr=0.01, betas=(0.8, 0.99), eps=1e-7)
    opt = Adam(params, lr=0.01, betas=(0.8, 0.99), eps=1e-7)
    for _ in range(5):
        grads = {k: rng.standard_normal(v.shape) for k, v in params.items()}
        for k, t in torch_params.items():
            t.grad = torch.tensor(grads[k])
        opt_ref.step()
        opt.step(grads)
    for k in params:
        assert np.abs(params[k] - torch_params[k].detach().numpy()).max() <= 1e-12


def test_adam_rejects_mismatched_gradients():
    opt = Adam({"W": np.zeros((2, 2))})
    with pytest.raises(ValueError, match="grads has keys"):
        opt.step({"V": np.zeros((2, 2))})
    with pytest.raises(ValueError, match=r"grads\['W'\] has shape \(2,\), expected \(2, 2\)"):
        opt.step({"W": np.zeros(2)})
