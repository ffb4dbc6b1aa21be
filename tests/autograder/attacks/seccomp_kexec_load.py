"""Try to load a new kernel to boot into (kexec_load): the jail's system-call filter refuses it
with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("kexec_load")
