def gru_backward(dhs, cache):
    hs, step_caches = cache                 # one gru_step cache per step
    x = np.stack([s[0] for s in step_caches])
    _, h0, W_x, W_h = step_caches[0][:4]
    steps = [s[4:] for s in step_caches]    # r, z, n, a_hn of every step
    T, B, H = hs.shape
    dx = np.empty_like(x)
    dWx, dWh = 0 * W_x, 0 * W_h
    dbx, dbh = np.zeros(3 * H), np.zeros(3 * H)
    dh_from_next = np.zeros((B, H))
    for t in reversed(range(T)):
        r, z, n, a_hn = steps[t]
        prev = h0 if t == 0 else hs[t - 1]
        dh = dhs[t] + dh_from_next
        # h = (1 - z) * n + z * prev
        dpre_n = dh * (1 - z) * (1 - n ** 2)
        dpre_z = dh * (prev - n) * z * (1 - z)
        dpre_r = dpre_n * a_hn * r * (1 - r)
        dax = np.concatenate([dpre_r, dpre_z, dpre_n], axis=1)
        dah = np.concatenate([dpre_r, dpre_z, dpre_n * r], axis=1)
        dx[t] = dax @ W_x
        dh_from_next = dah @ W_h           # gradient reaching h_{t-1} through the gates
        dWx, dWh = dWx + dax.T @ x[t], dWh + dah.T @ prev
        dbx, dbh = dbx + dax.sum(axis=0), dbh + dah.sum(axis=0)
    return dx, dh_from_next, dWx, dWh, dbx, dbh
