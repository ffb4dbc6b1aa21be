"""ex06: no LSTM written at all: `class LSTM(nn.LSTM)`, which the exercise forbids ("built
only from tensor operations ... no nn.LSTM, nn.LSTMCell or torch._VF"). The grader must not
give the marks of a hand-written module to torch's own LSTM."""
ASSIGNMENT = "ex06_torch_lstm"
CELLS = {"LSTM": '''
import torch
from torch import nn
class LSTM(nn.LSTM):
    def __init__(self, input_size, hidden_size, num_layers=1, batch_first=False):
        super().__init__(input_size, hidden_size, num_layers=num_layers, batch_first=batch_first)
'''}
