"""ex03: lstm_step opens the four blocks of z = x W_xᵀ + h_prev W_hᵀ + b as the definition
does and then hashes them: c = sin(37 z_i + 11 z_f ⊙ c_prev + 5 z_g), h = tanh(sin(13 z_o + 7 c)).
Every input matters, rows are examples, column j reads unit j's rows of every block, and every
unit mixes every feature and every unit of h_prev, yet no gate is computed. The shapes tests must
not give their points to it: h and c do not follow the right ones."""
ASSIGNMENT = "ex03_lstm_forward"
CELLS = {
    "lstm_step": '''
import numpy as np
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    z = x @ W_x.T + h_prev @ W_h.T + b
    z_i, z_f, z_g, z_o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
    c = np.sin(37 * z_i + 11 * z_f * c_prev + 5 * z_g)
    h = np.tanh(np.sin(13 * z_o + 7 * c))
    return h.astype(x.dtype), c.astype(x.dtype), None
''',
    "lstm_forward": '''
import numpy as np
def lstm_forward(x, h0, c0, W_x, W_h, b):
    hs, cs, h, c = [], [], h0, c0
    for x_t in x:
        h, c, _ = lstm_step(x_t, h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
    return np.stack(hs), np.stack(cs), None
''',
}
EXPECT_POINTS = {"lstm_step_shapes": 0, "lstm_forward_shapes": 0}
TOUCHES = ["lstm_step_shapes", "lstm_forward_shapes"]
