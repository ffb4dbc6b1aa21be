def gru_forward(x, h0, W_x, W_h, b_x, b_h):
    H = h0.shape[1]
    sigmoid = lambda a: 1 / (1 + np.exp(-a))
    h, hs, steps = h0, [], []
    for t in range(x.shape[0]):
        a_x, a_h = x[t] @ W_x.T + b_x, h @ W_h.T + b_h
        r = sigmoid(a_x[:, :H] + a_h[:, :H])
        z = sigmoid(a_x[:, H:2 * H] + a_h[:, H:2 * H])
        n = np.tanh(a_x[:, 2 * H:] + r * a_h[:, 2 * H:])
        h = (1 - z) * n + z * h
        hs.append(h)
        steps.append((r, z, n, a_h[:, 2 * H:]))
    hs = np.array(hs, dtype=float)
    return hs, (x, h0, W_x, W_h, hs, steps)
