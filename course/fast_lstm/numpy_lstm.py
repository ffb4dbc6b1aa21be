"""A fast NumPy LSTM: the same function and API as ``solutions.lstm``'s
``lstm_forward`` and ``lstm_backward``, written for speed.

Shapes: x (T, B, D), h0 and c0 (B, H), W_x (4H, D), W_h (4H, H), b (4H,),
gate order i, f, g, o. What makes it fast (chapters 5 and 9):

* the input product of all T steps is one (T·B, D) × (D, 4H) product before the loop;
* each step makes one (B, H) × (H, 4H) product into a preallocated buffer and
  activates the gates in place, so the loop allocates nothing;
* each activation is one exponential: the weight rows and biases of i, f and o
  are scaled by −1 and those of g by −2 before the products (exactly: powers of
  two), so that the pre-activations of all four gates go through one
  ``np.exp``, an add and a reciprocal, σ(z) = 1 / (1 + e^(−z)) and
  tanh(z) = 2σ(2z) − 1;
* the backward loop gathers each step's gates into one contiguous block per gate
  (NumPy's element-wise loops are faster on contiguous blocks than on the
  column slices of a (B, 4H) array) and makes one
  (B, 4H) × (4H, H) product per step; dx, dW_x, dW_h are one product each
  after the loop, over all T·B rows at once (dW_h adds step 0's, whose h_prev is h0);
* the gradients of the pre-activations overwrite the saved gates, step by step,
  instead of filling a new (T, B, 4H) array: a cache serves one backward pass
  (as torch frees what its autograd saved once the backward pass has used it),
  and a second ``lstm_backward`` on it raises.

``matmul_only`` runs exactly these matrix products and nothing else: the time
that the element-wise work is measured against (``benchmarks/numpy_lstm_share.py``).
``exp_only`` runs exactly the pass's exponentials and nothing else: the part of
the element-wise work that no rearrangement removes, since every LSTM computes
five activations per example, unit and step.
"""
import numpy as np

GATE_SCALE = np.array([-1, -1, -2, -1])          # i, f, g, o: one exp serves all four


def _input_product(x, W_xT):
    """x (T, B, D), W_xT (D, 4H) → (T, B, 4H)."""
    T, B, D = x.shape
    return np.matmul(x.reshape(T * B, D), W_xT).reshape(T, B, -1)


def _weight_products(dz, x, hs, h0):
    """dW_x (4H, D) and dW_h (4H, H) from dz (T, B, 4H), x (T, B, D), hs (T, B, H), h0 (B, H)."""
    T, B, H4 = dz.shape
    D, H = x.shape[2], hs.shape[2]
    dW_x = np.matmul(dz.reshape(T * B, H4).T, x.reshape(T * B, D))
    dW_h = np.matmul(dz[1:].reshape((T - 1) * B, H4).T, hs[:-1].reshape((T - 1) * B, H))
    dW_h += np.matmul(dz[0].T, h0)               # step 0's h_prev is h0
    return dW_x, dW_h


def _sigmoid_of_negated_(z):
    """Overwrite z with 1 / (1 + e^z), that is σ(−z)."""
    np.exp(z, out=z)
    z += 1
    np.reciprocal(z, out=z)


def _tanh_(c, out):
    """out = tanh(c) = 2σ(2c) − 1, for c (B, H)."""
    np.multiply(c, -2, out=out)
    _sigmoid_of_negated_(out)
    out *= 2
    out -= 1


def lstm_forward(x, h0, c0, W_x, W_h, b):
    """Run an LSTM over a sequence: hs, cs (T, B, H) and a cache for ``lstm_backward``."""
    T, B, D = x.shape
    H = h0.shape[1]
    dtype = np.result_type(x, W_x, W_h, b)
    scale = np.repeat(GATE_SCALE, H).astype(dtype)  # (4H,)
    # −z_i, −z_f, −2 z_g, −z_o for every step
    gates = _input_product(x, W_x.T * scale)
    gates += b * scale
    W_hT = np.ascontiguousarray(W_h.T * scale)      # (H, 4H), read at every step
    z_h = np.empty((B, 4 * H), dtype=dtype)
    hs = np.empty((T, B, H), dtype=dtype)
    cs = np.empty_like(hs)
    tanh_cs = np.empty_like(hs)
    ig = np.empty((B, H), dtype=dtype)
    h, c = h0, c0
    with np.errstate(over="ignore"):                # e^(−z) = inf gives σ(z) = 0, as it should
        for t in range(T):
            np.matmul(h, W_hT, out=z_h)
            z = gates[t]
            z += z_h
            _sigmoid_of_negated_(z)                 # σ(z_i), σ(z_f), σ(2 z_g), σ(z_o)
            i, f, g, o = z[:, :H], z[:, H:2 * H], z[:, 2 * H:3 * H], z[:, 3 * H:]
            g *= 2
            g -= 1                                  # tanh(z_g) = 2σ(2 z_g) − 1
            np.multiply(f, c, out=cs[t])
            np.multiply(i, g, out=ig)
            cs[t] += ig
            _tanh_(cs[t], out=tanh_cs[t])
            np.multiply(o, tanh_cs[t], out=hs[t])
            h, c = hs[t], cs[t]
    cache = [x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs]   # gates: used up by lstm_backward
    return hs, cs, cache


def lstm_backward(dhs, cache, dc_last=None):
    """Backpropagation through time: dx (T, B, D), dh0, dc0 (B, H),
    dW_x (4H, D), dW_h (4H, H), db (4H,)."""
    x, h0, c0, W_x, W_h, hs, cs, gates, tanh_cs = cache
    if gates is None:
        raise ValueError("lstm_backward: this cache has been used by a backward pass already "
                         "(its gates were overwritten); run lstm_forward again")
    cache[7] = None
    T, B, H = hs.shape
    dtype = gates.dtype
    dz = gates                                      # (T, B, 4H): step t's overwrite its gates
    dh = np.empty((B, H), dtype=dtype)              # gradient of h_t: dhs[t] + from step t+1
    dh_next = np.zeros_like(dh)
    dc = np.zeros_like(dh) if dc_last is None else dc_last.astype(dtype, copy=True)
    tmp = np.empty_like(dh)
    gates_t = np.empty((4, B, H), dtype=dtype)      # step t's i, f, g, o, one contiguous block each
    dz_t = np.empty_like(gates_t)                   # and their pre-activation gradients
    i, f, g, o = gates_t
    dz_i, dz_f, dz_g, dz_o = dz_t
    for t in reversed(range(T)):
        np.copyto(gates_t, gates[t].reshape(B, 4, H).transpose(1, 0, 2))
        c_prev = cs[t - 1] if t > 0 else c0
        tanh_c = tanh_cs[t]
        np.add(dhs[t], dh_next, out=dh)
        # dz_o = dh ⊙ tanh(c) ⊙ o ⊙ (1 − o)
        np.subtract(1, o, out=tmp)
        tmp *= o
        tmp *= tanh_c
        np.multiply(dh, tmp, out=dz_o)
        # dc += dh ⊙ o ⊙ (1 − tanh²(c))
        np.multiply(tanh_c, tanh_c, out=tmp)
        np.subtract(1, tmp, out=tmp)
        tmp *= o
        tmp *= dh
        dc += tmp
        # dz_g = dc ⊙ i ⊙ (1 − g²)
        np.multiply(g, g, out=tmp)
        np.subtract(1, tmp, out=tmp)
        tmp *= i
        np.multiply(dc, tmp, out=dz_g)
        # dz_i = dc ⊙ g ⊙ i ⊙ (1 − i)
        np.subtract(1, i, out=tmp)
        tmp *= i
        tmp *= g
        np.multiply(dc, tmp, out=dz_i)
        # dz_f = dc ⊙ c_prev ⊙ f ⊙ (1 − f)
        np.subtract(1, f, out=tmp)
        tmp *= f
        tmp *= c_prev
        np.multiply(dc, tmp, out=dz_f)
        dc *= f                                     # ∂c/∂c_prev = f
        np.copyto(dz[t].reshape(B, 4, H).transpose(1, 0, 2), dz_t)
        np.matmul(dz[t], W_h, out=dh_next)
    dx = np.matmul(dz.reshape(T * B, 4 * H), W_x).reshape(x.shape)
    dW_x, dW_h = _weight_products(dz, x, hs, h0.astype(dtype, copy=False))
    db = dz.reshape(T * B, 4 * H).sum(axis=0)
    return dx, dh_next, dc, dW_x, dW_h, db


def matmul_only(x, h0, W_x, W_h):
    """The matrix products of one ``lstm_forward`` + ``lstm_backward`` pass and
    nothing else, on arrays of the same shapes (the values are not an LSTM's)."""
    T, B, D = x.shape
    H = h0.shape[1]
    gates = _input_product(x, W_x.T)
    W_hT = np.ascontiguousarray(W_h.T)
    z_h = np.empty((B, 4 * H), dtype=gates.dtype)
    h = np.ascontiguousarray(h0, dtype=gates.dtype)
    for _ in range(T):
        np.matmul(h, W_hT, out=z_h)
    dh = np.empty_like(h)
    for t in range(T):
        np.matmul(gates[t], W_h, out=dh)
    np.matmul(gates.reshape(T * B, 4 * H), W_x)
    hs = np.zeros((T, B, H), dtype=gates.dtype)
    _weight_products(gates, x, hs, h)


def exp_only(T, B, H, dtype=np.float32):
    """The exponentials of one ``lstm_forward`` + ``lstm_backward`` pass and
    nothing else: per step one ``np.exp`` over (B, 4H) (the four gates) and one
    over (B, H) (tanh of the cell state), on pre-activations spread over [−4, 4]."""
    z = np.linspace(-4, 4, B * 4 * H, dtype=dtype).reshape(B, 4 * H)
    c = np.ascontiguousarray(z[:, :H])
    e_z, e_c = np.empty_like(z), np.empty_like(c)
    for _ in range(T):
        np.exp(z, out=e_z)
        np.exp(c, out=e_c)
