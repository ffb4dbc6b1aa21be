"""Try to mount a file system over the jail's (mount): the jail's system-call filter refuses it
with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("mount")
