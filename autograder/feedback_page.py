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


def _late(result):
    """A paragraph on the submission time and any late penalty."""
    late = result.get("late") or {}
    when = (result.get("submission") or {}).get("submitted_at")
    if not late.get("due") and not when:
        return ""
    e = html.escape
    parts = []
    if when:
        parts.append(f"Submitted: {e(when)}.")
    if late.get("due"):
        parts.append(f"Due: {e(late['due'])}{' (your extension)' if late.get('extension') else ''}.")
    if late.get("penalty"):
        parts.append(f"Late penalty: {late['penalty']:g} points deducted from "
                     f"{result.get('raw_score', result['score']):g} ({e(late.get('reason', ''))}).")
    elif late.get("reason"):
        parts.append(e(late["reason"][:1].upper() + late["reason"][1:]) + ".")
    return "<p class='late'>" + " ".join(parts) + "</p>"


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
{_late(result)}
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
