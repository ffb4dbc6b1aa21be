"""Figures of the book, drawn with matplotlib at build time, one module per chapter.

``style`` holds the colours and the drawing primitives every chapter module uses.
Every function returns a ``matplotlib.figure.Figure`` and draws the same picture on
every call (fixed seeds, no time-dependent content).
"""
