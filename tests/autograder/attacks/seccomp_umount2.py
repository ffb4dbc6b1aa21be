"""Try to unmount part of the jail's file system to uncover the host's (umount2): the jail's
system-call filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("umount2")
