"""ex05: train builds its optimiser from a name bound to Adam when the cell ran, so the call
escapes anything that watches the notebook's Adam at grading time (the training itself is real).
The declared dependency (train uses the learner's Adam, through the notebook's name) must be
enforced: the training points go only to a train whose Adam steps the grader saw and replayed."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
CELLS = {"train": '''
_Optimiser = Adam


def train(seed=0, steps=STEPS):
    H, B = 16, 32
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(H)
    params = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
              "W_h": rng.uniform(-bound, bound, (4 * H, H)), "b": np.zeros(4 * H),
              "W_y": rng.uniform(-bound, bound, (K, H)), "b_y": np.zeros(K)}
    params["b"][H:2 * H] = 1.0
    opt = _Optimiser(params, lr=0.01)
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
'''}
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
