"""Colours and drawing primitives shared by the book's figures.

One colour per quantity, used in every chapter: inputs ``x``, hidden states ``h``,
cell states ``c``, outputs ``y``, losses ``ℓ``, gradients, and the four LSTM gates in
the order i, f, g, o. Coordinates are data units of an axes made by ``diagram_axes``.
"""
import matplotlib.pyplot as plt
from matplotlib.patches import Circle, FancyArrowPatch, FancyBboxPatch

LINE = "#333333"
MUTED = "#b0b0b0"
GATE_COLORS = {"i": "#2a9d8f", "f": "#e76f51", "g": "#8a5cc2", "o": "#3a7bd5"}
COLORS = {
    "x": "#f4d35e",      # inputs
    "h": "#e8eef8",      # hidden states, cells
    "c": "#2b6cb0",      # cell state line
    "y": "#c7e9c0",      # outputs
    "loss": "#f6c1c1",   # per-step losses
    "grad": "#d62728",   # gradients flowing backward
    "line": LINE,
    "muted": MUTED,
    **GATE_COLORS,
}


def diagram_axes(xlim, ylim, figsize, ax=None):
    """An axes without ticks and with equal aspect over ``xlim`` × ``ylim``.

    Returns ``(fig, ax)``; with ``ax`` given, draws on it and returns its figure.
    """
    if ax is None:
        fig, ax = plt.subplots(figsize=figsize)
    else:
        fig = ax.figure
    ax.set_xlim(*xlim)
    ax.set_ylim(*ylim)
    ax.set_aspect("equal")
    ax.axis("off")
    return fig, ax


def arrow(ax, points, color=LINE, lw=1.8, head=True, ls="-", zorder=1):
    """A polyline through ``points`` ``[(x, y), ...]``, with an arrow head at the end."""
    if not head or len(points) > 2:
        body = points if not head else points[:-1]
        xs, ys = zip(*body)
        ax.plot(xs, ys, color=color, lw=lw, ls=ls, solid_capstyle="round", zorder=zorder)
        if not head:
            return
    ax.add_patch(FancyArrowPatch(points[-2], points[-1], arrowstyle="-|>", mutation_scale=14,
                                 color=color, lw=lw, ls=ls, zorder=zorder, shrinkA=0, shrinkB=0))


def op(ax, xy, symbol, r=0.28, edgecolor=LINE, fontsize=15):
    """A point-wise operation: a white circle of radius ``r`` around ``symbol``."""
    ax.add_patch(Circle(xy, r, facecolor="white", edgecolor=edgecolor, lw=1.6, zorder=3))
    ax.text(*xy, symbol, ha="center", va="center", fontsize=fontsize, zorder=4)


def box(ax, xy, text, color, w=1.0, h=0.6, text_color="white", fontsize=12,
        edgecolor=LINE, lw=1.2, bold=True):
    """A rounded box of size ``w`` × ``h`` centred on ``xy`` with ``text`` inside."""
    x, y = xy
    ax.add_patch(FancyBboxPatch((x - w / 2, y - h / 2), w, h, boxstyle="round,pad=0.04",
                                facecolor=color, edgecolor=edgecolor, lw=lw, zorder=3))
    ax.text(x, y, text, ha="center", va="center", fontsize=fontsize, color=text_color,
            fontweight="bold" if bold else "normal", zorder=4)


def dot(ax, xy, color=LINE, r=0.07):
    """A junction where one line splits into two."""
    ax.add_patch(Circle(xy, r, color=color, zorder=3))
