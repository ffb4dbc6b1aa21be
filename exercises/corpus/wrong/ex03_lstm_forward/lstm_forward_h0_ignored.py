def lstm_forward(x, h0, c0, W_x, W_h, b):
    T, B, _ = x.shape
    h, c = np.zeros((B, h0.shape[1]), dtype=x.dtype), c0
    hs, cs, caches = [], [], []
    for t in range(T):
        h, c, cache = lstm_step(x[t], h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
        caches.append(cache)
    return np.stack(hs), np.stack(cs), caches
