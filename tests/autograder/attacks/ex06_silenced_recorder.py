"""ex06: forward calls torch's fused kernel by its plain name (torch.lstm), and a cell first
finds the grader's driver module through the garbage collector and replaces its recorder of
torch's recurrent calls with one that records nothing: the learner's process then reports a
clean run. Nothing the learner's process reports may decide the verdict: the kernels must be
unavailable to it, so the module raises where the hidden tests run it."""
ASSIGNMENT = "ex06_torch_lstm"
PREPEND = ['''
import gc, types
class _Blind:
    rnn = set()
    def __enter__(self):
        return self
    def __exit__(self, *exc):
        return False
for _m in gc.get_objects():
    if isinstance(_m, types.ModuleType) and _m.__name__ == "drivers":
        _m._rnn_call_recorder = _Blind
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
        out, h, c = torch.lstm(x, hx, flat, True, self.num_layers, 0.0, self.training, False,
                               self.batch_first)
        return out, (h, c)
'''}
