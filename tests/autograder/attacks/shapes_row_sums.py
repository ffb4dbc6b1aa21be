"""rnn_step and rnn_forward return a broadcast of x's row sums through tanh, in the inputs'
dtype: finite, deterministic, input-dependent and not a copy of an input, yet nothing of the
exercise (h_prev, W_x, W_h and b are ignored). The shapes tests must not give their points to
it: every output has to change when h_prev (or W_h, or any other input) alone changes."""
CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    return np.tanh(np.broadcast_to(x.sum(axis=1, keepdims=True), h_prev.shape)).astype(x.dtype), None
''',
    "rnn_forward": '''
import numpy as np
def rnn_forward(x, h0, W_x, W_h, b):
    s = np.tanh(x.sum(axis=2, keepdims=True))
    return np.broadcast_to(s, x.shape[:2] + h0.shape[1:]).astype(x.dtype).copy(), None
''',
}
