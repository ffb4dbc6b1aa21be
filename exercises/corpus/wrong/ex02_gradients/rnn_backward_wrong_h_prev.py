def rnn_backward(dhs, cache):
    hs, steps = cache                       # one rnn_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, W_x, W_h, _ = steps[0]
    T = hs.shape[0]
    dx = np.zeros_like(x)
    dW_x, dW_h, db = np.zeros_like(W_x), np.zeros_like(W_h), np.zeros(W_h.shape[0])
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        dz = (dhs[t] + dh_next) * (1 - hs[t] ** 2)
        dx[t] = dz @ W_x
        dh_next = dz @ W_h
        dW_x += dz.T @ x[t]
        dW_h += dz.T @ hs[t]
        db += dz.sum(axis=0)
    return dx, dh_next, dW_x, dW_h, db
