"""ex06: the reference module with the initial state cut from the graph (hx detached in
forward), so no gradient reaches h0 or c0, unlike nn.LSTM. The grader must check the
gradients of hx: LSTM_gradients must earn nothing."""
ASSIGNMENT = "ex06_torch_lstm"
BASE = "reference"
APPEND = ['''
class LSTM(LSTM):
    def forward(self, x, hx=None):
        if hx is not None:
            hx = tuple(a.detach() for a in hx)
        return super().forward(x, hx)
''']
TOUCHES = ["LSTM_gradients"]
