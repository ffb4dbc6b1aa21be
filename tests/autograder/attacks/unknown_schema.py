"""nbgrader metadata of an unknown schema version, with correct code."""
BASE = "reference"


def edit(nb):
    for cell in nb["cells"]:
        if "nbgrader" in cell["metadata"]:
            cell["metadata"]["nbgrader"]["schema_version"] = 99
STATUS = "invalid-notebook"
