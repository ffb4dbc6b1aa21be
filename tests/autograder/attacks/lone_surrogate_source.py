"""A learner cell whose source holds a lone UTF-16 surrogate (written "\\ud800" in the
notebook's JSON, which is valid JSON): nothing needs to run; the cell's text is copied into the
feedback page, which must still be written."""
APPEND = ['x = 1  # \ud800']
