"""solutions.gradcheck against hand-derived gradients and values."""
import numpy as np
import pytest

from solutions.gradcheck import numerical_gradient, relative_error


def test_numerical_gradient_matches_hand_derivative():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((3, 4))
    f = lambda: float(np.sum(np.sin(x) * x ** 2))
    exact = np.cos(x) * x ** 2 + 2 * x * np.sin(x)        # d/dx sin(x) x²
    assert np.abs(numerical_gradient(f, x) - exact).max() < 1e-8


def test_central_difference_is_exact_for_quadratics():
    """For f = a x² + c x, (f(x+e) − f(x−e)) / 2e = 2 a x + c exactly in real
    arithmetic; in float64 it agrees to rounding."""
    x = np.array([0.3, -1.2, 2.0])
    f = lambda: float(np.sum(3.0 * x ** 2 - 0.5 * x))
    assert np.abs(numerical_gradient(f, x, eps=1e-3) - (6.0 * x - 0.5)).max() < 1e-9


def test_x_is_restored_bit_for_bit_even_when_f_raises():
    x = np.random.default_rng(1).standard_normal(5)
    before = x.copy()
    numerical_gradient(lambda: float(np.sum(x ** 3)), x)
    assert np.array_equal(x, before)
    calls = []

    def failing():
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("boom")
        return 0.0

    with pytest.raises(RuntimeError):
        numerical_gradient(failing, x)
    assert np.array_equal(x, before)


def test_numerical_gradient_rejects_non_float_arrays():
    with pytest.raises(ValueError, match="floating-point NumPy array"):
        numerical_gradient(lambda: 0.0, np.arange(3))
    with pytest.raises(ValueError, match="floating-point NumPy array"):
        numerical_gradient(lambda: 0.0, [1.0, 2.0])


def test_relative_error_hand_values():
    assert relative_error(np.array([1.0, 2.0]), np.array([1.0, 2.2])) == pytest.approx(0.2 / 4.2)
    assert relative_error(np.zeros(3), np.zeros(3)) == 0.0
    assert relative_error(np.array([1e-9]), np.array([0.0])) == pytest.approx(1e-9 / 1e-8)
    assert relative_error(np.array([-1.0]), np.array([1.0])) == pytest.approx(1.0)


def test_relative_error_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"shapes differ: \(2,\) and \(3,\)"):
        relative_error(np.zeros(2), np.zeros(3))
