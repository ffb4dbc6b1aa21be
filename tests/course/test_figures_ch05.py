"""Chapter 5's figure: the matrix-multiply calls with the input projection inside and
before the loop."""
import pytest
from matplotlib.figure import Figure

from course.figures.ch05 import draw_input_projection


@pytest.mark.parametrize("T", [2, 4, 6])
def test_calls_inside_and_before_the_loop(T, figure_texts):
    fig = draw_input_projection(T)
    assert isinstance(fig, Figure)
    texts = figure_texts(fig)
    for t in range(1, T + 1):
        assert texts.count(f"$x_{t} W_x^\\top$") == 1           # inside the loop only
        assert texts.count(f"$h_{t - 1} W_h^\\top$") == 2       # in both rows
    assert f"$x_{T + 1} W_x^\\top$" not in texts
    assert sum("all $T B$ rows" in s for s in texts) == 1       # one projection before the loop
    assert f"inside the loop: {2 * T} calls, each with $B$ rows" in texts
    assert f"before the loop: {T + 1} calls, the first with $T B$ rows" in texts


def test_needs_two_steps():
    with pytest.raises(ValueError, match="at least 2"):
        draw_input_projection(1)


def test_is_deterministic(same_picture):
    assert same_picture(draw_input_projection)
