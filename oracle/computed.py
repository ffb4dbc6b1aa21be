"""The hidden tests' check that a function's outputs are computed from its
inputs as the definition does: shape and dtype points go to such code only.
Not shipped in the notebooks (a learner needs only the visible checks)."""
import numpy as np

# the least correlation with the right output that an output needs for the shape points
# (measured: known mistakes mostly above, hashes of the right products and random weights below)
AGREEMENT = 0.5

# what a step function calls the arrays of a sequence problem
_STEP_ARGS = {"x": "x_t", "h0": "h_prev", "c0": "c_prev", "dhs": "dh", "dc_last": "dc"}


def check_computed(fn, run, problem_a, problem_b, reference, inputs=None, units=False):
    """Shape and dtype points go to code that computes its outputs from its
    inputs as the definition does. ``run(problem)`` returns the outputs of
    ``fn`` as [(name, array)]; ``reference(problem)`` returns the right
    outputs (the reference solution's), as arrays in the same order; a
    problem is a dict of input arrays, and ``inputs`` names those ``fn``
    reads (default: every array). Every output
    must be finite, the same when ``fn`` is called again with the same
    inputs, not a copy of an input (repeated or not), and

    - change when any one input alone changes (every output of the course's
      functions depends on every input: ``h`` on ``h_prev`` and on ``W_h``
      as much as on ``x``);
    - keep rows as examples: changing one example's inputs (the slices along
      the axis of length B, read from ``h0``) changes that example's row of
      every per-example output and no other row;
    - with ``units`` (forward functions), keep columns as hidden units:
      changing the rows of the weights and biases that belong to unit 0
      (rows 0, H, 2H, ... of a gate-stacked (kH, ·) array, H read from
      ``h0``) changes column 0 of the outputs' first step and no other
      column; and every unit is computed from every feature of ``x`` and
      every unit of ``h0`` (matrix products): changing only feature 0 of
      ``x``, or only unit 0 of ``h0``, changes every column of the outputs'
      first step, and so does moving feature 0 up and feature 1 down by the
      same amount (which no sum over features sees);
    - agree loosely with the right output: over problem_a, problem_b and
      problem_a with each input alone taken from problem_b, Pearson's
      correlation of all its elements with those of the right output is at
      least ``AGREEMENT`` (0.5). Known mistakes mostly keep the points (a
      missing tanh correlates at 0.93, σ in place of tanh at 0.93 to 0.98,
      a missing forget gate at 0.76 or more); what only has the structure
      above does not (a hash of the right slices such as
      tanh(sin(37·x W_xᵀ + 11·h_prev W_hᵀ + b²)) correlates at about 0,
      seeded weights of the right shape scaled by the given ones' row sums:
      h at 0.42 at most). An output that only squashes the right products
      differently (sin for tanh) keeps the points, as σ for tanh does. A
      constant output (no correlation) fails.

    Zeros, random arrays, passed-through inputs, a summary of one input or a
    meaningless function of the right inputs, of the right shape, earn
    nothing."""
    first, again = run(problem_a), run(problem_a)
    names = list(inputs) if inputs is not None else [
        k for k, v in problem_a.items() if isinstance(v, np.ndarray) and v.size > 1]
    copies = [np.asarray(v, dtype=np.float64) for v in problem_a.values()
              if isinstance(v, np.ndarray) and v.size > 1]
    for (name, a), (_, a2) in zip(first, again):
        a, a2 = np.asarray(a, dtype=np.float64), np.asarray(a2, dtype=np.float64)
        if not np.all(np.isfinite(a)):
            raise AssertionError(f"{fn}: {name} holds NaN or inf for ordinary inputs")
        if a.shape != a2.shape or not np.allclose(a, a2, rtol=1e-12, atol=0):
            raise AssertionError(f"{fn}: {name} changes between two calls with the same inputs; "
                                 "it must be computed from the inputs alone")
        for v in copies:
            if a.size > 1 and a.shape[-v.ndim:] == v.shape and np.array_equal(
                    a, np.broadcast_to(v, a.shape)):
                raise AssertionError(f"{fn}: {name} is a copy of one of its inputs")
    runs = {}
    for key in names:
        changed = runs[key] = run(dict(problem_a, **{key: problem_b[key]}))
        arg = _STEP_ARGS.get(key, key) if "step" in fn else key
        for (name, a), (_, b) in zip(first, changed):
            if np.shape(a) == np.shape(b) and np.array_equal(a, b):
                raise AssertionError(f"{fn}: {name} is the same when {arg} alone changes; it must "
                                     f"be computed from {arg} too")
    B = np.shape(problem_a["h0"])[0]
    one = dict(problem_a)
    for key in names:
        axes = [k for k, n in enumerate(np.shape(problem_a[key])) if n == B]
        if len(axes) == 1:
            index = (slice(None),) * axes[0] + (0,)
            one[key] = np.array(problem_a[key], copy=True)
            one[key][index] = problem_b[key][index]
    for (name, a), (_, b) in zip(first, run(one)):
        axes = [k for k, n in enumerate(np.shape(a)) if n == B]
        if len(axes) != 1 or np.shape(a) != np.shape(b):
            continue
        a, b = (np.moveaxis(np.asarray(v, dtype=np.float64), axes[0], 0) for v in (a, b))
        if np.array_equal(a[0], b[0]):
            raise AssertionError(f"{fn}: {name} for example 0 is the same when that example's "
                                 "inputs change")
        if not np.allclose(a[1:], b[1:], rtol=1e-12, atol=1e-300):
            raise AssertionError(f"{fn}: {name} changes for other examples when only example 0's "
                                 "inputs change; each row must be computed from its own example")
    if units:
        _check_units(fn, run, first, problem_a, problem_b, names, B)
    _check_agreement(fn, agreement(run, reference, problem_a, problem_b, names,
                                   {**runs, None: first}))


def agreement(run, reference, problem_a, problem_b, names, known=None):
    """[(name, r)]: the Pearson correlation of each output of ``run`` with
    the same output of ``reference``, over every element of the outputs for
    problem_a, for problem_a with each input in ``names`` alone taken from
    problem_b, and for problem_b. ``known`` maps an input's name (None for
    problem_a itself) to ``run``'s outputs already computed for that problem.
    NaN where either side is constant."""
    known = known or {}
    problems = [(None, problem_a)] + [(key, dict(problem_a, **{key: problem_b[key]}))
                                       for key in names] + [("*", problem_b)]
    pairs = []
    for key, problem in problems:
        outputs = known[key] if key in known else run(problem)
        pairs.append((outputs, reference(problem)))
    result = []
    for k, (name, _) in enumerate(pairs[0][0]):
        learner = np.concatenate([np.ravel(np.asarray(out[k][1], dtype=np.float64))
                                  for out, _ in pairs])
        expected = np.concatenate([np.ravel(np.asarray(ref[k], dtype=np.float64))
                                   for _, ref in pairs])
        result.append((name, _pearson(learner, expected)))
    return result


def _pearson(a, b):
    """Pearson's correlation of two flat arrays; NaN where either is constant,
    not finite, or their sizes differ."""
    if a.shape != b.shape:
        return float("nan")
    with np.errstate(all="ignore"):
        a, b = a - a.mean(), b - b.mean()
        a, b = a / np.abs(a).max(initial=0), b / np.abs(b).max(initial=0)    # no overflow below
        r = np.dot(a, b) / np.sqrt(np.dot(a, a) * np.dot(b, b))
    return float(r) if np.isfinite(r) else float("nan")


def _check_agreement(fn, correlations):
    for name, r in correlations:
        if np.isnan(r):
            raise AssertionError(
                f"{fn}: {name} does not vary with the inputs as the right {name} does (it is "
                f"constant or not finite over this test's problems); it must be computed as the "
                "definition says")
        if r < AGREEMENT:
            raise AssertionError(
                f"{fn}: {name} does not follow the right {name}: over this test's problems they "
                f"correlate at {r:.2f}, and the shape points need {AGREEMENT} or more (a known "
                f"mistake, such as a wrong activation, usually keeps them); {name} must be computed "
                "as the definition says, not merely with the right shape from the right inputs")


def _first_step(a, b, H):
    """The outputs' first step (B, H), or None for an output without units."""
    a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    if a.shape != b.shape or a.shape[-1] != H:
        return None
    return (a[0], b[0]) if a.ndim == 3 else (a, b)   # (T, B, H): no mixing over steps yet


def _check_units(fn, run, first, problem_a, problem_b, names, B):
    H = np.shape(problem_a["h0"])[1]
    one = dict(problem_a)
    for key in names:
        shape = np.shape(problem_a[key])
        if B not in shape and shape and shape[0] % H == 0:
            one[key] = np.array(problem_a[key], copy=True)
            one[key][::H] = problem_b[key][::H]
    for (name, a), (_, b) in zip(first, run(one)):
        a, b = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
        if a.shape != b.shape or a.shape[-1] != H:
            continue
        if a.ndim == 3:                       # (T, B, H): the first step has no mixing yet
            a, b = a[0], b[0]
        if np.array_equal(a[..., 0], b[..., 0]):
            raise AssertionError(f"{fn}: {name} for hidden unit 0 is the same when that unit's "
                                 "weights change")
        if not np.allclose(a[..., 1:], b[..., 1:], rtol=1e-12, atol=1e-300):
            raise AssertionError(f"{fn}: {name} changes for other hidden units when only unit 0's "
                                 "rows of the weights change; column j must be computed from "
                                 "unit j's rows")
    _check_mixing(fn, run, first, problem_a, problem_b, names, H)


def _check_mixing(fn, run, first, problem_a, problem_b, names, H):
    for key, what in (("x", "feature"), ("h0", "unit")):
        if key not in names:
            continue
        arg = _STEP_ARGS.get(key, key) if "step" in fn else key
        one = dict(problem_a, **{key: np.array(problem_a[key], copy=True)})
        one[key][..., 0] = problem_b[key][..., 0]
        changes = [(one, f"only {what} 0 of {arg} changes")]
        if np.shape(problem_a[key])[-1] > 1:
            contrast = dict(problem_a, **{key: np.array(problem_a[key], copy=True)})
            contrast[key][..., 0] += 0.5
            contrast[key][..., 1] -= 0.5
            changes.append((contrast, f"{what} 0 of {arg} goes up and {what} 1 down by as much"))
        for problem, how in changes:
            for (name, a), (_, b) in zip(first, run(problem)):
                step = _first_step(a, b, H)
                if step is None:
                    continue
                same = np.flatnonzero(np.all(step[0] == step[1], axis=0))
                if same.size:
                    raise AssertionError(f"{fn}: {name} for hidden unit {same[0]} is the same when "
                                         f"{how}; every unit must be computed from every {what} of "
                                         f"{arg} (a matrix product)")
