def gru_backward(dhs, cache):
    hs, step_caches = cache                 # one gru_step cache per step
    x = np.stack([s[0] for s in step_caches])
    _, h0, W_x, W_h = step_caches[0][:4]
    steps = [s[4:] for s in step_caches]    # r, z, n, a_hn of every step
    dx = np.zeros_like(x)
    db_x = np.zeros(W_x.shape[0])
    db_h = np.zeros(W_h.shape[0])
    dh_next = 0 * h0
    for t in reversed(range(x.shape[0])):
        r, z, n, a_hn = steps[t]
        h_prev = hs[t - 1] if t else h0
        dh = dhs[t] + dh_next
        da_n = dh * (1 - z) * (1 - n ** 2)
        da_z = dh * (h_prev - n) * z * (1 - z)
        da_r = da_n * a_hn * r * (1 - r)
        da_x = np.hstack([da_r, da_z, da_n])
        da_h = np.hstack([da_r, da_z, da_n * r])
        dx[t] = da_x @ W_x
        dh_next = da_h @ W_h + dh * z
        dW_x = da_x.T @ x[t]
        dW_h = da_h.T @ h_prev
        db_x = db_x + da_x.sum(axis=0)
        db_h = db_h + da_h.sum(axis=0)
    return dx, dh_next, dW_x, dW_h, db_x, db_h
