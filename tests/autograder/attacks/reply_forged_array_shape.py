"""rnn_step writes its own reply frame on the kernel's pipe to the grader: a tiny array whose
header claims shape (2**39, 2**39), 2**78 elements, a number that wraps around to 0 (the
length of its data) in 64-bit arithmetic. The grader must count the elements exactly and
refuse the frame as a protocol error (the kernel is restarted), not build or reshape anything;
everything else in the batch is graded as usual."""
CELLS = {"rnn_step": '''
import os, struct, sys, time
def rnn_step(x, h_prev, W_x, W_h, b):
    payload = (b'{"value": {"__tuple__": [{"__nd__": ["<f8", [549755813888, 549755813888], ""]}, '
               b'null]}}')
    fd = int(sys.argv[2])
    os.write(fd, struct.pack(">I", len(payload)) + payload)
    time.sleep(60)
'''}
TOUCHES = ["rnn_step_shapes", "rnn_step_torch"]
STATUS = "kernel-died"
