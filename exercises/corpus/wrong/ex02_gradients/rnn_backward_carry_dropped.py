def rnn_backward(dhs, cache):
    hs, steps = cache                       # one rnn_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, W_x, W_h, _ = steps[0]
    T = hs.shape[0]
    dx = np.zeros_like(x)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros(W_h.shape[0])
    for t in reversed(range(T)):
        h_prev = hs[t - 1] if t > 0 else h0
        dz = dhs[t] * (1 - hs[t] ** 2)
        dx[t] = dz @ W_x
        dh_prev = dz @ W_h
        dW_x += dz.T @ x[t]
        dW_h += dz.T @ h_prev
        db += dz.sum(axis=0)
    return dx, dh_prev, dW_x, dW_h, db
