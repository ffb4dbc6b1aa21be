def gru_step(x, h_prev, W_x, W_h, b_x, b_h):
    # Cho et al. (2014): the reset gate picks which parts of h_prev the candidate sees
    H = h_prev.shape[1]
    gx = x.dot(W_x.T) + b_x
    sig = lambda v: 0.5 * (1 + np.tanh(0.5 * v))
    r = sig(gx[:, :H] + h_prev.dot(W_h[:H].T) + b_h[:H])
    z = sig(gx[:, H:2 * H] + h_prev.dot(W_h[H:2 * H].T) + b_h[H:2 * H])
    n = np.tanh(gx[:, 2 * H:] + (r * h_prev).dot(W_h[2 * H:].T) + b_h[2 * H:])
    return (1 - z) * n + z * h_prev, (x, h_prev, r, z, n)
