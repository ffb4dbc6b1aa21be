"""One known mistake: the graded function it concerns, its name, what the
learner is told, and how its wrong outputs are computed."""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field


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
