"""Figures of chapter 6: one backward step of the LSTM with its two carries, and what
each truncation scheme of backpropagation through time lets every loss reach.

The backward step draws what ``solutions.lstm.lstm_step_backward`` computes:

    dc_tot = dc + dh ⊙ o ⊙ (1 − tanh² c)                          (B, H)
    do = dh ⊙ tanh c,  di = dc_tot ⊙ g,  dg = dc_tot ⊙ i,  df = dc_tot ⊙ c_prev
    dc_prev = dc_tot ⊙ f                 (the cell path: no matrix, no squashing)
    dz = [dz_i | dz_f | dz_g | dz_o]                                (B, 4H)
    dh_prev = dz W_h,  dx = dz W_x,  dW_x += dzᵀ x,  dW_h += dzᵀ h_prev,  db += Σ_rows dz
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import FancyBboxPatch

from course.figures.style import (
    COLORS,
    GATE_COLORS,
    LINE,
    MUTED,
    arrow,
    box,
    diagram_axes,
    op,
)

SCHEMES = ("full", "window", "k1k2")


def draw_backward_step(ax=None):
    """One LSTM step, forward in grey, backward in the gradient colour: dc and dh
    enter from step t+1 on the right, dc_prev leaves along the cell line after one
    ⊙ f (the gradient highway), dh_prev leaves through W_h, dx leaves downward.
    Returns the Figure."""
    red, cblue = COLORS["grad"], COLORS["c"]
    fig, ax = diagram_axes((-0.2, 12.4), (-1.5, 6.4), (11, 5.6), ax)
    ax.add_patch(FancyBboxPatch((1.6, 0.45), 8.6, 5.15, boxstyle="round,pad=0.05",
                                facecolor=COLORS["h"], edgecolor=LINE, lw=1.2, zorder=0))
    y_c, y_gate, y_h = 5.0, 2.6, 1.0
    # Forward, muted: the cell line c_{t-1} -> (⊙ f) -> (+ i⊙g) -> c_t.
    arrow(ax, [(0.0, y_c), (11.9, y_c)], color=cblue, lw=2.2)
    op(ax, (3.5, y_c), r"$\odot$")
    op(ax, (6.0, y_c), "+")
    op(ax, (6.0, 3.9), r"$\odot$")
    ax.text(0.0, y_c + 0.25, r"$c_{t-1}$", fontsize=13, color=cblue)
    ax.text(11.4, y_c + 0.25, r"$c_t$", fontsize=13, color=cblue)
    for name, xg in zip("figo", (3.5, 5.4, 6.6, 8.4)):
        box(ax, (xg, y_gate), f"${name}$", GATE_COLORS[name], w=0.7, h=0.55, fontsize=13)
    arrow(ax, [(3.5, y_gate + 0.3), (3.5, y_c - 0.28)], color=MUTED, lw=1.2)
    arrow(ax, [(5.4, y_gate + 0.3), (5.8, 3.7)], color=MUTED, lw=1.2)
    arrow(ax, [(6.6, y_gate + 0.3), (6.2, 3.7)], color=MUTED, lw=1.2)
    arrow(ax, [(6.0, 4.18), (6.0, y_c - 0.28)], color=MUTED, lw=1.2)
    # h_t = o ⊙ tanh(c_t).
    box(ax, (9.4, 3.9), r"$\tanh$", "white", w=0.8, h=0.45, text_color="black", fontsize=10,
        bold=False)
    arrow(ax, [(9.4, y_c), (9.4, 4.13)], color=MUTED, lw=1.2)
    op(ax, (9.4, y_gate), r"$\odot$")
    arrow(ax, [(9.4, 3.67), (9.4, y_gate + 0.28)], color=MUTED, lw=1.2)
    arrow(ax, [(8.75, y_gate), (9.12, y_gate)], color=MUTED, lw=1.2)
    arrow(ax, [(9.4, y_gate - 0.28), (9.4, y_h), (11.9, y_h)], color=MUTED, lw=1.2)
    ax.text(11.4, y_h + 0.2, r"$h_t$", fontsize=13, color=LINE)
    # z from h_{t-1} and x_t feeds the four gates.
    box(ax, (4.3, 1.25), r"$z = x_t W_x^\top + h_{t-1} W_h^\top + b$", "white", w=3.6, h=0.55,
        text_color="black", fontsize=9.5, bold=False)
    arrow(ax, [(0.0, 1.35), (2.5, 1.35)], color=MUTED, lw=1.2)
    ax.text(0.0, 1.55, r"$h_{t-1}$", fontsize=12, color=LINE)
    arrow(ax, [(3.6, -1.3), (3.6, 0.97)], color=MUTED, lw=1.2)
    ax.text(3.2, -1.3, r"$x_t$", fontsize=12, color=LINE)
    arrow(ax, [(4.3, 1.53), (4.3, 1.72)], color=MUTED, lw=0.9, head=False)
    arrow(ax, [(3.5, 1.72), (8.4, 1.72)], color=MUTED, lw=0.9, head=False)
    for xg in (3.5, 5.4, 6.6, 8.4):
        arrow(ax, [(xg, 1.72), (xg, y_gate - 0.3)], color=MUTED, lw=0.9)
    # Backward, red. In from step t+1: dc along the cell line, dh along h_t.
    arrow(ax, [(12.3, y_c - 0.32), (6.3, y_c - 0.32)], color=red, lw=2.4)
    ax.text(6.9, y_c + 0.2, r"$\mathrm{d}c$ from step $t{+}1$", fontsize=10, color=red)
    arrow(ax, [(12.3, y_h - 0.3), (9.7, y_h - 0.3), (9.7, y_gate - 0.3)], color=red, lw=2.0)
    ax.text(9.9, y_h - 0.75, r"$\mathrm{d}h = \partial \ell_t/\partial h_t$ + d$h$ from $t{+}1$",
            fontsize=9.5, color=red)
    ax.text(6.35, 4.35, r"$\mathrm{d}c_{\mathrm{tot}} = \mathrm{d}c + \mathrm{d}h \odot o \odot (1 - \tanh^2 c_t)$",
            fontsize=9.5, color=red)
    # The highway: dc_{t-1} = dc_tot ⊙ f, out along the cell line.
    arrow(ax, [(5.7, y_c - 0.32), (3.8, y_c - 0.32)], color=red, lw=2.4, head=False)
    arrow(ax, [(3.2, y_c - 0.32), (0.0, y_c - 0.32)], color=red, lw=3.2)
    ax.text(0.0, y_c + 0.9, r"$\mathrm{d}c_{t-1} = \mathrm{d}c_{\mathrm{tot}} \odot f$:"
            " only $\\odot f$ on this path, the gradient highway", fontsize=10, color=red)
    # The gates' gradients, stacked in dz, leave through W_h and W_x.
    ax.text(1.75, 2.0, r"$\mathrm{d}z = [\mathrm{d}z_i \mid \mathrm{d}z_f \mid \mathrm{d}z_g \mid \mathrm{d}z_o]$",
            fontsize=9.5, color=red)
    arrow(ax, [(2.9, 0.97), (2.9, 0.75), (0.0, 0.75)], color=red, lw=2.0)
    ax.text(0.0, 0.3, r"$\mathrm{d}h_{t-1} = \mathrm{d}z\, W_h$", fontsize=10, color=red)
    arrow(ax, [(4.1, 0.97), (4.1, -1.3)], color=red, lw=2.0)
    ax.text(4.25, -1.15, r"$\mathrm{d}x_t = \mathrm{d}z\, W_x$", fontsize=10, color=red)
    ax.text(5.9, -0.35, r"$\mathrm{d}W_x \;{+}{=}\; \mathrm{d}z^\top x_t$,  "
            r"$\mathrm{d}W_h \;{+}{=}\; \mathrm{d}z^\top h_{t-1}$,  "
            r"$\mathrm{d}b \;{+}{=}\; \sum_{\mathrm{rows}} \mathrm{d}z$", fontsize=9.5, color=red)
    return fig


def truncation_reach(T, scheme, k=None, k1=None, k2=None):
    """For each loss ℓ_j, j = 1..T, the first step s whose use of the weights
    receives gradient from ℓ_j: the gradient of ℓ_j reaches steps s..j.

    scheme "full": s = 1 (full BPTT).
    scheme "window": the sequence is cut into windows of k steps and the state is
        detached at each window start; ℓ_j reaches back to its window's start, so the
        j-th loss of a window gets j steps.
    scheme "k1k2": Williams & Peng's TBPTT(k1, k2): after every k1 steps, one
        backward pass over the last k2 steps, for the losses of those k1 steps; ℓ_j
        handled at step t (t a multiple of k1, t − k1 < j ≤ t) reaches back to t − k2 + 1.

    Returns an int array (T,) of 1-based first steps.
    """
    if T < 1:
        raise ValueError(f"truncation_reach: T must be >= 1, got {T}")
    j = np.arange(1, T + 1)
    if scheme == "full":
        return np.ones(T, dtype=int)
    if scheme == "window":
        if not k or k < 1:
            raise ValueError(f"truncation_reach: scheme 'window' needs k >= 1, got {k}")
        return (j - 1) // k * k + 1
    if scheme == "k1k2":
        if not k1 or not k2 or k1 < 1 or k2 < k1:
            raise ValueError(f"truncation_reach: scheme 'k1k2' needs 1 <= k1 <= k2, got k1={k1}, k2={k2}")
        t = np.minimum(-(-j // k1) * k1, T)       # the backward pass that handles ℓ_j
        return np.maximum(t - k2 + 1, 1)
    raise ValueError(f"truncation_reach: scheme must be one of {SCHEMES}, got {scheme!r}")


def draw_truncation(T=12, k=4, k1=2, k2=5):
    """Three panels, one per scheme of ``truncation_reach``: a row per loss ℓ_j, a bar
    over the steps its gradient reaches, the loss itself marked. Returns the Figure."""
    panels = [("full", {}, "full BPTT"),
              ("window", {"k": k}, (f"window-detach truncation, $k = {k}$\n"
                                     "(state detached at every window start)")),
              ("k1k2", {"k1": k1, "k2": k2}, (f"Williams & Peng TBPTT($k_1 = {k1}$, $k_2 = {k2}$)\n"
                                               f"(every {k1} steps, back {k2} steps)"))]
    fig, axes = plt.subplots(1, 3, figsize=(13, 4.6), sharey=True)
    for ax, (scheme, kw, title) in zip(axes, panels):
        first = truncation_reach(T, scheme, **kw)
        for j, s in enumerate(first, start=1):
            ax.barh(j, j - s + 1, left=s - 0.5, height=0.62, color=COLORS["grad"], alpha=0.35,
                    edgecolor=COLORS["grad"], lw=0.8)
            ax.plot(j, j, marker="o", color=COLORS["grad"], ms=5)
        if scheme == "window":
            for b in range(k, T, k):
                ax.axvline(b + 0.5, color=LINE, ls="--", lw=1)
        if scheme == "k1k2":
            for t in range(k1, T + 1, k1):
                ax.plot(t, 0.2, marker="^", color=LINE, ms=6, clip_on=False)
        ax.set_title(title, fontsize=10)
        ax.set_xlim(0.5, T + 0.5)
        ax.set_ylim(T + 0.7, -0.2)
        ax.set_xticks(range(1, T + 1))
        ax.set_xlabel("step $s$ whose use of the weights gets gradient")
        ax.grid(False)
    axes[0].set_yticks(range(1, T + 1), [rf"$\ell_{{{j}}}$" for j in range(1, T + 1)])
    axes[0].set_ylabel("loss at step $j$ (dot)")
    fig.tight_layout()
    return fig
