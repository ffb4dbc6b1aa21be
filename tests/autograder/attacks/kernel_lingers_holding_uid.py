"""Leave the kernel running after grading (setsid, then os._exit replaced, as in
kernel_leaves_process_group) together with 63 children (all `sleep 987`), so that the jail's uid
keeps its RLIMIT_NPROC of 64 processes used up after this submission is graded. Jail uids are
100000 + (worker pid % 40000) * 16 + (a per-worker counter % 16): the 16th jail that the same
worker starts after this one gets the same uid and starts over its process limit, so that OTHER
student's kernel can neither fork nor start a thread (a correct solution that uses a thread,
like correct_torch_rnn, then scores 0: "RuntimeError: can't start new thread")."""
PREPEND = ['''
import os, time
os.setsid()
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
