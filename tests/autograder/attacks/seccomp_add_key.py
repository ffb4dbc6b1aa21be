"""Try to add a key to the kernel's keyrings (add_key): the jail's system-call filter refuses it
with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("add_key")
