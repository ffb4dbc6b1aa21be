"""The problems the tests pose: random ones for the hidden tests and the
visible tests' random cases, fixed ones for the visible tests' examples.

A problem is a dict of the arrays a sequence function takes, in the order it
takes them: x (T, B, D), h0 (B, H), c0 (B, H) for the LSTM, W_x (kH, D),
W_h (kH, H), and b (kH,), or b_x and b_h (3H,) for the GRU (k = 1, 4, 3 for
the RNN, LSTM, GRU). ``upstream`` draws the gradients a backward pass takes.
"""
import numpy as np

# (T, B, D, H): single step and single example, D ≠ H both ways, a longer run
SIZES = [(1, 1, 3, 2), (4, 1, 2, 5), (3, 4, 5, 3), (6, 2, 4, 4)]
SEEDS = [11, 23]


def rng(seed):
    """NumPy's default generator for ``seed``."""
    return np.random.default_rng(seed)


def normal(r, *shape, scale=0.5):
    """An array of the given shape, normal with standard deviation ``scale``."""
    return scale * r.standard_normal(shape)


def fixed(shape, seed, scale=0.5):
    """A deterministic array for the fixed examples: scale · sin(0.7 k + seed)."""
    n = int(np.prod(shape))
    return scale * np.sin(0.7 * np.arange(n) + seed).reshape(shape)


def _cast(p, dtype):
    return {k: v.astype(dtype) for k, v in p.items()}


def rnn_problem(seed, T, B, D, H, dtype=np.float64):
    """x, h0, W_x (H, D), W_h (H, H), b (H,)."""
    r = rng(seed)
    return _cast(dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H), W_x=normal(r, H, D),
                      W_h=normal(r, H, H), b=normal(r, H)), dtype)


def lstm_problem(seed, T, B, D, H, dtype=np.float64):
    """x, h0, c0, W_x (4H, D), W_h (4H, H), b (4H,)."""
    r = rng(seed)
    return _cast(dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H),
                      c0=normal(r, B, H, scale=1.0), W_x=normal(r, 4 * H, D),
                      W_h=normal(r, 4 * H, H), b=normal(r, 4 * H)), dtype)


def gru_problem(seed, T, B, D, H, dtype=np.float64):
    """x, h0, W_x (3H, D), W_h (3H, H), b_x and b_h (3H,)."""
    r = rng(seed)
    return _cast(dict(x=normal(r, T, B, D, scale=1.0), h0=normal(r, B, H),
                      W_x=normal(r, 3 * H, D), W_h=normal(r, 3 * H, H), b_x=normal(r, 3 * H),
                      b_h=normal(r, 3 * H)), dtype)


def upstream(seed, T, B, H):
    """Upstream gradients, standard normal: dhs (T, B, H) and dc_last (B, H)."""
    r = rng(seed)
    return dict(dhs=r.standard_normal((T, B, H)), dc_last=r.standard_normal((B, H)))
