def gru_forward(x, h0, W_x, W_h, b_x, b_h):
    h = np.zeros(h0.shape, dtype=x.dtype)
    hs, caches = [], []
    for x_t in x:
        h, step_cache = gru_step(x_t, h, W_x, W_h, b_x, b_h)
        hs.append(h)
        caches.append(step_cache)
    return np.stack(hs), caches
