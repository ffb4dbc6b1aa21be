"""Figures of chapter 7: text coloured by one cell unit's activation, in the style of
Karpathy, Johnson and Fei-Fei's "Visualizing and understanding recurrent networks".

The unit is chosen by a stated criterion: among the H units of the cell state c_t,
the one whose activation over a text is most correlated (largest |Pearson r|) with a
feature of the text computed character by character, such as ``word_position``.
"""
import matplotlib.pyplot as plt
import numpy as np
from matplotlib.colors import Normalize
from matplotlib.patches import Rectangle


def word_position(text):
    """For each character, its position inside the current word: 1 for a word's
    first letter, 2 for the second, ..., and 0 for anything that is not a letter.
    Returns an int array (len(text),)."""
    out, run = np.zeros(len(text), dtype=int), 0
    for n, ch in enumerate(text):
        run = run + 1 if ch.isalpha() else 0
        out[n] = run
    return out


def most_correlated_unit(states, feature):
    """The unit whose activation is most correlated with ``feature``.

    states : (N, H) activations of H units at N positions
    feature : (N,) the quantity to track

    Returns (unit, r): the index of the unit with the largest |Pearson r| and its r
    (with sign). Units that never change are skipped.
    """
    states, feature = np.asarray(states, dtype=float), np.asarray(feature, dtype=float)
    if states.ndim != 2 or feature.shape != (states.shape[0],):
        raise ValueError(f"most_correlated_unit: need states (N, H) and feature (N,), "
                         f"got {states.shape} and {feature.shape}")
    if feature.std() == 0:
        raise ValueError("most_correlated_unit: the feature is constant, nothing to correlate with")
    s = states - states.mean(axis=0)
    f = feature - feature.mean()
    denom = np.sqrt((s ** 2).sum(axis=0) * (f ** 2).sum())
    r = np.divide(s.T @ f, denom, out=np.zeros(states.shape[1]), where=denom > 0)
    unit = int(np.argmax(np.abs(r)))
    return unit, float(r[unit])


def draw_coloured_text(text, values, width=72, cmap="RdBu_r", title=None, label="activation"):
    """``text`` in a monospace grid of ``width`` columns, each character on a
    background coloured by its entry of ``values`` (len(text),), from -1 (blue)
    to +1 (red) on a diverging colour map, with ``label`` on the colour bar.
    Returns the Figure."""
    values = np.asarray(values, dtype=float)
    if values.shape != (len(text),):
        raise ValueError(f"draw_coloured_text: need one value per character, "
                         f"got {values.shape} for {len(text)} characters")
    rows, row, col = [], [], 0
    for ch, v in zip(text, values):
        if ch == "\n" or col == width:
            rows.append(row)
            row, col = [], 0
            if ch == "\n":
                continue
        row.append((ch, v))
        col += 1
    rows.append(row)
    colour = plt.get_cmap(cmap)
    norm = Normalize(-1, 1)
    fig, ax = plt.subplots(figsize=(width * 0.13 + 0.4, len(rows) * 0.24 + 0.6))
    for y, line in enumerate(rows):
        for x, (ch, v) in enumerate(line):
            ax.add_patch(Rectangle((x, -y - 1), 1, 1, facecolor=colour(norm(v)), edgecolor="none"))
            ax.text(x + 0.5, -y - 0.5, ch, ha="center", va="center", family="monospace", fontsize=9)
    ax.set_xlim(0, width)
    ax.set_ylim(-len(rows), 0)
    ax.axis("off")
    if title:
        ax.set_title(title, fontsize=10)
    fig.colorbar(plt.cm.ScalarMappable(norm=norm, cmap=colour), ax=ax, fraction=0.02, pad=0.01,
                 label=label)
    return fig
