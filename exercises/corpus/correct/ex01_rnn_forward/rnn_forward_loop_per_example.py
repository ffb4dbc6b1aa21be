def rnn_forward(x, h0, W_x, W_h, b):
    T, B, _ = x.shape
    hs = np.empty((T, B, h0.shape[1]), dtype=x.dtype)
    for n in range(B):
        h = h0[n]
        for t in range(T):
            h = np.tanh(W_x @ x[t, n] + W_h @ h + b)
            hs[t, n] = h
    return hs, (x, h0, W_x, W_h, hs)
