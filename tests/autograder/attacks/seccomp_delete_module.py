"""Try to unload a kernel module (delete_module): the jail's system-call filter refuses it with
EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("delete_module")
