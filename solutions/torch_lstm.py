"""An LSTM ``nn.Module`` written from tensor operations.

It uses no ``nn.LSTM``, ``nn.LSTMCell`` or ``torch._VF``: only matrix
products and element-wise functions, so autograd derives its backward pass.
Its parameters carry the names and shapes of ``torch.nn.LSTM``
(``weight_ih_l0`` (4H, D), ``weight_hh_l0`` (4H, H), ``bias_ih_l0`` (4H,),
``bias_hh_l0`` (4H,), then ``..._l1`` for the next layer), so
``load_state_dict(nn.LSTM(...).state_dict())`` works and the outputs agree.
"""
import math

import torch
from torch import nn


class LSTM(nn.Module):
    """Multi-layer LSTM, gate order i, f, g, o, same interface as ``nn.LSTM``
    for unidirectional, dropout-free use.

    Parameters
    ----------
    input_size : D
    hidden_size : H
    num_layers : number of stacked layers; layer k > 0 reads layer k−1's h
    bias : whether to use bias_ih and bias_hh
    batch_first : if True, x and output are (B, T, ·) instead of (T, B, ·)
    """

    def __init__(self, input_size, hidden_size, num_layers=1, bias=True,
                 batch_first=False):
        super().__init__()
        for name, value in (("input_size", input_size), ("hidden_size", hidden_size),
                            ("num_layers", num_layers)):
            if not isinstance(value, int) or value < 1:
                raise ValueError(f"LSTM: {name} must be a positive int, got {value!r}")
        self.input_size, self.hidden_size = input_size, hidden_size
        self.num_layers, self.bias, self.batch_first = num_layers, bias, batch_first
        H = hidden_size
        for k in range(num_layers):
            D = input_size if k == 0 else H
            setattr(self, f"weight_ih_l{k}", nn.Parameter(torch.empty(4 * H, D)))
            setattr(self, f"weight_hh_l{k}", nn.Parameter(torch.empty(4 * H, H)))
            if bias:
                setattr(self, f"bias_ih_l{k}", nn.Parameter(torch.empty(4 * H)))
                setattr(self, f"bias_hh_l{k}", nn.Parameter(torch.empty(4 * H)))
        self.reset_parameters()

    def reset_parameters(self):
        """U(−1/√H, 1/√H) for every parameter, as ``nn.LSTM`` does."""
        bound = 1.0 / math.sqrt(self.hidden_size)
        for p in self.parameters():
            nn.init.uniform_(p, -bound, bound)

    def _layer(self, k, x, h, c):
        """Run layer k over x (T, B, D_k) from (h, c) (B, H).
        Returns outputs (T, B, H) and the final (h, c)."""
        H = self.hidden_size
        W_x = getattr(self, f"weight_ih_l{k}")
        W_h = getattr(self, f"weight_hh_l{k}")
        z_x = x @ W_x.T                      # (T, B, 4H): all input projections at once
        if self.bias:
            z_x = z_x + getattr(self, f"bias_ih_l{k}") + getattr(self, f"bias_hh_l{k}")
        hs = []
        # unbind, not z_x[t]: the backward of indexing writes a zero tensor of
        # z_x's full size at every step, which would make BPTT cost O(T²).
        for z_x_t in z_x.unbind(0):
            z = z_x_t + h @ W_h.T
            i = torch.sigmoid(z[:, :H])
            f = torch.sigmoid(z[:, H:2 * H])
            g = torch.tanh(z[:, 2 * H:3 * H])
            o = torch.sigmoid(z[:, 3 * H:])
            c = f * c + i * g
            h = o * torch.tanh(c)
            hs.append(h)
        return torch.stack(hs), h, c

    def forward(self, x, hx=None):
        """
        Parameters
        ----------
        x : (T, B, D), or (B, T, D) if batch_first, or (T, D) unbatched
        hx : optional (h0, c0), each (num_layers, B, H), or (num_layers, H)
            for unbatched input; zeros if omitted

        Returns
        -------
        output : (T, B, H) (or (B, T, H) if batch_first, (T, H) unbatched),
            the last layer's h at every step
        (h_n, c_n) : each (num_layers, B, H), the final states of every layer
        """
        if x.dim() not in (2, 3):
            raise ValueError(f"LSTM: x must have 3 dimensions ((T, B, D), or (B, T, D) "
                             f"with batch_first) or 2 (T, D), got shape {tuple(x.shape)}")
        unbatched = x.dim() == 2
        if unbatched:
            x = x.unsqueeze(1)
        elif self.batch_first:
            x = x.transpose(0, 1)
        T, B, D = x.shape
        if D != self.input_size:
            raise ValueError(f"LSTM: x has {D} features in its last dimension, "
                             f"expected input_size D = {self.input_size}")
        L, H = self.num_layers, self.hidden_size
        if hx is None:
            h0 = c0 = x.new_zeros(L, B, H)
        else:
            h0, c0 = hx
            if unbatched:
                h0, c0 = h0.unsqueeze(1), c0.unsqueeze(1)
            for name, s in (("h0", h0), ("c0", c0)):
                if tuple(s.shape) != (L, B, H):
                    raise ValueError(f"LSTM: {name} has shape {tuple(s.shape)}, expected "
                                     f"(num_layers, B, H) = {(L, B, H)}")
        h_n, c_n = [], []
        for k in range(L):
            x, h, c = self._layer(k, x, h0[k], c0[k])
            h_n.append(h)
            c_n.append(c)
        h_n, c_n = torch.stack(h_n), torch.stack(c_n)
        if unbatched:
            return x.squeeze(1), (h_n.squeeze(1), c_n.squeeze(1))
        if self.batch_first:
            x = x.transpose(0, 1)
        return x, (h_n, c_n)
