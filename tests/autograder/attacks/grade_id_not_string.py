"""Cells whose nbgrader grade_id is a list or an object (unhashable), not a string: reading
the submission ignores such metadata, but every later step that looks the id up must too."""
APPEND = ['print("probe-ran")']


def edit(nb):
    nb["cells"][-1]["metadata"]["nbgrader"] = {"grade_id": ["rnn_step_torch"], "grade": True,
                                               "locked": True, "points": 3, "schema_version": 3}
    nb["cells"].append({"cell_type": "markdown", "source": "text",
                        "metadata": {"nbgrader": {"grade_id": {"a": 1}, "schema_version": 3}}})
MUST_PRINT = ["probe-ran"]
