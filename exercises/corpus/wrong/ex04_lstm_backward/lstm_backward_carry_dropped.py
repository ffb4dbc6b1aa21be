def lstm_backward(dhs, cache, dc_last=None):
    x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs = cache
    T, B, H = hs.shape
    dx = np.zeros_like(x)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros(4 * H)
    dh_next = np.zeros_like(h0)
    dc_next = np.zeros_like(c0) if dc_last is None else dc_last
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        c_prev = cs[t - 1] if t > 0 else c0
        i, f, g, o = np.split(gates[t], 4, axis=1)
        dh = dhs[t]
        dc = dc_next + dh * o * (1 - tanh_cs[t] ** 2)
        dz = np.concatenate([dc * g * i * (1 - i), dc * c_prev * f * (1 - f),
                             dc * i * (1 - g ** 2), dh * tanh_cs[t] * o * (1 - o)], axis=1)
        dx[t] = dz @ W_x
        dh_next, dc_next = dz @ W_h, dc * f
        dW_x += dz.T @ x[t]
        dW_h += dz.T @ h_prev
        db += dz.sum(axis=0)
    return dx, dh_next, dc_next, dW_x, dW_h, db
