"""Kill the kernel just before the notebook's time limit, so that the grader restarts it with
only a second or two left, with many empty files in the submission to make start-up slow. A
start that runs out of the learner's time is the learner's timeout, not a grader error; the
submission is recorded and the batch exits with status 0. The kernel reads the grader's clock
from the staged files' modification times (the grader sets them to 0) and aims at the corpus's
--notebook-timeout of 100 s."""
NOTEBOOK_TIMEOUT = 100
FILES = {f"pad{i:06d}.txt": "" for i in range(3_000)}   # over the 1,000-file cap
PREPEND = ['''
import os, time
def _pid1_start_boot():
    with open("/proc/1/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return int(fields[19]) / os.sysconf("SC_CLK_TCK")
_H = time.clock_gettime(time.CLOCK_BOOTTIME) - _pid1_start_boot()   # this kernel's start-up
_mt = [e.stat().st_mtime for e in os.scandir(".") if e.name.startswith("pad")]
_started = min(_mt)                       # staged by the grader just after it started
_crash_at = _started + %d - 0.25 * _H - (1 + _H) / 2
print("probe-ran", "start-up %%.2f s, staging %%.2f s, crash in %%.1f s"
      %% (_H, max(_mt) - _started, _crash_at - time.time()))
''' % NOTEBOOK_TIMEOUT]
APPEND = ['import time\ntime.sleep(max(0.0, min(15.0, _crash_at - time.time())))'] * 8 + [
    'import os, time\ntime.sleep(max(0.0, _crash_at - time.time()))\nos._exit(3)']
MUST_PRINT = ["probe-ran"]
