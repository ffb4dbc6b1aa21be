"""Hidden tests of exercise 05 (Adam, training on the first-symbol task).

The learner's ``train`` runs on the learner's side through the driver
``train_run`` with a seed the notebook does not use; the accuracy is measured
here, with the reference LSTM forward pass, on sequences drawn here.
"""
import numpy as np
import torch

from autograder.hidden._common import assert_close, check_array, rng
from autograder.student import StudentError
from solutions.lstm import lstm_forward
from solutions.training import K, STEPS, make_batch

ASSIGNMENT = "ex05_training"
FUNCTIONS = ["Adam", "train"]
TIMEOUTS = {"train_accuracy": 120}
# train uses the learner's Adam, so its test also fails while Adam is wrong
NEEDS = {"train": ["Adam"]}

TARGET = 0.95
HIDDEN_SEED = 1


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


def _adam_variants(params, grads_seq, lr=1e-3, betas=(0.9, 0.999), eps=1e-8):
    """{mistake: history} for known mistakes in Adam."""
    def run(correct=True, eps_inside=False, square=True):
        p = {k: v.copy() for k, v in params.items()}
        m = {k: np.zeros_like(v) for k, v in p.items()}
        v = {k: np.zeros_like(x) for k, x in p.items()}
        history = []
        for t, g in enumerate(grads_seq, start=1):
            for k in p:
                m[k] = betas[0] * m[k] + (1 - betas[0]) * g[k]
                v[k] = betas[1] * v[k] + (1 - betas[1]) * (g[k] ** 2 if square else np.abs(g[k]))
                mh = m[k] / (1 - betas[0] ** t) if correct else m[k]
                vh = v[k] / (1 - betas[1] ** t) if correct else v[k]
                p[k] = p[k] - lr * mh / (np.sqrt(vh + eps) if eps_inside else np.sqrt(vh) + eps)
            history.append({k: x.copy() for k, x in p.items()})
        return history
    return {"the bias corrections 1 − β₁^t and 1 − β₂^t are missing": run(correct=False),
            "eps is inside the square root; torch adds it after: sqrt(v̂) + eps": run(eps_inside=True),
            "v must average the squared gradient g²": run(square=False)}


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
        variants = _adam_variants(params, grads_seq, **kwargs)
        if not isinstance(history, list) or len(history) != len(grads_seq):
            raise AssertionError("Adam.step did not run once per call")
        for step, (got, want) in enumerate(zip(history, expected), start=1):
            for k in params:
                assert_close(f"params[{k!r}] after step {step}", got[k], want[k], tol=1e-9,
                             variants={m: h[step - 1][k] for m, h in variants.items()},
                             context=f"Adam({', '.join(f'{a}={b}' for a, b in kwargs.items()) or 'defaults'})")


def _accuracy(params, n=2000, seed=777):
    x, y = make_batch(rng(seed), n)
    H = params["W_h"].shape[1]
    zeros = np.zeros((n, H))
    hs, _, _ = lstm_forward(x, zeros, zeros, params["W_x"], params["W_h"], params["b"])
    logits = hs[-1] @ params["W_y"].T + params["b_y"]
    return float(np.mean(np.argmax(logits, axis=1) == y))


def _trained_params(student, steps):
    """The parameters ``train(seed=HIDDEN_SEED, steps=steps)`` returns, checked
    and as float64 arrays."""
    params = _driver(student, "train_run", "train", HIDDEN_SEED, steps)
    if not isinstance(params, dict):
        raise AssertionError("train must return a dict of parameters")
    missing = {"W_x", "W_h", "b", "W_y", "b_y"} - set(params)
    if missing:
        raise AssertionError(f"the dict returned by train lacks {sorted(missing)}")
    W_h = params["W_h"]
    if not isinstance(W_h, np.ndarray) or W_h.ndim != 2:
        raise AssertionError("params['W_h'] must be a 2-D NumPy array (4H, H)")
    H = W_h.shape[1]
    checked = {}
    for name, shape, letters in (("W_x", (4 * H, K), "(4H, K)"), ("W_h", (4 * H, H), "(4H, H)"),
                                 ("b", (4 * H,), "(4H,)"), ("W_y", (K, H), "(K, H)"),
                                 ("b_y", (K,), "(K,)")):
        value = params[name]
        if isinstance(value, np.ndarray) and value.dtype.kind == "f":
            value = value.astype(np.float64)
        check_array(f"params[{name!r}] (steps={steps})", value, shape, letters)
        checked[name] = value
    return checked


def test_train(student):
    acc = _accuracy(_trained_params(student, STEPS))
    if acc < TARGET:
        raise AssertionError(f"with seed={HIDDEN_SEED}, train reached an accuracy of {acc:.3f} "
                             f"after {STEPS} steps; at least {TARGET} is needed (does training "
                             "depend on a lucky seed?)")
    # The accuracy must come from the training steps, not from stored weights.
    acc0 = _accuracy(_trained_params(student, 0))
    if acc0 > 0.6:
        raise AssertionError(f"train(seed={HIDDEN_SEED}, steps=0) is already {acc0:.3f} accurate: "
                             "the parameters must start from a fresh random initialisation and "
                             "be learned in the given number of steps")

TESTS = {
    "Adam_matches_torch": test_adam,
    "train_accuracy": test_train,
}
