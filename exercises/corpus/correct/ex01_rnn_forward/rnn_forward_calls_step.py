def rnn_forward(x, h0, W_x, W_h, b):
    h, hs, caches = h0, [], []
    for x_t in x:
        h, cache = rnn_step(x_t, h, W_x, W_h, b)
        hs.append(h)
        caches.append(cache)
    return np.stack(hs), caches
