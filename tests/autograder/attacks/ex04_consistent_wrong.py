"""ex04: forward and backward consistently wrong (no forget gate: c = c_prev + i·g, with the
matching backward dc_prev = dc), so the directional check against the learner's own forward
agrees. The grader must compare with torch (and require the forward to match it): no
points."""
ASSIGNMENT = "ex04_lstm_backward"
_COMMON = '''
import numpy as np
def _sig(z): return 0.5 * (1 + np.tanh(0.5 * z))
def _step(x, h, c, W_x, W_h, b):
    H = h.shape[1]
    z = x @ W_x.T + h @ W_h.T + b
    i, f, g, o = _sig(z[:, :H]), _sig(z[:, H:2*H]), np.tanh(z[:, 2*H:3*H]), _sig(z[:, 3*H:])
    c_new = c + i * g                      # wrong: no forget gate
    tc = np.tanh(c_new)
    return o * tc, c_new, (x, h, c, W_x, W_h, i, f, g, o, tc)
def _back(dh, dc, s):
    x, h, c, W_x, W_h, i, f, g, o, tc = s
    dc = dc + dh * o * (1 - tc ** 2)
    dz = np.concatenate([dc * g * i * (1 - i), 0 * f, dc * i * (1 - g ** 2),
                         dh * tc * o * (1 - o)], axis=1)
    return dz @ W_x, dz @ W_h, dc, dz.T @ x, dz.T @ h, dz.sum(0)
'''
CELLS = {
    "lstm_step": _COMMON + '''
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    return _step(x, h_prev, c_prev, W_x, W_h, b)
''',
    "lstm_forward": '''
def lstm_forward(x, h0, c0, W_x, W_h, b):
    h, c, hs, cs, steps = h0, c0, [], [], []
    for t in range(x.shape[0]):
        h, c, s = _step(x[t], h, c, W_x, W_h, b)
        hs.append(h); cs.append(c); steps.append(s)
    return np.stack(hs), np.stack(cs), steps
''',
    "lstm_step_backward": '''
def lstm_step_backward(dh, dc, cache):
    return _back(dh, np.zeros_like(dh) if dc is None else dc, cache)
''',
    "lstm_backward": '''
def lstm_backward(dhs, cache, dc_last=None):
    dx, dh, dc = [], np.zeros_like(dhs[0]), np.zeros_like(dhs[0]) if dc_last is None else dc_last
    tot = None
    for t in reversed(range(len(cache))):
        g = _back(dhs[t] + dh, dc, cache[t])
        dx.insert(0, g[0]); dh, dc = g[1], g[2]
        tot = list(g[3:]) if tot is None else [a + b for a, b in zip(tot, g[3:])]
    return (np.stack(dx), dh, dc, *tot)
''',
}
