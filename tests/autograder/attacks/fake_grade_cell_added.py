"""Add a cell that claims to be a 100-point autograded test cell with a grade_id the assignment
does not have ("bonus"), and a second copy of a real test cell's metadata on a learner cell.
The grader runs them as learner code and ignores their points."""
APPEND = ['print("probe-ran")', 'assert True']


def edit(nb):
    nb["cells"][-2]["metadata"]["nbgrader"] = {"grade": True, "solution": False, "locked": False,
                                               "grade_id": "bonus", "points": 100,
                                               "schema_version": 3}
    nb["cells"][-1]["metadata"]["nbgrader"] = {"grade": True, "solution": True, "locked": False,
                                               "grade_id": "rnn_step_torch", "points": 100,
                                               "schema_version": 3}
MUST_PRINT = ["probe-ran"]
