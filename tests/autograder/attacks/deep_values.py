"""Results nested too deeply to convert, and a huge result."""
CELLS = {
    "rnn_step": '''
def rnn_step(x, h_prev, W_x, W_h, b):
    out = []
    for _ in range(100000):
        out = [out]
    return out, None
''',
    "rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    import numpy as np
    return np.zeros((9000, 9000)), None
''',
}
