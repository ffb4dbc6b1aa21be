"""ex06: the reference module run with torch.tanh patched to cut its gradient (tanh(t).detach()
+ 0·t): right outputs, wrong gradients, every parameter still receives a (zero-valued or
partial) gradient. LSTM_gradients must earn nothing."""
ASSIGNMENT = "ex06_torch_lstm"
BASE = "reference"
APPEND = ['''
_orig_tanh = torch.tanh
class LSTM(LSTM):
    def forward(self, x, hx=None):
        torch.tanh = lambda t: _orig_tanh(t).detach() + 0 * t
        try:
            return super().forward(x, hx)
        finally:
            torch.tanh = _orig_tanh
''']
TOUCHES = ["LSTM_gradients"]
