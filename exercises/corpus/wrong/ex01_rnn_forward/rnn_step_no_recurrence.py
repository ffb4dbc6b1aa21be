def rnn_step(x, h_prev, W_x, W_h, b):
    h = np.tanh(x @ W_x.T + b)
    return h, (x, h_prev, W_x, W_h, h)
