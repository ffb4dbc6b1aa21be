"""Write forged and garbage frames to the kernel's pipes and patch its reply path."""
PREPEND = ['''
import os, json, struct, sys
frame = json.dumps({"ok": True, "error": None, "output": "forged"}).encode()
for fd in range(3, 12):
    try:
        os.write(fd, struct.pack(">I", len(frame)) + frame)
        os.write(fd, b"\\x00\\x00\\x00\\x10{not json at all")
    except OSError:
        pass
''']
CELLS = {"rnn_step": '''
import sys
_main = sys.modules["__main__"]
def rnn_step(x, h_prev, W_x, W_h, b):
    return [("__nd__", "O", [1], "gASVBQAAAAAAAACMAXiULg==")], {"__opaque__": -1}
'''}
