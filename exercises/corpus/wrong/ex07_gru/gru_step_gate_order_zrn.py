def gru_step(x, h_prev, W_x, W_h, b_x, b_h):
    H = h_prev.shape[-1]
    update = 1 / (1 + np.exp(-(x @ W_x[:H].T + b_x[:H] + h_prev @ W_h[:H].T + b_h[:H])))
    reset = 1 / (1 + np.exp(-(x @ W_x[H:2 * H].T + b_x[H:2 * H] + h_prev @ W_h[H:2 * H].T + b_h[H:2 * H])))
    cand = np.tanh(x @ W_x[2 * H:].T + b_x[2 * H:] + reset * (h_prev @ W_h[2 * H:].T + b_h[2 * H:]))
    h = update * h_prev + (1 - update) * cand
    return h, (x, h_prev, reset, update, cand)
