"""A notebook saved in nbformat 3 (worksheets), with correct code."""
BASE = "reference"


def edit(nb):
    cells = [{"cell_type": c["cell_type"], "input": c["source"], "metadata": c["metadata"],
              "language": "python", "outputs": []} for c in nb["cells"]]
    return {"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": [{"cells": cells}]}
STATUS = "invalid-notebook"
