"""ex04 (forward correct): the backward functions hash the cache and the upstream gradients
into a pre-activation gradient dz = sin(37 (dh ⊙ gates) + 11 (dc + c_prev)) (dh, dc and c_prev
repeated over the four blocks) and return the products the definition takes of it (dz W_x, dz W_h,
dzᵀ x, dzᵀ h_prev, the sum of dz over examples), with a hashed dc_prev: every output changes when
any one input alone changes and row k follows example k, yet nothing is a gradient. The shapes
tests must not give their points to it: the outputs do not follow the right gradients."""
ASSIGNMENT = "ex04_lstm_backward"
BASE = "reference"
CELLS = {
    "lstm_step_backward": '''
import numpy as np
def lstm_step_backward(dh, dc, cache):
    x, h_prev, c_prev, W_x, W_h, gates, tanh_c = cache
    H = h_prev.shape[1]
    dc = np.zeros_like(dh) if dc is None else dc
    dz = np.sin(37 * np.tile(dh, 4) * gates + 11 * np.tile(dc + c_prev, 4))
    dc_prev = np.sin(13 * dc * gates[:, H:2 * H] + 7 * dh * tanh_c)
    return dz @ W_x, dz @ W_h, dc_prev, dz.T @ x, dz.T @ h_prev, dz.sum(axis=0)
''',
    "lstm_backward": '''
import numpy as np
def lstm_backward(dhs, cache, dc_last=None):
    hs, steps = cache
    dh_next = np.zeros_like(dhs[0])
    dc_next = np.zeros_like(dhs[0]) if dc_last is None else dc_last
    dxs, dW_x, dW_h, db = [], 0, 0, 0
    for t in reversed(range(len(steps))):
        dx_t, dh_next, dc_next, dW_x_t, dW_h_t, db_t = lstm_step_backward(
            dhs[t] + dh_next, dc_next, steps[t])
        dxs.append(dx_t)
        dW_x, dW_h, db = dW_x + dW_x_t, dW_h + dW_h_t, db + db_t
    return np.stack(dxs[::-1]), dh_next, dc_next, dW_x, dW_h, db
''',
}
EXPECT_POINTS = {"lstm_step_backward_shapes": 0, "lstm_backward_shapes": 0}
TOUCHES = ["lstm_step_backward_shapes", "lstm_backward_shapes"]
