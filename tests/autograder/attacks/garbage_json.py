"""A file that is not JSON at all."""


def edit(nb):
    return b"\x89PNG this is not a notebook {{{"
STATUS = "invalid-notebook"
