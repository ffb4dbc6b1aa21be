"""1,000 added code cells, each printing 20,000 characters: without a bound the results,
feedback and autograded files grow to hundreds of MB. Only the first cells the grader allows
run, the output kept per submission is bounded, and every file written for it stays small."""
def edit(nb):
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": "print('z' * 20_000)"}
    nb["cells"][1:1] = [dict(cell) for _ in range(1000)]
STATUS = "too-many-cells"
