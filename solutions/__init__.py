"""Reference implementations of the course's graded functions.

Every graded function exists once, here. Chapters import it, the exercise
builder copies it into the instructor's notebooks, and the hidden tests
compare learners' answers with it.

Modules
-------
rnn        tanh RNN: step, forward and backward through time
lstm       LSTM (gate order i, f, g, o as in ``torch.nn.LSTM``)
gru        GRU (gate order r, z, n as in ``torch.nn.GRU``)
gradcheck  numerical gradients and relative error
optim      gradient clipping by norm and Adam
training   the first-symbol task and the training loop of exercise 05
torch_lstm an ``nn.Module`` LSTM built from tensor operations
shapes     the argument checks shared by all of the above
"""
