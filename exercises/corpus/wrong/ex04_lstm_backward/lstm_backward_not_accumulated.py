def lstm_backward(dhs, cache, dc_last=None):
    x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs = cache
    dx = np.zeros_like(x)
    dh = np.zeros_like(h0)
    dc = np.zeros_like(c0) if dc_last is None else dc_last
    for t in reversed(range(x.shape[0])):
        h_prev = h0 if t == 0 else hs[t - 1]
        c_prev = c0 if t == 0 else cs[t - 1]
        dx[t], dh, dc, dW_x, dW_h, db = lstm_step_backward(
            dhs[t] + dh, dc, (x[t], h_prev, c_prev, W_x, W_h, gates[t], tanh_cs[t]))
    return dx, dh, dc, dW_x, dW_h, db
