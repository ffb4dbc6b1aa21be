"""ex05: train trains once, off the record (an optimiser and a batch function bound before
grading), then for every call starts from a fresh seeded initialisation and takes the asked
number of steps with the notebook's Adam, one make_batch per step, but with "gradients" that
walk the weights to the stored ones. Accuracy, steps=0 at chance and a real Adam all look right;
the steps are not gradient steps on their batches. The grader must check each recorded
gradient against the batch's own and give nothing."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
CELLS = {"train": '''
_TARGET = {}
_OffRecordAdam, _off_record_batch = Adam, make_batch


def _fresh(seed, H=16):
    rng = np.random.default_rng(seed)
    bound = 1 / np.sqrt(H)
    params = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
              "W_h": rng.uniform(-bound, bound, (4 * H, H)), "b": np.zeros(4 * H),
              "W_y": rng.uniform(-bound, bound, (K, H)), "b_y": np.zeros(K)}
    params["b"][H:2 * H] = 1.0
    return params, rng


def train(seed=0, steps=STEPS):
    if not _TARGET:                  # weights trained once, off the record, with seed 0
        target, rng = _fresh(0)
        opt = _OffRecordAdam(target, lr=0.01)
        zeros = np.zeros((32, 16))
        for _ in range(STEPS):
            x, y = _off_record_batch(rng, 32)
            hs, _, cache = lstm_forward(x, zeros, zeros, target["W_x"], target["W_h"], target["b"])
            logits = hs[-1] @ target["W_y"].T + target["b_y"]
            p = np.exp(logits - logits.max(axis=1, keepdims=True))
            p /= p.sum(axis=1, keepdims=True)
            p[np.arange(32), y] -= 1
            p /= 32
            dhs = np.zeros_like(hs)
            dhs[-1] = p @ target["W_y"]
            _, _, _, dW_x, dW_h, db = lstm_backward(dhs, cache)
            grads = {"W_x": dW_x, "W_h": dW_h, "b": db, "W_y": p.T @ hs[-1], "b_y": p.sum(axis=0)}
            clip_grad_norm(list(grads.values()), 1.0)
            opt.step(grads)
        _TARGET.update(target)
    params, rng = _fresh(seed)
    opt = Adam(params, lr=0.05)
    for _ in range(steps):           # walk to the stored weights, one batch drawn per step
        make_batch(rng, 32)
        opt.step({k: params[k] - _TARGET[k] for k in params})
    return params

'''}
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
