"""Calling the learner from the hidden tests: the learner's exceptions become
failures that name the function. The checks, problems and torch oracles the
hidden tests use are the visible tests' own, in ``oracle``."""
from autograder.student import StudentError


def call(student, name, *args, **kwargs):
    """Call the learner's ``name``; its exceptions become failures naming it."""
    try:
        fn = student.function(name)
        return fn(*args, **kwargs)
    except StudentError as err:
        raise student_failure(name, err) from None


def student_failure(name, err):
    """The AssertionError reporting that the learner's ``name`` raised ``err``."""
    if err.kind == "NotImplementedError":
        return AssertionError(f"{name} is not written yet (it raises NotImplementedError)")
    detail = f": {err.message}" if err.message else ""
    return AssertionError(f"{name} raised {err.kind}{detail}")

