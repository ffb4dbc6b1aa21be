"""Helpers for the tests of the book's figures (course/figures)."""
import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pytest


def _texts(fig):
    """Every text drawn on ``fig``: axes texts and titles, in drawing order."""
    out = []
    for ax in fig.axes:
        out += [t.get_text() for t in ax.texts]
        out.append(ax.get_title())
    return [t for t in out if t]


def _pixels(fig):
    fig.canvas.draw()
    return np.asarray(fig.canvas.buffer_rgba()).copy()


@pytest.fixture
def figure_texts():
    return _texts


@pytest.fixture
def same_picture():
    """``same_picture(make)`` draws ``make()`` twice and says whether the pixels agree."""
    def check(make):
        a, b = make(), make()
        try:
            return a.get_size_inches().tolist() == b.get_size_inches().tolist() and \
                np.array_equal(_pixels(a), _pixels(b))
        finally:
            plt.close(a)
            plt.close(b)
    return check


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")
