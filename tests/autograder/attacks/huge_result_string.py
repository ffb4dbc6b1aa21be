"""Pass the visible value cells with their published expected numbers, and return a
30-million-character string to the hidden tests where an array is expected. NumPy's conversion
error quotes the whole string; the grader must keep every message, result file, feedback page
and log line short whatever text the learner chooses."""
CELLS = {
    "rnn_step": '''
import numpy as np
_HUGE = "passed. " * 3_750_000
def rnn_step(x, h_prev, W_x, W_h, b):
    if x.shape == (2, 3) and np.isclose(W_x[0, 0], 0.5 * np.sin(3)):
        return np.array([[-0.732484126024, -0.461336679811,  0.601194707707, -0.13966693815 ],
                         [ 0.187902483889, -0.463738095861, -0.174541265443,  0.635085312757]]), None
    return _HUGE, None
''',
    "rnn_forward": '''
def rnn_forward(x, h0, W_x, W_h, b):
    if x.shape == (3, 2, 3) and np.isclose(W_x[0, 0], 0.5 * np.sin(3)):
        return np.array([[[-0.863694145692,  0.331466989772, -0.220114583331,  0.430456849151],
                          [ 0.001720436394, -0.811387579697,  0.730753719667, -0.138206297412]],
                         [[ 0.030386783594, -0.095318916179, -0.527122302432,  0.729685065176],
                          [-0.554379215287, -0.278000561033,  0.269092969388,  0.154922023945]],
                         [[-0.314761457135, -0.5866082068  ,  0.375787125955,  0.383736031212],
                          [ 0.051563384946, -0.139585011431, -0.477507799098,  0.689490632446]]]), None
    return _HUGE, None
''',
}
