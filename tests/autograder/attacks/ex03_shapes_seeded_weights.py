"""ex03: a true LSTM cell (gates i, f, g, o, c = f ⊙ c_prev + i ⊙ g, h = o ⊙ tanh c) run with
weights of its own drawn from a fixed seed, the given weights let in only through their row sums
(gate row r's pre-activation is scaled by the sums of W_x[r] and W_h[r]). Every dependence the
structural checks look for is there and c even carries c_prev as the definition does, yet the given
weights' entries are never used. The shapes tests must not give their points to it: h does not
follow the right h."""
from autograder_corpus import case

ASSIGNMENT = "ex03_lstm_forward"
CELLS = {
    "lstm_step": '''
import numpy as np
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    R = np.random.default_rng(0).standard_normal(W_x.shape)
    S = np.random.default_rng(1).standard_normal(W_h.shape)
    z = (x @ R.T) * W_x.sum(axis=1) + (h_prev @ S.T) * W_h.sum(axis=1) + b
    sigma = lambda a: 1 / (1 + np.exp(-a))
    i, f, g, o = sigma(z[:, :H]), sigma(z[:, H:2 * H]), np.tanh(z[:, 2 * H:3 * H]), sigma(z[:, 3 * H:])
    c = f * c_prev + i * g
    h = o * np.tanh(c)
    return h.astype(x.dtype), c.astype(x.dtype), None
''',
    "lstm_forward": case("ex03_shapes_hashed_gates").CELLS["lstm_forward"],   # the loop over lstm_step
}
EXPECT_POINTS = {"lstm_step_shapes": 0, "lstm_forward_shapes": 0}
TOUCHES = ["lstm_step_shapes", "lstm_forward_shapes"]
