"""Chapter 7's coloured-text figure and the criterion that picks its unit."""
import numpy as np
import pytest
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure

from course.figures import ch07


def test_word_position_counts_letters_since_the_last_non_letter():
    assert ch07.word_position("ab c, de").tolist() == [1, 2, 0, 1, 0, 0, 1, 2]
    assert ch07.word_position("").tolist() == []


def test_most_correlated_unit_finds_the_planted_unit_with_its_sign():
    rng = np.random.default_rng(0)
    feature = rng.standard_normal(500)
    states = rng.standard_normal((500, 6))
    states[:, 4] = -2 * feature + 0.1 * rng.standard_normal(500)
    states[:, 1] = 3.0                                     # constant unit: skipped
    unit, r = ch07.most_correlated_unit(states, feature)
    assert unit == 4
    assert r == pytest.approx(np.corrcoef(states[:, 4], feature)[0, 1])
    assert r < -0.99


@pytest.mark.parametrize("states, feature, message", [
    (np.zeros((5, 2)), np.zeros(4), "need states"),
    (np.zeros((5, 2)), np.ones(5), "constant"),
])
def test_most_correlated_unit_rejects_bad_input(states, feature, message):
    with pytest.raises(ValueError, match=message):
        ch07.most_correlated_unit(states, feature)


def test_coloured_text_has_one_cell_per_character_coloured_by_value(figure_texts):
    text = "ab\ncd"
    fig = ch07.draw_coloured_text(text, [-1, 1, 0, -1, 1], width=10, title="unit 3", label="cell unit")
    assert isinstance(fig, Figure)
    assert figure_texts(fig)[:4] == ["a", "b", "c", "d"]
    assert "unit 3" in figure_texts(fig)
    assert fig.axes[1].get_ylabel() == "cell unit"          # the colour bar
    patches = fig.axes[0].patches
    assert len(patches) == 4
    assert patches[0].get_facecolor() != patches[1].get_facecolor()
    assert patches[1].get_facecolor() == patches[3].get_facecolor()       # both +1
    red = to_rgba(patches[1].get_facecolor())
    assert red[0] > red[2]                                  # +1 is red, -1 blue
    with pytest.raises(ValueError, match="one value per character"):
        ch07.draw_coloured_text(text, [0, 1])


def test_coloured_text_is_deterministic(same_picture):
    assert same_picture(lambda: ch07.draw_coloured_text("hello world", np.linspace(-1, 1, 11)))
