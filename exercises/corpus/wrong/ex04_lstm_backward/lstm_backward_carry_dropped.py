def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache                       # one lstm_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, c0, W_x, W_h, _, _ = steps[0]
    cs = [s[2] for s in steps[1:]]          # cs[t - 1] is step t's c_prev
    gates, tanh_cs = [s[5] for s in steps], [s[6] for s in steps]
    T = x.shape[0]
    dc = np.zeros_like(c0) if dc_last is None else dc_last
    dx = np.zeros_like(x)
    dW_x, dW_h, db = 0.0, 0.0, 0.0
    for t in reversed(range(T)):
        step_cache = (x[t], hs[t - 1] if t else h0, cs[t - 1] if t else c0, W_x, W_h,
                      gates[t], tanh_cs[t])
        dx[t], dh_prev, dc, dW_x_t, dW_h_t, db_t = lstm_step_backward(dhs[t], dc, step_cache)
        dW_x, dW_h, db = dW_x + dW_x_t, dW_h + dW_h_t, db + db_t
    return dx, dh_prev, dc, dW_x, dW_h, db
