"""Figures of chapter 8: how ``pack_padded_sequence`` lays out a batch of sequences of
different lengths, and which entry of ``h_n`` holds which layer and direction.

Packing sorts the sequences by length (longest first) and stores the batch step by
step: at step t it keeps the sequences whose length is at least t, so
``batch_sizes[t] = #{n : length_n > t}`` (t from 0) and ``data`` holds Σ lengths rows.
``h_n`` of ``nn.LSTM`` is (num_layers · num_directions, B, H), layer-major: entry
``num_directions · layer + direction`` (direction 0 forward, 1 backward).
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.patches import Rectangle

from course.figures.style import COLORS, LINE, MUTED, arrow, box, diagram_axes


def packed_batch_sizes(lengths):
    """The ``batch_sizes`` of a packed batch: for each step t, how many sequences
    have a step t. ``lengths`` is a sequence of positive ints. Returns an int array."""
    lengths = np.asarray(lengths)
    if lengths.ndim != 1 or lengths.size == 0 or np.any(lengths < 1):
        raise ValueError("packed_batch_sizes: lengths must be a non-empty list of positive ints, "
                         f"got {lengths.tolist()}")
    return np.array([(lengths > t).sum() for t in range(lengths.max())])


def draw_packed_layout(lengths=(6, 4, 2)):
    """Left: the padded batch (T_max, B), real steps coloured, padding grey. Right: the
    packed ``data``, one block per step holding ``batch_sizes[t]`` rows, each row
    numbered by its position in ``data``. Returns the Figure."""
    lengths = np.asarray(lengths)
    sizes = packed_batch_sizes(lengths)
    order = np.argsort(-lengths, kind="stable")           # packing sorts longest first
    T, B = int(lengths.max()), len(lengths)
    fig, (ax_pad, ax_pack) = plt.subplots(1, 2, figsize=(12, 3.8), gridspec_kw={"width_ratios": [1, 1.5]})
    _, ax_pad = diagram_axes((-1.6, T + 0.2), (-1.2, B + 0.6), None, ax_pad)
    for n in range(B):
        y = B - 1 - n
        ax_pad.text(-0.2, y + 0.4, f"seq {n} (length {lengths[n]})", ha="right", va="center", fontsize=9)
        for t in range(T):
            real = t < lengths[n]
            ax_pad.add_patch(Rectangle((t, y), 0.9, 0.8, facecolor=COLORS["x"] if real else "white",
                                       edgecolor=LINE if real else MUTED, hatch=None if real else "//"))
            ax_pad.text(t + 0.45, y + 0.4, f"$x_{{{t + 1}}}$" if real else "pad", ha="center",
                        va="center", fontsize=9, color=LINE if real else MUTED)
    for t in range(T):
        ax_pad.text(t + 0.45, -0.45, f"{sizes[t]}", ha="center", va="center", fontsize=11,
                    color=COLORS["grad"], fontweight="bold")
    ax_pad.text(-0.2, -0.45, "batch_sizes", ha="right", va="center", fontsize=9, color=COLORS["grad"])
    ax_pad.set_title("padded batch (steps across)", fontsize=10)
    total = int(sizes.sum())
    _, ax_pack = diagram_axes((-0.3, total + 0.3), (-1.2, 2.2), None, ax_pack)
    row = 0
    for t, size in enumerate(sizes):
        for n in order[:size]:
            ax_pack.add_patch(Rectangle((row, 0.6), 0.9, 0.8, facecolor=COLORS["x"], edgecolor=LINE))
            ax_pack.text(row + 0.45, 1.0, f"s{n}\n$x_{{{t + 1}}}$", ha="center", va="center", fontsize=8)
            ax_pack.text(row + 0.45, 0.3, str(row), ha="center", va="center", fontsize=7, color=MUTED)
            row += 1
        ax_pack.add_patch(Rectangle((row - size - 0.05, 0.5), size, 1.0, fill=False,
                                    edgecolor=COLORS["grad"], lw=1.5))
        rows_label = f"{size} row{'s' if size != 1 else ''}"
        ax_pack.text(row - size / 2 - 0.05, -0.3, f"step {t + 1}\n{rows_label}", ha="center", va="center",
                     fontsize=9, color=COLORS["grad"])
    ax_pack.set_title(f"packed data: {total} rows = sum of lengths, in blocks of batch_sizes", fontsize=10)
    fig.tight_layout()
    return fig


def h_n_index(layer, direction, num_directions=2):
    """Index of layer ``layer``'s final state for ``direction`` (0 forward, 1 backward)
    in ``h_n`` / ``c_n`` of shape (num_layers · num_directions, B, H)."""
    if direction not in range(num_directions):
        raise ValueError(f"h_n_index: direction must be in range({num_directions}), got {direction}")
    if layer < 0:
        raise ValueError(f"h_n_index: layer must be >= 0, got {layer}")
    return num_directions * layer + direction


def draw_h_n_layout(num_layers=2, T=4):
    """A bidirectional LSTM of ``num_layers`` layers unrolled over ``T`` steps: forward
    chains left to right, backward chains right to left, and for every layer and
    direction the state that ends up in h_n, labelled with its index. Returns the Figure."""
    if num_layers < 1 or T < 2:
        raise ValueError(f"draw_h_n_layout: need num_layers >= 1 and T >= 2, got {num_layers}, {T}")
    fig, ax = diagram_axes((-2.2, 2.2 * T + 6.6), (-1.0, 2.4 * num_layers + 0.4),
                           (2.1 * T + 5, 1.9 * num_layers + 1.6))
    fwd, bwd = COLORS["c"], COLORS["f"]
    for t in range(T):
        ax.text(2.2 * t + 0.5, -0.6, f"$x_{t + 1}$", ha="center", fontsize=11)
    for layer in range(num_layers):
        y_f, y_b = 2.4 * layer + 0.5, 2.4 * layer + 1.4
        ax.text(-2.0, (y_f + y_b) / 2, f"layer {layer}", va="center", fontsize=10)
        for t in range(T):
            x = 2.2 * t + 0.5
            box(ax, (x, y_f), "", COLORS["h"], w=0.9, h=0.55, edgecolor=fwd)
            box(ax, (x, y_b), "", COLORS["h"], w=0.9, h=0.55, edgecolor=bwd)
            if t < T - 1:
                arrow(ax, [(x + 0.5, y_f), (x + 1.7, y_f)], color=fwd, lw=1.4)
                arrow(ax, [(x + 1.7, y_b), (x + 0.5, y_b)], color=bwd, lw=1.4)
        k_f, k_b = h_n_index(layer, 0), h_n_index(layer, 1)
        x_last, x_first = 2.2 * (T - 1) + 0.5, 0.5
        box(ax, (x_last, y_f), f"$t{{=}}{T}$", COLORS["h"], w=0.9, h=0.55, edgecolor=fwd,
            text_color=fwd, fontsize=9)
        box(ax, (x_first, y_b), "$t{=}1$", COLORS["h"], w=0.9, h=0.55, edgecolor=bwd,
            text_color=bwd, fontsize=9)
        arrow(ax, [(x_last + 0.5, y_f), (2.2 * T + 0.4, y_f)], color=fwd, lw=1.4)
        ax.text(2.2 * T + 0.5, y_f, f"h_n[{k_f}]  forward: state after t={T}", va="center", fontsize=10, color=fwd,
                family="monospace")
        ax.text(2.2 * T + 0.5, y_b, f"h_n[{k_b}]  backward: state after t=1", va="center",
                fontsize=10, color=bwd, family="monospace")
        if layer > 0:
            for t in range(T):
                x = 2.2 * t + 0.5
                arrow(ax, [(x, y_f - 2.4 + 1.2), (x, y_f - 0.3)], color=MUTED, lw=1.0)
    ax.set_title(f"h_n of nn.LSTM(num_layers={num_layers}, bidirectional=True): "
                 "index = 2 · layer + direction", fontsize=10)
    return fig
