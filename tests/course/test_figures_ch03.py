"""Chapter 3's figures: the backward flow and the scalar warm-up."""
import math

import numpy as np
import pytest
from matplotlib.figure import Figure

from course.figures.ch03 import draw_backward_flow, draw_scalar_warmup, scalar_powers


def test_backward_flow_labels_every_gradient(figure_texts):
    T = 4
    fig = draw_backward_flow(T)
    assert isinstance(fig, Figure)
    texts = figure_texts(fig)
    for t in range(1, T + 1):
        assert rf"$\partial \ell_{t} / \partial h_{t}$" in texts
        assert f"$dx_{t} = da_{t} W_x$" in texts
    # The carried gradient leaves every step but the first towards step t-1.
    for t in range(2, T + 1):
        assert f"$da_{t} W_h$" in texts
    assert "$dh_0$" in texts
    assert any("da_t^\\top h_{t-1}" in s for s in texts)


def test_backward_flow_needs_two_steps():
    with pytest.raises(ValueError, match="at least 2"):
        draw_backward_flow(1)


def test_scalar_powers_match_hand_values():
    p = scalar_powers((0.9, 1.0, 1.1), T=60)
    assert p[1.0].tolist() == [1.0] * 61
    assert math.isclose(p[0.9][60], 0.0017970102999144358, rel_tol=1e-12)   # 0.9**60
    assert math.isclose(p[1.1][60], 304.4816395414632, rel_tol=1e-12)      # 1.1**60
    assert math.isclose(p[0.9][10], 0.3486784401, rel_tol=1e-12)


def test_scalar_warmup_plots_one_line_per_w():
    fig = draw_scalar_warmup((0.9, 1.0, 1.1), T=60)
    lines = fig.axes[0].get_lines()
    assert len(lines) == 3
    np.testing.assert_allclose(lines[2].get_ydata()[-1], 1.1 ** 60)
    assert fig.axes[0].get_yscale() == "log"
    assert "w^{T-t}" in fig.axes[0].get_ylabel()


def test_figures_are_deterministic(same_picture):
    assert same_picture(draw_backward_flow)
    assert same_picture(draw_scalar_warmup)
