"""Chapter 2's figures: the unrolled RNN with outputs and losses, the task shapes."""
import pytest
from matplotlib.figure import Figure

from course.figures.ch02 import (
    TASK_SHAPES,
    draw_task_shapes,
    draw_unrolled_rnn_with_loss,
)


@pytest.mark.parametrize("T", [1, 3, 4])
def test_unrolled_graph_labels_every_step(T, figure_texts):
    fig = draw_unrolled_rnn_with_loss(T)
    assert isinstance(fig, Figure)
    texts = figure_texts(fig)
    for t in range(1, T + 1):
        for label in (f"$x_{t}$", f"$h_{t}$", f"$y_{t}$", rf"$\ell_{t}$"):
            assert texts.count(label) == 1, label
    assert f"$x_{T + 1}$" not in texts
    assert texts.count("$h_0$") == 1
    assert r"$L = \sum_t \ell_t$" in texts
    # One W_x, W_y and W_h label per step: the same weights at every step.
    assert [texts.count(w) for w in ("$W_x$", "$W_y$", "$W_h$")] == [T, T, T]


def test_unrolled_graph_rejects_empty_sequence():
    with pytest.raises(ValueError, match="T must be at least 1"):
        draw_unrolled_rnn_with_loss(0)


def test_task_shapes_have_one_panel_per_shape_with_its_inputs_and_outputs(figure_texts):
    fig = draw_task_shapes()
    assert [ax.get_title() for ax in fig.axes] == [
        "one-to-many", "many-to-one", "many-to-many, aligned", "many-to-many, unaligned"]
    expected = {"one-to-many": (1, 4), "many-to-one": (4, 1),
                "many-to-many, aligned": (4, 4), "many-to-many, unaligned": (3, 2)}
    for ax in fig.axes:
        texts = [t.get_text() for t in ax.texts]
        assert (texts.count("$x$"), texts.count("$y$")) == expected[ax.get_title()]
        assert TASK_SHAPES[ax.get_title()]["example"] in texts


def test_figures_are_deterministic(same_picture):
    assert same_picture(lambda: draw_unrolled_rnn_with_loss(3))
    assert same_picture(draw_task_shapes)
