"""The notebook's cells are followed by 900,000 plain numbers (under the bound on JSON values,
so the notebook is decoded): no reader of the submission may stop on them; the submission is
invalid, scores 0 and gets its recorded result like everyone else."""
def edit(nb):
    nb["cells"] += list(range(900_000))
STATUS = "invalid-notebook"
