"""100 MB of output through print, sys.stderr and the raw file descriptors."""
PREPEND = ['''
import sys, os
print("probe-ran")
chunk = "x" * (1 << 20)
for _ in range(50):
    print(chunk)
    sys.stderr.write(chunk)
for fd in (1, 2):
    try:
        for _ in range(8):
            os.write(fd, b"y" * (1 << 20))
    except OSError:
        pass
''']
MUST_PRINT = ["probe-ran"]
