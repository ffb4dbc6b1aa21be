"""rnn_step and rnn_forward compute a tanh RNN step with weights of their own, drawn from a fixed
seed, and let the given weights in only through their row sums (unit j's pre-activation is
scaled by the sums of W_x[j] and W_h[j]): every input matters, row k follows example k, column j
follows unit j's rows, and every unit mixes every feature of x and every unit of h_prev through a
matrix product, yet the given weights' entries are never used. The shapes tests must not give
their points to it: its outputs do not follow the right ones."""
from autograder_corpus import case

CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    R = np.random.default_rng(0).standard_normal(W_x.shape)
    S = np.random.default_rng(1).standard_normal(W_h.shape)
    h = np.tanh((x @ R.T) * W_x.sum(axis=1) + (h_prev @ S.T) * W_h.sum(axis=1) + b)
    return h.astype(x.dtype), None
''',
    "rnn_forward": case("shapes_summed_weights").CELLS["rnn_forward"],   # the loop over rnn_step
}
EXPECT_POINTS = {"rnn_step_shapes": 0, "rnn_forward_shapes": 0}
