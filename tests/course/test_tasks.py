import numpy as np
import pytest

from course.tasks import adding_problem, copy_task


def test_adding_target_is_sum_of_marked_values():
    rng = np.random.default_rng(0)
    x, y, marks = adding_problem(50, 20, rng, dtype=np.float64)
    assert x.shape == (20, 50, 2) and y.shape == (50,) and marks.shape == (50, 2)
    for b in range(50):
        marked = np.flatnonzero(x[:, b, 1] == 1.0)      # found independently of `marks`
        assert len(marked) == 2
        assert marked[0] < 10 <= marked[1]
        assert y[b] == pytest.approx(x[marked[0], b, 0] + x[marked[1], b, 0])
        np.testing.assert_array_equal(np.sort(marks[b]), marked)


def test_adding_markers_binary_and_values_in_unit_interval():
    x, _, _ = adding_problem(8, 7, np.random.default_rng(1))
    assert x.dtype == np.float32
    assert set(np.unique(x[..., 1])) <= {0.0, 1.0}
    assert (x[..., 0] >= 0).all() and (x[..., 0] < 1).all()


def test_adding_mean_baseline_is_one_sixth():
    _, y, _ = adding_problem(200_000, 10, np.random.default_rng(2), dtype=np.float64)
    assert np.mean((y - 1.0) ** 2) == pytest.approx(1 / 6, abs=3e-3)


def test_adding_is_reproducible_with_seed():
    a = adding_problem(4, 6, np.random.default_rng(3))
    b = adding_problem(4, 6, np.random.default_rng(3))
    for u, v in zip(a, b):
        np.testing.assert_array_equal(u, v)


@pytest.mark.parametrize("kwargs", [dict(B=0, T=5), dict(B=3, T=1), dict(B=2.5, T=5)])
def test_adding_rejects_bad_sizes(kwargs):
    with pytest.raises(ValueError, match="adding_problem"):
        adding_problem(rng=np.random.default_rng(0), **kwargs)


def test_copy_task_layout():
    rng = np.random.default_rng(0)
    x, y = copy_task(5, n_symbols=4, length=3, delay=6, rng=rng)
    T = 2 * 3 + 6
    assert x.shape == y.shape == (T, 5)
    for b in range(5):
        data = x[:3, b]
        assert ((1 <= data) & (data <= 4)).all()
        assert (x[3:9, b] == 0).all() and x[9, b] == 5 and (x[10:, b] == 0).all()
        np.testing.assert_array_equal(y[-3:, b], data)
        assert (y[:-3, b] == 0).all()


def test_copy_task_rejects_negative_delay():
    with pytest.raises(ValueError, match="delay"):
        copy_task(2, 3, 2, -1, np.random.default_rng(0))


def test_marked_recall_target_is_the_marked_value():
    from course.tasks import marked_recall
    x, y, marks = marked_recall(40, 12, np.random.default_rng(4), dtype=np.float64)
    assert x.shape == (12, 40, 2) and y.shape == (40,)
    for b in range(40):
        marked = np.flatnonzero(x[:, b, 1] == 1.0)
        assert len(marked) == 1 and marked[0] < 6 and marked[0] == marks[b]
        assert y[b] == x[marked[0], b, 0]
