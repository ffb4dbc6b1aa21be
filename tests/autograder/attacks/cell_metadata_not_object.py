"""An added cell whose "metadata" is a string, not an object. Reading the submission
tolerates it (the cell runs as learner code), so the notebook is graded; the notebook the
grader then writes for nbgrader (autograded/) must not trip over it either."""
APPEND = ['print("probe-ran")']


def edit(nb):
    nb["cells"][-1]["metadata"] = "not an object"
    nb["cells"].append({"cell_type": "markdown", "metadata": [1, 2], "source": "text"})
MUST_PRINT = ["probe-ran"]
