def gru_forward(x, h0, W_x, W_h, b_x, b_h):
    n_hidden = h0.shape[1]
    outputs, steps = [], []
    a_h = h0 @ W_h.T + b_h                       # the recurrent part, computed once
    for t in range(len(x)):
        a_x = x[t] @ W_x.T + b_x
        r = 1 / (1 + np.exp(-(a_x[:, :n_hidden] + a_h[:, :n_hidden])))
        z = 1 / (1 + np.exp(-(a_x[:, n_hidden:2 * n_hidden] + a_h[:, n_hidden:2 * n_hidden])))
        n = np.tanh(a_x[:, 2 * n_hidden:] + r * a_h[:, 2 * n_hidden:])
        outputs.append((1 - z) * n + z * h0)
        steps.append((r, z, n, a_h[:, 2 * n_hidden:]))
    hs = np.stack(outputs)
    return hs, (x, h0, W_x, W_h, hs, steps)
