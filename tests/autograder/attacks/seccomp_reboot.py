"""Try to reboot or halt the machine (reboot): the jail's system-call filter refuses it with EPERM
and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("reboot")
