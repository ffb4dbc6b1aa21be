def rnn_backward(dhs, cache):
    hs, steps = cache                       # one rnn_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, W_x, W_h, _ = steps[0]
    T = hs.shape[0]
    dx = np.zeros_like(x)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        dz = (dhs[t] + dh_next) * (1 - hs[t] ** 2)
        dx[t] = dz @ W_x
        dh_next = dz @ W_h
        dW_x, dW_h, db = dz.T @ x[t], dz.T @ h_prev, dz.sum(axis=0)
    return dx, dh_next, dW_x, dW_h, db
