"""ex03: h and c are per-example sums of x, h_prev and c_prev plus the sums of the weights,
the same in every column: each output changes when any input alone changes and row k depends
on example k only, but column j is not computed from unit j's rows of W_x, W_h and b. The
shapes tests must not give their points to it."""
ASSIGNMENT = "ex03_lstm_forward"
CELLS = {
    "lstm_step": '''
import numpy as np
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    s = (x.sum(axis=1, keepdims=True) + h_prev.sum(axis=1, keepdims=True)
         + c_prev.sum(axis=1, keepdims=True) + W_x.sum() + W_h.sum() + b.sum())
    c = np.broadcast_to(s, h_prev.shape) + c_prev.sum(axis=1, keepdims=True) ** 2
    return np.tanh(np.broadcast_to(s, h_prev.shape)).astype(x.dtype), c.astype(x.dtype), None
''',
    "lstm_forward": '''
import numpy as np
def lstm_forward(x, h0, c0, W_x, W_h, b):
    hs, cs, h, c = [], [], h0, c0
    for t in range(x.shape[0]):
        h, c, _ = lstm_step(x[t], h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
    return np.stack(hs), np.stack(cs), None
''',
}
TOUCHES = ["lstm_step_shapes", "lstm_forward_shapes"]
