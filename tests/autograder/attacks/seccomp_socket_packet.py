"""Try to open a packet socket on the link layer (socket with AF_PACKET): the jail's system-call
filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("socket_packet")
