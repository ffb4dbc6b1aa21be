"""A test cell of the learner's own whose nbgrader grade_id is a million characters long (the
notebook is well within its bounds): it is not the source notebook's, so it earns nothing and
runs as learner code, and no status, log line or file written for the submission may carry the
id whole; the result is recorded like any other."""
def edit(nb):
    nb["cells"].append({"cell_type": "code", "execution_count": None, "outputs": [],
                        "source": "x = 1", "metadata": {"nbgrader": {
                            "grade": True, "solution": False, "locked": True, "points": 5,
                            "grade_id": "g" * 1_000_000, "schema_version": 3}}})
