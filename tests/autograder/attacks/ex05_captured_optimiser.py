"""ex05: train is the reference loop, rebuilt to look up its optimiser and batch function in a
namespace bound when the cell ran, so its calls escape anything that watches the notebook's Adam
and make_batch at grading time (the training itself is real). The declared dependency (train
uses the learner's Adam, through the notebook's name) must be enforced: the training points go
only to a train whose Adam steps the grader saw and replayed."""
ASSIGNMENT = "ex05_training"
BASE = "reference"
APPEND = ['''
import types
train = types.FunctionType(train.__code__, dict(globals(), Adam=Adam, make_batch=make_batch),
                           "train", train.__defaults__)
''']
EXPECT_POINTS = {"train_accuracy": 0}
TOUCHES = ["train_accuracy"]
