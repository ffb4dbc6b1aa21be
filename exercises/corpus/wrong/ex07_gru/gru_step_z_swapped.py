def gru_step(x, h_prev, W_x, W_h, b_x, b_h):
    gi = x @ W_x.T + b_x
    gh = h_prev @ W_h.T + b_h
    i_r, i_z, i_n = np.split(gi, 3, axis=1)
    h_r, h_z, h_n = np.split(gh, 3, axis=1)
    r = 1 / (1 + np.exp(-(i_r + h_r)))
    z = 1 / (1 + np.exp(-(i_z + h_z)))
    n = np.tanh(i_n + r * h_n)
    h = z * n + (1 - z) * h_prev          # z is how much of the new candidate to take
    return h, (x, h_prev, r, z, n)
