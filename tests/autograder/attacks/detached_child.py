"""A detached child process (new session, double fork) that outlives the cell."""
PREPEND = ['''
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
