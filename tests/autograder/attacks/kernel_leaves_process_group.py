"""The kernel itself (process 1 of the jail) calls setsid(), leaving the process group of
`unshare`, and replaces os._exit, which the kernel calls when the grader closes its pipe, by an
exec of `sleep 987`. Closing the jail must still end every process in it (the grader kills the
namespace's PID 1, and the jail's parent-death signal survives the drop to the student's uid)."""
PREPEND = ['''
import os
try:
    os.setsid()
except PermissionError:      # already leads its own session (bwrap --new-session)
    pass
def _linger(*a, **k):
    os.execv("/bin/sleep", ["sleep", "987"])
os._exit = _linger
print("probe-ran", os.getpid(), os.getpgid(0))
''']
MUST_PRINT = ["probe-ran"]
