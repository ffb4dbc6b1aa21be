"""Chapter 4's figures: the unrolled LSTM, one panel per gate, the GRU beside the LSTM."""
import matplotlib.colors as mcolors
import pytest
from matplotlib.figure import Figure

from course.figures.ch04 import (
    GATE_PATHS,
    draw_gate_panels,
    draw_gru_beside_lstm,
    draw_unrolled_lstm,
)
from course.figures.style import GATE_COLORS, MUTED


@pytest.mark.parametrize("T", [1, 3])
def test_unrolled_lstm_labels_both_states_of_every_step(T, figure_texts):
    fig = draw_unrolled_lstm(T)
    assert isinstance(fig, Figure)
    texts = figure_texts(fig)
    for t in range(T + 1):
        assert texts.count(f"$c_{t}$") == 1 and texts.count(f"$h_{t}$") == 1
    for t in range(1, T + 1):
        assert texts.count(f"$x_{t}$") == 1
        for gate in "ifgo":
            assert texts.count(f"${gate}_{{{t}}}$") == 1


def test_unrolled_lstm_rejects_empty_sequence():
    with pytest.raises(ValueError, match="T must be at least 1"):
        draw_unrolled_lstm(0)


def _gate_boxes(ax):
    """Face colours of the four gate boxes, keyed by the gate label above each."""
    labels = {t.get_text()[1]: t.get_position()[0] for t in ax.texts
              if t.get_text() in ("$i_{t}$", "$f_{t}$", "$g_{t}$", "$o_{t}$")}
    out = {}
    for patch in ax.patches:
        if not hasattr(patch, "get_boxstyle"):
            continue
        x = patch.get_x() + patch.get_width() / 2
        for name, lx in labels.items():
            if abs((lx + 0.5) - x) < 1e-6:
                out[name] = mcolors.to_hex(patch.get_facecolor())
    return out


def test_each_gate_panel_colours_its_gate_only():
    fig = draw_gate_panels()
    assert len(fig.axes) == 4
    for ax, gate in zip(fig.axes, "ifgo"):
        assert ax.get_title().startswith({"i": "input gate", "f": "forget gate", "g": "candidate",
                                          "o": "output gate"}[gate])
        boxes = _gate_boxes(ax)
        assert set(boxes) == set("ifgo")
        for name, color in boxes.items():
            want = GATE_COLORS[name] if name == gate else MUTED
            assert color == mcolors.to_hex(want), (gate, name)
    assert GATE_PATHS["f"] >= {"f", "mul_f"} and GATE_PATHS["o"] >= {"o", "mul_o", "tanh_c"}


def test_gru_panel_shows_torchs_reset_after_the_product(figure_texts):
    fig = draw_gru_beside_lstm()
    lstm_ax, gru_ax = fig.axes
    gru = [t.get_text() for t in gru_ax.texts]
    for label in ("$r_t$", "$z_t$", "$n_t$", "$h_{t-1}$", "$h_t$", "$x_t$", "1−",
                  r"$h_{t-1} W_{h,n}^\top + b_{h,n}$"):
        assert label in gru, label
    assert "$c_{t-1}$" not in gru
    lstm = [t.get_text() for t in lstm_ax.texts]
    assert {"$c_{t-1}$", "$c_{t}$", "$h_{t-1}$", "$h_{t}$"} <= set(lstm)


def test_figures_are_deterministic(same_picture):
    assert same_picture(draw_unrolled_lstm)
    assert same_picture(draw_gate_panels)
    assert same_picture(draw_gru_beside_lstm)
