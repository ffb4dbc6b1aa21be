"""Try to read or change the kernel's keyrings (keyctl): the jail's system-call filter refuses it
with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("keyctl")
