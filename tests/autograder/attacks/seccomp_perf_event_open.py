"""Try to open performance counters, a long-standing kernel attack surface (perf_event_open): the
jail's system-call filter refuses it with EPERM and grading goes on."""
from syscall_probe import attack

PREPEND, MUST_PRINT = attack("perf_event_open")
