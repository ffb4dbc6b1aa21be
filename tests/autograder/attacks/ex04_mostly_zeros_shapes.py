"""ex04: correct forward, but both backward functions return zeros of the right shapes and
dtype for five of their six outputs and a cheap function of dh (not a gradient) for db.
check_computed must not give the shapes points to this: every output must depend on the
inputs."""
ASSIGNMENT = "ex04_lstm_backward"
BASE = "reference"
CELLS = {
    "lstm_step_backward": '''
import numpy as np
def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, W_x, W_h = cache[:5]
    z = lambda a: np.zeros_like(a)
    return z(x), z(h_prev), z(c_prev), z(W_x), z(W_h), np.resize(dh.sum(axis=0), W_x.shape[0])
''',
    "lstm_backward": '''
import numpy as np
def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache
    x0, h0, c0, W_x, W_h = steps[0][:5]
    z = lambda a: np.zeros_like(a)
    dx = np.zeros((len(steps),) + x0.shape, dtype=x0.dtype)
    return dx, z(h0), z(c0), z(W_x), z(W_h), np.resize(dhs.sum(axis=(0, 1)), W_x.shape[0])
''',
}
