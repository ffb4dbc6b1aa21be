"""Hidden tests of exercise 05 (Adam, training on the first-symbol task).

The learner's ``train`` runs on the learner's side through the driver
``train_run`` with a seed the notebook does not use, its ``Adam`` and
``make_batch`` wrapped so that every batch, every Adam step and the
parameters before it are recorded. Nothing recorded is taken on trust: here,
on the grader's side, the run is replayed with ``torch.optim.Adam`` from the
recorded initial parameters and every recorded gradient is checked against
torch's autograd gradient of the batch's cross-entropy (up to a positive
factor per parameter, so any clipping passes). Stored weights, canned
answers, a ``train`` that ignores the learner's ``Adam`` or takes steps that
are not gradient steps on its batches earn nothing. The accuracy is measured
here, with the reference LSTM forward pass, on sequences drawn here.
Sizes are checked before any of this work: ``H`` at most ``MAX_H``, batches
of at most ``MAX_B`` sequences.
"""
import numpy as np
import torch

from autograder.student import StudentError
from oracle.checks import assert_close, check_array
from oracle.mistakes import variants
from oracle.problems import rng
from oracle.torch_layers import torch_lstm
from solutions.lstm import lstm_forward
from solutions.training import STEPS, K, T, make_batch

ASSIGNMENT = "ex05_training"
FUNCTIONS = ["Adam", "train"]
TIMEOUTS = {"train_accuracy": 120}
# train uses the learner's Adam: its test checks Adam first and fails while Adam is wrong
NEEDS = {"train": ["Adam"]}

TARGET = 0.95
HIDDEN_SEED = 1
UNTRAINED_SEED = 5
START_SEED = 7      # a second run like the graded one, stopped at its first batch: its start
MAX_H = 64          # hidden units a returned model may have
MAX_B = 256         # sequences in one training batch


def _driver(student, name, fn, *args):
    try:
        return student.driver(name, *args)
    except StudentError as err:
        if err.kind == "NotImplementedError":
            raise AssertionError(f"{fn} is not written yet (it raises NotImplementedError)") from None
        raise AssertionError(f"{fn} raised {err.kind}: {err.message}") from None


def _torch_adam(params, grads_seq, kwargs):
    tensors = {k: torch.tensor(v, requires_grad=True) for k, v in params.items()}
    opt = torch.optim.Adam(tensors.values(), **kwargs)
    history = []
    for grads in grads_seq:
        for k, t in tensors.items():
            t.grad = torch.tensor(grads[k])
        opt.step()
        history.append({k: t.detach().numpy().copy() for k, t in tensors.items()})
    return history


def test_adam(student):
    for seed, kwargs in ((0, {}), (1, dict(lr=0.05, betas=(0.5, 0.99), eps=1e-4)),
                         (2, dict(lr=0.3, betas=(0.9, 0.9), eps=1e-8))):
        r = rng(seed)
        params = {"W": r.standard_normal((4, 3)), "b": r.standard_normal(3),
                  "v": r.standard_normal((1,))}
        grads_seq = [{k: (t + 1) * r.standard_normal(v.shape) for k, v in params.items()}
                     for t in range(6)]
        history = _driver(student, "adam_probe", "Adam", params, grads_seq, kwargs)
        expected = _torch_adam(params, grads_seq, kwargs)
        known = variants("Adam", params, grads_seq, **kwargs)
        if not isinstance(history, list) or len(history) != len(grads_seq):
            raise AssertionError("Adam.step did not run once per call")
        for step, (got, want) in enumerate(zip(history, expected), start=1):
            for k in params:
                assert_close(f"params[{k!r}] after step {step}", got[k], want[k], tol=1e-9,
                             variants={m: h[step - 1][k] for m, h in known.items()},
                             context=f"Adam({', '.join(f'{a}={b}' for a, b in kwargs.items()) or 'defaults'})")


def _accuracy(params, n=2000, seed=777):
    x, y = make_batch(rng(seed), n)
    H = params["W_h"].shape[1]
    zeros = np.zeros((n, H))
    hs, _, _ = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
    logits = hs[-1] @ params["W_y"].T + params["b_y"]
    return float(np.mean(np.argmax(logits, axis=1) == y))


def _check_params(params, what):
    """The dict of parameters ``what`` holds, checked (H at most MAX_H) and as
    float64 arrays."""
    if not isinstance(params, dict):
        raise AssertionError(f"{what} must be a dict of parameters")
    missing = {"W_x", "W_h", "b", "W_y", "b_y"} - set(params)
    if missing:
        raise AssertionError(f"{what} lacks {sorted(missing)}")
    W_h = params["W_h"]
    if not isinstance(W_h, np.ndarray) or W_h.ndim != 2:
        raise AssertionError(f"{what}: W_h must be a 2-D NumPy array (4H, H)")
    H = W_h.shape[1]
    if not 1 <= H <= MAX_H:
        raise AssertionError(f"{what}: H = {H} hidden units; this exercise allows 1 to {MAX_H}")
    checked = {}
    for name, shape, letters in (("W_x", (4 * H, K), "(4H, K)"), ("W_h", (4 * H, H), "(4H, H)"),
                                 ("b", (4 * H,), "(4H,)"), ("W_y", (K, H), "(K, H)"),
                                 ("b_y", (K,), "(K,)")):
        value = params[name]
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            value = value.astype(np.float64)
        check_array(f"{what}[{name!r}]", value, shape, letters)
        checked[name] = value
    return checked


def _run_train(student, seed, steps):
    """(returned parameters, events) of ``train(seed=seed, steps=steps)``."""
    run = _driver(student, "train_run", "train", seed, steps)
    if not isinstance(run, dict) or not isinstance(run.get("events"), list):
        raise AssertionError("train could not be run")
    return _check_params(run.get("params"), f"the dict train(seed={seed}, steps={steps}) returns"), \
        run["events"]


def _true_grads(params, x, y):
    """Gradients of the mean cross-entropy of the read-out of h_T on batch
    (x, y), by torch's autograd through nn.LSTM (zero initial state)."""
    layer = torch_lstm(params["W_x"], params["W_h"], params["b"])
    W_y, b_y = (torch.tensor(params[k], requires_grad=True) for k in ("W_y", "b_y"))
    hs, _ = layer(torch.tensor(x, dtype=torch.float64))
    loss = torch.nn.functional.cross_entropy(hs[-1] @ W_y.T + b_y, torch.tensor(y, dtype=torch.long))
    loss.backward()
    return {"W_x": layer.weight_ih_l0.grad.numpy(), "W_h": layer.weight_hh_l0.grad.numpy(),
            "b": layer.bias_ih_l0.grad.numpy(), "W_y": W_y.grad.numpy(), "b_y": b_y.grad.numpy()}


def _same_direction(got, true):
    """``got`` is ``true`` times a positive factor, up to the rounding of its dtype."""
    if not isinstance(got, np.ndarray) or got.dtype.kind != "f":
        return False
    true = np.asarray(true, dtype=np.float64)
    if got.shape != true.shape or not np.all(np.isfinite(got)):
        return False
    tol = 1e-3 if got.dtype == np.float32 else 1e-6       # what float32 backprop rounds to
    got = got.astype(np.float64)
    scale = float(np.sum(got * true)) / max(float(np.sum(true * true)), 1e-300)
    return scale > 0 and np.linalg.norm(got - scale * true) <= tol * max(np.linalg.norm(got), 1e-300)


def _adam_settings(args, kwargs):
    names = ("lr", "betas", "eps")
    settings = dict(zip(names, args)) if isinstance(args, (list, tuple)) else {}
    settings.update(kwargs if isinstance(kwargs, dict) else {})
    if set(settings) - set(names) or len(args or ()) > len(names):
        raise AssertionError("train builds Adam with arguments other than params, lr, betas, eps")
    try:
        return {"lr": float(settings.get("lr", 1e-3)),
                "betas": tuple(float(b) for b in settings.get("betas", (0.9, 0.999))),
                "eps": float(settings.get("eps", 1e-8))}
    except (TypeError, ValueError):
        raise AssertionError("train builds Adam with lr, betas or eps that are not numbers") from None


def _check_replay(when, got, previous, tensors):
    """``got`` (parameters ``when``) must be where torch.optim.Adam's step from
    ``previous`` led (``tensors``; ``previous`` itself before any step): off by
    at most 0.1 % of the step, or float32 rounding of the parameters."""
    for k, t in tensors.items():
        predicted = t.detach().numpy()
        if got[k].shape != predicted.shape:
            raise AssertionError(f"params[{k!r}] {when} has shape {got[k].shape}, expected "
                                 f"{predicted.shape}")
        allowed = 1e-3 * np.abs(predicted - previous[k]) + 1e-6 * np.maximum(1.0, np.abs(predicted))
        if not np.all(np.abs(got[k] - predicted) <= allowed):
            worst = float(np.max(np.abs(got[k] - predicted)))
            raise AssertionError(f"params[{k!r}] {when} is not where Adam's steps on the recorded "
                                 f"gradients lead (replayed with torch.optim.Adam from the "
                                 f"parameters train gave Adam; largest difference {worst:.2e})")


def _check_training(params, events, steps):
    """Replay the recorded run here; returns the initial parameters."""
    adams = [e for e in events if isinstance(e, (list, tuple)) and e and e[0] == "adam"]
    if steps == 0 and not adams and not any(isinstance(e, (list, tuple)) and e and e[0] == "step"
                                            for e in events):
        return params
    if len(adams) != 1 or len(adams[0]) != 4:
        raise AssertionError(f"train must build one Adam (the class you wrote above) and take its "
                             f"steps with it; it built {len(adams)}")
    _, args, kwargs, initial = adams[0]
    initial = _check_params(initial, "the parameters train gives Adam")
    H = initial["W_h"].shape[1]
    tensors = {k: torch.tensor(v.copy()) for k, v in initial.items()}
    opt = torch.optim.Adam(list(tensors.values()), **_adam_settings(args, kwargs))
    batch, taken, previous = None, 0, initial
    for event in events:
        kind = event[0] if isinstance(event, (list, tuple)) and event else None
        if kind == "batch":
            x, y = event[1], event[2]
            if not (isinstance(x, np.ndarray) and isinstance(y, np.ndarray) and x.ndim == 3
                    and x.shape[0] == T and x.shape[2] == K and 1 <= x.shape[1] <= MAX_B
                    and y.shape == (x.shape[1],) and y.dtype.kind in "iu"):
                raise AssertionError(f"a batch from make_batch must be (T, B, K) one-hot "
                                     f"sequences and (B,) labels with B at most {MAX_B}")
            batch = (x.astype(np.float64), y)
        elif kind == "step":
            taken += 1
            if taken > steps:
                break
            if batch is None:
                raise AssertionError("train took an Adam step before drawing a batch with make_batch")
            before = _check_params(event[1], f"the parameters before step {taken}")
            if before["W_h"].shape[1] != H:
                raise AssertionError(f"the parameters changed size during training (step {taken})")
            _check_replay(f"before step {taken}", before, previous, tensors)
            grads = event[2] if isinstance(event[2], dict) else {}
            true = _true_grads(before, *batch)
            for k in true:
                if not _same_direction(grads.get(k), true[k]):
                    raise AssertionError(
                        f"at step {taken}, the gradient of {k} given to Adam is not the gradient of "
                        "the mean cross-entropy of the read-out of h_T on the batch drawn before it "
                        "(up to a positive factor, such as clipping)")
            previous = before
            with torch.no_grad():
                for k, t in tensors.items():
                    t.copy_(torch.from_numpy(before[k]))
                    t.grad = torch.tensor(np.asarray(grads[k], dtype=np.float64))
            opt.step()
            batch = None
    if taken != steps:
        raise AssertionError(f"train(steps={steps}) took {taken} Adam steps; it must take exactly "
                             "the number of steps it is given")
    _check_replay("returned by train", params, previous, tensors)
    return initial


def test_train(student):
    test_adam(student)     # train needs Adam (NEEDS): a wrong Adam fails this test too
    params, events = _run_train(student, HIDDEN_SEED, STEPS)
    threads = torch.get_num_threads()
    torch.set_num_threads(1)        # hundreds of tiny autograd runs: threads only contend
    try:
        initial = _check_training(params, events, STEPS)
    finally:
        torch.set_num_threads(threads)
    acc_initial = _accuracy(initial)
    if acc_initial > 0.6:
        raise AssertionError(f"the parameters train(seed={HIDDEN_SEED}) starts from are already "
                             f"{acc_initial:.3f} accurate: training must start from a fresh random "
                             "initialisation")
    acc = _accuracy(params)
    if acc < TARGET:
        raise AssertionError(f"with seed={HIDDEN_SEED}, train reached an accuracy of {acc:.3f} "
                             f"after {STEPS} steps; at least {TARGET} is needed (does training "
                             "depend on a lucky seed?)")
    untrained, events = _run_train(student, UNTRAINED_SEED, 0)
    _check_training(untrained, events, 0)
    acc0 = _accuracy(untrained)
    if acc0 > 0.6:
        raise AssertionError(f"train(seed={UNTRAINED_SEED}, steps=0) is already {acc0:.3f} accurate: "
                             "the parameters must start from a fresh random initialisation and "
                             "be learned in the given number of steps")
    if all(np.array_equal(untrained[k], initial[k]) for k in initial):
        raise AssertionError("train starts from the same parameters whatever its seed: the seed "
                             "must drive every random choice")
    _check_fresh(initial, untrained, UNTRAINED_SEED)
    _check_fresh(initial, _start_of_run(student, START_SEED, initial), START_SEED)


def _start_of_run(student, seed, initial):
    """The parameters ``train(seed=seed, steps=STEPS)`` gives Adam: a run
    that ``train`` cannot tell from the graded one, stopped at its first
    batch."""
    run = _driver(student, "train_run", "train", seed, STEPS, 1)
    events = run.get("events") if isinstance(run, dict) else None
    adams = [e for e in events if isinstance(e, (list, tuple)) and e and e[0] == "adam"] \
        if isinstance(events, list) else []
    if len(adams) != 1 or len(adams[0]) != 4:
        raise AssertionError(f"train(seed={seed}) must build one Adam (the class you wrote above) "
                             f"before its first batch; it built {len(adams)}")
    start = _check_params(adams[0][3], f"the parameters train(seed={seed}) gives Adam")
    if start["W_h"].shape != initial["W_h"].shape:
        raise AssertionError(f"train(seed={seed}) builds a model of H = {start['W_h'].shape[1]} hidden "
                             f"units and train(seed={HIDDEN_SEED}) one of H = "
                             f"{initial['W_h'].shape[1]}: the seed must not change the model")
    return start


def _units(W_x):
    """(H, 4K): hidden unit j's rows of the four gates of ``W_x`` (4H, K), as
    magnitudes (so that neither the order of the units nor the sign of a
    gate's rows matters)."""
    return np.abs(W_x).reshape(4, -1, W_x.shape[1]).transpose(1, 0, 2).reshape(W_x.shape[0] // 4, -1)


def _check_fresh(first, second, seed):
    """The hidden units ``train`` starts from with two seeds are unrelated,
    as two fresh random draws are: for each unit of the first run, the
    best-matching unit of the second (the largest correlation of their
    input weights) is a chance match (the median over units is about 0.5 at
    the reference's sizes; at most 0.9 is allowed). Stored weights with a
    little seeded noise, in any order of the units, are not a fresh
    initialisation."""
    a, b = first["W_x"], second["W_x"]
    if a.shape != b.shape or a.shape[0] % 4:
        return
    a, b = _units(a), _units(b)
    a = a - a.mean(axis=1, keepdims=True)
    b = b - b.mean(axis=1, keepdims=True)
    norms = np.outer(np.linalg.norm(a, axis=1), np.linalg.norm(b, axis=1))
    with np.errstate(divide="ignore", invalid="ignore"):
        match = np.where(norms > 0, (a @ b.T) / norms, 0.0)
    best = float(np.median(np.max(match, axis=1)))
    if best > 0.9:
        raise AssertionError(f"train(seed={HIDDEN_SEED}) and train(seed={seed}) start from "
                             f"the same hidden units (the median unit has a {best:.2f} correlated "
                             "twin in the other run's W_x): a fresh random initialisation draws "
                             "them anew for every seed")


TESTS = {
    "Adam_torch": test_adam,
    "train_accuracy": test_train,
}
