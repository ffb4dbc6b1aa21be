def lstm_forward(x, h0, c0, W_x, W_h, b):
    h, c = h0, c0
    hs, cs, caches = [], [], []
    for x_t in x:
        h, c, cache = lstm_step(x_t, h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
        caches.append(cache)
    return np.stack(hs), np.stack(cs), caches
