"""The jail's system-call filter, compiled to BPF by libseccomp.

Everything is allowed except the calls below, which fail with ``EPERM``
(``clone3`` fails with ``ENOSYS`` so that the C library falls back to
``clone``, whose flags the filter can read). Learner code, Python, NumPy,
PyTorch's thread pools and Matplotlib never need them; each is a way to
attack the kernel, the sandbox or another process. ``bwrap --seccomp FD``
loads the program just before it starts the kernel.
"""
import errno
import functools
import socket
import tempfile

DENIED = (
    # debugging other processes, reading their memory
    "ptrace", "process_vm_readv", "process_vm_writev", "kcmp",
    # file systems and namespaces: the sandbox's own mechanics
    "mount", "umount2", "pivot_root", "chroot", "unshare", "setns",
    "open_tree", "move_mount", "fsopen", "fsconfig", "fsmount", "fspick", "mount_setattr",
    "name_to_handle_at", "open_by_handle_at",
    # the kernel's keyring, BPF, performance counters, I/O rings, page-fault handlers
    "keyctl", "add_key", "request_key", "bpf", "perf_event_open",
    "io_uring_setup", "io_uring_enter", "io_uring_register", "userfaultfd", "fanotify_init",
    # kernel modules, rebooting, swap, execution domains, accounting, the machine's clock and names
    "init_module", "finit_module", "delete_module", "kexec_load", "kexec_file_load", "reboot",
    "swapon", "swapoff", "personality", "acct", "quotactl", "syslog", "vhangup",
    "iopl", "ioperm", "uselib", "lookup_dcookie",
    "settimeofday", "clock_settime", "clock_adjtime", "adjtimex", "sethostname", "setdomainname",
)

# clone() flags that create namespaces
CLONE_NEW = {"CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000,
             "CLONE_NEWUTS": 0x04000000, "CLONE_NEWIPC": 0x08000000,
             "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
             "CLONE_NEWNET": 0x40000000, "CLONE_NEWTIME": 0x00000080}
SOCK_TYPE_MASK = 0xF
SOCK_PACKET = 10                             # the obsolete link-level packet socket type
INT_MASK = 0xFFFFFFFF


def library():
    """The ``pyseccomp`` module, or None where libseccomp cannot be loaded."""
    try:
        import pyseccomp
    except (ImportError, OSError, RuntimeError):
        return None
    return pyseccomp


@functools.cache
def bpf():
    """The filter as a BPF program for this machine's architecture (bytes),
    or None where libseccomp is missing."""
    sc = library()
    if sc is None:
        return None
    f = sc.SyscallFilter(defaction=sc.ALLOW)
    deny = sc.ERRNO(errno.EPERM)
    for name in DENIED:
        try:
            f.add_rule(deny, name)
        except (OSError, RuntimeError, ValueError):
            continue                         # not a system call of this architecture
    for flag in CLONE_NEW.values():
        f.add_rule(deny, "clone", sc.Arg(0, sc.MASKED_EQ, flag, flag))
    f.add_rule(sc.ERRNO(errno.ENOSYS), "clone3")
    # the kernel reads socket()'s int arguments from the low 32 bits only
    f.add_rule(deny, "socket", sc.Arg(0, sc.MASKED_EQ, INT_MASK, socket.AF_PACKET))
    for raw in (socket.SOCK_RAW, SOCK_PACKET):
        f.add_rule(deny, "socket", sc.Arg(1, sc.MASKED_EQ, SOCK_TYPE_MASK, raw))
    with tempfile.TemporaryFile() as out:
        f.export_bpf(out)
        out.seek(0)
        return out.read()
