"""ex06: a hand-written LSTM that computes in float32 whatever its dtype and casts the
results back (a systematic loss of precision). The float64 tests (relative tolerance 1e-10)
must catch it: no more than the blank notebook on forward/layers/gradients/device_dtype."""
ASSIGNMENT = "ex06_torch_lstm"
BASE = "reference"
APPEND = ['''
_Reference = LSTM
class LSTM(_Reference):
    def forward(self, x, hx=None):
        dtype = x.dtype
        params = {n: p.data for n, p in self.named_parameters()}
        for n, p in self.named_parameters():
            p.data = p.data.float()
        try:
            hx32 = None if hx is None else tuple(a.float() for a in hx)
            out, (h, c) = super().forward(x.float(), hx32)
        finally:
            for n, p in self.named_parameters():
                p.data = params[n]
        return out.to(dtype), (h.to(dtype), c.to(dtype))
''']
TOUCHES = ["LSTM_forward", "LSTM_layers_batch_first", "LSTM_gradients", "LSTM_device_dtype"]
