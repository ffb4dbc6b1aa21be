"""Try to make new namespaces to gain capabilities in them (unshare): the jail's system-call filter
refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("unshare")
