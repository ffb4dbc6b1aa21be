def lstm_forward(x, h0, c0, W_x, W_h, b):
    T, B, _ = x.shape
    H = h0.shape[1]
    hs, cs = np.zeros((T, B, H)), np.zeros((T, B, H))
    h, c = h0, c0
    caches = []
    for t in range(T):
        h, c, cache = lstm_step(x[t], h, c, W_x, W_h, b)
        hs[t], cs[t] = h, c
        caches.append(cache)
    return hs, cs, caches
