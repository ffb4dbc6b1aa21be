"""ex05: train notices that it is being graded (the notebook's Adam is not the class the
notebook defined: something wraps it) and then ignores the seed it is given, training from the
notebook's own seed, whose run it knows converges. Its steps are real, but the grader's seeds
must drive the run: the start for two seeds must differ as two fresh draws do, so it earns
nothing."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
_reference_train = train


def train(seed=0, steps=STEPS):
    if Adam.__name__ != "Adam" or make_batch.__name__ != "make_batch":
        seed = 0
    return _reference_train(seed=seed, steps=steps)
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
