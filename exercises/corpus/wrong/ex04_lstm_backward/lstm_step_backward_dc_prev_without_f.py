def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, W_x, W_h, gates, tanh_c = cache
    i, f, g, o = np.split(gates, 4, axis=1)
    dc = dh * o * (1 - tanh_c ** 2) + (0 if dc is None else dc)
    di = dc * g
    df = dc * c_prev
    dg = dc * i
    do = dh * tanh_c
    dz = np.hstack([di * i * (1 - i), df * f * (1 - f), dg * (1 - g ** 2), do * o * (1 - o)])
    dc_prev = dc                          # c = f*c_prev + i*g, so the cell gradient flows back as is
    return dz @ W_x, dz @ W_h, dc_prev, dz.T @ x, dz.T @ h_prev, np.sum(dz, axis=0)
