"""Try to start a child in a new user namespace (clone with CLONE_NEWUSER): the jail's system-call
filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("clone_newuser")
