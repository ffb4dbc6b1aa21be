"""Correct code whose test cells were edited to `pass` (they are restored): full marks."""
BASE = "reference"
FULL_MARKS = True


def edit(nb):
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader")
        if meta and meta.get("grade"):
            cell["source"] = "pass"
