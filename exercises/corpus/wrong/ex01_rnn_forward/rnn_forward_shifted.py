def rnn_forward(x, h0, W_x, W_h, b):
    T = x.shape[0]
    hs = [h0]
    for t in range(T - 1):
        hs.append(np.tanh(x[t] @ W_x.T + hs[-1] @ W_h.T + b))
    hs = np.stack(hs)
    return hs, (x, h0, W_x, W_h, hs)
