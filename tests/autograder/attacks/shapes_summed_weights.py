"""rnn_step and rnn_forward built from summaries that keep every dependence the cheaper
checks look for: unit j reads the sums of unit j's rows of W_x and W_h and its bias, example k
reads the sums of its own x and h_prev. Every input matters, rows stay examples and columns
stay units, yet no matrix product is computed. The shapes tests must not give their points to
it: moving one feature of x up and another down by as much changes no sum."""
CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    h = np.tanh(x.sum(axis=1, keepdims=True) * W_x.sum(axis=1)
                + h_prev.sum(axis=1, keepdims=True) * W_h.sum(axis=1) + b)
    return h.astype(x.dtype), None
''',
    "rnn_forward": '''
import numpy as np
def rnn_forward(x, h0, W_x, W_h, b):
    h, hs = h0, []
    for x_t in x:
        h, _ = rnn_step(x_t, h, W_x, W_h, b)
        hs.append(h)
    return np.stack(hs), None
''',
}
EXPECT_POINTS = {"rnn_step_shapes": 0, "rnn_forward_shapes": 0}
