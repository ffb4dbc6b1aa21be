"""ex06: loads a fresh copy of torch's module of Python LSTM layers (dropping it from
sys.modules and importing it again, so its classes are new and whatever switched the old ones
off does not touch them) and steps its LSTMCell with the module's own parameters. The kernel
cannot stop Python from executing torch's source again; the screen of the learner's code refuses
sys.modules, so it earns nothing (not-allowed)."""
from autograder_corpus import case

ASSIGNMENT = "ex06_torch_lstm"
STATUS = "not-allowed"
_quantizable = case("ex06_quantizable_cell")
CELLS = {"LSTM": 'import sys\nsys.modules.pop("torch.ao.nn.quantizable.modules.rnn", None)\n'
                 + _quantizable.CELLS["LSTM"].replace("from torch.ao.nn.quantizable import",
                                                      "from torch.ao.nn.quantizable.modules.rnn import")}
