def rnn_step_backward(dh, cache):
    x, h_prev, W_x, W_h, h = cache
    dz = dh * (1 - h ** 2)
    return dz @ W_x, dz @ W_h, dz.T @ x, dz.T @ h_prev, dz.mean(axis=0)
