"""ex04: the backward passes computed in float32 (every array cast down, the six results cast
back up to float64 so the dtype checks pass), with the correct float64 forward. Errors are
~3e-7, a systematic loss of precision; the grader must not give the float64 answer's marks
to it (float64 results are compared at a relative tolerance of 1e-10)."""
ASSIGNMENT = "ex04_lstm_backward"
BASE = "reference"
TOUCHES = ["lstm_step_backward_torch", "lstm_backward_torch", "lstm_backward_final_cell"]
_GATES = '''
import numpy as np

def _f32(*arrays):
    return [None if a is None else np.asarray(a, dtype=np.float32) for a in arrays]

def _gate_grads32(dh, dc, gates, tanh_c, c_prev):
    H = c_prev.shape[1]
    i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    dc = dc + dh * o * (1 - tanh_c * tanh_c)
    dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                         dc * i * (1 - g * g), dh * tanh_c * o * (1 - o)], axis=1)
    return dz, dc * f
'''
CELLS = {
    "lstm_step_backward": _GATES + '''
def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, W_x, W_h, gates, tanh_c = _f32(*cache)
    dh, = _f32(dh)
    dc = np.zeros_like(dh) if dc is None else _f32(dc)[0]
    dz, dc_prev = _gate_grads32(dh, dc, gates, tanh_c, c_prev)
    dx, dh_prev, dW_x, dW_h, db = dz @ W_x, dz @ W_h, dz.T @ x, dz.T @ h_prev, dz.sum(axis=0)
    return tuple(a.astype(np.float64) for a in (dx, dh_prev, dc_prev, dW_x, dW_h, db))
''',
    "lstm_backward": _GATES + '''
def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache
    dhs, = _f32(dhs)
    dh_next = np.zeros_like(dhs[0])
    dc_next = np.zeros_like(dhs[0]) if dc_last is None else _f32(dc_last)[0]
    dxs, dW_x, dW_h, db = [], 0, 0, 0
    for t in reversed(range(len(steps))):
        x, h_prev, c_prev, W_x, W_h, gates, tanh_c = _f32(*steps[t])
        dz, dc_next = _gate_grads32(dhs[t] + dh_next, dc_next, gates, tanh_c, c_prev)
        dh_next = dz @ W_h
        dxs.insert(0, dz @ W_x)
        dW_x = dW_x + dz.T @ x
        dW_h = dW_h + dz.T @ h_prev
        db = db + dz.sum(axis=0)
    return tuple(a.astype(np.float64) for a in (np.stack(dxs), dh_next, dc_next, dW_x, dW_h, db))
''',
}
