"""ex05: trains once off the record when the notebook runs (the reference loop bound to the
notebook's Adam and make_batch before grading) and keeps the LSTM's weights. Every later call
starts from those stored weights plus a little seeded noise and an empty read-out, so it starts at
chance (a bias picks class 0 for every sequence) and differs with the seed, then takes real Adam steps with real
gradients on make_batch's batches: only the read-out has anything left to learn. The training
points must go to training from a fresh random initialisation: the starting weights of two
seeds must be unrelated, and these are the same weights twice."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
import types
_off_record = types.FunctionType(train.__code__, dict(globals(), Adam=Adam, make_batch=make_batch),
                                 "train", train.__defaults__)
_STORED = _off_record(seed=0)


def _start(rng):
    return {k: v + 1e-3 * rng.standard_normal(v.shape) for k, v in _STORED.items()}


def train(seed=0, steps=STEPS):
    rng = np.random.default_rng(seed)
    params = _start(rng)
    params["W_y"] = 1e-4 * rng.standard_normal(params["W_y"].shape)
    params["b_y"] = np.eye(len(params["b_y"]))[0]        # class 0 for every sequence: chance
    H, B = params["W_h"].shape[1], 32
    opt = Adam(params, lr=0.01)
    zeros = np.zeros((B, H))
    for _ in range(steps):
        x, y = make_batch(rng, B)
        hs, _, cache = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
        p = np.exp(hs[-1] @ params["W_y"].T + params["b_y"])
        p /= p.sum(axis=1, keepdims=True)
        p[np.arange(B), y] -= 1
        p /= B
        dhs = np.zeros_like(hs)
        dhs[-1] = p @ params["W_y"]
        _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
        opt.step({"W_x": dW_x, "W_h": dW_h, "b": db, "W_y": p.T @ hs[-1], "b_y": p.sum(axis=0)})
    return params
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
