"""Unbounded memory: a huge allocation in a cell and a growing list in the graded function."""
PREPEND = ['import numpy as np\nx = np.ones((1 << 40,))', 'y = bytearray(1 << 36)']
CELLS = {"rnn_step": '''
def rnn_step(x, h_prev, W_x, W_h, b):
    grow = []
    while True:
        grow.append(bytearray(1 << 24))
'''}
STATUS = "memory"
