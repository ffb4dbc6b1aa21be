def lstm_forward(x, h0, c0, W_x, W_h, b):
    h, c = h0, c0
    hs, cs, caches = [], [], []
    for t in range(x.shape[0]):
        h, c, cache = lstm_step(x[t], h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
        caches.append(cache)
    return np.stack(hs), np.stack(cs), caches


def lstm_backward(dhs, cache, dc_last=None):
    T = len(cache)
    dh_next, dc_next = np.zeros_like(dhs[0]), dc_last
    dx, dW_x, dW_h, db = [None] * T, 0, 0, 0
    for t in range(T - 1, -1, -1):
        dx[t], dh_next, dc_next, dWx_t, dWh_t, db_t = lstm_step_backward(
            dhs[t] + dh_next, dc_next, cache[t])
        dW_x, dW_h, db = dW_x + dWx_t, dW_h + dWh_t, db + db_t
    return np.stack(dx), dh_next, dc_next, dW_x, dW_h, db
