"""A fork bomb, then a detached child that outlives the cell."""
PREPEND = ['''
import os
try:
    while True:
        os.fork()
except OSError as exc:
    print("fork failed", exc)
''', '''
import subprocess, os
p = subprocess.Popen(["/bin/sh", "-c", "sleep 987"], start_new_session=True)
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        import time
        time.sleep(987)
    os._exit(0)
print("probe-ran", p.pid)
''']
MUST_PRINT = ["probe-ran"]
