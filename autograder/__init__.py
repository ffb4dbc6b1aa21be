"""The instructor's grading tool: ``python -m autograder --help``."""
import sys


def _jsonschema_without_iri_syntax():
    """Import jsonschema (nbformat and nbgrader validate with it) without
    the ``iri`` and ``iri-reference`` format checks of ``rfc3987-syntax``,
    which compiles some forty Lark grammars when imported, about 2 s of every
    grading run (python-jsonschema/jsonschema#1428). No notebook, gradebook
    or Jupyter schema the grader validates uses those formats; with
    ``rfc3987-syntax`` absent jsonschema leaves them unchecked, as it
    documents for a missing optional format dependency."""
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None           # an import of it raises ImportError
    try:
        import jsonschema  # noqa: F401 (its format checkers are built now)
    except ImportError:
        pass
    finally:
        del sys.modules["rfc3987_syntax"]


_jsonschema_without_iri_syntax()


def nbgrader_modules_only():
    """Let ``import nbgrader.api`` (the gradebook) and ``nbgrader.utils``
    load without running nbgrader's package ``__init__``, which imports its
    Jupyter server extensions, nbconvert and the exchange (about 1.5 s).
    For a process that uses nothing else of nbgrader (``grade``); a no-op
    once nbgrader is imported."""
    import importlib.util
    if "nbgrader" in sys.modules:
        return
    spec = importlib.util.find_spec("nbgrader")
    if spec is None:
        return
    sys.modules["nbgrader"] = importlib.util.module_from_spec(spec)
