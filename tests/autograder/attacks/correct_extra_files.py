"""Correct code split into a helper module the student added, extra cells and magics: full marks."""
FULL_MARKS = True
FILES = {"my_helpers.py": '''
import numpy as np
def affine(x, h, W_x, W_h, b):
    return x @ W_x.T + h @ W_h.T + b
'''}
CELLS = {
    "rnn_step": '''
from my_helpers import affine
def rnn_step(x, h_prev, W_x, W_h, b):
    h = np.tanh(affine(x, h_prev, W_x, W_h, b))
    return h, (x, h_prev, W_x, W_h, h)
''',
    "rnn_forward": '''
%time _ = 1 + 1
def rnn_forward(x, h0, W_x, W_h, b):
    hs, h, caches = [], h0, []
    for t in range(x.shape[0]):
        h, cache = rnn_step(x[t], h, W_x, W_h, b)
        hs.append(h)
        caches.append(cache)
    return np.stack(hs), caches
''',
}
APPEND = ["import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.show()"]
