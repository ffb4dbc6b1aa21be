def gru_step(x, h_prev, W_x, W_h, b_x, b_h):
    H = h_prev.shape[1]
    a_x, a_h = x @ W_x.T + b_x, h_prev @ W_h.T + b_h
    sigmoid = lambda a: 1 / (1 + np.exp(-a))
    r = sigmoid(a_x[:, :H] + a_h[:, :H])
    z = sigmoid(a_x[:, H:2 * H] + a_h[:, H:2 * H])
    n = np.tanh(a_x[:, 2 * H:] + b_h[2 * H:] + r * (h_prev @ W_h[2 * H:].T))
    h = (1 - z) * n + z * h_prev
    return h, (x, h_prev, r, z, n)
