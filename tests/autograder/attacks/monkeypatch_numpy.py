"""Make NumPy's and numpy.testing's comparisons always succeed, and return garbage."""
PREPEND = ['''
import numpy as np, numpy.testing
np.allclose = lambda *a, **k: True
np.isclose = lambda a, b, *r, **k: np.ones(np.shape(a), bool)
np.array_equal = lambda *a, **k: True
np.all = lambda *a, **k: True
np.any = lambda *a, **k: False
np.isfinite = lambda x, *a, **k: np.ones(np.shape(x), bool)
np.abs = np.absolute = lambda x, *a, **k: np.zeros(np.shape(x))
np.testing.assert_allclose = lambda *a, **k: None
np.testing.assert_array_equal = lambda *a, **k: None
np.testing.assert_almost_equal = lambda *a, **k: None
print("probe-ran")
''']
CELLS = {
    "rnn_step": '''
def rnn_step(x, h_prev, W_x, W_h, b):
    return np.zeros(3), None
''',
    "rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    return np.zeros(3), None
''',
}
MUST_PRINT = ["probe-ran"]
