"""Delete the setup cell and two test cells, duplicate another test cell (correct code)."""
BASE = "reference"


def edit(nb):
    cells = []
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader") or {}
        if meta.get("grade_id") in ("rnn_step_torch", "rnn_forward_shapes") or \
                meta.get("grade_id", "").startswith("setup"):
            continue
        cells.append(cell)
        if meta.get("grade_id") == "rnn_step_shapes":
            cells.append(cell)
    nb["cells"] = cells
STATUS = "missing-cells"
# the two deleted test cells earn nothing; the others still earn their points
TOUCHES = ["rnn_step_torch", "rnn_forward_shapes"]
EXPECT_POINTS = {"rnn_step_torch": 0, "rnn_forward_shapes": 0, "rnn_step_shapes": 2,
                 "rnn_forward_torch": 3}
