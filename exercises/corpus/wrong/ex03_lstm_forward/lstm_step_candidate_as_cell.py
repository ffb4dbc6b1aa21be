def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    n = h_prev.shape[1]
    pre = np.dot(x, W_x.T) + np.dot(h_prev, W_h.T) + b
    forget = 1.0 / (1.0 + np.exp(-pre[:, n:2 * n]))
    memory = np.tanh(pre[:, 2 * n:3 * n])
    out = 1.0 / (1.0 + np.exp(-pre[:, 3 * n:]))
    c = forget * memory + (1.0 - forget) * c_prev
    h = out * np.tanh(c)
    return h, c, (x, h_prev, c_prev, forget, memory, out, c)
