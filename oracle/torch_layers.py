"""Torch's own recurrent layers holding the course's NumPy weights.

The course's weights are those of torch's single-layer modules: ``W_x`` is
``weight_ih_l0`` (kH, D), ``W_h`` is ``weight_hh_l0`` (kH, H), with k = 1
(RNN), 4 (LSTM, gate blocks i, f, g, o) or 3 (GRU, blocks r, z, n). The RNN
and the LSTM take one bias ``b`` (kH,) as ``bias_ih_l0`` with
``bias_hh_l0 = 0``; the GRU takes both, ``b_x`` and ``b_h``. Everything runs
in float64. The gradients are autograd's, of Σ hs ⊙ dhs (+ Σ c_T ⊙ dc_last
for the LSTM).
"""
import numpy as np
import torch


def _tensor(a, requires_grad=False):
    return torch.tensor(np.asarray(a, dtype=np.float64), requires_grad=requires_grad)


def _load(layer, W_x, W_h, b_x, b_h=None):
    """Copy the weights into ``layer`` (float64); ``b_h`` None means zero."""
    layer = layer.double()
    with torch.no_grad():
        layer.weight_ih_l0.copy_(_tensor(W_x))
        layer.weight_hh_l0.copy_(_tensor(W_h))
        layer.bias_ih_l0.copy_(_tensor(b_x))
        layer.bias_hh_l0.copy_(_tensor(0.0 if b_h is None else b_h))
    return layer


def torch_lstm_weights(D, H, seed, forget_bias=None):
    """W_x (4H, D), W_h (4H, H) and b (4H,) as ``torch.nn.LSTM(D, H)``
    draws them after ``torch.manual_seed(seed)`` (uniform in ±1/√H, with
    b = bias_ih + bias_hh), in float64; ``forget_bias`` sets b_f = b[H:2H]."""
    torch.manual_seed(seed)
    layer = torch.nn.LSTM(D, H).double()
    b = (layer.bias_ih_l0 + layer.bias_hh_l0).detach().numpy().copy()
    if forget_bias is not None:
        b[H:2 * H] = forget_bias
    return layer.weight_ih_l0.detach().numpy(), layer.weight_hh_l0.detach().numpy(), b


def _parameter_grads(layer, biases):
    """dW_x, dW_h and the gradient of each named bias."""
    names = ("weight_ih_l0", "weight_hh_l0") + biases
    return tuple(getattr(layer, n).grad.numpy() for n in names)


def torch_rnn(W_x, W_h, b):
    """A float64 ``torch.nn.RNN`` (tanh) holding W_x (H, D), W_h (H, H), b (H,)."""
    return _load(torch.nn.RNN(W_x.shape[1], W_h.shape[1]), W_x, W_h, b)


def torch_lstm(W_x, W_h, b):
    """A float64 ``torch.nn.LSTM`` holding W_x (4H, D), W_h (4H, H), b (4H,)."""
    return _load(torch.nn.LSTM(W_x.shape[1], W_h.shape[1]), W_x, W_h, b)


def torch_gru(W_x, W_h, b_x, b_h):
    """A float64 ``torch.nn.GRU`` holding W_x (3H, D), W_h (3H, H), b_x and b_h (3H,)."""
    return _load(torch.nn.GRU(W_x.shape[1], W_h.shape[1]), W_x, W_h, b_x, b_h)


def _sequence_grads(layer, x, h0, dhs, biases):
    """Gradients of Σ hs ⊙ dhs through an RNN or GRU ``layer``: dx, dh0, dW_x, dW_h, biases."""
    xt, h0t = _tensor(x, True), _tensor(h0, True)
    hs, _ = layer(xt, h0t[None])
    (hs * _tensor(dhs)).sum().backward()
    return (xt.grad.numpy(), h0t.grad.numpy()) + _parameter_grads(layer, biases)


def _hs(layer, x, h0):
    with torch.no_grad():
        hs, _ = layer(_tensor(x), _tensor(h0)[None])
    return hs.numpy()


def torch_rnn_forward(x, h0, W_x, W_h, b):
    """hs (T, B, H) of torch.nn.RNN for x (T, B, D) and h0 (B, H)."""
    return _hs(torch_rnn(W_x, W_h, b), x, h0)


def torch_rnn_grads(x, h0, W_x, W_h, b, dhs):
    """dx, dh0, dW_x, dW_h, db: autograd's gradients of Σ hs ⊙ dhs (dhs (T, B, H))
    through torch.nn.RNN."""
    return _sequence_grads(torch_rnn(W_x, W_h, b), x, h0, dhs, ("bias_ih_l0",))


def torch_gru_forward(x, h0, W_x, W_h, b_x, b_h):
    """hs (T, B, H) of torch.nn.GRU for x (T, B, D) and h0 (B, H)."""
    return _hs(torch_gru(W_x, W_h, b_x, b_h), x, h0)


def torch_gru_grads(x, h0, W_x, W_h, b_x, b_h, dhs):
    """dx, dh0, dW_x, dW_h, db_x, db_h: autograd's gradients of Σ hs ⊙ dhs
    (dhs (T, B, H)) through torch.nn.GRU."""
    return _sequence_grads(torch_gru(W_x, W_h, b_x, b_h), x, h0, dhs,
                           ("bias_ih_l0", "bias_hh_l0"))


def _lstm_run(layer, x, h0, c0):
    """hs and cs (T, B, H) as tensors, one step at a time (nn.LSTM returns
    only the last c)."""
    h, c = h0[None], c0[None]
    hs, cs = [], []
    for t in range(x.shape[0]):
        _, (h, c) = layer(x[t:t + 1], (h, c))
        hs.append(h[0])
        cs.append(c[0])
    return torch.stack(hs), torch.stack(cs)


def torch_lstm_forward(x, h0, c0, W_x, W_h, b):
    """hs, cs (T, B, H) of torch.nn.LSTM for x (T, B, D), h0 and c0 (B, H)."""
    with torch.no_grad():
        hs, cs = _lstm_run(torch_lstm(W_x, W_h, b), _tensor(x), _tensor(h0), _tensor(c0))
    return hs.numpy(), cs.numpy()


def torch_lstm_grads(x, h0, c0, W_x, W_h, b, dhs, dc_last=None):
    """dx, dh0, dc0, dW_x, dW_h, db: autograd's gradients of
    Σ hs ⊙ dhs (+ Σ c_T ⊙ dc_last, dc_last (B, H)) through torch.nn.LSTM."""
    layer = torch_lstm(W_x, W_h, b)
    xt, h0t, c0t = _tensor(x, True), _tensor(h0, True), _tensor(c0, True)
    hs, cs = _lstm_run(layer, xt, h0t, c0t)
    loss = (hs * _tensor(dhs)).sum()
    if dc_last is not None:
        loss = loss + (cs[-1] * _tensor(dc_last)).sum()
    loss.backward()
    return (xt.grad.numpy(), h0t.grad.numpy(), c0t.grad.numpy()) + _parameter_grads(
        layer, ("bias_ih_l0",))
