def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache                       # one lstm_step cache per step
    x = np.stack([s[0] for s in steps])
    _, h0, c0, W_x, W_h, _, _ = steps[0]
    cs = [s[2] for s in steps[1:]]          # cs[t - 1] is step t's c_prev
    gates, tanh_cs = [s[5] for s in steps], [s[6] for s in steps]
    T, B, H = hs.shape
    dx = np.empty_like(x)
    grad_W_x, grad_W_h, grad_b = np.zeros((4 * H, x.shape[2])), np.zeros((4 * H, H)), np.zeros(4 * H)
    carry_h = np.zeros((B, H))
    for t in reversed(range(T)):
        i, f, g, o = (gates[t][:, k * H:(k + 1) * H] for k in range(4))
        prev_h = h0 if t == 0 else hs[t - 1]
        prev_c = c0 if t == 0 else cs[t - 1]
        d_h = dhs[t] + carry_h
        d_c = d_h * o * (1 - tanh_cs[t] * tanh_cs[t])       # c_t only reaches the loss through h_t
        d_gates = np.hstack([d_c * g * i * (1 - i), d_c * prev_c * f * (1 - f),
                             d_c * i * (1 - g * g), d_h * tanh_cs[t] * o * (1 - o)])
        dx[t] = d_gates @ W_x
        carry_h = d_gates @ W_h
        grad_W_x += d_gates.T @ x[t]
        grad_W_h += d_gates.T @ prev_h
        grad_b += d_gates.sum(axis=0)
    return dx, carry_h, d_c * f, grad_W_x, grad_W_h, grad_b
