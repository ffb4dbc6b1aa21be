"""Try to swap the jail's root file system (pivot_root): the jail's system-call filter refuses it
with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("pivot_root")
