"""Try to ask the kernel to find or make a key (request_key): the jail's system-call filter refuses
it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("request_key")
