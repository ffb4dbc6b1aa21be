"""ex05: train draws, besides the reference loop's batches of 32, one batch of 5,000 sequences
(the grader checks every batch it saw, and would recompute gradients on it). The hidden test
must refuse batches over its bound before checking any gradient, with a message."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
_reference_train = train


def train(seed=0, steps=STEPS):
    make_batch(np.random.default_rng(seed), 5000)
    return _reference_train(seed=seed, steps=steps)
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
