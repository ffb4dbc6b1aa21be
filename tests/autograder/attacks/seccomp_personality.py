"""Try to switch execution domain, e.g. to turn address randomisation off (personality): the jail's
system-call filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("personality")
