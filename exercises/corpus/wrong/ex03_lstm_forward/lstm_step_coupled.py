def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    z = x @ W_x.T + h_prev @ W_h.T + b
    sig = lambda a: 1 / (1 + np.exp(-a))
    f, o = sig(z[:, H:2 * H]), sig(z[:, 3 * H:])
    g = np.tanh(z[:, 2 * H:3 * H])
    c = f * c_prev + (1 - f) * g
    h = o * np.tanh(c)
    return h, c, (x, h_prev, c_prev, f, g, o, c)
