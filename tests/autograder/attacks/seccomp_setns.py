"""Try to join another namespace through a descriptor (setns): the jail's system-call filter
refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("setns")
