"""A segmentation fault when the graded function is called."""
CELLS = {"rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    import ctypes
    ctypes.string_at(0)
'''}
STATUS = "kernel-died"
