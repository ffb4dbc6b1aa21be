"""ex04: the released notebook, unchanged (the baseline)."""
ASSIGNMENT = "ex04_lstm_backward"
BLANK = True
