"""Chapter 6's figures: the labelled parts are there, the truncation reach is the
hand-derived one, and each drawing is the same on every call."""
import numpy as np
import pytest
from matplotlib.figure import Figure

from course.figures import ch06


def test_backward_step_labels_both_carries_and_the_highway(figure_texts):
    fig = ch06.draw_backward_step()
    assert isinstance(fig, Figure)
    text = " ".join(figure_texts(fig))
    for part in (r"\mathrm{d}c_{t-1} = \mathrm{d}c_{\mathrm{tot}} \odot f", "gradient highway",
                 r"\mathrm{d}h_{t-1} = \mathrm{d}z\, W_h", r"\mathrm{d}x_t = \mathrm{d}z\, W_x",
                 r"\mathrm{d}c$ from step $t{+}1$", r"\partial \ell_t/\partial h_t"):
        assert part in text, part


def test_truncation_reach_matches_hand_derived_windows():
    # T = 12. Window-detach with k = 4: windows 1-4, 5-8, 9-12.
    assert ch06.truncation_reach(12, "window", k=4).tolist() == [1] * 4 + [5] * 4 + [9] * 4
    # TBPTT(2, 5): backward passes at t = 2, 4, ..., 12 over steps t-4..t;
    # losses j = 2m-1, 2m are handled at t = 2m and reach back to max(2m - 4, 1).
    assert ch06.truncation_reach(12, "k1k2", k1=2, k2=5).tolist() == [1, 1, 1, 1, 2, 2, 4, 4, 6, 6, 8, 8]
    assert ch06.truncation_reach(5, "full").tolist() == [1] * 5
    # k1 = k2 is window-detach truncation.
    assert np.array_equal(ch06.truncation_reach(12, "k1k2", k1=3, k2=3),
                          ch06.truncation_reach(12, "window", k=3))


@pytest.mark.parametrize("kwargs, message", [
    ({"T": 0, "scheme": "full"}, "T must be >= 1"),
    ({"T": 5, "scheme": "window"}, "needs k >= 1"),
    ({"T": 5, "scheme": "k1k2", "k1": 3, "k2": 2}, "1 <= k1 <= k2"),
    ({"T": 5, "scheme": "sliding"}, "scheme must be one of"),
])
def test_truncation_reach_rejects_bad_arguments(kwargs, message):
    with pytest.raises(ValueError, match=message):
        ch06.truncation_reach(**kwargs)


def test_truncation_figure_has_one_panel_per_scheme():
    fig = ch06.draw_truncation(T=12, k=4, k1=2, k2=5)
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == 3
    assert titles[0] == "full BPTT" and "window-detach" in titles[1] and "Williams & Peng" in titles[2]
    assert all(len(ax.patches) == 12 for ax in fig.axes)      # one bar per loss


@pytest.mark.parametrize("draw", [ch06.draw_backward_step, ch06.draw_truncation])
def test_figures_are_deterministic(draw, same_picture):
    assert same_picture(draw)
