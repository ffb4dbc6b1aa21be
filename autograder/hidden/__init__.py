"""Hidden tests, one module per assignment (never shipped to learners).

Each module defines ``ASSIGNMENT``, ``FUNCTIONS`` (the graded names),
``TESTS = {grade_id: test(student)}`` and optionally ``TIMEOUTS``. A test
receives an ``autograder.student.Student``, calls the learner's functions on
plain data and raises ``AssertionError`` with a learner-facing message.
"""
import importlib


def module(assignment):
    """The hidden test module of an assignment."""
    return importlib.import_module(f"autograder.hidden.{assignment}")


def function_of(tests, grade_id):
    """The graded function whose tests ``grade_id`` belongs to: the longest
    name in ``tests.FUNCTIONS`` that ``grade_id`` starts with (``rnn_step_torch``
    belongs to ``rnn_step``, ``rnn_step_backward_torch`` to ``rnn_step_backward``)."""
    owners = [f for f in tests.FUNCTIONS if grade_id.startswith(f + "_")]
    if not owners:
        raise ValueError(f"{grade_id} does not start with a graded function's name")
    return max(owners, key=len)
