"""Print a lone UTF-16 surrogate ("\\ud800") in a cell and raise an exception whose message
holds one from the graded function: the text is valid in the kernel's JSON frames (escaped) but
cannot be encoded as UTF-8; the feedback page and result files must still be written."""
PREPEND = ['''
print("probe-ran", "\\ud800")
''']
CELLS = {"rnn_step": '''
def rnn_step(x, h_prev, W_x, W_h, b):
    raise ValueError("bad \\udcff value")
'''}
MUST_PRINT = ["probe-ran"]
