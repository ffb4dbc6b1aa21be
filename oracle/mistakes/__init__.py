"""The catalogue of known mistakes: each lives here once, with the graded
function it concerns, its name (the corpus of wrong answers holds
``exercises/corpus/wrong/<assignment>/<function>_<key>.py`` for it), the
message a learner whose output matches it is told, and its wrong output,
computed by torch with one deliberate change where torch has the right
computation (``oracle.mistakes.rnn``, ``.lstm``, ``.gru``, ``.torch_lstm``),
by the mistaken formula itself where it has not (``.gradients``,
``.training``).

The hidden tests diagnose with ``variants``; chapter 4 runs the mistakes in
write-ups of the LSTM with ``wrong``.
"""
from oracle.mistakes import gradients, gru, lstm, rnn, torch_lstm, training
from oracle.mistakes._mistake import Mistake

CATALOGUE = (rnn.MISTAKES + gradients.MISTAKES + lstm.MISTAKES + training.MISTAKES
             + torch_lstm.MISTAKES + gru.MISTAKES)


def find(function, key):
    """The mistake ``key`` of ``function``."""
    for mistake in CATALOGUE:
        if (mistake.function, mistake.key) == (function, key):
            return mistake
    known = sorted(m.key for m in CATALOGUE if m.function == function)
    raise KeyError(f"no known mistake {key!r} of {function!r}; known: {known}")


def variants(function, *args, **kwargs):
    """{message: outputs} of every known mistake that shows in the outputs of
    ``function``, computed from its inputs (for a backward function: the
    forward inputs, then the upstream gradients). ``outputs`` is a tuple of
    arrays in the order the graded function returns them. The mistakes of
    ``function`` itself come first, then those of the step function it runs:
    where two give the same output (c0 ignored and c = i·g, for one step),
    the first is the one reported."""
    shown = [m for m in CATALOGUE if function in m.outputs]
    shown.sort(key=lambda m: m.function != function)
    return {m.message: m.outputs[function](*args, **kwargs) for m in shown}


def pick(known, k):
    """{message: outputs[k]} of the ``variants`` ``known``: the variants of one output."""
    return {message: outputs[k] for message, outputs in known.items()}


def wrong(function, key):
    """The NumPy function that computes ``function``'s outputs with the
    mistake ``key``, e.g. ``wrong("lstm_step", "coupled")(x, h_prev, c_prev,
    W_x, W_h, b)`` returns (h, c)."""
    return find(function, key).outputs[function]


__all__ = ["CATALOGUE", "Mistake", "find", "pick", "variants", "wrong", "gradients", "gru", "lstm",
           "rnn", "torch_lstm", "training"]
