"""The system-call filter: each denied call fails with EPERM (clone3 with
ENOSYS) where, without the filter, root gets another answer; what Python,
NumPy, PyTorch's threads and sockets for plain networking need still works.

The BPF program that ``bwrap --seccomp`` would load is loaded here by hand
(``prctl(PR_SET_SECCOMP)``) in a child process, not through libseccomp."""
import subprocess
import sys

import pytest
from syscall_probe import CALLS, EXPECTED, X86_64, code, parse

from autograder import seccomp

pytestmark = [pytest.mark.skipif(seccomp.bpf() is None, reason="libseccomp is not installed"),
              pytest.mark.skipif(not X86_64, reason="the probe's call numbers are x86_64's")]

LOAD = r'''
import ctypes, os, sys
bpf = sys.stdin.buffer.read()
class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_char_p)]
libc = ctypes.CDLL(None, use_errno=True)
PR_SET_NO_NEW_PRIVS, PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 38, 22, 2
assert libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0
prog = SockFprog(len(bpf) // 8, bpf)
if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
    raise OSError(ctypes.get_errno(), "seccomp")
'''


def run(source, filtered):
    """Run ``source`` in a fresh Python, with the jail's filter loaded first
    or not; returns its stdout."""
    program = (LOAD if filtered else "import sys; sys.stdin.buffer.read()\n") + source
    done = subprocess.run([sys.executable, "-c", program], input=seccomp.bpf(),
                          capture_output=True, timeout=120, start_new_session=True,
                          check=False)
    assert done.returncode == 0, done.stderr.decode()[-3000:]
    return done.stdout.decode()


@pytest.fixture(scope="module")
def answers():
    names = sorted(CALLS)
    return parse(run(code(names), filtered=False)), parse(run(code(names), filtered=True))


@pytest.mark.parametrize("name", sorted(CALLS))
def test_denied_call(answers, name):
    unfiltered, filtered = answers
    expected = EXPECTED.get(name, "EPERM")
    assert unfiltered[name] != expected, f"{name} gives {expected} even without the filter"
    assert filtered[name] == expected, (name, filtered[name])


def test_every_denied_name_is_probed():
    probed = {name.split("_")[0] if name.startswith(("socket_", "clone_")) else name
              for name in CALLS}
    assert set(seccomp.DENIED) <= probed, set(seccomp.DENIED) - probed


WORKS = r'''
import os, socket, threading, numpy as np, torch
torch.set_num_threads(4)
x = torch.randn(300, 300)
assert torch.allclose((x @ x.T).diagonal(), (x * x).sum(1), rtol=1e-4)
t = threading.Thread(target=lambda: None); t.start(); t.join()
pid = os.fork()
if pid == 0:
    os._exit(7)
assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 7
socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()
socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM).close()
socket.socket(socket.AF_INET, socket.SOCK_DGRAM | socket.SOCK_CLOEXEC).close()
import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
plt.plot(np.arange(3)); plt.savefig(os.devnull, format="png")
print("all-worked", torch.get_num_threads())
'''


def test_what_learner_code_needs_still_works():
    assert "all-worked 4" in run(WORKS, filtered=True)


# what learner code must never do, each tried by an attack case of its own
# (graded in the corpus batch of test_attacks.py)
ATTACKED = ("ptrace", "mount", "unshare", "setns", "clone_newuser", "keyctl", "bpf",
            "perf_event_open", "init_module", "finit_module", "delete_module", "reboot",
            "kexec_load", "kexec_file_load", "personality", "socket_raw", "socket_packet",
            "socket_sock_packet")


@pytest.mark.parametrize("name", ATTACKED)
def test_the_attack_corpus_tries_each_denied_call(name):
    from autograder_corpus import ATTACKS, load_cases
    assert (ATTACKS / f"seccomp_{name}.py").is_file()
    case = load_cases()[f"seccomp_{name}"]
    assert case.PREPEND == [code([name]) + "print('probe-ran')\n"]
    assert f'"{name}": "{EXPECTED.get(name, "EPERM")}"' in case.MUST_PRINT
