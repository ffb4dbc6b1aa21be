def gru_step(x, h_prev, W_x, W_h, b_x, b_h):
    W_xr, W_xz, W_xn = np.split(W_x, 3)
    W_hr, W_hz, W_hn = np.split(W_h, 3)
    b_xr, b_xz, b_xn = np.split(b_x, 3)
    b_hr, b_hz, b_hn = np.split(b_h, 3)
    r = 1 / (1 + np.exp(-(x @ W_xr.T + b_xr + h_prev @ W_hr.T + b_hr)))
    z = 1 / (1 + np.exp(-(x @ W_xz.T + b_xz + h_prev @ W_hz.T + b_hz)))
    n = np.tanh(x @ W_xn.T + b_xn + r * (h_prev @ W_hn.T) + b_hn)
    h = (1 - z) * n + z * h_prev
    return h, (x, h_prev, r, z, n)
