"""The notebook as graded, where nbgrader keeps it.

``autograded/<student_id>/<assignment>/<notebook>.ipynb`` is what nbgrader's
``generate_feedback`` and formgrader read. It is built from the submission
and the source notebook: the learner's cells as submitted, every locked cell
and every piece of nbgrader metadata from the source (a learner cannot
forge them), and the outputs of the cells as they ran in the jail.
"""
import json

from autograder.cells import LOCKED, TEST, role
from autograder.notebook import InvalidNotebook, load_json


def _text(source):
    """A cell's source as one string (nbformat allows a list of strings)."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(x, str) for x in source):
        return "".join(source)
    return ""


MAX_CELL_TEXT = 100_000        # characters of one learner cell's source kept
MAX_LEARNER_TEXT = 2_000_000   # characters of all learner cells' sources kept
MAX_ADDED_CELLS = 1_000      # cells the learner added kept (any kind; more than are run)


def build(source_json, submitted, result):
    """The notebook nbgrader keeps in ``autograded/<student>/<assignment>/``:
    the submission with every locked cell's text and metadata taken from the
    source notebook (a deleted one put back at the end), nbgrader metadata
    only where the source notebook has that cell (copied from the source,
    once per grade_id), and the outputs of the cells as they ran (already
    bounded in the result). A learner cell keeps at most ``MAX_CELL_TEXT``
    characters of its source and all of them together ``MAX_LEARNER_TEXT``,
    and of the learner cells the source notebook does not name (cells the
    learner added) the first ``MAX_ADDED_CELLS`` are kept (a note says how
    many more there were), so the file stays a few MB whatever was
    submitted. Returns an nbformat 4
    dict, or None when the submission could not be read."""
    try:
        nb = load_json(submitted)
        cells = nb["cells"]
        if not isinstance(cells, list):
            return None
    except (InvalidNotebook, KeyError, TypeError):
        return None
    locked, trusted_meta = {}, {}
    source = json.loads(source_json)
    for cell in source["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        if not meta:
            continue
        if role(cell) in (TEST, LOCKED):
            locked[meta["grade_id"]] = cell
        else:
            trusted_meta[meta["grade_id"]] = meta
    ran = {}
    for c in result["cells"]:
        if c["label"].startswith("cell "):
            ran[int(c["label"].split()[1]) - 1] = c
    out, budget, cells_left, dropped = [], MAX_LEARNER_TEXT, MAX_ADDED_CELLS, 0
    for k, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        meta = cell.get("metadata")
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        gid = gid if isinstance(gid, str) else None
        if gid in locked:
            cell = json.loads(json.dumps(locked.pop(gid)))
        elif gid not in trusted_meta and cells_left <= 0:
            dropped += 1
            continue
        else:
            cells_left -= gid not in trusted_meta
            text = _text(cell.get("source"))
            budget -= len(text)
            if len(text) > MAX_CELL_TEXT or budget < 0:
                text = text[:max(0, min(MAX_CELL_TEXT, budget + len(text)))] + (
                    f"\n… ({len(text)} characters in the submission; the rest is not kept here)")
            clean = {"cell_type": cell["cell_type"], "metadata": {}, "source": text}
            if gid in trusted_meta:
                clean["metadata"]["nbgrader"] = dict(trusted_meta.pop(gid))
            cell = clean
        if cell["cell_type"] == "code":
            c = ran.get(k)
            text = (c["output"] if c else "") or ""
            if c and c["error"] and not c["output"]:
                text = ": ".join(c["error"])
            cell["outputs"] = ([{"output_type": "stream", "name": "stdout", "text": text}]
                               if text else [])
            cell["execution_count"] = None
        out.append(cell)
    if dropped:
        out.append({"cell_type": "markdown", "metadata": {},
                    "source": f"… ({dropped} more cells in the submission are not kept here)"})
    for cell in locked.values():                      # deleted by the learner: put back
        cell = json.loads(json.dumps(cell))
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        out.append(cell)
    for cell in out:
        cell.pop("id", None)
    return {"cells": out, "metadata": source.get("metadata", {}), "nbformat": 4, "nbformat_minor": 4}
