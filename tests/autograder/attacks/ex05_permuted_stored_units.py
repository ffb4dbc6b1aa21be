"""ex05: ex05_pretrained_features's train, whose training starts from weights trained off the record
when the notebook ran, but each seed first shuffles the hidden units (the same network, its
units in another order: every gate's rows of W_x, W_h and b, W_h's columns and W_y's) and
flips the sign of each unit's candidate rows at random (tanh is odd: the cell state and h of
that unit change sign, and W_h's and W_y's columns follow), so the two seeds' starting weights
are not correlated entry by entry. Real Adam steps with real gradients follow, from an empty
read-out. The training points must go to training from a fresh initialisation: each hidden unit
of one seed's start has a twin in the other's, so it earns nothing."""
from autograder_corpus import case

ASSIGNMENT = "ex05_training"
BASE = "reference"

_pretrained = case("ex05_pretrained_features")
APPEND = _pretrained.APPEND + ['''
def _start(rng):
    H = _STORED["W_h"].shape[1]
    order = rng.permutation(H)
    sign = rng.choice([-1.0, 1.0], size=H)
    rows = np.concatenate([g * H + order for g in range(4)])
    W_x = _STORED["W_x"][rows].copy()
    W_h = _STORED["W_h"][rows][:, order] * sign
    b = _STORED["b"][rows].copy()
    W_x[2 * H:3 * H] *= sign[:, None]
    W_h[2 * H:3 * H] *= sign[:, None]
    b[2 * H:3 * H] *= sign
    return {"W_x": W_x, "W_h": W_h, "b": b, "W_y": _STORED["W_y"][:, order] * sign,
            "b_y": _STORED["b_y"].copy()}
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
