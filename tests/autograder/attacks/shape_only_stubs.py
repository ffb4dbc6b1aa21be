"""Stubs that compute nothing and return zeros of the right shape and dtype: shape points go
only to outputs computed from the inputs, so this scores no more than the blank notebook."""
CELLS = {
    "rnn_step": '''
import numpy as np
def rnn_step(x, h_prev, W_x, W_h, b):
    return np.zeros((x.shape[0], W_x.shape[0]), dtype=x.dtype), None
''',
    "rnn_forward": '''
import numpy as np
def rnn_forward(x, h0, W_x, W_h, b):
    return np.zeros((x.shape[0], x.shape[1], W_x.shape[0]), dtype=x.dtype), None
''',
}
