"""ex03: redefine the setup cell's checking helpers as no-ops, patch NumPy and torch
comparisons, and return lying objects."""
ASSIGNMENT = "ex03_lstm_forward"
CELLS = {
    "lstm_step": '''
import numpy as np, torch
def check_array(*a, **k): pass
def check_close(*a, **k): pass
def unpack(result, n, *a): return tuple(result) + (None,) * (n - len(result))
np.allclose = torch.allclose = lambda *a, **k: True
np.testing.assert_allclose = torch.testing.assert_close = lambda *a, **k: None
class Liar(np.ndarray):
    def __eq__(self, other): return np.ones(self.shape, bool)
    def __sub__(self, other): return np.zeros(self.shape)
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    z = np.zeros((1, 1)).view(Liar)
    return z, z, None
''',
    "lstm_forward": '''
def lstm_forward(x, h0, c0, W_x, W_h, b):
    return np.zeros((1, 1), dtype=object), None
''',
}
