"""How a hidden test sees a submission: callables that return plain data.

A hidden test never touches the learner's objects. It asks for a function by
name and calls it; arguments go in as plain data and results come back as
plain data:

- NumPy arrays of bool, int, float or complex dtype (copied), Python
  bool/int/float/complex/str/None, and tuples, lists and str-keyed dicts of
  these;
- anything else the learner returns (a cache object, a module, an object that
  pretends to be an array) stays on the learner's side and comes back as an
  ``Opaque`` handle, which can only be passed back into another call.

``InProcessStudent`` runs the learner's functions in this process (for tests
of the hidden tests themselves); ``autograder.jail`` provides the same
interface with the learner's code in a separate, locked-down process.
"""
import numpy as np

_PLAIN_KINDS = "biufc"   # bool, int, unsigned, float, complex


class StudentError(Exception):
    """The learner's code raised, or a requested name is missing.

    ``kind`` is the exception's class name on the learner's side (a string),
    ``message`` its text.
    """

    def __init__(self, kind, message):
        super().__init__(f"{kind}: {message}")
        self.kind, self.message = kind, message


class Opaque:
    """A value kept on the learner's side; pass it back, never inspect it."""
    __slots__ = ("ref",)
    # how the checks' messages (oracle.checks) name such a value
    described_as = "a value that is not plain data (a NumPy array, number, tuple, list or dict)"

    def __init__(self, ref):
        self.ref = ref

    def __repr__(self):
        return f"<opaque learner value #{self.ref}>"


def to_plain(value, keep):
    """Convert a learner's value to plain data; ``keep(value) -> Opaque``
    stores anything that is not plain."""
    if value is None or type(value) in (bool, int, float, complex, str):
        return value
    if type(value) is np.ndarray and value.dtype.kind in _PLAIN_KINDS:
        return np.array(value, copy=True)
    if isinstance(value, np.generic) and type(value).__module__ == "numpy" \
            and value.dtype.kind in _PLAIN_KINDS:
        return value.item()
    if type(value) in (tuple, list):
        return type(value)(to_plain(v, keep) for v in value)
    if type(value) is dict and all(type(k) is str for k in value):
        return {k: to_plain(v, keep) for k, v in value.items()}
    return keep(value)


def from_plain(value, lookup):
    """Inverse of ``to_plain`` on the learner's side: resolve handles and copy
    arrays so that the learner cannot modify the grader's inputs."""
    if isinstance(value, Opaque):
        return lookup(value.ref)
    if isinstance(value, np.ndarray):
        return np.array(value, copy=True)
    if type(value) in (tuple, list):
        return type(value)(from_plain(v, lookup) for v in value)
    if type(value) is dict:
        return {k: from_plain(v, lookup) for k, v in value.items()}
    return value


class Student:
    """Interface used by hidden tests."""

    def has(self, name):
        """True if the submission defines a callable ``name``."""
        raise NotImplementedError

    def function(self, name):
        """A callable running the learner's ``name`` on plain data."""
        raise NotImplementedError

    def driver(self, name, *args):
        """Run ``autograder.drivers.<name>(namespace, *args)`` on the learner's
        side (for work that needs live objects, such as an ``nn.Module``) and
        return its plain-data result."""
        raise NotImplementedError


class InProcessStudent(Student):
    """The learner's namespace lives in this process (no isolation)."""

    def __init__(self, namespace):
        self._ns = namespace
        self._kept = []

    def _keep(self, value):
        self._kept.append(value)
        return Opaque(len(self._kept) - 1)

    def _call(self, fn, args, kwargs):
        args = from_plain(args, self._kept.__getitem__)
        kwargs = from_plain(kwargs, self._kept.__getitem__)
        try:
            result = fn(*args, **kwargs)
        except Exception as exc:  # noqa: BLE001 (the learner's error, reported as data)
            raise StudentError(type(exc).__name__, str(exc)) from None
        return to_plain(result, self._keep)

    def has(self, name):
        return callable(self._ns.get(name))

    def function(self, name):
        if not self.has(name):
            raise StudentError("NameError", f"the notebook does not define a function {name!r}")
        fn = self._ns[name]
        return lambda *args, **kwargs: self._call(fn, args, kwargs)

    def driver(self, name, *args):
        from autograder import drivers
        fn = getattr(drivers, name)
        return self._call(lambda *a: fn(self._ns, *a), args, {})


