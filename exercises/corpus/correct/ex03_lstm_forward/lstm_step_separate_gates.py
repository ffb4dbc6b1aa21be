def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    def gate(k):
        rows = slice(k * H, (k + 1) * H)
        return x @ W_x[rows].T + h_prev @ W_h[rows].T + b[rows]
    sigmoid = lambda a: 1 / (1 + np.exp(-a))
    i, f, g, o = sigmoid(gate(0)), sigmoid(gate(1)), np.tanh(gate(2)), sigmoid(gate(3))
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h, c, {"x": x, "h_prev": h_prev, "c_prev": c_prev, "gates": (i, f, g, o), "c": c}
