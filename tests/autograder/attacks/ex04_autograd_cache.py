"""ex04: a correct solution by other means: the forward keeps torch tensors (with their
autograd graph) in the opaque cache and the backward calls torch.autograd.grad on them.
Using torch to compute the right values is allowed: full marks."""
ASSIGNMENT = "ex04_lstm_backward"
FULL_MARKS = True
_STEP = '''
import numpy as np, torch
def _t_step(x, h, c, W_x, W_h, b):
    H = h.shape[1]
    z = x @ W_x.T + h @ W_h.T + b
    i, f, g, o = torch.sigmoid(z[:, :H]), torch.sigmoid(z[:, H:2*H]), torch.tanh(z[:, 2*H:3*H]), torch.sigmoid(z[:, 3*H:])
    c = f * c + i * g
    return o * torch.tanh(c), c
def _leaves(*arrays):
    return [torch.tensor(a, requires_grad=True) for a in arrays]
def _grads(outputs, upstream, leaves):
    pairs = [(o, torch.as_tensor(u)) for o, u in zip(outputs, upstream) if u is not None]
    g = torch.autograd.grad([o for o, _ in pairs], leaves, [u for _, u in pairs], allow_unused=True,
                            retain_graph=True)
    return tuple(np.zeros(l.shape) if a is None else a.numpy() for a, l in zip(g, leaves))
'''
CELLS = {
    "lstm_step": _STEP + '''
def lstm_step(x, h_prev, c_prev, W_x, W_h, b):
    leaves = _leaves(x, h_prev, c_prev, W_x, W_h, b)
    h, c = _t_step(*leaves)
    return h.detach().numpy().copy(), c.detach().numpy().copy(), (leaves, h, c)
''',
    "lstm_forward": '''
def lstm_forward(x, h0, c0, W_x, W_h, b):
    leaves = _leaves(x, h0, c0, W_x, W_h, b)
    h, c, hs, cs = leaves[1], leaves[2], [], []
    for t in range(x.shape[0]):
        h, c = _t_step(leaves[0][t], h, c, *leaves[3:])
        hs.append(h); cs.append(c)
    hs, cs = torch.stack(hs), torch.stack(cs)
    return hs.detach().numpy().copy(), cs.detach().numpy().copy(), (leaves, hs, cs)
''',
    "lstm_step_backward": '''
def lstm_step_backward(dh, dc, cache):
    leaves, h, c = cache
    return _grads((h, c), (dh, dc), leaves)
''',
    "lstm_backward": '''
def lstm_backward(dhs, cache, dc_last=None):
    leaves, hs, cs = cache
    return _grads((hs, cs[-1]), (dhs, dc_last), leaves)
''',
}
