"""ex05: train trains once, off the record (the reference loop rebuilt on an optimiser and a
batch function bound before grading), then for every call starts from a fresh seeded
initialisation and takes the asked number of steps with the notebook's Adam, one make_batch per
step, but with "gradients" that walk the weights to the stored ones. Accuracy, steps=0 at chance
and a real Adam all look right; the steps are not gradient steps on their batches. The grader
must check each recorded gradient against the batch's own and give nothing."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
import types
_off_record = types.FunctionType(train.__code__, dict(globals(), Adam=Adam, make_batch=make_batch),
                                 "train", train.__defaults__)
_TARGET = {}


def train(seed=0, steps=STEPS):
    if not _TARGET:
        _TARGET.update(_off_record(seed=0))
    params = _off_record(seed=seed, steps=0)       # a fresh, seeded initialisation
    rng = np.random.default_rng(seed)
    opt = Adam(params, lr=0.05)
    for _ in range(steps):
        make_batch(rng, 32)
        opt.step({k: params[k] - _TARGET[k] for k in params})
    return params
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
