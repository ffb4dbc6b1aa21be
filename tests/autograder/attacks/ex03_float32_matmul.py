"""ex03: the four matrix products of every step done in float32 (inputs cast down, the product
cast back), the rest in float64: outputs have the dtype of the inputs but only float32
precision (errors ~1e-7 on z). The value tests (relative tolerance 1e-10 for float64
inputs) must not give the marks of a float64 implementation to it."""
ASSIGNMENT = "ex03_lstm_forward"
CELLS = {
    "lstm_step": '''
import numpy as np
def _sig(z):
    return 0.5 * (1 + np.tanh(0.5 * z))
def _mm(a, b):
    return (a.astype(np.float32) @ b.astype(np.float32)).astype(a.dtype)
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    H = h_prev.shape[1]
    z = _mm(x, W_x.T) + _mm(h_prev, W_h.T) + b
    i, f, g, o = _sig(z[:, :H]), _sig(z[:, H:2 * H]), np.tanh(z[:, 2 * H:3 * H]), _sig(z[:, 3 * H:])
    c = f * c_prev + i * g
    return o * np.tanh(c), c, None
''',
    "lstm_forward": '''
def lstm_forward(x, h0, c0, W_x, W_h, b):
    hs, cs, h, c = [], [], h0, c0
    for t in range(x.shape[0]):
        h, c, _ = lstm_step(x[t], h, c, W_x, W_h, b)
        hs.append(h)
        cs.append(c)
    return np.stack(hs), np.stack(cs), None
''',
}
TOUCHES = ["lstm_step_torch", "lstm_forward_torch"]
