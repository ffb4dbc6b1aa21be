"""ex06: loads a fresh copy of torch's module of Python LSTM layers (dropping it from
sys.modules and importing it again, so its classes are new and whatever switched the old ones
off does not touch them) and steps its LSTMCell with the module's own parameters. The kernel
cannot stop Python from executing torch's source again; the screen of the learner's code refuses
sys.modules, so it earns nothing (not-allowed)."""
ASSIGNMENT = "ex06_torch_lstm"
STATUS = "not-allowed"
CELLS = {"LSTM": '''
import sys
sys.modules.pop("torch.ao.nn.quantizable.modules.rnn", None)
import math
import torch
from torch import nn
from torch.ao.nn.quantizable.modules.rnn import LSTMCell as _Cell
from torch.func import functional_call
class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, batch_first=False):
        super().__init__()
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        k = 1 / math.sqrt(hidden_size)
        self.sizes = []
        for l in range(num_layers):
            D = input_size if l == 0 else hidden_size
            self.sizes.append(D)
            for name, shape in ((f"weight_ih_l{l}", (4 * hidden_size, D)),
                                (f"weight_hh_l{l}", (4 * hidden_size, hidden_size)),
                                (f"bias_ih_l{l}", (4 * hidden_size,)),
                                (f"bias_hh_l{l}", (4 * hidden_size,))):
                self.register_parameter(name, nn.Parameter(torch.empty(shape).uniform_(-k, k)))
    def forward(self, x, hx=None):
        if self.batch_first:
            x = x.transpose(0, 1)
        T, B = x.shape[0], x.shape[1]
        if hx is None:
            z = x.new_zeros(self.num_layers, B, self.hidden_size)
            hx = (z, z)
        hs, cs = [], []
        for l in range(self.num_layers):
            cell = _Cell(self.sizes[l], self.hidden_size, device=x.device, dtype=x.dtype)
            p = {"igates.weight": self.get_parameter(f"weight_ih_l{l}"),
                 "igates.bias": self.get_parameter(f"bias_ih_l{l}"),
                 "hgates.weight": self.get_parameter(f"weight_hh_l{l}"),
                 "hgates.bias": self.get_parameter(f"bias_hh_l{l}")}
            h, c = hx[0][l], hx[1][l]
            outs = []
            for t in range(T):
                h, c = functional_call(cell, p, (x[t], (h, c)))
                outs.append(h)
            x = torch.stack(outs)
            hs.append(h); cs.append(c)
        out = x.transpose(0, 1) if self.batch_first else x
        return out, (torch.stack(hs), torch.stack(cs))
'''}
