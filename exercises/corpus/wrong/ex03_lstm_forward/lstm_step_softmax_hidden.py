def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    a_i, a_f, a_g, a_o = np.split(x @ W_x.T + h_prev @ W_h.T + b, 4, axis=1)
    i, f, o = (np.exp(a) / (1 + np.exp(a)) for a in (a_i, a_f, a_o))
    g = np.tanh(a_g)
    c = f * c_prev + i * g
    scores = np.exp(o * np.tanh(c))
    h = scores / scores.sum(axis=1, keepdims=True)      # hidden state as a distribution over units
    return h, c, (x, h_prev, c_prev, i, f, g, o, c)
