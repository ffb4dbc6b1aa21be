"""An infinite loop with SIGINT (and SIGTERM) ignored."""
PREPEND = ['''
import signal
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
while True:
    pass
''']
STATUS = "timeout"
