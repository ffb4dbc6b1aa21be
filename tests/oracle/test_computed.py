"""check_computed gives the shape points only to outputs that follow the right ones: torch's
layers pass against the reference solutions; the known mistakes listed in KEEPS keep the points
(their correlation with the right outputs, measured, is 0.5 or more); those in LOSES are
told that their outputs do not follow the right ones, and every other known mistake of these
functions loses them to a structural check; meaningless functions of exactly the right inputs,
which pass every structural check, are told that they do not follow the right outputs."""
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pytest

from oracle import computed
from oracle.computed import agreement, check_computed
from oracle.mistakes import CATALOGUE
from oracle.problems import SIZES, gru_problem, lstm_problem, rng, rnn_problem, upstream
from oracle.torch_layers import (
    torch_gru_forward,
    torch_gru_grads,
    torch_lstm_forward,
    torch_lstm_grads,
    torch_rnn_forward,
)
from solutions import gru, lstm, rnn

T, B, D, H = SIZES[2]
DHS = rng(3).standard_normal((T, B, H))          # the upstream gradient of gru_backward's test
RNN, LSTM, GRU = ("x", "h0", "W_x", "W_h", "b"), ("x", "h0", "c0", "W_x", "W_h", "b"), \
    ("x", "h0", "W_x", "W_h", "b_x", "b_h")


def _backward_problem(seed, steps=T):
    return dict(lstm_problem(seed, steps, B, D, H), **upstream(seed + 1000, steps, B, H))


@dataclass
class Function:
    """How check_computed sees one graded function: its problems, the arguments its known
    mistakes are computed from, its outputs' names, the reference, and torch's outputs."""
    problem: Callable
    args: Callable
    names: tuple
    reference: Callable
    torch: Callable
    units: bool = False
    inputs: tuple = None
    seeds: tuple = (2, 3)                        # the hidden tests' (ex07's are 3 and 4)


def _first(p, keys):
    return (p["x"][0],) + tuple(p[k] for k in keys[1:])


def _all(p, keys):
    return tuple(p[k] for k in keys)


def _lstm_grads(p, dc_last):
    return lstm.lstm_backward(p["dhs"], lstm.lstm_forward(*_all(p, LSTM))[2], dc_last)


FUNCTIONS = {
    "rnn_step": Function(
        lambda s: rnn_problem(s, T, B, D, H), lambda p: _first(p, RNN), ("h",),
        lambda p: rnn.rnn_step(*_first(p, RNN))[:1],
        lambda p: (torch_rnn_forward(p["x"][:1], *_all(p, RNN[1:]))[0],), units=True),
    "rnn_forward": Function(
        lambda s: rnn_problem(s, T, B, D, H), lambda p: _all(p, RNN), ("hs",),
        lambda p: rnn.rnn_forward(*_all(p, RNN))[:1],
        lambda p: (torch_rnn_forward(*_all(p, RNN)),), units=True),
    "lstm_step": Function(
        lambda s: lstm_problem(s, T, B, D, H), lambda p: _first(p, LSTM), ("h", "c"),
        lambda p: lstm.lstm_step(*_first(p, LSTM))[:2],
        lambda p: tuple(a[0] for a in torch_lstm_forward(p["x"][:1], *_all(p, LSTM[1:]))),
        units=True),
    "lstm_forward": Function(
        lambda s: lstm_problem(s, T, B, D, H), lambda p: _all(p, LSTM), ("hs", "cs"),
        lambda p: lstm.lstm_forward(*_all(p, LSTM))[:2],
        lambda p: torch_lstm_forward(*_all(p, LSTM)), units=True),
    "lstm_step_backward": Function(
        lambda s: _backward_problem(s, 1),
        lambda p: _first(p, LSTM) + (p["dhs"][0], p["dc_last"]),
        ("dx", "dh_prev", "dc_prev", "dW_x", "dW_h", "db"),
        lambda p: (lambda g: (g[0][0],) + g[1:])(_lstm_grads(p, p["dc_last"])),
        lambda p: (lambda g: (g[0][0],) + g[1:])(
            torch_lstm_grads(*_all(p, LSTM), p["dhs"], p["dc_last"]))),
    "lstm_backward": Function(
        _backward_problem, lambda p: _all(p, LSTM) + (p["dhs"], None),
        ("dx", "dh0", "dc0", "dW_x", "dW_h", "db"), lambda p: _lstm_grads(p, None),
        lambda p: torch_lstm_grads(*_all(p, LSTM), p["dhs"]), inputs=LSTM + ("dhs",)),
    "gru_step": Function(
        lambda s: gru_problem(s, T, B, D, H), lambda p: _first(p, GRU), ("h",),
        lambda p: gru.gru_step(*_first(p, GRU))[:1],
        lambda p: (torch_gru_forward(p["x"][:1], *_all(p, GRU[1:]))[0],), units=True,
        seeds=(3, 4)),
    "gru_forward": Function(
        lambda s: gru_problem(s, T, B, D, H), lambda p: _all(p, GRU), ("hs",),
        lambda p: gru.gru_forward(*_all(p, GRU))[:1],
        lambda p: (torch_gru_forward(*_all(p, GRU)),), units=True, seeds=(3, 4)),
    "gru_backward": Function(
        lambda s: gru_problem(s, T, B, D, H), lambda p: _all(p, GRU) + (DHS,),
        ("dx", "dh0", "dW_x", "dW_h", "db_x", "db_h"),
        lambda p: gru.gru_backward(DHS, gru.gru_forward(*_all(p, GRU))[1]),
        lambda p: torch_gru_grads(*_all(p, GRU), DHS), seeds=(3, 4)),
}

# (function, mistake key): the smallest correlation of its outputs with the right ones, measured
KEEPS = {
    ("rnn_step", "no_tanh"): 0.93, ("rnn_step", "sigmoid"): 0.98,
    ("rnn_forward", "no_tanh"): 0.92, ("rnn_forward", "sigmoid"): 0.93,
    ("rnn_forward", "not_carried"): 0.87,
    ("lstm_step", "gate_order_ifog"): 0.59, ("lstm_step", "no_forget"): 0.90,
    ("lstm_step", "coupled"): 0.93, ("lstm_step", "no_tanh_on_c"): 0.98,
    ("lstm_step", "candidate_as_cell"): 0.77,
    ("lstm_forward", "no_forget"): 0.76, ("lstm_forward", "coupled"): 0.88,
    ("lstm_forward", "no_tanh_on_c"): 0.97, ("lstm_forward", "candidate_as_cell"): 0.68,
    ("lstm_forward", "not_carried"): 0.75,
    ("lstm_step_backward", "dc_prev_without_f"): 0.85,
    ("lstm_backward", "dc_prev_without_f"): 0.80, ("lstm_backward", "no_tanh_derivative"): 0.96,
    ("lstm_backward", "dc_last_ignored"): 1.0, ("lstm_backward", "not_accumulated"): 0.73,
    ("lstm_backward", "carry_dropped"): 0.98, ("lstm_backward", "dc_carry_dropped"): 0.82,
    ("gru_step", "z_swapped"): 0.52, ("gru_step", "bias_outside_reset"): 0.99,
    ("gru_step", "gate_order_zrn"): 0.63,
    ("gru_forward", "bias_outside_reset"): 0.99, ("gru_forward", "gate_order_zrn"): 0.69,
    ("gru_forward", "not_carried"): 0.88,
    ("gru_backward", "not_accumulated"): 0.70, ("gru_backward", "carry_dropped"): 0.88,
}
# (function, mistake key): the output that does not follow the right one, and its correlation
LOSES = {
    ("lstm_forward", "gate_order_ifog"): ("hs", 0.40),
    ("gru_forward", "z_swapped"): ("hs", 0.44),
    ("gru_backward", "direct_path_missing"): ("dh0", 0.37),
}


def _mistakes():
    """(function, key, computation) of every known mistake that shows in these functions."""
    return [(fn, m.key, m.outputs[fn]) for m in CATALOGUE for fn in FUNCTIONS if fn in m.outputs]


def _check(fn, outputs):
    """check_computed on ``outputs(problem)`` (a tuple of arrays) posing as ``fn``."""
    f = FUNCTIONS[fn]
    check_computed(fn, lambda p: list(zip(f.names, outputs(p))), *map(f.problem, f.seeds),
                   f.reference, inputs=f.inputs, units=f.units)


def _correlations(fn, outputs):
    """The correlation of each output with the right one, as check_computed measures it."""
    f = FUNCTIONS[fn]
    problem_a, problem_b = map(f.problem, f.seeds)
    names = list(f.inputs) if f.inputs else [k for k, v in problem_a.items() if v.size > 1]
    return dict(agreement(lambda p: list(zip(f.names, outputs(p))), f.reference, problem_a,
                          problem_b, names))


@pytest.mark.parametrize("fn", sorted(FUNCTIONS))
def test_torch_passes_against_the_reference(fn):
    _check(fn, FUNCTIONS[fn].torch)
    for name, r in _correlations(fn, FUNCTIONS[fn].torch).items():
        assert r == pytest.approx(1.0, abs=1e-9), name


@pytest.mark.parametrize("fn, key", sorted(KEEPS))
def test_a_known_mistake_keeps_the_shape_points(fn, key):
    mistake = dict(((f, k), m) for f, k, m in _mistakes())[fn, key]
    outputs = lambda p: mistake(*FUNCTIONS[fn].args(p))
    _check(fn, outputs)
    assert min(_correlations(fn, outputs).values()) == pytest.approx(KEEPS[fn, key], abs=0.0051)


@pytest.mark.parametrize("fn, key", sorted(LOSES))
def test_a_mistake_far_from_the_definition_loses_them_saying_so(fn, key):
    mistake = dict(((f, k), m) for f, k, m in _mistakes())[fn, key]
    name, r = LOSES[fn, key]
    with pytest.raises(AssertionError, match=rf"{fn}: {name} does not follow the right {name}: "
                                             rf"over this test's problems they correlate at {r}"):
        _check(fn, lambda p: mistake(*FUNCTIONS[fn].args(p)))


def test_every_known_mistake_of_these_functions_is_accounted_for():
    """Each mistake keeps the points, loses them to the agreement, or to a structural check."""
    for fn, key, mistake in _mistakes():
        try:
            _check(fn, lambda p, m=mistake, fn=fn: m(*FUNCTIONS[fn].args(p)))
        except AssertionError as e:
            assert (fn, key) not in KEEPS, (fn, key, str(e))
            assert ((fn, key) in LOSES) == ("does not follow" in str(e)), (fn, key, str(e))
        else:
            assert (fn, key) in KEEPS, (fn, key)


def _z(x, h_prev, W_x, W_h, b):
    return x @ W_x.T + h_prev @ W_h.T + b


def _sigmoid(a):
    return 1 / (1 + np.exp(-a))


def _lstm_blocks(x, h_prev, W_x, W_h, b, R=None, S=None):
    z = _z(x, h_prev, W_x, W_h, b) if R is None else \
        (x @ R.T) * W_x.sum(axis=1) + (h_prev @ S.T) * W_h.sum(axis=1) + b
    return np.split(z, 4, axis=1)


def _seeded(like, seed):
    return rng(seed).standard_normal(like.shape)


def _lstm_seeded(x, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _lstm_blocks(x, h_prev, W_x, W_h, b, _seeded(W_x, 8), _seeded(W_h, 9))
    c = _sigmoid(f) * c_prev + _sigmoid(i) * np.tanh(g)
    return _sigmoid(o) * np.tanh(c), c


def _lstm_hash(x, h_prev, c_prev, W_x, W_h, b):
    i, f, g, o = _lstm_blocks(x, h_prev, W_x, W_h, b)
    c = np.cos(29 * i * g - 17 * f + c_prev)
    return np.sin(19 * o * c), c


def _gru_hash(x, h_prev, W_x, W_h, b_x, b_h):
    a_x, a_h = x @ W_x.T + b_x, h_prev @ W_h.T + b_h
    r, z, n = np.split(a_x * a_h + a_x, 3, axis=1)
    return np.tanh(np.sin(23 * r + 41 * z * h_prev + 7 * n))


def _sequence(step, n_states):
    """The sequence function that runs ``step`` over x (T, B, D) from n_states states."""
    def forward(x, *args):
        states, params, outs = args[:n_states], args[n_states:], []
        for x_t in x:
            states = step(x_t, *states, *params)
            states = states if isinstance(states, tuple) else (states,)
            outs.append(states)
        return tuple(np.stack(s) for s in zip(*outs))
    return forward


def _lstm_backward_hash(x, h0, c0, W_x, W_h, b, dhs, dc_last):
    """Gradient-shaped products of a hash dz of the right inputs (T, B, 4H)."""
    hs, cs, _ = lstm.lstm_forward(x, h0, c0, W_x, W_h, b)
    dz = np.cos(31 * np.tile(dhs, 4) * np.tile(cs, 4) + 13 * np.tile(hs, 4))
    h_prev = np.concatenate([h0[None], hs[:-1]])
    return (dz @ W_x, np.sin(dz[0] @ W_h), np.cos(11 * dz[0, :, :H] * c0), np.einsum("tbk,tbd->kd", dz, x),
            np.einsum("tbk,tbh->kh", dz, h_prev), dz.sum(axis=(0, 1)))


HASHES = {
    "rnn_step, a hash of the right products": (
        "rnn_step", lambda *a: (np.sin(23 * np.tanh(_z(*a)) + 5 * a[4] ** 2),)),
    "rnn_step, cos of the right products": ("rnn_step", lambda *a: (np.cos(_z(*a)),)),
    "rnn_step, the right h negated": ("rnn_step", lambda *a: (-np.tanh(_z(*a)),)),
    "rnn_step, seeded weights scaled by the given ones' row sums": (
        "rnn_step", lambda x, h, W_x, W_h, b: (np.tanh(
            (x @ _seeded(W_x, 8).T) * W_x.sum(axis=1) + (h @ _seeded(W_h, 9).T) * W_h.sum(axis=1)
            + b),)),
    "rnn_forward, a hash of the right products": (
        "rnn_forward", _sequence(lambda *a: np.sin(23 * np.tanh(_z(*a)) + 5 * a[4] ** 2), 1)),
    "lstm_step, a hash of the right blocks": ("lstm_step", _lstm_hash),
    "lstm_step, seeded weights scaled by the given ones' row sums": ("lstm_step", _lstm_seeded),
    "lstm_forward, a hash of the right blocks": ("lstm_forward", _sequence(_lstm_hash, 2)),
    "lstm_forward, seeded weights": ("lstm_forward", _sequence(_lstm_seeded, 2)),
    "lstm_backward, products of a hash": ("lstm_backward", _lstm_backward_hash),
    "gru_step, a hash of the right products": ("gru_step", lambda *a: (_gru_hash(*a),)),
    "gru_forward, a hash of the right products": ("gru_forward", _sequence(_gru_hash, 1)),
}


@pytest.mark.parametrize("case", sorted(HASHES))
def test_a_meaningless_function_of_the_right_inputs_earns_nothing(case):
    fn, outputs = HASHES[case]
    f = FUNCTIONS[fn]
    with pytest.raises(AssertionError, match=rf"{fn}: \w+ does not follow the right \w+: over "
                                             r"this test's problems they correlate at (-[01]|0)\.[0-4]"):
        _check(fn, lambda p: outputs(*f.args(p)))


def test_an_output_that_is_constant_or_not_finite_fails():
    f = FUNCTIONS["rnn_step"]
    constant = agreement(lambda p: [("h", np.full((B, H), 0.25))], f.reference, f.problem(2),
                         f.problem(3), list(RNN))
    assert np.isnan(constant[0][1])
    with pytest.raises(AssertionError, match="rnn_step: h does not vary with the inputs as the "
                                             "right h does"):
        computed._check_agreement("rnn_step", constant)
    b = f.problem(3)
    blows_up = lambda p: [("h", f.reference(p)[0] * (np.inf if p["x"] is b["x"] else 1.0))]
    assert np.isnan(agreement(blows_up, f.reference, f.problem(2), b, list(RNN))[0][1])
