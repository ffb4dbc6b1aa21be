"""Try to open a packet socket with garbage in the upper 32 bits of the family, which the kernel
ignores and a careless filter compares (socket with AF_PACKET): the jail's system-call filter
refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("socket_packet_high_bits")
