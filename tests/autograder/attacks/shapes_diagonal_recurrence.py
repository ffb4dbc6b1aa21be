"""The input part of the step is a real matrix product, but each unit reads only its own
previous value (h_prev times W_h's diagonal): every input matters, row by example and column by
unit, and x mixes across units, yet the recurrence the definition asks for (every unit from
every unit of h_prev, through W_h) is not there. The shapes tests must not give their points to
it: changing only unit 0 of h_prev must change every unit."""
CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    return np.tanh(x @ W_x.T + h_prev * np.diag(W_h) + b), None
''',
    "rnn_forward": '''
import numpy as np
def rnn_forward(x, h0, W_x, W_h, b):
    h, hs = h0, []
    for x_t in x:
        h = np.tanh(x_t @ W_x.T + h * np.diag(W_h) + b)
        hs.append(h)
    return np.stack(hs), None
''',
}
EXPECT_POINTS = {"rnn_step_shapes": 0, "rnn_forward_shapes": 0}
