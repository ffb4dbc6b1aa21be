def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    z = x @ W_x.T + h_prev @ W_h.T + b
    sigmoid = lambda a: 1 / (1 + np.exp(-a))
    i, f, o = sigmoid(z[:, :H]), sigmoid(z[:, H:2 * H]), sigmoid(z[:, 3 * H:])
    g = np.tanh(z[:, 2 * H:3 * H])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    cache = dict(x=x, h_prev=h_prev, c_prev=c_prev, W_x=W_x, W_h=W_h, i=i, f=f, g=g, o=o, c=c)
    return h, c, cache


def lstm_step_backward(dh, dc, cache):
    k = cache
    if dc is None:
        dc = 0.0
    tanh_c = np.tanh(k["c"])
    do = dh * tanh_c
    dc = dc + dh * k["o"] * (1 - tanh_c ** 2)
    di, df, dg = dc * k["g"], dc * k["c_prev"], dc * k["i"]
    dz = np.hstack([di * k["i"] * (1 - k["i"]), df * k["f"] * (1 - k["f"]),
                    dg * (1 - k["g"] ** 2), do * k["o"] * (1 - k["o"])])
    dx = dz @ k["W_x"]
    dh_prev = dz @ k["W_h"]
    dW_x = np.einsum("bj,bd->jd", dz, k["x"])
    dW_h = np.einsum("bj,bk->jk", dz, k["h_prev"])
    return dx, dh_prev, dc * k["f"], dW_x, dW_h, dz.sum(axis=0)
