"""rnn_step writes its own reply frame on the kernel's pipe to the grader, as large as a frame
may be (just under 32 MB) and made of nothing but empty lists: eleven million of them, more
than a gigabyte once decoded. The grader must refuse it on its value count before decoding
(a protocol error, the kernel is restarted) and stay within its memory bound; everything else
in the batch is graded as usual."""
CELLS = {"rnn_step": '''
import os, struct, sys, time
def rnn_step(x, h_prev, W_x, W_h, b):
    n = (32 * 1024 * 1024 - 64) // 3
    payload = b'{"value": [' + b"[]," * (n - 1) + b"[]]}"
    fd = int(sys.argv[2])
    os.write(fd, struct.pack(">I", len(payload)))
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]
    time.sleep(60)
'''}
TOUCHES = ["rnn_step_shapes", "rnn_step_torch"]
STATUS = "kernel-died"
