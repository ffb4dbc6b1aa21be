"""The learner's feedback page: score, each graded test, each cell's output.

Hidden tests appear only through their messages, never their code.
"""
import html

_STYLE = """
body{font-family:sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:.3em .6em;text-align:left}
.pass{color:#1a7f37}.fail{color:#b42318}pre{background:#f6f8fa;padding:.6em;overflow-x:auto;
white-space:pre-wrap}.err{background:#fff1f0}h3{margin-bottom:.2em}.status{font-weight:bold}
"""


def render(result):
    e = html.escape
    rows = []
    for gid, t in result["tests"].items():
        cls = "pass" if t["passed"] else "fail"
        rows.append(f"<tr><td><code>{e(gid)}</code></td><td class='{cls}'>"
                    f"{'passed' if t['passed'] else 'failed'}</td>"
                    f"<td>{t['points']:g} / {t['max_points']:g}</td><td>{e(t['message'])}</td></tr>")
    cells = []
    for c in result["cells"]:
        kind = "test cell (from the assignment)" if c["trusted"] else "your code"
        state = "ran" if c["ok"] else "error"
        block = [f"<h3>{e(c['label'])} — {kind}: <span class='{'pass' if c['ok'] else 'fail'}'>"
                 f"{state}</span></h3>", f"<pre>{e(c['code'])}</pre>"]
        if c["output"]:
            block.append(f"<pre class='{'' if c['ok'] else 'err'}'>{e(c['output'])}</pre>")
        if c["error"] and not c["output"]:
            block.append(f"<pre class='err'>{e(': '.join(c['error']))}</pre>")
        cells.append("\n".join(block))
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>Feedback: {e(result['assignment'])} ({e(result['student_id'])})</title>
<style>{_STYLE}</style></head><body>
<h1>{e(result['assignment'])}: feedback for {e(result['student_id'])}</h1>
<p>Score: <strong>{result['score']:g} / {result['max_score']:g}</strong>.
Status: <span class="status">{e(result['status'])}</span></p>
<p>A test earns its points when its cell in the notebook runs without error and the
grader's own checks of your functions pass.</p>
<h2>Tests</h2>
<table><tr><th>test</th><th>result</th><th>points</th><th>message</th></tr>
{''.join(rows)}
</table>
<h2>Cells as run</h2>
{''.join(cells)}
</body></html>
"""


def _text(source):
    """A cell's source as one string (nbformat allows a list of strings)."""
    if isinstance(source, str):
        return source
    if isinstance(source, list) and all(isinstance(x, str) for x in source):
        return "".join(source)
    return ""


def autograded_notebook(source_json, submitted, result):
    """The notebook nbgrader keeps in ``autograded/<student>/<assignment>/``:
    the submission with every locked cell's text and metadata taken from the
    source notebook (a deleted one put back at the end), nbgrader metadata
    only where the source notebook has that cell (copied from the source,
    once per grade_id), and the outputs of the cells as they ran. Returns an
    nbformat 4 dict, or None when the submission could not be read."""
    import json
    try:
        nb = json.loads(submitted.decode("utf-8"))
        cells = nb["cells"]
        if not isinstance(cells, list):
            return None
    except (UnicodeDecodeError, ValueError, KeyError, TypeError):
        return None
    locked, trusted_meta = {}, {}
    source = json.loads(source_json)
    for cell in source["cells"]:
        meta = cell.get("metadata", {}).get("nbgrader") or {}
        if not meta:
            continue
        if meta.get("locked") and not meta.get("solution"):
            locked[meta["grade_id"]] = cell
        else:
            trusted_meta[meta["grade_id"]] = meta
    ran = {}
    for c in result["cells"]:
        if c["label"].startswith("cell "):
            ran[int(c["label"].split()[1]) - 1] = c
    out = []
    for k, cell in enumerate(cells):
        if not isinstance(cell, dict) or cell.get("cell_type") not in ("code", "markdown", "raw"):
            continue
        meta = cell.get("metadata")
        meta = meta.get("nbgrader") if isinstance(meta, dict) else None
        gid = meta.get("grade_id") if isinstance(meta, dict) else None
        gid = gid if isinstance(gid, str) else None
        if gid in locked:
            cell = json.loads(json.dumps(locked.pop(gid)))
        else:
            clean = {"cell_type": cell["cell_type"], "metadata": {}, "source": _text(cell.get("source"))}
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
    for cell in locked.values():                      # deleted by the learner: put back
        cell = json.loads(json.dumps(cell))
        if cell.get("cell_type") == "code":
            cell["outputs"], cell["execution_count"] = [], None
        out.append(cell)
    for cell in out:
        cell.pop("id", None)
    return {"cells": out, "metadata": source.get("metadata", {}), "nbformat": 4, "nbformat_minor": 4}
