def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, W_x, W_h, gates, tanh_c = cache
    H = dh.shape[1]
    i, f = gates[:, :H], gates[:, H:2 * H]
    g, o = gates[:, 2 * H:3 * H], gates[:, 3 * H:]
    dc_next = np.zeros_like(dh) if dc is None else dc
    d_cell = dc_next + dh * o                     # h = o * tanh(c)
    d_pre = np.concatenate((d_cell * g * i * (1 - i),
                            d_cell * c_prev * f * (1 - f),
                            d_cell * i * (1 - g * g),
                            dh * tanh_c * o * (1 - o)), axis=1)
    dx = d_pre @ W_x
    dh_prev = d_pre @ W_h
    return dx, dh_prev, d_cell * f, d_pre.T @ x, d_pre.T @ h_prev, d_pre.sum(0)
