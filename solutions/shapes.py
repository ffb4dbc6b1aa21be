"""Argument checks shared by the reference functions.

Each check names the function, the argument, the shape it expected (in the
letters the book uses: ``(T, B, D)``, ``(4H, H)``, ...) and the shape it got,
so that a wrong call fails loudly instead of broadcasting silently.
"""
import re

import numpy as np

_LETTER = re.compile(r"^(\d*)([A-Za-z]\w*)$")


def _parse(letter):
    """'4H' -> (4, 'H'); 'B' -> (1, 'B')."""
    match = _LETTER.match(letter)
    if match is None:
        raise AssertionError(f"bad shape letter {letter!r}")
    mult, sym = match.groups()
    return int(mult or 1), sym


def check_shapes(fn, *specs, dims=None):
    """Check arrays against symbolic shapes and return the sizes they bind.

    Parameters
    ----------
    fn : str
        Name of the calling function, used in error messages.
    *specs : (name, array, letters)
        ``letters`` is a tuple such as ``("B", "D")`` or ``("4H", "H")``.
        The first array that uses a letter binds its size; every later use
        must agree with it.
    dims : dict, optional
        Sizes already known, e.g. ``{"H": 5}``.

    Returns
    -------
    dict
        The size bound to every letter, e.g. ``{"B": 3, "D": 4, "H": 5}``.

    Raises
    ------
    ValueError
        If an argument is not a floating-point NumPy array, has the wrong
        number of dimensions, or disagrees with a size bound earlier.
    """
    dims = dict(dims or {})
    for name, arr, letters in specs:
        expected_text = "(" + ", ".join(letters) + ("," if len(letters) == 1 else "") + ")"
        if not isinstance(arr, np.ndarray):
            raise ValueError(
                f"{fn}: {name} must be a NumPy array of shape {expected_text}, "
                f"got {type(arr).__name__}")
        if not np.issubdtype(arr.dtype, np.floating):
            raise ValueError(
                f"{fn}: {name} must be a floating-point array "
                f"(float64 or float32), got dtype {arr.dtype}")
        if arr.ndim != len(letters):
            raise ValueError(
                f"{fn}: {name} has shape {arr.shape} ({arr.ndim} dimensions), "
                f"expected {len(letters)} dimensions {expected_text}")
        for letter, size in zip(letters, arr.shape):
            mult, sym = _parse(letter)
            if sym not in dims:
                if size % mult:
                    raise ValueError(
                        f"{fn}: {name} has shape {arr.shape}, expected "
                        f"{expected_text}: {size} is not a multiple of {mult}")
                dims[sym] = size // mult
        expected = tuple(_parse(l)[0] * dims[_parse(l)[1]] for l in letters)
        if arr.shape != expected:
            raise ValueError(
                f"{fn}: {name} has shape {arr.shape}, expected "
                f"{expected_text} = {expected}")
    return dims
