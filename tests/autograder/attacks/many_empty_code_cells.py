"""100,000 empty code cells after the notebook's own: only the first learner cells the grader
allows run, and without a bound on the cells kept the autograded notebook would still write an
entry with outputs for every one (11 MB). Only the first learner cells are kept, with a note,
and every file written for the submission stays small."""
def edit(nb):
    nb["cells"] += [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                     "source": ""} for _ in range(100_000)]
STATUS = "too-many-cells"
