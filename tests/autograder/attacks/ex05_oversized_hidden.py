"""ex05: train trains for real with the notebook's seed (so the visible test passes) and for
any other seed returns a model with H = 600 hidden units (11 MB of weights, small enough to
cross the pipe): evaluating it on 2,000 sequences would cost the grader gigabytes and minutes.
The hidden test must refuse the size before any computation, with a message."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
CELLS = {"train": '''
def _train(seed=0, steps=STEPS):
    H, B = 16, 32
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(H)
    params = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
              "W_h": rng.uniform(-bound, bound, (4 * H, H)), "b": np.zeros(4 * H),
              "W_y": rng.uniform(-bound, bound, (K, H)), "b_y": np.zeros(K)}
    params["b"][H:2 * H] = 1.0
    opt = Adam(params, lr=0.01)
    zeros = np.zeros((B, H))
    for _ in range(steps):
        x, y = make_batch(rng, B)
        hs, _, cache = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
        logits = hs[-1] @ params["W_y"].T + params["b_y"]
        p = np.exp(logits - logits.max(axis=1, keepdims=True))
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(B), y] -= 1
        p /= B
        dhs = np.zeros_like(hs)
        dhs[-1] = p @ params["W_y"]
        _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
        grads = {"W_x": dW_x, "W_h": dW_h, "b": db, "W_y": p.T @ hs[-1], "b_y": p.sum(axis=0)}
        clip_grad_norm(list(grads.values()), 1.0)
        opt.step(grads)
    return params


def train(seed=0, steps=STEPS):
    if seed == 0:
        return _train(seed, steps)
    H = 600
    rng = np.random.default_rng(seed)
    params = {"W_x": rng.standard_normal((4 * H, K)), "W_h": rng.standard_normal((4 * H, H)),
              "b": np.zeros(4 * H), "W_y": rng.standard_normal((K, H)), "b_y": np.zeros(K)}
    Adam(params, lr=0.01)
    return params
'''}
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
