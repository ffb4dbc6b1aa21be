"""ex05: train returns weights trained once and kept (in a file next to the notebook, written by
the notebook itself on a first run) whenever it is asked for many steps, and a fresh seeded
initialisation when asked for few, so steps=0 is at chance and the accuracy is high; no Adam
step is taken during the graded call. The grader must give nothing to it."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
CELLS = {"train": '''
import os
_REAL_TRAIN_SOURCE = None


def _fresh(seed, H=16):
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(H)
    params = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
              "W_h": rng.uniform(-bound, bound, (4 * H, H)), "b": np.zeros(4 * H),
              "W_y": rng.uniform(-bound, bound, (K, H)), "b_y": np.zeros(K)}
    params["b"][H:2 * H] = 1.0
    return params, rng


def _train_for_real(seed, steps, optimiser, draw):
    params, rng = _fresh(seed)
    opt = optimiser(params, lr=0.01)
    zeros = np.zeros((32, 16))
    for _ in range(steps):
        x, y = draw(rng, 32)
        hs, _, cache = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
        logits = hs[-1] @ params["W_y"].T + params["b_y"]
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(32), y] -= 1
        p /= 32
        dhs = np.zeros_like(hs)
        dhs[-1] = p @ params["W_y"]
        _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
        grads = {"W_x": dW_x, "W_h": dW_h, "b": db, "W_y": p.T @ hs[-1], "b_y": p.sum(axis=0)}
        clip_grad_norm(list(grads.values()), 1.0)
        opt.step(grads)
    return params


if not os.path.exists("canned.npz"):
    np.savez("canned.npz", **_train_for_real(0, STEPS, Adam, make_batch))


def train(seed=0, steps=STEPS):
    if steps < 50:
        return _fresh(seed)[0]
    return dict(np.load("canned.npz"))
'''}
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
