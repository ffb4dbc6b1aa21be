"""ex06: parameters declared by hand with the right names and shapes, but forward calls
torch's fused kernel (torch.lstm, reached through getattr so the name does not appear; both the
run-time check of torch's recurrent functions and the screen of the learner's code catch it), which
the exercise forbids. The grader must not give the marks of a hand-written module to it."""
ASSIGNMENT = "ex06_torch_lstm"
CELLS = {"LSTM": '''
import math
import torch
from torch import nn
_kernel = getattr(torch, "l" + "stm")
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
                setattr(self, name, nn.Parameter(torch.empty(shape).uniform_(-k, k)))
    def forward(self, x, hx=None):
        B = x.shape[0] if self.batch_first else x.shape[1]
        if hx is None:
            z = x.new_zeros(self.num_layers, B, self.hidden_size)
            hx = (z, z)
        flat = [getattr(self, f"{kind}_l{l}") for l in range(self.num_layers)
                for kind in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
        out, h, c = _kernel(x, hx, flat, True, self.num_layers, 0.0, self.training, False,
                            self.batch_first)
        return out, (h, c)
'''}
