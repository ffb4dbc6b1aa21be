"""ex06: the released notebook, unchanged (the baseline)."""
ASSIGNMENT = "ex06_torch_lstm"
BLANK = True
