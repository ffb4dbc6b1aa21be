"""rnn_step and rnn_forward return tanh of the sum of every input, the same number in every
entry: each output changes when any input changes, but row k is not computed from example k,
nor column j from unit j's weights. The shapes tests must not give their points to it (rows
are examples, columns are hidden units)."""
CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    s = x.sum() + h_prev.sum() + W_x.sum() + W_h.sum() + b.sum()
    return np.tanh(np.full(h_prev.shape, s, dtype=x.dtype)), None
''',
    "rnn_forward": '''
import numpy as np
def rnn_forward(x, h0, W_x, W_h, b):
    rows = x.sum(axis=2, keepdims=True) + h0.sum(axis=1)[None, :, None] + W_x.sum() + W_h.sum() + b.sum()
    return np.tanh(np.broadcast_to(rows, x.shape[:2] + h0.shape[1:])).astype(x.dtype).copy(), None
''',
}
