"""ex04: the reference solution: full marks."""
ASSIGNMENT = "ex04_lstm_backward"
BASE = "reference"
FULL_MARKS = True
