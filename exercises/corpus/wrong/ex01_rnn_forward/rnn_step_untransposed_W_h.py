def rnn_step(x, h_prev, W_x, W_h, b):
    h = np.tanh(x @ W_x.T + h_prev @ W_h + b)
    return h, (x, h_prev, W_x, W_h, h)
