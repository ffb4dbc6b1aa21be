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

