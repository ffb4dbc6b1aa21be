"""ex06: tries to undo whatever switched torch's recurrent kernels off before it ran: destroys
every torch.library registration it can find through the garbage collector, puts back the
nn.Module forward methods it finds there, then runs nn.LSTM's forward on its own parameters
through a plain-named call (torch.ops.aten.lstm). The kernels must stay unavailable: the module
raises where the hidden tests run it and earns nothing."""
ASSIGNMENT = "ex06_torch_lstm"
PREPEND = ['''
import gc
for _obj in gc.get_objects():
    if type(_obj).__name__ == "Library":
        try:
            _obj._destroy()
        except Exception:
            pass
''']
CELLS = {"LSTM": '''
import math
import torch
from torch import nn
class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, batch_first=False):
        super().__init__()
        self.hidden_size, self.num_layers, self.batch_first = hidden_size, num_layers, batch_first
        k = 1 / math.sqrt(hidden_size)
        for l in range(num_layers):
            D = input_size if l == 0 else hidden_size
            for name, shape in ((f"weight_ih_l{l}", (4 * hidden_size, D)),
                                (f"weight_hh_l{l}", (4 * hidden_size, hidden_size)),
                                (f"bias_ih_l{l}", (4 * hidden_size,)),
                                (f"bias_hh_l{l}", (4 * hidden_size,))):
                self.register_parameter(name, nn.Parameter(torch.empty(shape).uniform_(-k, k)))
    def forward(self, x, hx=None):
        B = x.shape[0] if self.batch_first else x.shape[1]
        if hx is None:
            z = x.new_zeros(self.num_layers, B, self.hidden_size)
            hx = (z, z)
        flat = [p for l in range(self.num_layers) for p in (
            self.get_parameter(f"weight_ih_l{l}"), self.get_parameter(f"weight_hh_l{l}"),
            self.get_parameter(f"bias_ih_l{l}"), self.get_parameter(f"bias_hh_l{l}"))]
        out, h, c = torch.ops.aten.lstm.input(x, list(hx), flat, True, self.num_layers, 0.0,
                                              self.training, False, self.batch_first)
        return out, (h, c)
'''}
