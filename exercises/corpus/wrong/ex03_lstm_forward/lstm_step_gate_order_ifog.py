def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    z = x @ W_x.T + h_prev @ W_h.T + b
    sig = lambda a: 1 / (1 + np.exp(-a))
    i, f, o = sig(z[:, :H]), sig(z[:, H:2 * H]), sig(z[:, 2 * H:3 * H])
    g = np.tanh(z[:, 3 * H:])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c, (x, h_prev, c_prev, i, f, g, o, c)
