def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, W_x, W_h, gates, tanh_c = cache
    H = h_prev.shape[1]
    if dc is None:
        dc = np.zeros_like(dh)
    i, f, g, o = gates[:, :H], gates[:, H:2 * H], gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    dc_total = dc + dh * o * (1 - tanh_c ** 2)
    dz = np.concatenate([dc_total * g * i * (1 - i), dc_total * c_prev * f * (1 - f),
                         dc_total * i * (1 - g ** 2), dh * tanh_c * o * (1 - o)], axis=1)
    return dz @ W_x, dz @ W_h, dc_total, dz.T @ x, dz.T @ h_prev, dz.sum(axis=0)
