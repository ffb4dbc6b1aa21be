def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache                       # one lstm_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, c0, W_x, W_h, _, _ = steps[0]
    cs = [s[2] for s in steps[1:]]          # cs[t - 1] is step t's c_prev
    gates, tanh_cs = [s[5] for s in steps], [s[6] for s in steps]
    dx = np.zeros_like(x)
    dh = np.zeros_like(h0)
    dc = np.zeros_like(c0) if dc_last is None else dc_last
    for t in reversed(range(x.shape[0])):
        h_prev = h0 if t == 0 else hs[t - 1]
        c_prev = c0 if t == 0 else cs[t - 1]
        dx[t], dh, dc, dW_x, dW_h, db = lstm_step_backward(
            dhs[t] + dh, dc, (x[t], h_prev, c_prev, W_x, W_h, gates[t], tanh_cs[t]))
    return dx, dh, dc, dW_x, dW_h, db
