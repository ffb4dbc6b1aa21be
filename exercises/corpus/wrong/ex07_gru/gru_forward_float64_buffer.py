def gru_forward(x, h0, W_x, W_h, b_x, b_h):
    T, B, _ = x.shape
    hs = np.zeros((T, B, h0.shape[1]))
    caches = [None] * T
    h = h0
    for t in range(T):
        h, caches[t] = gru_step(x[t], h, W_x, W_h, b_x, b_h)
        hs[t] = h
    return hs, caches
