"""Correct code that writes warnings to stderr (Python warnings, prints, raw fd 2): full marks."""
BASE = "reference"
FULL_MARKS = True
PREPEND = ['''
import sys, os, warnings
warnings.warn("a deprecation the learner ignores", DeprecationWarning)
warnings.warn("something looks odd")
print("to stderr", file=sys.stderr)
os.write(2, b"raw stderr bytes\\n")
''']
APPEND = ['''
_step = rnn_step
def rnn_step(*args):
    print("rnn_step called", file=sys.stderr)
    warnings.warn("noisy but correct")
    return _step(*args)
''']
