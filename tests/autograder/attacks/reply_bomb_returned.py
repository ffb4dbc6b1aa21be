"""rnn_step returns 200,000 small lists and rnn_forward a value nested 10,000 levels deep,
honestly, through the kernel's encoder: a reply over the value or nesting bound. The kernel
must refuse to send it (the learner sees ResultTooLarge or RecursionError) and the grader
decodes nothing of it."""
CELLS = {
    "rnn_step": '''
def rnn_step(x, h_prev, W_x, W_h, b):
    return [[0]] * 200_000, None
''',
    "rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    deep = 0
    for _ in range(10_000):
        deep = (deep,)
    return deep, None
''',
}
