"""ex04 (forward correct): the backward functions return arrays of the right shapes computed
from the upstream gradients alone (the cache gives only the sizes): they change with dh, and
row k follows example k, but they stay the same when x, h0, c0 or the weights alone change.
The shapes tests must not give their points to it."""
ASSIGNMENT = "ex04_lstm_backward"
BASE = "reference"
CELLS = {
    "lstm_step_backward": '''
import numpy as np
def lstm_step_backward(dh, dc, cache):
    x = cache[0]
    dc = np.zeros_like(dh) if dc is None else dc
    z = np.tile(dh + dc, (1, 4))
    ones = np.ones((dh.shape[0], x.shape[1]))
    return (np.tanh(dh.sum(axis=1, keepdims=True) * ones), np.tanh(dh + dc), np.tanh(dc - dh),
            np.tanh(z.T @ ones), np.tanh(z.T @ dh), z.sum(axis=0))
''',
    "lstm_backward": '''
import numpy as np
def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache
    T, (B, D) = len(steps), steps[0][0].shape
    s = dhs.sum(axis=0)
    z = np.tile(s, (1, 4))
    ones = np.ones((B, D))
    return (np.tanh(dhs.sum(axis=2, keepdims=True) * np.ones((T, B, D))), np.tanh(s), np.tanh(-s),
            np.tanh(z.T @ ones), np.tanh(z.T @ s), z.sum(axis=0))
''',
}
TOUCHES = ["lstm_step_backward_shapes", "lstm_backward_shapes"]
