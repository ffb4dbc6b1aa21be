"""The kernel itself (process 1 of the jail) calls setsid(), leaving the process group that the
grader kills with killpg, and replaces os._exit, which the kernel calls when the grader closes
its pipe, by an exec of `sleep 987`. When the grader closes the jail it kills only `unshare`
(its --kill-child parent-death signal was cleared when the jail dropped to the student's uid),
so the kernel's process and its namespaces outlive the grading (each such process can keep the
full --memory limit for as long as it likes)."""
PREPEND = ['''
import os
os.setsid()
def _linger(*a, **k):
    os.execv("/bin/sleep", ["sleep", "987"])
os._exit = _linger
print("probe-ran", os.getpid(), os.getpgid(0))
''']
MUST_PRINT = ["probe-ran"]
