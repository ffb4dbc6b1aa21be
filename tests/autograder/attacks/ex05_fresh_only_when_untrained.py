"""ex05: ex05_pretrained_features's train (stored weights, an empty read-out, then real Adam
steps), except when it is asked for no steps at all: then it returns a real fresh random
initialisation, so the check of train(steps=0) sees an honest start. The check that training
starts fresh must compare two runs train cannot tell apart from the graded one (same number of
steps, another seed): their starts share every hidden unit, so it earns nothing."""
from autograder_corpus import case

ASSIGNMENT = "ex05_training"
BASE = "reference"
_pretrained = case("ex05_pretrained_features")
APPEND = _pretrained.APPEND + ['''
_stored_start, _long_train, _asked = _start, train, [0]


def train(seed=0, steps=STEPS):
    _asked[0] = steps
    return _long_train(seed=seed, steps=steps)


def _start(rng):
    if _asked[0]:
        return _stored_start(rng)
    H = _STORED["W_h"].shape[1]
    bound = 1 / np.sqrt(H)
    fresh = {"W_x": 4 * rng.uniform(-bound, bound, (4 * H, K)),
             "W_h": rng.uniform(-bound, bound, (4 * H, H)), "b": np.zeros(4 * H),
             "W_y": rng.uniform(-bound, bound, (K, H)), "b_y": np.zeros(K)}
    fresh["b"][H:2 * H] = 1.0
    return fresh
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
