"""80 added code cells of 12,000 characters each (a long comment and a print of 10,000): the
code a result keeps is bounded with the output, so the results, feedback and autograded files
stay small."""
def edit(nb):
    source = "# " + "c" * 12_000 + "\nprint('w' * 10_000)"
    cell = {"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
            "source": source}
    nb["cells"][1:1] = [dict(cell) for _ in range(80)]
