def gru_backward(dhs, cache):
    hs, step_caches = cache                 # one gru_step cache per step
    x = np.stack([s[0] for s in step_caches])
    _, h0, W_x, W_h = step_caches[0][:4]
    steps = [s[4:] for s in step_caches]    # r, z, n, a_hn of every step
    T = x.shape[0]
    grads = {"W_x": np.zeros_like(W_x), "W_h": np.zeros_like(W_h),
             "b_x": np.zeros(W_x.shape[0]), "b_h": np.zeros(W_h.shape[0])}
    dx = np.zeros_like(x)
    for t in range(T - 1, -1, -1):
        r, z, n, a_hn = steps[t]
        h_prev = h0 if t == 0 else hs[t - 1]
        dh = dhs[t]                       # the loss at step t
        dn = dh * (1 - z) * (1 - n * n)
        dz = dh * (h_prev - n) * z * (1 - z)
        dr = dn * a_hn * r * (1 - r)
        g_x = np.concatenate([dr, dz, dn], axis=1)
        g_h = np.concatenate([dr, dz, r * dn], axis=1)
        dx[t] = g_x @ W_x
        dh_prev = g_h @ W_h + z * dh
        grads["W_x"] += g_x.T @ x[t]
        grads["W_h"] += g_h.T @ h_prev
        grads["b_x"] += g_x.sum(0)
        grads["b_h"] += g_h.sum(0)
    return dx, dh_prev, grads["W_x"], grads["W_h"], grads["b_x"], grads["b_h"]
