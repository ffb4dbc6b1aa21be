"""The hidden tests' own checks, run in this process on the reference solutions and on
attack code from the corpus (the corpus itself needs the jail): shape points need outputs
computed as the definition requires; ex05's training points need steps that the grader
replays and whose gradients it recomputes."""
import importlib
import inspect

import numpy as np
import pytest
from autograder_corpus import case as attack_case

import solutions.gru
import solutions.lstm
import solutions.optim
import solutions.rnn
import solutions.training
from autograder.student import InProcessStudent
from oracle.checks import directional_check, inner

SHAPES = {"ex01_rnn_forward": ["rnn_step_shapes", "rnn_forward_shapes"],
          "ex03_lstm_forward": ["lstm_step_shapes", "lstm_forward_shapes"],
          "ex04_lstm_backward": ["lstm_step_backward_shapes", "lstm_backward_shapes"],
          "ex07_gru": ["gru_step_shapes", "gru_forward_shapes", "gru_backward_shapes"]}


def reference_namespace():
    ns = {}
    for module in (solutions.rnn, solutions.lstm, solutions.gru):
        ns.update({k: v for k, v in vars(module).items() if not k.startswith("_")})
    return ns


def define(ns, code):
    """Run corpus code in ``ns``, as the learner's notebook would."""
    exec(code, ns)  # noqa: S102 (attack and reference code, run on purpose)
    return ns


def attack_cells(name):
    return attack_case(name).CELLS


def run(assignment, gid, ns):
    hidden = importlib.import_module(f"autograder.hidden.{assignment}")
    try:
        hidden.TESTS[gid](InProcessStudent(ns))
    except AssertionError as exc:
        return str(exc)
    return None


@pytest.mark.parametrize("assignment, gid", [(a, g) for a, gids in SHAPES.items() for g in gids])
def test_reference_earns_the_shape_points(assignment, gid):
    assert run(assignment, gid, reference_namespace()) is None


@pytest.mark.parametrize("case, assignment, word", [
    ("shapes_row_sums", "ex01_rnn_forward", "alone changes"),
    ("shapes_sum_of_inputs", "ex01_rnn_forward", "other"),
    ("ex03_shapes_row_and_weight_sums", "ex03_lstm_forward", "other hidden units"),
    ("ex04_shapes_from_upstream_only", "ex04_lstm_backward", "alone changes"),
    ("shapes_summed_weights", "ex01_rnn_forward", "goes up and feature 1 down"),
    ("shapes_diagonal_recurrence", "ex01_rnn_forward", "only unit 0 of h"),
    ("shapes_hashed_products", "ex01_rnn_forward", "does not follow the right h"),
    ("shapes_seeded_weights", "ex01_rnn_forward", "does not follow the right h"),
    ("ex03_shapes_hashed_gates", "ex03_lstm_forward", "does not follow the right h"),
    ("ex03_shapes_seeded_weights", "ex03_lstm_forward", "does not follow the right h"),
    ("ex04_shapes_hashed_gradients", "ex04_lstm_backward", "does not follow the right dx"),
])
def test_outputs_that_compute_nothing_of_the_exercise_earn_no_shape_points(case, assignment, word):
    ns = reference_namespace()
    for code in attack_cells(case).values():
        define(ns, code)
    for gid in SHAPES[assignment]:
        message = run(assignment, gid, ns)
        assert message is not None and word in message, (gid, message)


def test_an_honest_mistake_keeps_the_shape_points():
    ns = reference_namespace()
    define(ns, "def rnn_step(x, h_prev, W_x, W_h, b):\n"          # the tanh is missing
               "    return x @ W_x.T + h_prev @ W_h.T + b, None\n")
    assert run("ex01_rnn_forward", "rnn_step_shapes", ns) is None
    assert run("ex01_rnn_forward", "rnn_step_torch", ns) is not None


def training_namespace(train_source):
    ns = {"np": np, "K": solutions.training.K, "T": solutions.training.T,
          "STEPS": solutions.training.STEPS, "make_batch": solutions.training.make_batch,
          "Adam": solutions.optim.Adam, "clip_grad_norm": solutions.optim.clip_grad_norm,
          "lstm_forward": solutions.lstm.lstm_forward, "lstm_backward": solutions.lstm.lstm_backward}
    return define(ns, train_source)


def test_training_is_replayed_and_its_gradients_recomputed():
    assert run("ex05_training", "train_accuracy",
               training_namespace(inspect.getsource(solutions.training.train))) is None


@pytest.mark.parametrize("case, word", [
    ("ex05_captured_optimiser", "must build one Adam"),
    ("ex05_steered_steps", "is not the gradient"),
    ("ex05_oversized_hidden", "H = 600"),
    ("ex05_oversized_batch", "at most 256"),
    ("ex05_canned_by_arguments", "must build one Adam"),
    ("ex05_pretrained_features", "same hidden units"),
    ("ex05_permuted_stored_units", "same hidden units"),
    ("ex05_fresh_only_when_untrained", "train(seed=7) start from the same hidden units"),
    ("ex05_detects_grader", "whatever its seed"),
])
def test_training_that_does_not_train_earns_nothing(case, word, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)                  # a case may write files next to its notebook
    ns = training_namespace(inspect.getsource(solutions.training.train))
    for code in attack_case(case).APPEND:
        define(ns, code)
    message = run("ex05_training", "train_accuracy", ns)
    assert message is not None and word in message, message


def test_learner_sized_arrays_are_refused_before_any_arithmetic():
    huge = np.ones((4_000_000, 1, 1))            # would broadcast to 4e6 × 4 × 5 with (3, 4, 5)
    with pytest.raises(AssertionError, match="has shape"):
        inner("hs", huge, np.ones((3, 4, 5)))
    with pytest.raises(AssertionError, match="has shape"):
        directional_check("dW_x", lambda a: 0.0, np.ones((4, 5)), np.ones((4_000_000, 1)),
                          np.random.default_rng(0))
