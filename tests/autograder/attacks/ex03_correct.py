"""ex03: the reference solution: full marks."""
ASSIGNMENT = "ex03_lstm_forward"
BASE = "reference"
FULL_MARKS = True
