def gru_forward(x, h0, W_x, W_h, b_x, b_h):
    H = h0.shape[1]
    sigmoid = lambda a: 1 / (1 + np.exp(-a))
    h, hs, record = h0, [], []
    for x_t in x:
        a_x, a_h = x_t @ W_x.T + b_x, h @ W_h.T + b_h
        r = sigmoid(a_x[:, :H] + a_h[:, :H])
        z = sigmoid(a_x[:, H:2 * H] + a_h[:, H:2 * H])
        n = np.tanh(a_x[:, 2 * H:] + r * a_h[:, 2 * H:])
        record.append({"x": x_t, "h_prev": h, "r": r, "z": z, "n": n, "a_hn": a_h[:, 2 * H:]})
        h = (1 - z) * n + z * h
        hs.append(h)
    return np.stack(hs), {"steps": record, "W_x": W_x, "W_h": W_h}


def gru_backward(dhs, cache):
    W_x, W_h = cache["W_x"], cache["W_h"]
    dx, dW_x, dW_h, db_x, db_h = [], 0.0, 0.0, 0.0, 0.0
    carry = np.zeros_like(dhs[0])
    for t in range(len(dhs) - 1, -1, -1):
        s = cache["steps"][t]
        dh = dhs[t] + carry
        dn = dh * (1 - s["z"]) * (1 - s["n"] ** 2)
        dr = dn * s["a_hn"] * s["r"] * (1 - s["r"])
        dz = dh * (s["h_prev"] - s["n"]) * s["z"] * (1 - s["z"])
        g_x = np.concatenate([dr, dz, dn], axis=1)
        g_h = np.concatenate([dr, dz, dn * s["r"]], axis=1)
        dx.insert(0, g_x @ W_x)
        carry = g_h @ W_h + dh * s["z"]
        dW_x = dW_x + np.einsum("bj,bd->jd", g_x, s["x"])
        dW_h = dW_h + np.einsum("bj,bk->jk", g_h, s["h_prev"])
        db_x, db_h = db_x + g_x.sum(0), db_h + g_h.sum(0)
    return np.stack(dx), carry, dW_x, dW_h, db_x, db_h
