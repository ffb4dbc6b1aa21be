def rnn_backward(dhs, cache):
    hs, steps = cache                       # one rnn_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, W_x, W_h, _ = steps[0]
    dx = np.empty_like(x)
    dW_x, dW_h, db = 0, 0, 0
    dh_prev = np.zeros_like(h0)
    for t in range(len(hs) - 1, -1, -1):
        h_prev = hs[t - 1] if t else h0
        step = (x[t], h_prev, W_x, W_h, hs[t])
        dx[t], dh_prev, a, c, d = rnn_step_backward(dhs[t] + dh_prev, step)
        dW_x, dW_h, db = dW_x + a, dW_h + c, db + d
    return dx, dh_prev, dW_x, dW_h, db
