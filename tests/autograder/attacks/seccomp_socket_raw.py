"""Try to open a raw IP socket to forge packets (socket with SOCK_RAW): the jail's system-call
filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("socket_raw")
