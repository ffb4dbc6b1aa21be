"""os._exit in a cell and inside the graded function."""
PREPEND = ['import os\nos._exit(0)']
CELLS = {"rnn_step": '''
def rnn_step(x, h_prev, W_x, W_h, b):
    import os
    os._exit(0)
'''}
STATUS = "kernel-died"
