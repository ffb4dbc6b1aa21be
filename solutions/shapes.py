"""The argument check shared by the reference functions."""
import numpy as np


def check_shape(fn, name, a, letters, shape):
    """Raise a ValueError unless a is a float array of shape (None: any size); return a.shape."""
    if not isinstance(a, np.ndarray):
        raise ValueError(f"{fn}: {name} must be a NumPy array {letters}, got {type(a).__name__}")
    if not np.issubdtype(a.dtype, np.floating):
        raise ValueError(f"{fn}: {name} must be a floating-point array, got dtype {a.dtype}")
    if a.ndim != len(shape):
        raise ValueError(f"{fn}: {name} has shape {a.shape} ({a.ndim} dimensions), "
                         f"expected {len(shape)} dimensions {letters}")
    if any(want not in (None, got) for got, want in zip(a.shape, shape)):
        raise ValueError(f"{fn}: {name} has shape {a.shape}, expected {letters} = {shape}")
    return a.shape
