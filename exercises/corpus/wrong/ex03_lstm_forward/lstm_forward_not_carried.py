def lstm_forward(x, h0, c0, W_x, W_h, b):
    hs, cs = [], []
    for t in range(x.shape[0]):
        h, c, _ = lstm_step(x[t], h0, c0, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
    return np.stack(hs), np.stack(cs), (x, h0, c0, W_x, W_h, b)
