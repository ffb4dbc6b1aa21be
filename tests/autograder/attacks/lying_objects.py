"""Results whose __eq__, __array__, __float__, shape and dtype lie."""
CELLS = {
    "rnn_step": '''
import numpy as np
class Liar:
    shape = property(lambda self: self._shape)
    dtype = np.dtype("float64")
    def __init__(self, shape): self._shape = shape
    def __eq__(self, other): return True
    __ne__ = lambda self, other: False
    __lt__ = __le__ = __gt__ = __ge__ = __eq__
    def __float__(self): return 0.0
    def __array__(self, *a, **k): return np.zeros(self._shape)
    def __len__(self): return self._shape[0]
    def __getitem__(self, i): return self
    def __sub__(self, other): return np.zeros(self._shape)
    __rsub__ = __add__ = __radd__ = __mul__ = __rmul__ = __sub__
    def __abs__(self): return np.zeros(self._shape)
    def __bool__(self): return True
class LiarArray(np.ndarray):
    def __eq__(self, other): return np.ones(self.shape, bool)
    def __sub__(self, other): return np.zeros(self.shape)
    __rsub__ = __sub__
class LiarTuple(tuple):
    def __eq__(self, other): return True
def rnn_step(x, h_prev, W_x, W_h, b):
    B, H = x.shape[0], W_x.shape[0]
    return LiarTuple((np.zeros((B, H)).view(LiarArray), Liar((B, H))))
''',
    "rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    T, B, H = x.shape[0], x.shape[1], W_x.shape[0]
    out = np.empty((T, B, H), dtype=object)
    out[...] = Liar(())
    return out, Liar((T, B, H))
''',
}
