def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    z = x @ W_x.T + h_prev @ W_h.T + b
    i = 1 / (1 + np.exp(-z[:, :H]))
    g = np.tanh(z[:, 2 * H:3 * H])
    o = 1 / (1 + np.exp(-z[:, 3 * H:]))
    c = i * g
    h = o * np.tanh(c)
    return h, c, (x, h_prev, c_prev, i, g, o, c)
