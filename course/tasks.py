"""Synthetic long-range dependency tasks: the adding problem and the copy task.

Both return NumPy arrays, time-major like the rest of the course: the input
is x (T, B, D) and every sequence in the batch is independent.
"""
import numpy as np


def _check_positive_int(fn, name, value, minimum=1):
    if not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{fn}: {name} must be an int >= {minimum}, got {value!r}")


def adding_problem(B, T, rng, dtype=np.float32):
    """A batch of the adding problem (Hochreiter & Schmidhuber, 1997).

    Each sequence has T steps with two features: a value drawn uniformly from
    [0, 1) and a marker that is 1 at exactly two steps and 0 elsewhere. One
    marked step lies in the first half of the sequence, the other in the
    second half. The target is the sum of the two marked values, so a model
    must carry the first marked value across at least T/2 steps. Predicting
    the mean target 1 gives a mean squared error of 1/6 ≈ 0.167.

    Parameters
    ----------
    B : batch size
    T : sequence length, at least 2
    rng : numpy.random.Generator
    dtype : floating dtype of x and y

    Returns
    -------
    x : (T, B, 2) features [value, marker] at every step
    y : (B,) sum of the two marked values
    marks : (B, 2) int, the two marked steps (first in [0, T//2), second in
        [T//2, T))
    """
    _check_positive_int("adding_problem", "B", B)
    _check_positive_int("adding_problem", "T", T, minimum=2)
    values = rng.random((T, B))
    first = rng.integers(0, T // 2, size=B)
    second = rng.integers(T // 2, T, size=B)
    marker = np.zeros((T, B))
    cols = np.arange(B)
    marker[first, cols] = 1.0
    marker[second, cols] = 1.0
    x = np.stack([values, marker], axis=-1).astype(dtype)
    y = (values[first, cols] + values[second, cols]).astype(dtype)
    return x, y, np.stack([first, second], axis=1)


def marked_recall(B, T, rng, dtype=np.float32):
    """A batch of the marked-recall task: remember one value for T/2 steps or more.

    Each sequence has T steps with two features, a value drawn uniformly
    from [0, 1) and a marker that is 1 at exactly one step, chosen uniformly
    in the first half [0, T//2). The target is the marked value. Unlike the
    adding problem, nothing in the last T − T//2 steps carries information
    about the target, so a model must store the value across a lag of at
    least T/2 steps. Predicting the mean 0.5 gives a mean squared error of
    1/12 ≈ 0.083.

    Parameters
    ----------
    B : batch size
    T : sequence length, at least 2
    rng : numpy.random.Generator
    dtype : floating dtype of x and y

    Returns
    -------
    x : (T, B, 2) features [value, marker]
    y : (B,) the marked value
    marks : (B,) int, the marked step
    """
    _check_positive_int("marked_recall", "B", B)
    _check_positive_int("marked_recall", "T", T, minimum=2)
    values = rng.random((T, B))
    marks = rng.integers(0, T // 2, size=B)
    cols = np.arange(B)
    marker = np.zeros((T, B))
    marker[marks, cols] = 1.0
    x = np.stack([values, marker], axis=-1).astype(dtype)
    return x, values[marks, cols].astype(dtype), marks


def copy_task(B, n_symbols, length, delay, rng):
    """A batch of the copy (delayed recall) task.

    The input shows ``length`` random symbols from {1, ..., n_symbols}, then
    ``delay`` blank steps (symbol 0), then a recall cue (symbol
    n_symbols + 1) followed by ``length - 1`` more blanks. The target is 0
    ("blank") everywhere except the last ``length`` steps, where it repeats
    the symbols in their original order. Sequence length
    T = 2·length + delay.

    Parameters
    ----------
    B : batch size
    n_symbols : number of distinct data symbols
    length : how many symbols to remember
    delay : blank steps between the data and the recall cue (>= 0)
    rng : numpy.random.Generator

    Returns
    -------
    x : (T, B) int64 input symbols in {0, ..., n_symbols + 1}
    y : (T, B) int64 target symbols in {0, ..., n_symbols}
    """
    _check_positive_int("copy_task", "B", B)
    _check_positive_int("copy_task", "n_symbols", n_symbols)
    _check_positive_int("copy_task", "length", length)
    _check_positive_int("copy_task", "delay", delay, minimum=0)
    T = 2 * length + delay
    data = rng.integers(1, n_symbols + 1, size=(length, B))
    x = np.zeros((T, B), dtype=np.int64)
    y = np.zeros((T, B), dtype=np.int64)
    x[:length] = data
    x[length + delay] = n_symbols + 1
    y[T - length:] = data
    return x, y
