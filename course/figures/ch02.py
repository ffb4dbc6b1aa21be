"""Figures of chapter 2: the unrolled RNN with outputs and losses, and the task shapes.

The unrolled graph draws the equations of the chapter, for t = 1, ..., T:

    h_t = tanh(x_t W_xᵀ + h_{t-1} W_hᵀ + b)     (B, H)
    y_t = h_t W_yᵀ + b_y                        (B, K)
    L = Σ_t ℓ_t,  ℓ_t = ℓ(y_t, target_t)
"""
from course.figures.style import COLORS, LINE, arrow, box, diagram_axes

_STEP = 2.6


def draw_unrolled_rnn_with_loss(T=4, ax=None):
    """The RNN unrolled over ``T`` steps: inputs x_t below, states h_t, outputs y_t and
    per-step losses ℓ_t above, all summed into L. Returns the Figure."""
    if T < 1:
        raise ValueError(f"T must be at least 1, got {T}")
    width = _STEP * T + 1.6
    fig, ax = diagram_axes((0, width), (-0.2, 6.2), (1.9 * T + 1.2, 4.6), ax)
    y_x, y_h, y_y, y_l, y_L = 0.4, 2.0, 3.5, 4.8, 5.85
    ax.text(0.45, y_h, "$h_0$", ha="center", va="center", fontsize=13)
    for t in range(1, T + 1):
        xc = _STEP * t - 0.6
        box(ax, (xc, y_x), f"$x_{t}$", COLORS["x"], w=0.9, h=0.55, text_color="black")
        box(ax, (xc, y_h), f"$h_{t}$", COLORS["h"], w=1.1, h=0.7, text_color="black", fontsize=13)
        box(ax, (xc, y_y), f"$y_{t}$", COLORS["y"], w=0.9, h=0.55, text_color="black")
        box(ax, (xc, y_l), rf"$\ell_{t}$", COLORS["loss"], w=0.9, h=0.55, text_color="black")
        arrow(ax, [(xc, y_x + 0.3), (xc, y_h - 0.38)])
        arrow(ax, [(xc, y_h + 0.38), (xc, y_y - 0.3)])
        arrow(ax, [(xc, y_y + 0.3), (xc, y_l - 0.3)])
        arrow(ax, [(xc, y_l + 0.3), (width / 2, y_L - 0.25)], color=COLORS["muted"], lw=1.2)
        ax.text(xc + 0.08, (y_x + y_h) / 2 - 0.05, "$W_x$", ha="left", va="center", fontsize=10)
        ax.text(xc + 0.08, (y_h + y_y) / 2, "$W_y$", ha="left", va="center", fontsize=10)
        ax.text(xc + 0.5, (y_y + y_l) / 2, f"target$_{t}$", ha="left", va="center",
                fontsize=8, color="#555555")
        start = 0.8 if t == 1 else xc - _STEP + 0.58
        arrow(ax, [(start, y_h), (xc - 0.58, y_h)])
        ax.text((start + xc - 0.58) / 2, y_h + 0.12, "$W_h$", ha="center", va="bottom",
                fontsize=10)
    box(ax, (width / 2, y_L), r"$L = \sum_t \ell_t$", "white", w=2.0, h=0.5,
        text_color="black", bold=False)
    ax.text(0.1, y_L, "the same $W_x, W_h, b, W_y, b_y$\nat every step", ha="left",
            va="center", fontsize=9, color=LINE)
    return fig


# Which positions carry an input and which an output, for each task shape.
TASK_SHAPES = {
    "one-to-many": {"example": "caption generation:\nimage → words",
                    "inputs": [1, 0, 0, 0], "outputs": [1, 1, 1, 1]},
    "many-to-one": {"example": "sentiment:\nreview → positive / negative",
                    "inputs": [1, 1, 1, 1], "outputs": [0, 0, 0, 1]},
    "many-to-many, aligned": {"example": "tagging, next-character prediction:\none output per input",
                              "inputs": [1, 1, 1, 1], "outputs": [1, 1, 1, 1]},
    "many-to-many, unaligned": {"example": "translation: read the sentence,\nthen write another length",
                                "inputs": [1, 1, 1, 0, 0], "outputs": [0, 0, 0, 1, 1]},
}


def draw_task_shapes():
    """Four panels, one per task shape, each a chain of RNN steps with the inputs
    (below) and the outputs (above) the task has. Returns the Figure."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(TASK_SHAPES), figsize=(13, 3.4))
    for ax, (name, shape) in zip(axes, TASK_SHAPES.items()):
        n = len(shape["inputs"])
        diagram_axes((0, 5.4), (-0.9, 3.6), None, ax)
        step = 5.0 / n
        for k in range(n):
            xc = 0.45 + step * k + step / 2 - 0.2
            box(ax, (xc, 1.4), "", COLORS["h"], w=0.55, h=0.55)
            if k:
                arrow(ax, [(xc - step + 0.3, 1.4), (xc - 0.3, 1.4)])
            if shape["inputs"][k]:
                box(ax, (xc, 0.2), "$x$", COLORS["x"], w=0.45, h=0.4, text_color="black",
                    fontsize=10)
                arrow(ax, [(xc, 0.42), (xc, 1.1)])
            if shape["outputs"][k]:
                box(ax, (xc, 2.6), "$y$", COLORS["y"], w=0.45, h=0.4, text_color="black",
                    fontsize=10)
                arrow(ax, [(xc, 1.7), (xc, 2.38)])
        ax.set_title(name, fontsize=11)
        ax.text(2.7, -0.55, shape["example"], ha="center", va="center", fontsize=8.5)
    fig.tight_layout()
    return fig
