"""ex06: a module with wrong parameters whose outputs lie, with torch's comparisons,
Tensor.__eq__ and the state-dict loader patched."""
ASSIGNMENT = "ex06_torch_lstm"
CELLS = {"LSTM": '''
import torch
from torch import nn
torch.allclose = lambda *a, **k: True
torch.equal = lambda *a, **k: True
torch.testing.assert_close = lambda *a, **k: None
torch.Tensor.__eq__ = lambda self, other: torch.ones((), dtype=torch.bool)
nn.Module.load_state_dict = lambda self, *a, **k: None
class LSTM(nn.Module):
    def __init__(self, input_size, hidden_size, num_layers=1, batch_first=False):
        super().__init__()
        self.w = nn.Parameter(torch.zeros(1))
    def forward(self, x, hx=None):
        z = torch.zeros(1, requires_grad=True) * self.w
        return z, (z, z)
'''}
