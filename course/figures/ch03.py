"""Figures of chapter 3: the backward flow through the unrolled RNN, and the scalar
warm-up w^t before the matrix bound.

The backward flow draws what ``solutions.rnn.rnn_backward`` computes, row-major,
for t = T, ..., 1:

    dh_t = ∂ℓ_t/∂h_t + dh carried from step t+1          (B, H)
    da_t = dh_t ⊙ (1 − h_t²)                              (B, H)
    carried to step t−1: da_t W_h;   dx_t = da_t W_x      (B, H), (B, D)
    dW_x += da_tᵀ x_t,  dW_h += da_tᵀ h_{t−1},  db += Σ_rows da_t
"""
import matplotlib.pyplot as plt
import numpy as np

from course.figures.style import COLORS, MUTED, arrow, box, diagram_axes

_STEP = 3.0


def draw_backward_flow(T=4, ax=None):
    """The unrolled RNN of chapter 2 with the backward pass drawn in the gradient
    colour: each loss sends ∂ℓ_t/∂h_t down into h_t, each step sends the carried
    dh back to step t−1, and dx_t leaves downwards. Returns the Figure."""
    if T < 2:
        raise ValueError(f"T must be at least 2 to show a carried gradient, got {T}")
    red = COLORS["grad"]
    width = _STEP * T + 1.0
    fig, ax = diagram_axes((0, width), (-0.9, 5.6), (2.2 * T + 1.0, 4.6), ax)
    y_x, y_h, y_l = 0.3, 2.4, 4.6
    ax.text(0.3, y_h, "$h_0$", ha="center", va="center", fontsize=13, color=MUTED)
    for t in range(1, T + 1):
        xc = _STEP * t - 1.0
        box(ax, (xc, y_x), f"$x_{t}$", COLORS["x"], w=0.8, h=0.5, text_color="black")
        box(ax, (xc, y_h), f"$h_{t}$", COLORS["h"], w=1.0, h=0.7, text_color="black", fontsize=13)
        box(ax, (xc, y_l), rf"$\ell_{t}$", COLORS["loss"], w=0.8, h=0.5, text_color="black")
        # Forward, muted.
        arrow(ax, [(xc - 0.2, y_x + 0.27), (xc - 0.2, y_h - 0.37)], color=MUTED, lw=1.2)
        arrow(ax, [(xc - 0.2, y_h + 0.37), (xc - 0.2, y_l - 0.27)], color=MUTED, lw=1.2)
        start = 0.6 if t == 1 else xc - _STEP + 0.52
        arrow(ax, [(start, y_h + 0.15), (xc - 0.52, y_h + 0.15)], color=MUTED, lw=1.2)
        # Backward: loss gradient in, dx out, dh carried left.
        arrow(ax, [(xc + 0.2, y_l - 0.27), (xc + 0.2, y_h + 0.37)], color=red, lw=2)
        ax.text(xc + 0.3, (y_h + y_l) / 2, rf"$\partial \ell_{t} / \partial h_{t}$",
                ha="left", va="center", fontsize=11, color=red)
        arrow(ax, [(xc + 0.2, y_h - 0.37), (xc + 0.2, y_x + 0.27)], color=red, lw=2)
        ax.text(xc + 0.3, (y_x + y_h) / 2, f"$dx_{t} = da_{t} W_x$", ha="left",
                va="center", fontsize=10, color=red)
        end = 0.6 if t == 1 else xc - _STEP + 0.52
        arrow(ax, [(xc - 0.52, y_h - 0.15), (end, y_h - 0.15)], color=red, lw=2)
        label = "$dh_0$" if t == 1 else f"$da_{t} W_h$"
        ax.text((end + xc - 0.52) / 2, y_h - 0.3, label, ha="center", va="top", fontsize=10,
                color=red)
    ax.text(width / 2, -0.55,
            r"at every step $t$:  $dh_t = \partial \ell_t/\partial h_t + da_{t+1} W_h$,  "
            r"$da_t = dh_t \odot (1 - h_t^2)$;   "
            r"$dW_x \; {+}{=} \; da_t^\top x_t$,  $dW_h \; {+}{=} \; da_t^\top h_{t-1}$,  "
            r"$db \; {+}{=} \; \sum_{\mathrm{rows}} da_t$",
            ha="center", va="center", fontsize=10.5, color=red)
    return fig


def scalar_powers(ws=(0.9, 1.0, 1.1), T=60):
    """w^k for k = 0..T, for every w in ``ws``: dict w -> (T + 1,) array."""
    k = np.arange(T + 1)
    return {w: float(w) ** k for w in ws}


def draw_scalar_warmup(ws=(0.9, 1.0, 1.1), T=60):
    """∂h_T/∂h_t = w^(T−t) of the scalar linear recurrence h_t = w h_{t−1} + x_t,
    on a log scale, one line per ``w``. Returns the Figure."""
    powers = scalar_powers(ws, T)
    colors = ["#3a7bd5", "0.3", "#e76f51", "#2a9d8f", "#8a5cc2"]
    fig, ax = plt.subplots(figsize=(6.4, 3.6))
    for (w, p), color in zip(powers.items(), colors):
        ax.semilogy(np.arange(T + 1), p, color=color, lw=2, label=f"$w = {w}$: {w}$^{{{T}}}$ = {p[-1]:.3g}")
    ax.set_xlabel("lag $T - t$")
    ax.set_ylabel(r"$\partial h_T / \partial h_t = w^{T-t}$ (log scale)")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=9)
    fig.tight_layout()
    return fig
