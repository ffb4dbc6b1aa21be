"""ex05: train trains for real with the notebook's seed (so the visible test passes) and for
any other seed returns a model with H = 600 hidden units (11 MB of weights, small enough to
cross the pipe): evaluating it on 2,000 sequences would cost the grader gigabytes and minutes.
The hidden test must refuse the size before any computation, with a message."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
_reference_train = train


def train(seed=0, steps=STEPS):
    if seed == 0:
        return _reference_train(seed=seed, steps=steps)
    H = 600
    rng = np.random.default_rng(seed)
    params = {"W_x": rng.standard_normal((4 * H, K)), "W_h": rng.standard_normal((4 * H, H)),
              "b": np.zeros(4 * H), "W_y": rng.standard_normal((K, H)), "b_y": np.zeros(K)}
    Adam(params, lr=0.01)
    return params
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
