"""150,000 empty markdown cells (8 MB submitted, within the file and JSON-value bounds): nothing
runs, and the code kept is empty, but without a bound on the cells kept the autograded notebook
holds every one of them (11 MB). Only the first learner cells are kept, with a note, and every
file written for the submission stays small."""
def edit(nb):
    nb["cells"][1:1] = [{"cell_type": "markdown", "metadata": {}, "source": ""}
                        for _ in range(150_000)]
