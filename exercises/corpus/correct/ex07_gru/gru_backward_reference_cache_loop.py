def gru_backward(dhs, cache):
    hs, step_caches = cache                 # one gru_step cache per step
    x = np.stack([s[0] for s in step_caches])
    _, h0, W_x, W_h = step_caches[0][:4]
    steps = [s[4:] for s in step_caches]    # r, z, n, a_hn of every step
    T, B, H = hs.shape
    dx = np.zeros_like(x)
    dW_x, dW_h = np.zeros_like(W_x), np.zeros_like(W_h)
    db_x, db_h = np.zeros(3 * H), np.zeros(3 * H)
    dh_next = np.zeros_like(h0)
    for t in reversed(range(T)):
        r, z, n, a_hn = steps[t]
        h_prev = hs[t - 1] if t > 0 else h0
        dh = dhs[t] + dh_next
        dn_pre = dh * (1 - z) * (1 - n ** 2)
        dr_pre = dn_pre * a_hn * r * (1 - r)
        dz_pre = dh * (h_prev - n) * z * (1 - z)
        da_x = np.hstack([dr_pre, dz_pre, dn_pre])
        da_h = np.hstack([dr_pre, dz_pre, dn_pre * r])
        dx[t] = da_x @ W_x
        dh_next = da_h @ W_h + dh * z
        dW_x += da_x.T @ x[t]
        dW_h += da_h.T @ h_prev
        db_x += da_x.sum(axis=0)
        db_h += da_h.sum(axis=0)
    return dx, dh_next, dW_x, dW_h, db_x, db_h
