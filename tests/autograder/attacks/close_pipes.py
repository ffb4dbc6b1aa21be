"""Close every inherited file descriptor, then hang."""
PREPEND = ['''
import os, time
for fd in range(3, 64):
    try:
        os.close(fd)
    except OSError:
        pass
time.sleep(600)
''']
STATUS = "timeout"   # the pipes stay open in the jail's parent, so the grader sees a hang
