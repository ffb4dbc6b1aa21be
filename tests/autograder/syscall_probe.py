"""System calls that the jail's filter denies, each with harmless arguments,
as code that a learner's cell (or a test's child process) runs.

Numbers are x86_64's, from the kernel's ``syscall_64.tbl``; the arguments
are chosen so that, without the filter, root gets a result other than
``EPERM`` (success, ``EINVAL``, ``EFAULT``, ``EBADF``, ``ENOENT``...).
"""
import platform

NONE = b"/nonexistent-autograder-probe"
# name: (number, arguments)
CALLS = {
    "ptrace": (101, (0xFFFF, 0, 0, 0)),
    "mount": (165, (0, 0, 0, 0, 0)),
    "umount2": (166, (NONE, 0)),
    "unshare": (272, (0,)),
    "setns": (308, (-1, 0)),
    "keyctl": (250, (-1, 0, 0, 0, 0)),
    "add_key": (248, (0, 0, 0, 0, 0)),
    "request_key": (249, (0, 0, 0, 0)),
    "bpf": (321, (-1, 0, 0)),
    "perf_event_open": (298, (0, 0, -1, -1, 0)),
    "init_module": (175, (0, 0, 0)),
    "finit_module": (313, (-1, b"", 0)),
    "delete_module": (176, (b"autograder_probe_none", 0)),
    "kexec_load": (246, (0, 0, 0, 0xDEAD0000)),
    "kexec_file_load": (320, (-1, -1, 0, 0, 0xDEAD0000)),
    "reboot": (169, (0, 0, 0, 0)),
    "personality": (135, (0xFFFFFFFF,)),
    "pivot_root": (155, (0, 0)),
    "chroot": (161, (NONE,)),
    "swapon": (167, (NONE, 0)),
    "swapoff": (168, (NONE,)),
    "socket_raw": (41, (2, 3 | 0o2000000, 1)),             # AF_INET, SOCK_RAW | SOCK_CLOEXEC, ICMP
    "socket_packet": (41, (17, 2, 0)),                       # AF_PACKET, SOCK_DGRAM
    "socket_sock_packet": (41, (2, 10, 0x0300)),              # AF_INET, SOCK_PACKET, ETH_P_ALL
    "socket_packet_high_bits": (41, ((1 << 32) | 17, 2, 0)),  # AF_PACKET behind garbage high bits
    "clone_newuser": (56, (0x10000000 | 17, 0, 0, 0, 0)),    # CLONE_NEWUSER | SIGCHLD
    "clone_newns": (56, (0x00020000 | 17, 0, 0, 0, 0)),      # CLONE_NEWNS | SIGCHLD
    "process_vm_readv": (310, (1, 0, 1, 0, 1, 0)),
    "process_vm_writev": (311, (1, 0, 1, 0, 1, 0)),
    "kcmp": (312, (0, 0, 0xFF, 0, 0)),
    "open_tree": (428, (-1, NONE, 0)),
    "move_mount": (429, (-1, NONE, -1, NONE, 0)),
    "fsopen": (430, (b"autograder_probe_fs", 0)),
    "fsconfig": (431, (-1, 0, 0, 0, 0)),
    "fsmount": (432, (-1, 0, 0)),
    "fspick": (433, (-1, NONE, 0)),
    "mount_setattr": (442, (-1, NONE, 0xFFFF, 0, 0)),
    "name_to_handle_at": (303, (-1, NONE, 0, 0, 0)),
    "open_by_handle_at": (304, (-1, 0, 0)),
    "io_uring_setup": (425, (0, 0)),
    "io_uring_enter": (426, (-1, 0, 0, 0, 0, 0)),
    "io_uring_register": (427, (-1, 0, 0, 0)),
    "userfaultfd": (323, (0xFFFF,)),
    "fanotify_init": (300, (0xFFFFFFFF, 0)),
    "acct": (163, (NONE + b"/x",)),
    "quotactl": (179, (0, 0, 0, 0)),
    "syslog": (103, (-1, 0, 0)),
    "vhangup": (153, ()),
    "iopl": (172, (4,)),
    "ioperm": (173, (0xFFFF, 2, 1)),
    "uselib": (134, (NONE,)),
    "lookup_dcookie": (212, (0, 0, 0)),
    "settimeofday": (164, (0, 0)),
    "clock_settime": (227, (0xFFFF, 0)),
    "clock_adjtime": (305, (0xFFFF, 0)),
    "adjtimex": (159, (0,)),
    "sethostname": (170, (0, 100_000)),
    "setdomainname": (171, (0, 100_000)),
    "clone3": (435, (0, 0)),
}
# the filter's answer for each; EPERM unless named here
EXPECTED = {"clone3": "ENOSYS"}
X86_64 = platform.machine() == "x86_64"

PROBE = r'''
import ctypes as _ct, errno as _errno, json as _json, os as _os
def _call(nr, args):
    libc = _ct.CDLL(None, use_errno=True)
    args = [_ct.c_char_p(a) if isinstance(a, bytes) else _ct.c_long(a) for a in args]
    _ct.set_errno(0)
    r = libc.syscall(_ct.c_long(nr), *args)
    if r == 0 and nr in (56, 435):
        _os._exit(0)                    # the child of a clone that went through
    if r > 0 and nr in (56, 435):
        _os.waitpid(r, 0)
    elif r >= 0 and nr == 41:
        _os.close(r)
    return "ok" if r != -1 else _errno.errorcode.get(_ct.get_errno(), str(_ct.get_errno()))
'''


def code(names):
    """Python source that makes each call in ``names`` and prints one line
    ``SYSCALLS={"name": "EPERM" | "ok" | ...}``."""
    calls = {name: CALLS[name] for name in names}
    return PROBE + (f"print('SYSCALLS=' + _json.dumps({{n: _call(nr, a) for n, (nr, a) in "
                    f"{calls!r}.items()}}))\n")


def parse(output):
    """The ``{name: result}`` printed by ``code``."""
    import json
    return json.loads(output.split("SYSCALLS=")[1].splitlines()[0])


def attack(name):
    """(PREPEND, MUST_PRINT) of the attack case for one denied call: the
    learner's cell tries it and prints what came back."""
    expected = EXPECTED.get(name, "EPERM")
    return [code([name]) + "print('probe-ran')\n"], [f'"{name}": "{expected}"', "probe-ran"]
