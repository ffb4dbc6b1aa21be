"""One known mistake: the graded function it concerns, its name, what the
learner is told, and how its wrong outputs are computed."""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from oracle.mistakes._autograd import numpy_grads, numpy_outputs, over_sequence

# Messages that the same mistake in the RNN and the GRU shares.
H0_IGNORED = "h0 is ignored (the first step starts from zeros)"
NOT_ACCUMULATED = "the weight gradients are not accumulated over time (only one step's is kept)"
CARRY_DROPPED = "the carry from step t+1 is dropped (dh at step t must add dh_prev from t+1)"


@dataclass(frozen=True)
class Mistake:
    """A known mistake in the graded function ``function``.

    ``key`` names it: the wrong answers of the corpus that make it are
    ``exercises/corpus/wrong/<assignment>/<function>_<key>.py``. ``message``
    is what the hidden tests tell a learner whose output matches it.
    ``outputs`` maps each graded function whose output shows the mistake
    (``function``, and the sequence function built on a step function) to
    the computation of that output with the mistake, from the graded
    function's NumPy inputs (for a backward function: the forward inputs,
    then the upstream gradients) to a tuple of NumPy arrays. A mistake with
    no ``outputs`` has no output of its own to recognise (a wrong dtype or
    shape, a crash): the checks of its function take its points with their
    own message.
    """
    function: str
    key: str
    message: str
    outputs: Mapping[str, Callable] = field(default_factory=dict)


def step_mistake(functions, n_states, key, message, step):
    """A mistake in the step function ``functions[0]`` (``step``, tensors in
    and out): it shows in the step's outputs and in those of the sequence
    function ``functions[1]`` that runs the step from n_states states."""
    step_function, sequence_function = functions
    return Mistake(step_function, key, message, {
        step_function: numpy_outputs(step),
        sequence_function: numpy_outputs(over_sequence(step, n_states))})


def step_gradient_mistake(functions, n_states, losses, key, message, step):
    """A mistake in the backward step function ``functions[0]``: ``step``
    has the right values and the mistaken gradients; it shows in the
    gradients of the step (of ``losses[0]``) and in those of the backward
    sequence function ``functions[1]`` (of ``losses[1]``). The gradients are
    taken with respect to every argument of the step."""
    step_function, sequence_function = functions
    n_inputs = step.__code__.co_argcount
    return Mistake(step_function, key, message, {
        step_function: numpy_grads(step, losses[0], n_inputs),
        sequence_function: numpy_grads(over_sequence(step, n_states), losses[1], n_inputs)})


def sequence_mistake(function, key, message, forward):
    """A mistake in the loop of the sequence function ``function``:
    ``forward`` (tensors in and out) computes its outputs."""
    return Mistake(function, key, message, {function: numpy_outputs(forward)})


def sequence_gradient_mistake(function, n_inputs, loss, key, message, forward):
    """A mistake in the loop of the backward sequence function ``function``:
    its gradients are those of ``loss`` through ``forward`` (tensors in and
    out, n_inputs arguments)."""
    return Mistake(function, key, message, {function: numpy_grads(forward, loss, n_inputs)})
