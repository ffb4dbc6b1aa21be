"""ex06: the reference nn.Module: full marks."""
ASSIGNMENT = "ex06_torch_lstm"
BASE = "reference"
FULL_MARKS = True
