"""ex05: like ex05_pretrained_features, training starts from weights trained off the record
when the notebook ran, but each seed first shuffles the hidden units (the same network, its
units in another order: every gate's rows of W_x, W_h and b, W_h's columns and W_y's) and
flips the sign of each unit's candidate rows at random (tanh is odd: the cell state and h of
that unit change sign, and W_h's and W_y's columns follow), so the two seeds' starting weights
are not correlated entry by entry. Real Adam steps with real gradients follow, from an empty
read-out. The training points must go to training from a fresh initialisation: each hidden unit
of one seed's start has a twin in the other's, so it earns nothing."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
import types
_off_record = types.FunctionType(train.__code__, dict(globals(), Adam=Adam, make_batch=make_batch),
                                 "train", train.__defaults__)
_STORED = _off_record(seed=0)


def _shuffled(params, rng):
    H = params["W_h"].shape[1]
    order = rng.permutation(H)
    sign = rng.choice([-1.0, 1.0], size=H)
    rows = np.concatenate([g * H + order for g in range(4)])
    W_x, W_h, b = params["W_x"][rows].copy(), params["W_h"][rows][:, order] * sign, params["b"][rows].copy()
    W_x[2 * H:3 * H] *= sign[:, None]
    W_h[2 * H:3 * H] *= sign[:, None]
    b[2 * H:3 * H] *= sign
    return {"W_x": W_x, "W_h": W_h, "b": b, "W_y": params["W_y"][:, order] * sign,
            "b_y": params["b_y"].copy()}


def train(seed=0, steps=STEPS):
    rng = np.random.default_rng(seed)
    params = _shuffled(_STORED, rng)
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
