"""Code shared by the book's chapters (data sets, tasks, plotting helpers).

Chapters import from here instead of copying code between notebooks. The
graded reference functions live in ``solutions``; this package never
re-implements them.
"""
