def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache                       # one lstm_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, c0, W_x, W_h, _, _ = steps[0]
    gates, tanh_cs = [s[5] for s in steps], [s[6] for s in steps]
    h_prevs = np.concatenate([h0[None], hs[:-1]])
    c_prevs = [s[2] for s in steps]
    dx = np.zeros_like(x)
    dW_x, dW_h = np.zeros_like(W_x), np.zeros_like(W_h)
    db = np.zeros(W_x.shape[0])
    dh_prev = np.zeros_like(h0)
    dc_prev = np.zeros_like(c0)             # no gradient comes after the last step
    for t in range(len(x) - 1, -1, -1):
        step_cache = (x[t], h_prevs[t], c_prevs[t], W_x, W_h, gates[t], tanh_cs[t])
        g = lstm_step_backward(dhs[t] + dh_prev, dc_prev, step_cache)
        dx[t], dh_prev, dc_prev = g[0], g[1], g[2]
        dW_x += g[3]
        dW_h += g[4]
        db += g[5]
    return dx, dh_prev, dc_prev, dW_x, dW_h, db
