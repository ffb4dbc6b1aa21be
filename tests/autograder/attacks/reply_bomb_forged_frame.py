"""rnn_step writes its own reply frame on the kernel's pipe to the grader: 9 MB on the wire
(under the size cap) holding three million empty lists, gigabytes once decoded. The grader
must refuse the frame on its value count before decoding it (a protocol error, the kernel is
restarted) and stay small; everything else in the batch is graded as usual."""
CELLS = {"rnn_step": '''
import os, struct, sys, time
def rnn_step(x, h_prev, W_x, W_h, b):
    payload = b'{"value": [' + b",".join([b"[]"] * 3_000_000) + b"]}"
    fd = int(sys.argv[2])
    os.write(fd, struct.pack(">I", len(payload)))
    view = memoryview(payload)
    while view:
        view = view[os.write(fd, view):]
    time.sleep(60)
'''}
TOUCHES = ["rnn_step_shapes", "rnn_step_torch"]
