"""ex05: train returns weights trained once and kept (in a file next to the notebook, written by
the notebook itself when it runs) whenever it is asked for many steps, and a fresh seeded
initialisation when asked for few, so steps=0 is at chance and the accuracy is high; no Adam
step is taken during the graded call. The grader must give nothing to it."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
import os
_reference_train = train
if not os.path.exists("canned.npz"):
    np.savez("canned.npz", **_reference_train(seed=0))


def train(seed=0, steps=STEPS):
    if steps < 50:
        return _reference_train(seed=seed, steps=0)
    return dict(np.load("canned.npz"))
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
