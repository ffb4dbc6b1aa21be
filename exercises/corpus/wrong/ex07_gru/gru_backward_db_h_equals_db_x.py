def gru_backward(dhs, cache):
    hs, step_caches = cache                 # one gru_step cache per step
    x = np.stack([s[0] for s in step_caches])
    _, h0, W_x, W_h = step_caches[0][:4]
    steps = [s[4:] for s in step_caches]    # r, z, n, a_hn of every step
    H = h0.shape[1]
    dx, dW_x, dW_h = np.zeros_like(x), np.zeros_like(W_x), np.zeros_like(W_h)
    db = np.zeros(3 * H)                  # b_x and b_h enter the gates the same way
    carry = np.zeros_like(h0)
    h_prevs = [h0] + list(hs[:-1])
    for t in reversed(range(len(steps))):
        r, z, n, a_hn = steps[t]
        dh = dhs[t] + carry
        d_n = (1 - n ** 2) * (1 - z) * dh
        d_z = z * (1 - z) * (h_prevs[t] - n) * dh
        d_r = r * (1 - r) * a_hn * d_n
        d_ax = np.hstack((d_r, d_z, d_n))
        d_ah = np.hstack((d_r, d_z, r * d_n))
        dx[t] = d_ax.dot(W_x)
        carry = d_ah.dot(W_h) + z * dh
        dW_x += d_ax.T.dot(x[t])
        dW_h += d_ah.T.dot(h_prevs[t])
        db += d_ax.sum(axis=0)
    return dx, carry, dW_x, dW_h, db, db.copy()
