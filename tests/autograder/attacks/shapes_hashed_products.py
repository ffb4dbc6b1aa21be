"""rnn_step and rnn_forward hash exactly the slices the definition reads: unit j of example k is
tanh(sin(37 x_k·W_x[j] + 11 h_prev,k·W_h[j] + b_j²)). It keeps every dependence the structural
checks look for (every input matters, rows are examples, columns are units, every unit mixes every
feature of x and every unit of h_prev through a matrix product), yet computes nothing of the
exercise. The shapes tests must not give their points to it: its outputs do not follow the right
ones (correlation about 0)."""
from autograder_corpus import case

CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    h = np.tanh(np.sin(37 * (x @ W_x.T) + 11 * (h_prev @ W_h.T) + b ** 2))
    return h.astype(x.dtype), None
''',
    "rnn_forward": case("shapes_summed_weights").CELLS["rnn_forward"],   # the loop over rnn_step
}
EXPECT_POINTS = {"rnn_step_shapes": 0, "rnn_forward_shapes": 0}
