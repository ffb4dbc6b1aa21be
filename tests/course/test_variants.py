"""course.variants: the LSTM variants and the parameter counts of chapter 4.
Oracles: torch modules, the standard cell under the constraint that defines
each variant, and equations re-evaluated in torch."""
import numpy as np
import pytest
import torch

from course import variants
from solutions.lstm import lstm_step


def _weights(rng, rows, D, H):
    return rng.standard_normal((rows * H, D)), rng.standard_normal((rows * H, H)), rng.standard_normal(rows * H)


@pytest.mark.parametrize("D,H", [(1, 1), (3, 5), (32, 64), (7, 2)])
def test_param_counts_match_torch(D, H):
    assert variants.lstm_param_count(D, H, biases=2) == sum(p.numel() for p in torch.nn.LSTM(D, H).parameters())
    assert variants.lstm_param_count(D, H, biases=0) == sum(
        p.numel() for p in torch.nn.LSTM(D, H, bias=False).parameters())
    assert variants.gru_param_count(D, H) == sum(p.numel() for p in torch.nn.GRU(D, H).parameters())
    assert variants.rnn_param_count(D, H) + H == sum(p.numel() for p in torch.nn.RNN(D, H).parameters())


def test_variant_counts_by_hand():
    # D = 2, H = 3: LSTM 4(6 + 9 + 3) = 72; peepholes add 3H = 9; coupled 3(6 + 9 + 3) = 54.
    assert variants.lstm_param_count(2, 3) == 72
    assert variants.peephole_lstm_param_count(2, 3) == 81
    assert variants.coupled_lstm_param_count(2, 3) == 54


@pytest.mark.parametrize("bad", [0, -1, 2.5, None])
def test_counts_reject_bad_sizes(bad):
    with pytest.raises(ValueError, match="H"):
        variants.lstm_param_count(3, bad)


def test_peephole_with_zero_peepholes_is_the_standard_cell():
    rng = np.random.default_rng(0)
    B, D, H = 3, 4, 5
    x, h_prev, c_prev = rng.standard_normal((B, D)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    W_x, W_h, b = _weights(rng, 4, D, H)
    zero = np.zeros(H)
    h, c = variants.peephole_lstm_step(x, h_prev, c_prev, W_x, W_h, b, zero, zero, zero)
    h_ref, c_ref, _ = lstm_step(x, h_prev, c_prev, W_x, W_h, b)
    np.testing.assert_allclose(h, h_ref, atol=1e-13)
    np.testing.assert_allclose(c, c_ref, atol=1e-13)


def test_peephole_matches_its_equations_in_torch():
    rng = np.random.default_rng(1)
    B, D, H = 2, 3, 4
    x, h_prev, c_prev = rng.standard_normal((B, D)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    W_x, W_h, b = _weights(rng, 4, D, H)
    w_ci, w_cf, w_co = rng.standard_normal((3, H))
    h, c = variants.peephole_lstm_step(x, h_prev, c_prev, W_x, W_h, b, w_ci, w_cf, w_co)
    t = {k: torch.tensor(v) for k, v in dict(x=x, h=h_prev, c=c_prev, W_x=W_x, W_h=W_h, b=b,
                                              w_ci=w_ci, w_cf=w_cf, w_co=w_co).items()}
    z_i, z_f, z_g, z_o = (t["x"] @ t["W_x"].T + t["h"] @ t["W_h"].T + t["b"]).chunk(4, dim=1)
    c_t = torch.sigmoid(z_f + t["w_cf"] * t["c"]) * t["c"] + torch.sigmoid(z_i + t["w_ci"] * t["c"]) * torch.tanh(z_g)
    h_t = torch.sigmoid(z_o + t["w_co"] * c_t) * torch.tanh(c_t)
    np.testing.assert_allclose(c, c_t.numpy(), atol=1e-13)
    np.testing.assert_allclose(h, h_t.numpy(), atol=1e-13)


def test_coupled_is_the_standard_cell_with_input_gate_tied_to_one_minus_forget():
    rng = np.random.default_rng(2)
    B, D, H = 3, 2, 4
    x, h_prev, c_prev = rng.standard_normal((B, D)), rng.standard_normal((B, H)), rng.standard_normal((B, H))
    W_x, W_h, b = _weights(rng, 3, D, H)                   # blocks f, g, o
    h, c = variants.coupled_lstm_step(x, h_prev, c_prev, W_x, W_h, b)
    tie = lambda A: np.concatenate([-A[:H], A])            # noqa: E731  i rows = −(f rows)
    h_ref, c_ref, _ = lstm_step(x, h_prev, c_prev, tie(W_x), tie(W_h), tie(b))
    np.testing.assert_allclose(h, h_ref, atol=1e-13)
    np.testing.assert_allclose(c, c_ref, atol=1e-13)


def test_variants_check_shapes():
    with pytest.raises(ValueError, match="W_x"):
        variants.coupled_lstm_step(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)),
                                   np.ones((16, 3)), np.ones((12, 4)), np.ones(12))
    with pytest.raises(ValueError, match="w_co"):
        variants.peephole_lstm_step(np.ones((2, 3)), np.ones((2, 4)), np.ones((2, 4)), np.ones((16, 3)),
                                    np.ones((16, 4)), np.ones(16), np.ones(4), np.ones(4), np.ones(5))


@pytest.mark.parametrize("step, k", [(variants.coupled_lstm_step, 3), (variants.peephole_lstm_step, 4)])
@pytest.mark.parametrize("arg", ["c_prev", "W_h", "b"])
def test_a_wrong_shape_names_the_argument_and_its_gate_blocks(step, k, arg):
    B, D, H = 2, 3, 4
    args = dict(x=np.ones((B, D)), h_prev=np.ones((B, H)), c_prev=np.ones((B, H)),
                W_x=np.ones((k * H, D)), W_h=np.ones((k * H, H)), b=np.ones(k * H))
    args[arg] = np.ones(args[arg].shape[:-1] + (args[arg].shape[-1] + 1,))    # one too many
    peepholes = [np.ones(H)] * 3 if k == 4 else []
    with pytest.raises(ValueError, match=rf"{step.__name__}: {arg} has shape"):
        step(*args.values(), *peepholes)
