"""Reference implementations of the course's graded functions.

Every graded function exists once, here, written as the plainest correct
code (an answer key, not a kernel: the fast NumPy LSTM is
``course.fast_lstm.numpy_lstm``). Chapters import it, the exercise builder
copies it into the instructor's notebooks, and the hidden tests compare
learners' answers with it.

Modules
-------
rnn        tanh RNN: step, forward and backward through time
lstm       LSTM (gate order i, f, g, o as in ``torch.nn.LSTM``)
gru        GRU (gate order r, z, n as in ``torch.nn.GRU``)
gradcheck  numerical gradients and relative error
optim      gradient clipping by norm and Adam
training   the first-symbol task and the training loop of exercise 05
torch_lstm an ``nn.Module`` LSTM built from tensor operations
activations the sigmoid shared by the LSTM and the GRU
shapes     the argument check shared by all of the above
"""
