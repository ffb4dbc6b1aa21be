"""Try to open an obsolete link-level packet socket (type SOCK_PACKET) to sniff or forge frames:
the jail's system-call filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("socket_sock_packet")
