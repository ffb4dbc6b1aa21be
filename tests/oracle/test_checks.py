"""oracle.checks: what passes, what fails, and the message a learner reads."""
import numpy as np
import pytest

from autograder.student import Opaque
from oracle.checks import (
    TOL64,
    assert_close,
    check_array,
    check_close,
    directional_check,
    inner,
    max_error,
    unpack,
)


def test_check_array_names_the_wrong_type_shape_and_dtype():
    check_array("h", np.zeros((2, 3)), (2, 3), "(B, H)")
    with pytest.raises(AssertionError, match=r"^h must be a NumPy array, got list$"):
        check_array("h", [[0.0]], (1, 1), "(B, H)")
    with pytest.raises(AssertionError, match=r"h has shape \(3, 2\), expected \(B, H\) = \(2, 3\)"):
        check_array("h", np.zeros((3, 2)), (2, 3), "(B, H)")
    with pytest.raises(AssertionError, match=r"h has dtype float32, expected float64 \(compute in"):
        check_array("h", np.zeros((2, 3), np.float32), (2, 3), "(B, H)")


def test_a_value_kept_on_the_learners_side_is_described_not_named_by_its_type():
    with pytest.raises(AssertionError, match="h must be a NumPy array, got a value that is not plain data"):
        check_array("h", Opaque(0), (1,), "(H,)")
    with pytest.raises(AssertionError, match=r"rnn_step must return 2 values \(h, cache\), got a value that "
                                             "is not plain data"):
        unpack(Opaque(1), 2, "rnn_step", "h, cache")


def test_unpack_counts_the_values():
    assert unpack((1, 2), 2, "f", "a, b") == (1, 2)
    with pytest.raises(AssertionError, match=r"f must return 2 values \(a, b\), got tuple of length 3"):
        unpack((1, 2, 3), 2, "f", "a, b")
    with pytest.raises(AssertionError, match=r"got ndarray"):
        unpack(np.zeros(2), 2, "f", "a, b")


def test_check_close_reports_the_largest_error_where_it_is_and_the_hint():
    check_close("h", [1.0, 2.0], [1.0, 2.0 + 1e-9])
    with pytest.raises(AssertionError, match=r"h is wrong: largest error 2.50e-01 at index \(1,\) "
                                             r"\(got 2.500000, expected 2.000000\)\. Check the bias\."):
        check_close("h", [1.0, 2.5], [1.0, 2.0], hint="Check the bias.")
    with pytest.raises(AssertionError, match="contains NaN"):
        check_close("h", [np.nan], [0.0])


def test_max_error_is_relative_above_one_and_infinite_for_another_shape_or_nan():
    assert max_error([0.5], [0.0]) == 0.5
    assert max_error([110.0], [100.0]) == pytest.approx(0.1)
    assert max_error(np.zeros(3), np.zeros(2)) == np.inf
    assert max_error([np.inf], [0.0]) == np.inf


def test_assert_close_names_a_known_mistake_the_value_matches():
    assert_close("h", np.ones(2), np.ones(2) + TOL64 / 10)
    with pytest.raises(AssertionError, match=r"h is wrong: largest error 1.00e\+00 \(T=1\)\. It matches a "
                                             r"known mistake: the bias is missing"):
        assert_close("h", np.zeros(2), np.ones(2), context="T=1",
                     variants={"the tanh is missing": np.full(2, 3.0), "the bias is missing": np.zeros(2)})
    with pytest.raises(AssertionError, match=r"h has shape \(3,\), expected \(2,\)"):
        assert_close("h", np.zeros(3), np.zeros(2))


def test_inner_refuses_another_shape_before_any_arithmetic():
    assert inner("hs", np.full((2, 3), 2.0), np.ones((2, 3))) == 12.0
    with pytest.raises(AssertionError, match=r"hs has shape \(6,\), expected \(2, 3\)"):
        inner("hs", np.ones(6), np.ones((2, 3)))


def test_directional_check_accepts_the_gradient_and_names_a_wrong_one():
    A = np.arange(6.0).reshape(2, 3)
    loss = lambda x: float(np.sum(np.sin(A * x)))
    x = np.linspace(0.1, 0.6, 6).reshape(2, 3)
    directional_check("dx", loss, x, A * np.cos(A * x), seed=3)
    directional_check("dx", loss, x, A * np.cos(A * x), seed=np.random.default_rng(3))
    with pytest.raises(AssertionError, match=r"dx disagrees with the numerical derivative of your forward "
                                             r"pass: along a random direction the loss changes at rate"):
        directional_check("dx", loss, x, np.cos(A * x), seed=3)
    with pytest.raises(AssertionError, match=r"dx has shape \(3, 2\), expected \(2, 3\)"):
        directional_check("dx", loss, x, np.zeros((3, 2)))


def test_a_generator_seed_draws_the_direction_from_that_generator():
    seen = []
    loss = lambda x: seen.append(x.copy()) or 0.0
    directional_check("dx", loss, np.zeros(3), np.zeros(3), seed=np.random.default_rng(5), eps=1.0)
    assert np.array_equal(seen[0], np.random.default_rng(5).standard_normal(3))
