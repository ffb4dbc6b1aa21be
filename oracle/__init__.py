"""The one oracle layer every test of the course uses.

- ``oracle.torch_layers``: torch's own ``nn.RNN``, ``nn.LSTM``, ``nn.GRU``
  holding the course's NumPy weights; their outputs and autograd gradients.
- ``oracle.problems``: the random problems and the fixed examples.
- ``oracle.checks``: the checks and their learner-facing messages.
- ``oracle.computed``: the hidden tests' check that outputs are computed
  from the inputs as the definition does (the shape points).
- ``oracle.mistakes``: the catalogue of known mistakes, each one's message
  and wrong output.

The visible tests (the notebooks include ``torch_layers.py``, ``problems.py``
and ``checks.py`` through the assembler's ``:include:``), the hidden tests,
the unit tests, the expected-value tool and the chapters all use these
modules, so they compare with the same oracle. An included module imports
only NumPy and torch, so that a notebook can hold it. Nothing here is a
reference answer: the right values of a graded function come from torch.
"""
