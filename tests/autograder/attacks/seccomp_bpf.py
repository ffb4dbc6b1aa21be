"""Try to load a BPF program into the kernel (bpf): the jail's system-call filter refuses it with
EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("bpf")
