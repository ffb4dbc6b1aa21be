"""ex03: the released notebook, unchanged (the baseline)."""
ASSIGNMENT = "ex03_lstm_forward"
BLANK = True
