"""Try to change root, the first step of the classic chroot escape (chroot): the jail's system-call
filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("chroot")
