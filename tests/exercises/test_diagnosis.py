"""A wrong answer that matches a known mistake is told which mistake it is."""
import pytest

from autograder.hidden import module as hidden_module
from autograder.hidden._local import grade, splice
from exercises import assemble

WRONG = assemble.EXERCISES / "corpus" / "wrong"

# corpus file -> words the hidden test's message must contain
EXPECTED = {
    "ex01_rnn_forward/rnn_step_no_tanh": "the tanh is missing",
    "ex01_rnn_forward/rnn_forward_not_carried": "not carried",
    "ex02_gradients/rnn_step_backward_no_tanh_derivative": "tanh derivative is missing",
    "ex02_gradients/rnn_backward_not_accumulated": "not accumulated over time",
    "ex02_gradients/rnn_backward_carry_dropped": "carry from step t+1 is dropped",
    "ex02_gradients/clip_grad_norm_per_array": "clipped by its own norm",
    "ex02_gradients/numerical_gradient_one_sided": "one-sided difference",
    "ex03_lstm_forward/lstm_step_gate_order_ifog": "order i, f, o, g",
    "ex03_lstm_forward/lstm_step_no_forget": "forget gate is missing",
    "ex03_lstm_forward/lstm_step_coupled": "coupled to the forget gate",
    "ex03_lstm_forward/lstm_step_no_tanh_on_c": "without the tanh",
    "ex03_lstm_forward/lstm_forward_c0_ignored": "c0 is ignored",
    "ex04_lstm_backward/lstm_backward_not_accumulated": "not accumulated over time",
    "ex04_lstm_backward/lstm_backward_carry_dropped": "carry from step t+1 through h is dropped",
    "ex04_lstm_backward/lstm_backward_dc_carry_dropped": "through the cell state is dropped",
    "ex04_lstm_backward/lstm_backward_dc_last_ignored": "dc_last",
    "ex04_lstm_backward/lstm_step_backward_dc_prev_without_f": "multiplied by the forget gate",
    "ex05_training/Adam_no_bias_correction": "bias corrections",
    "ex05_training/Adam_eps_inside_sqrt": "eps is inside the square root",
    "ex06_torch_lstm/LSTM_gate_order_ifog": "order i, f, o, g",
    "ex07_gru/gru_step_z_swapped": "swapped",
    "ex07_gru/gru_step_reset_before_matmul": "reset gate multiplies h_prev",
    "ex07_gru/gru_backward_direct_path_missing": "direct path",
}


@pytest.mark.parametrize("case", sorted(EXPECTED))
def test_known_mistake_is_named(released, case):
    name, stem = case.split("/")
    source = assemble.course_root() / "source" / name / f"{name}.ipynb"
    cells, _ = splice(source, WRONG / name / f"{stem}.py", hidden_module(name).FUNCTIONS)
    report = grade(source, name, cells=cells, skip_demos=True)
    messages = [c.hidden for c in report.cells.values() if c.hidden]
    assert any(EXPECTED[case] in m and "known mistake" in m for m in messages), messages
