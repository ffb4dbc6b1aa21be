"""oracle.problems: the arrays every test poses, their shapes, dtypes and seeds."""
import numpy as np
import pytest

from oracle.problems import SIZES, fixed, gru_problem, lstm_problem, rnn_problem, upstream


@pytest.mark.parametrize("problem, k, names", [
    (rnn_problem, 1, ("x", "h0", "W_x", "W_h", "b")),
    (lstm_problem, 4, ("x", "h0", "c0", "W_x", "W_h", "b")),
    (gru_problem, 3, ("x", "h0", "W_x", "W_h", "b_x", "b_h")),
])
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_a_problem_holds_the_arguments_in_order_with_their_shapes(problem, k, names, dtype):
    T, B, D, H = 3, 2, 5, 4
    p = problem(7, T, B, D, H, dtype)
    assert tuple(p) == names
    shapes = {"x": (T, B, D), "h0": (B, H), "c0": (B, H), "W_x": (k * H, D), "W_h": (k * H, H),
              "b": (k * H,), "b_x": (k * H,), "b_h": (k * H,)}
    for name, value in p.items():
        assert value.shape == shapes[name] and value.dtype == dtype, name


def test_a_seed_gives_the_same_problem_and_another_seed_another():
    a, b, c = lstm_problem(1, 2, 3, 4, 5), lstm_problem(1, 2, 3, 4, 5), lstm_problem(2, 2, 3, 4, 5)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not any(np.array_equal(a[k], c[k]) for k in a)


def test_upstream_gradients_have_the_shapes_of_hs_and_of_the_final_cell():
    u = upstream(0, 4, 3, 2)
    assert u["dhs"].shape == (4, 3, 2) and u["dc_last"].shape == (3, 2)


def test_fixed_is_half_the_sine_of_a_ramp_from_the_seed():
    np.testing.assert_allclose(fixed((2, 2), 1), 0.5 * np.sin([[1.0, 1.7], [2.4, 3.1]]), rtol=0, atol=1e-15)


def test_the_sizes_include_one_step_one_example_and_d_unlike_h_both_ways():
    assert any(T == 1 for T, _, _, _ in SIZES) and any(B == 1 for _, B, _, _ in SIZES)
    assert any(D > H for _, _, D, H in SIZES) and any(D < H for _, _, D, H in SIZES)
