"""Draw the LSTM cell with matplotlib, gate order i, f, g, o.

The drawing follows the equations of chapter 4 exactly:

    z = x W_xᵀ + h_prev W_hᵀ + b          (B, 4H), blocks i, f, g, o
    i, f, o = σ(z_i), σ(z_f), σ(z_o),  g = tanh(z_g)
    c = f ⊙ c_prev + i ⊙ g
    h = o ⊙ tanh(c)
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyBboxPatch

from course.figures.style import GATE_COLORS
from course.figures.style import LINE as _LINE
from course.figures.style import arrow as _arrow
from course.figures.style import box as _box
from course.figures.style import op as _op


def draw_lstm_cell(ax=None):
    """Draw one LSTM cell on ``ax`` (a new figure if None) and return the axes."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 5.6))
    y_c, y_gate, y_bus = 6.0, 3.2, 1.4
    x_f, x_i, x_g, x_o = 3.0, 4.8, 6.2, 8.2
    x_mul_ig, x_plus, x_tanh = 5.5, 5.5, 9.6
    # Cell state path along the top.
    _arrow(ax, [(0.3, y_c), (x_f - 0.28, y_c)])
    _arrow(ax, [(x_f + 0.28, y_c), (x_plus - 0.28, y_c)])
    _arrow(ax, [(x_plus + 0.28, y_c), (11.7, y_c)])
    ax.text(0.25, y_c + 0.25, r"$c_{t-1}$" + "\n(B, H)", ha="left", va="bottom", fontsize=11)
    ax.text(11.75, y_c + 0.25, r"$c_t$" + "\n(B, H)", ha="right", va="bottom", fontsize=11)
    _op(ax, (x_f, y_c), "×")
    _op(ax, (x_plus, y_c), "+")
    # Inputs: h_prev from the left, x from below, joined on a bus.
    _arrow(ax, [(0.3, y_bus), (2.0, y_bus)], head=False)
    _arrow(ax, [(2.0, 0.1), (2.0, y_bus)], head=False)
    ax.plot([2.0, x_o], [y_bus, y_bus], color=_LINE, lw=1.8, zorder=1)
    ax.add_patch(Circle((2.0, y_bus), 0.07, color=_LINE, zorder=3))
    ax.text(0.25, y_bus + 0.15, r"$h_{t-1}$ (B, H)", ha="left", va="bottom", fontsize=11)
    ax.text(2.12, 0.15, r"$x_t$ (B, D)", ha="left", va="bottom", fontsize=11)
    ax.text(2.2, y_bus - 0.45,
            r"$z = x_t W_x^\top + h_{t-1} W_h^\top + b$,  (B, 4H), split into $z_i, z_f, z_g, z_o$",
            ha="left", va="center", fontsize=10.5)
    # Gates.
    gates = [("f", x_f, r"$\sigma$"), ("i", x_i, r"$\sigma$"),
             ("g", x_g, "tanh"), ("o", x_o, r"$\sigma$")]
    for name, xg, act in gates:
        _arrow(ax, [(xg, y_bus), (xg, y_gate - 0.34)])
        _box(ax, (xg, y_gate), act, GATE_COLORS[name])
        ax.text(xg - 0.6, y_gate + 0.55, f"${name}_t$", ha="center", va="center",
                fontsize=13, color=GATE_COLORS[name], fontweight="bold")
    # f multiplies the old cell.
    _arrow(ax, [(x_f, y_gate + 0.34), (x_f, y_c - 0.28)], color=GATE_COLORS["f"])
    # i ⊙ g is added to the cell.
    y_ig = 4.6
    _arrow(ax, [(x_i, y_gate + 0.34), (x_i, y_ig), (x_mul_ig - 0.28, y_ig)], color=GATE_COLORS["i"])
    _arrow(ax, [(x_g, y_gate + 0.34), (x_g, y_ig), (x_mul_ig + 0.28, y_ig)], color=GATE_COLORS["g"])
    _op(ax, (x_mul_ig, y_ig), "×")
    _arrow(ax, [(x_mul_ig, y_ig + 0.28), (x_plus, y_c - 0.28)])
    # Output: h = o ⊙ tanh(c).
    _arrow(ax, [(x_tanh, y_c), (x_tanh, 4.75)])
    ax.add_patch(FancyBboxPatch((x_tanh - 0.45, 4.2), 0.9, 0.5, boxstyle="round,pad=0.03",
                                facecolor="#f4d35e", edgecolor=_LINE, lw=1.2, zorder=3))
    ax.text(x_tanh, 4.45, "tanh", ha="center", va="center", fontsize=11, zorder=4)
    ax.add_patch(Circle((x_tanh, y_c), 0.07, color=_LINE, zorder=3))
    _arrow(ax, [(x_tanh, 4.2), (x_tanh, y_gate + 0.28)])
    _arrow(ax, [(x_o + 0.5, y_gate), (x_tanh - 0.28, y_gate)], color=GATE_COLORS["o"])
    _op(ax, (x_tanh, y_gate), "×")
    _arrow(ax, [(x_tanh + 0.28, y_gate), (11.7, y_gate)])
    ax.text(11.75, y_gate + 0.15, r"$h_t$ (B, H)", ha="right", va="bottom", fontsize=11)
    # Equations next to the operations.
    ax.text(x_plus + 0.35, y_c - 0.5, r"$c_t = f_t \odot c_{t-1} + i_t \odot g_t$",
            ha="left", va="top", fontsize=11)
    ax.text(x_tanh - 0.3, 2.65, r"$h_t = o_t \odot \tanh(c_t)$", ha="left", va="top",
            fontsize=11)
    ax.set_xlim(0, 12)
    ax.set_ylim(0, 7.2)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax


def draw_unrolled_rnn(ax=None, T=3):
    """Draw a tanh RNN unrolled over T steps: one box per step, all boxes
    sharing W_x, W_h, b; h flows left to right, x_t enters from below."""
    if ax is None:
        _, ax = plt.subplots(figsize=(10, 3.6))
    dx, w, h = 3.0, 1.9, 1.1
    y = 1.8
    ax.text(0.35, y, r"$h_0$" + "\n(B, H)", ha="center", va="center", fontsize=11)
    for t in range(1, T + 1):
        x0 = dx * t - 1.0
        ax.add_patch(FancyBboxPatch((x0 - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.05",
                                    facecolor="#e8eef8", edgecolor=_LINE, lw=1.3, zorder=2))
        ax.text(x0, y + 0.18, r"$\tanh(\cdot)$", ha="center", va="center", fontsize=11, zorder=3)
        ax.text(x0, y - 0.25, r"$W_x, W_h, b$", ha="center", va="center", fontsize=9,
                color="#555555", zorder=3)
        _arrow(ax, [(x0, 0.25), (x0, y - h / 2 - 0.05)])
        ax.text(x0 + 0.12, 0.3, f"$x_{t}$ (B, D)", ha="left", va="bottom", fontsize=10)
        start = 0.75 if t == 1 else dx * (t - 1) - 1.0 + w / 2 + 0.05
        _arrow(ax, [(start, y), (x0 - w / 2 - 0.05, y)])
        if t > 1:
            ax.text((start + x0 - w / 2) / 2, y + 0.15, f"$h_{t - 1}$", ha="center",
                    va="bottom", fontsize=10)
        _arrow(ax, [(x0, y + h / 2 + 0.05), (x0, 3.35)])
        ax.text(x0 + 0.12, 3.3, f"$h_{t}$ (B, H)", ha="left", va="top", fontsize=10)
    x_last = dx * T - 1.0 + w / 2 + 0.05
    _arrow(ax, [(x_last, y), (x_last + 0.8, y)])
    ax.text(x_last + 0.9, y, r"$\cdots$", ha="left", va="center", fontsize=14)
    ax.set_xlim(0, x_last + 1.5)
    ax.set_ylim(0, 3.5)
    ax.set_aspect("equal")
    ax.axis("off")
    return ax
