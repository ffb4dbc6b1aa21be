"""A correct solution that lets torch.nn.RNN do the work (allowed), computing in the
inputs' dtype, started in a worker thread as a learner might do to keep a progress bar alive:
full marks."""
FULL_MARKS = True
CELLS = {
    "rnn_step": '''
import numpy as np, torch, threading

def _torch_rnn(x, h0, W_x, W_h, b):
    dtype = torch.float64 if x.dtype == np.float64 else torch.float32
    layer = torch.nn.RNN(W_x.shape[1], W_x.shape[0]).to(dtype)
    with torch.no_grad():
        layer.weight_ih_l0.copy_(torch.from_numpy(W_x))
        layer.weight_hh_l0.copy_(torch.from_numpy(W_h))
        layer.bias_ih_l0.copy_(torch.from_numpy(b))
        layer.bias_hh_l0.zero_()
        hs, _ = layer(torch.from_numpy(x), torch.from_numpy(h0)[None])
    return hs.numpy().astype(x.dtype)

def _in_thread(fn, *args):
    out = []
    t = threading.Thread(target=lambda: out.append(fn(*args)))
    t.start()
    t.join()
    return out[0]

def rnn_step(x, h_prev, W_x, W_h, b):
    h = _in_thread(_torch_rnn, x[None], h_prev, W_x, W_h, b)[0]
    return h, (x, h_prev, W_x, W_h, h)
''',
    "rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    hs = _in_thread(_torch_rnn, x, h0, W_x, W_h, b)
    return hs, (x, h0, W_x, W_h, hs)
''',
}
