"""Figures of chapter 4: the unrolled LSTM chain with the cell state running through
it, one panel per gate with the path it controls, and the GRU cell beside the LSTM's.

The LSTM drawings follow the chapter's equations, gate order i, f, g, o:

    z = x_t W_xᵀ + h_{t-1} W_hᵀ + b                    (B, 4H)
    i, f, o = σ(z_i), σ(z_f), σ(z_o),  g = tanh(z_g)   (B, H) each
    c_t = f ⊙ c_{t-1} + i ⊙ g,   h_t = o ⊙ tanh(c_t)

The GRU drawing follows ``torch.nn.GRU`` (blocks r, z, n): the reset gate multiplies
h_{t-1} W_{h,n}ᵀ + b_{h,n}, after the product with W_{h,n}.
"""
import matplotlib.pyplot as plt

from course.figures.style import (
    COLORS,
    GATE_COLORS,
    LINE,
    MUTED,
    arrow,
    box,
    diagram_axes,
    dot,
    op,
)

CELL_W, CELL_H = 6.4, 4.4
_Y_C, _Y_IG, _Y_GATE, _Y_BUS = 3.8, 2.8, 1.7, 0.55

# The elements of one drawn LSTM step that each gate panel highlights.
GATE_PATHS = {
    "i": {"i", "mul_ig", "plus"},
    "f": {"f", "mul_f", "c_in"},
    "g": {"g", "mul_ig", "plus"},
    "o": {"o", "tanh_c", "mul_o", "h_out"},
}
GATE_NAMES = {"i": "input gate $i_t$: how much of $g_t$ is written",
              "f": "forget gate $f_t$: how much of $c_{t-1}$ is kept",
              "g": "candidate $g_t$: what may be written",
              "o": "output gate $o_t$: how much of $\\tanh(c_t)$ is shown"}


def _color(name, default, highlight, color):
    if not highlight:
        return default
    return color if name in highlight else MUTED


def draw_lstm_step(ax, x0=0.0, t="t", highlight=(), color=None, labels=True):
    """One LSTM step with its lower-left corner at ``(x0, 0)``, ``CELL_W`` wide.

    ``highlight`` names the elements drawn in ``color`` (see ``GATE_PATHS``); all
    others are muted. With no highlight every element has its own colour. The cell
    state line is always drawn in the cell-state colour.
    """
    hl = set(highlight)

    def col(name, default):
        return _color(name, default, hl, color)

    cc = COLORS["c"]
    ax.add_patch(plt.Rectangle((x0 + 0.15, 0.1), CELL_W - 0.3, CELL_H - 0.2, facecolor="#f7f7f7",
                               edgecolor="#cccccc", lw=1, zorder=0))
    x_f, x_i, x_g, x_o, x_ig, x_th = (x0 + v for v in (1.3, 2.4, 3.6, 4.7, 3.0, 5.6))
    # Cell state line along the top.
    arrow(ax, [(x0, _Y_C), (x_f - 0.28, _Y_C)], color=cc, lw=3 if "c_in" in hl else 2.4, head=False)
    arrow(ax, [(x_f + 0.28, _Y_C), (x_ig - 0.28, _Y_C)], color=cc, lw=2.4, head=False)
    arrow(ax, [(x_ig + 0.28, _Y_C), (x0 + CELL_W, _Y_C)], color=cc, lw=2.4, head=False)
    op(ax, (x_f, _Y_C), "×", edgecolor=col("mul_f", LINE))
    op(ax, (x_ig, _Y_C), "+", edgecolor=col("plus", LINE))
    # Input bus: h_{t-1} from the left, x_t from below.
    arrow(ax, [(x0, _Y_BUS), (x_o, _Y_BUS)], head=False, lw=1.4)
    arrow(ax, [(x0 + 0.6, -0.25), (x0 + 0.6, _Y_BUS)], head=False, lw=1.4)
    dot(ax, (x0 + 0.6, _Y_BUS))
    for name, xg, act in (("f", x_f, r"$\sigma$"), ("i", x_i, r"$\sigma$"),
                          ("g", x_g, "tanh"), ("o", x_o, r"$\sigma$")):
        gcol = col(name, GATE_COLORS[name])
        arrow(ax, [(xg, _Y_BUS), (xg, _Y_GATE - 0.3)], lw=1.4)
        box(ax, (xg, _Y_GATE), act, gcol, w=0.85, h=0.5, fontsize=11)
        ax.text(xg - 0.5, _Y_GATE + 0.42, f"${name}_{{{t}}}$", ha="center", va="center",
                fontsize=11, color=gcol, fontweight="bold")
    arrow(ax, [(x_f, _Y_GATE + 0.25), (x_f, _Y_C - 0.28)], color=col("f", GATE_COLORS["f"]))
    arrow(ax, [(x_i, _Y_GATE + 0.25), (x_i, _Y_IG), (x_ig - 0.28, _Y_IG)],
          color=col("i", GATE_COLORS["i"]))
    arrow(ax, [(x_g, _Y_GATE + 0.25), (x_g, _Y_IG), (x_ig + 0.28, _Y_IG)],
          color=col("g", GATE_COLORS["g"]))
    op(ax, (x_ig, _Y_IG), "×", edgecolor=col("mul_ig", LINE))
    arrow(ax, [(x_ig, _Y_IG + 0.28), (x_ig, _Y_C - 0.28)], color=col("mul_ig", LINE))
    # Output: h_t = o ⊙ tanh(c_t), leaving on the bus line to the right.
    tcol = col("tanh_c", LINE)
    dot(ax, (x_th, _Y_C), color=cc)
    arrow(ax, [(x_th, _Y_C), (x_th, 3.2)], color=tcol)
    box(ax, (x_th, 2.95), "tanh", COLORS["x"], w=0.8, h=0.42, text_color="black", fontsize=10,
        bold=False, edgecolor=tcol)
    arrow(ax, [(x_th, 2.74), (x_th, _Y_GATE + 0.28)], color=tcol)
    arrow(ax, [(x_o + 0.43, _Y_GATE), (x_th - 0.28, _Y_GATE)], color=col("o", GATE_COLORS["o"]))
    op(ax, (x_th, _Y_GATE), "×", edgecolor=col("mul_o", LINE))
    hcol = col("h_out", LINE)
    arrow(ax, [(x_th, _Y_GATE - 0.28), (x_th, _Y_BUS), (x0 + CELL_W, _Y_BUS)], color=hcol,
          head=False, lw=1.4)
    if labels:
        ax.text(x0 + 0.05, _Y_C + 0.12, f"$c_{{{_prev(t)}}}$", ha="left", va="bottom", fontsize=11)
        ax.text(x0 + 0.05, _Y_BUS + 0.1, f"$h_{{{_prev(t)}}}$", ha="left", va="bottom", fontsize=11)
        ax.text(x0 + 0.72, -0.2, f"$x_{{{t}}}$", ha="left", va="center", fontsize=11)
        ax.text(x0 + CELL_W - 0.05, _Y_C + 0.12, f"$c_{{{t}}}$", ha="right", va="bottom", fontsize=11)
        ax.text(x0 + CELL_W - 0.05, _Y_BUS + 0.1, f"$h_{{{t}}}$", ha="right", va="bottom",
                fontsize=11)


def _prev(t):
    if isinstance(t, int):
        return str(t - 1)
    return f"{t}-1"


def draw_unrolled_lstm(T=3):
    """``T`` LSTM steps side by side: the cell state c runs straight through all of
    them, touched only by × f_t and + i_t ⊙ g_t. Returns the Figure."""
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    fig, ax = diagram_axes((-0.2, CELL_W * T + 0.6), (-0.6, CELL_H + 0.9), (4.2 * T, 3.6))
    for t in range(1, T + 1):
        draw_lstm_step(ax, CELL_W * (t - 1), t=t, labels=False)
        x0 = CELL_W * (t - 1)
        ax.text(x0 + 0.72, -0.3, f"$x_{t}$", ha="left", va="center", fontsize=12)
        ax.text(x0 + 0.05, _Y_C + 0.12, f"$c_{t - 1}$", ha="left", va="bottom", fontsize=12)
        ax.text(x0 + 0.05, _Y_BUS + 0.1, f"$h_{t - 1}$", ha="left", va="bottom", fontsize=12)
    end = CELL_W * T
    arrow(ax, [(end, _Y_C), (end + 0.5, _Y_C)], color=COLORS["c"], lw=2.4)
    arrow(ax, [(end, _Y_BUS), (end + 0.5, _Y_BUS)], lw=1.4)
    ax.text(end - 0.05, _Y_C + 0.12, f"$c_{T}$", ha="right", va="bottom", fontsize=12)
    ax.text(end - 0.05, _Y_BUS + 0.1, f"$h_{T}$", ha="right", va="bottom", fontsize=12)
    ax.text(end / 2, CELL_H + 0.45, "cell state $c$: one line through every step, "
            r"only $\times f_t$ and $+\, i_t \odot g_t$ on it", ha="center", va="center",
            fontsize=12, color=COLORS["c"])
    return fig


def draw_gate_panels():
    """Four copies of one LSTM step, one per gate in the order i, f, g, o, each with
    the path that gate controls in the gate's colour. Returns the Figure."""
    fig, axes = plt.subplots(2, 2, figsize=(11, 7.6))
    for ax, name in zip(axes.ravel(), "ifgo"):
        diagram_axes((-0.2, CELL_W + 0.2), (-0.5, CELL_H + 0.2), None, ax)
        draw_lstm_step(ax, 0.0, highlight=GATE_PATHS[name], color=GATE_COLORS[name])
        ax.set_title(GATE_NAMES[name], fontsize=11, color=GATE_COLORS[name])
    fig.tight_layout()
    return fig


def draw_gru_step(ax):
    """One GRU step as ``torch.nn.GRU`` computes it, drawn on ``ax``:
    r, z = σ(...), n = tanh(x_t W_{x,n}ᵀ + b_{x,n} + r ⊙ (h_{t-1} W_{h,n}ᵀ + b_{h,n})),
    h_t = (1 − z) ⊙ n + z ⊙ h_{t-1}."""
    diagram_axes((-0.2, CELL_W + 0.2), (-0.5, CELL_H + 0.2), None, ax)
    ax.add_patch(plt.Rectangle((0.15, 0.1), CELL_W - 0.3, CELL_H - 0.2, facecolor="#f7f7f7",
                               edgecolor="#cccccc", lw=1, zorder=0))
    rc, zc, nc = "#e9c46a", "#264653", "#8a5cc2"
    y_top = _Y_C
    x_z, x_plus = 1.3, 4.8
    # The state h runs along the top, as the LSTM's cell does.
    arrow(ax, [(0.0, y_top), (x_z - 0.28, y_top)], color=COLORS["c"], lw=2.4, head=False)
    arrow(ax, [(x_z + 0.28, y_top), (x_plus - 0.28, y_top)], color=COLORS["c"], lw=2.4, head=False)
    arrow(ax, [(x_plus + 0.28, y_top), (CELL_W, y_top)], color=COLORS["c"], lw=2.4, head=False)
    op(ax, (x_z, y_top), "×")
    op(ax, (x_plus, y_top), "+")
    # h_{t-1} also goes down to the bus that feeds the gates.
    dot(ax, (0.45, y_top), color=COLORS["c"])
    arrow(ax, [(0.45, y_top), (0.45, _Y_BUS), (3.9, _Y_BUS)], head=False, lw=1.4)
    arrow(ax, [(0.9, -0.25), (0.9, _Y_BUS)], head=False, lw=1.4)
    dot(ax, (0.9, _Y_BUS))
    x_r, x_zg = 2.2, 1.3
    for name, xg, colr in (("r", x_r, rc), ("z", x_zg, zc)):
        arrow(ax, [(xg, _Y_BUS), (xg, _Y_GATE - 0.3)], lw=1.4)
        box(ax, (xg, _Y_GATE), r"$\sigma$", colr, w=0.7, h=0.5, fontsize=11)
        ax.text(xg - 0.45, _Y_GATE + 0.42, f"${name}_t$", ha="center", fontsize=11, color=colr,
                fontweight="bold")
    # z: keep z ⊙ h_{t-1}, write (1 − z) ⊙ n.
    arrow(ax, [(x_zg, _Y_GATE + 0.25), (x_z, y_top - 0.28)], color=zc)
    op(ax, (3.4, 2.8), "1−", fontsize=10)
    arrow(ax, [(x_zg, 2.8), (3.4 - 0.28, 2.8)], color=zc)
    dot(ax, (x_zg, 2.8), color=zc)
    op(ax, (x_plus, 2.8), "×")
    arrow(ax, [(3.4 + 0.28, 2.8), (x_plus - 0.28, 2.8)], color=zc)
    arrow(ax, [(x_plus, 3.08), (x_plus, y_top - 0.28)])
    # n: tanh of the input part plus r ⊙ (h_{t-1} W_{h,n}ᵀ + b_{h,n}).
    box(ax, (3.4, 1.15), r"$h_{t-1} W_{h,n}^\top + b_{h,n}$", "white", w=1.75, h=0.42,
        text_color="black", fontsize=8.5, bold=False)
    arrow(ax, [(3.4, _Y_BUS), (3.4, 0.94)], lw=1.4)
    op(ax, (3.4, _Y_GATE + 0.35), "×", r=0.22, fontsize=12)
    arrow(ax, [(3.4, 1.36), (3.4, _Y_GATE + 0.13)])
    arrow(ax, [(x_r, _Y_GATE + 0.25), (x_r, _Y_GATE + 0.35), (3.4 - 0.22, _Y_GATE + 0.35)], color=rc)
    box(ax, (x_plus, 1.7), "tanh", nc, w=0.8, h=0.5, fontsize=11)
    arrow(ax, [(3.62, _Y_GATE + 0.35), (x_plus - 0.4, _Y_GATE + 0.35)])
    arrow(ax, [(3.9, _Y_BUS), (x_plus, _Y_BUS), (x_plus, 1.45)], lw=1.4)
    ax.text(x_plus + 0.1, 1.02, r"$x_t W_{x,n}^\top + b_{x,n}$", ha="left", fontsize=8.5)
    ax.text(x_plus + 0.45, 2.1, "$n_t$", ha="left", fontsize=11, color=nc, fontweight="bold")
    arrow(ax, [(x_plus, 1.95), (x_plus, 2.52)], color=nc)
    ax.text(0.05, y_top + 0.12, "$h_{t-1}$", ha="left", va="bottom", fontsize=11)
    ax.text(CELL_W - 0.05, y_top + 0.12, "$h_t$", ha="right", va="bottom", fontsize=11)
    ax.text(1.02, -0.2, "$x_t$", ha="left", va="center", fontsize=11)


def draw_gru_beside_lstm():
    """The LSTM step (left) and the GRU step of ``torch.nn.GRU`` (right), drawn at
    the same scale with the carried state on top. Returns the Figure."""
    fig, axes = plt.subplots(1, 2, figsize=(12, 5.0))
    diagram_axes((-0.2, CELL_W + 0.2), (-0.5, CELL_H + 0.2), None, axes[0])
    draw_lstm_step(axes[0], 0.0)
    axes[0].set_title("LSTM: two states, $c$ on top, $h$ below; gates i, f, g, o", fontsize=11)
    draw_gru_step(axes[1])
    axes[1].set_title(r"GRU (torch): one state $h$; $h_t = (1 - z_t) \odot n_t + z_t \odot h_{t-1}$",
                      fontsize=11)
    fig.tight_layout()
    return fig
