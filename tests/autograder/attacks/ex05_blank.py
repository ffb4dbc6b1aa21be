"""ex05: the released notebook, unchanged (the baseline)."""
ASSIGNMENT = "ex05_training"
BLANK = True
