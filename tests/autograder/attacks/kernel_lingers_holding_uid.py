"""Try to leave the kernel running after grading (setsid, then os._exit replaced, as in
kernel_leaves_process_group) together with 63 children (all `sleep 987`), so that the jail's uid
keeps its RLIMIT_NPROC of 64 processes used up. A later jail that got the same uid could then
neither fork nor start a thread, and another student's correct solution (correct_torch_rnn
uses a thread) would fail. The grader must end every process of a jail and never hand out a
uid that a live process still owns."""
PREPEND = ['''
import os, time
try:
    os.setsid()
except PermissionError:      # already leads its own session (bwrap --new-session)
    pass
kids = 0
for _ in range(80):
    try:
        if os.fork() == 0:
            os.execv("/bin/sleep", ["sleep", "987"])
        kids += 1
    except OSError:
        break
def _linger(*a, **k):
    os.execv("/bin/sleep", ["sleep", "987"])
os._exit = _linger
print("probe-ran", kids, "children")
''']
MUST_PRINT = ["probe-ran"]
