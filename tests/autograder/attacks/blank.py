"""The released notebook, unchanged: the baseline every attack is compared with."""
BLANK = True
