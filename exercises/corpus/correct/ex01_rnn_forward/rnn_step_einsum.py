def rnn_step(x, h_prev, W_x, W_h, b):
    z = np.einsum("bd,hd->bh", x, W_x) + np.einsum("bk,hk->bh", h_prev, W_h) + b
    h = np.tanh(z)
    cache = {"x": x, "h_prev": h_prev, "W_x": W_x, "W_h": W_h, "h": h}
    return h, cache
