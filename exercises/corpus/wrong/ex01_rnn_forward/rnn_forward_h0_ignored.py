def rnn_forward(x, h0, W_x, W_h, b):
    T, B, _ = x.shape
    hs = np.zeros((T, B, W_h.shape[0]), dtype=x.dtype)
    h = np.zeros_like(h0)
    for t in range(T):
        h = np.tanh(x[t] @ W_x.T + h @ W_h.T + b)
        hs[t] = h
    return hs, (x, h0, W_x, W_h, hs)
