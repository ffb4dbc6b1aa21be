"""Figures of chapter 5: the matrix-multiply calls of the LSTM forward pass, with the
input projection inside the loop and taken out of it.

Inside the loop, step t calls x_t W_xᵀ (B, D)·(D, 4H) and h_{t-1} W_hᵀ (B, H)·(H, 4H):
2T calls. Out of the loop, one call computes x W_xᵀ + b for all T·B rows,
(TB, D)·(D, 4H), and the loop calls only h_{t-1} W_hᵀ: T + 1 calls.
"""

from course.figures.style import COLORS, LINE, arrow, box, diagram_axes

_W = 1.25


def _call(ax, x, y, text, color, w=_W):
    box(ax, (x + w / 2, y), text, color, w=w - 0.12, h=0.62, text_color="black",
        fontsize=10, bold=False)


def draw_input_projection(T=4):
    """Two rows of matrix-multiply calls in the order they run: the input projection
    inside the loop (top, 2T calls) and before it (bottom, T + 1 calls). Returns the
    Figure."""
    if T < 2:
        raise ValueError(f"T must be at least 2, got {T}")
    big = 2.6
    width = 2 * T * _W + 0.4
    fig, ax = diagram_axes((-0.2, width + 0.2), (-0.9, 3.9), (1.6 * T + 1.5, 3.4))
    y_top, y_bot = 2.6, 0.6
    for t in range(1, T + 1):
        x0 = 0.2 + 2 * (t - 1) * _W
        _call(ax, x0, y_top, f"$x_{t} W_x^\\top$", COLORS["x"])
        _call(ax, x0 + _W, y_top, f"$h_{t - 1} W_h^\\top$", COLORS["h"])
    ax.text(0.2, y_top + 0.55, f"inside the loop: {2 * T} calls, each with $B$ rows",
            ha="left", va="bottom", fontsize=11)
    box(ax, (0.2 + big / 2, y_bot), r"$x\,W_x^\top + b$" + "\nall $T B$ rows", COLORS["x"],
        w=big - 0.12, h=0.9, text_color="black", fontsize=10, bold=False)
    for t in range(1, T + 1):
        _call(ax, 0.2 + big + (t - 1) * _W, y_bot, f"$h_{t - 1} W_h^\\top$", COLORS["h"])
    ax.text(0.2, y_bot + 0.6, f"before the loop: {T + 1} calls, the first with $T B$ rows",
            ha="left", va="bottom", fontsize=11)
    arrow(ax, [(0.2, -0.55), (width, -0.55)], color=LINE, lw=1.2)
    ax.text(width, -0.7, "order of the calls", ha="right", va="top", fontsize=9)
    return fig
