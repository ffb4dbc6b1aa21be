"""Bound what one submission's result can cost to keep and to write.

The coordinator writes the results file, the feedback page and the
autograded notebook from the result dict, so bounding the dict bounds them:

- the cells' code and output kept in a result add up to at most
  ``MAX_KEPT_TEXT`` characters, in the order the cells ran (the rest is cut,
  with a note saying how much);
- each log line keeps at most ``MAX_LOG_TEXT`` characters;
- the result is plain JSON (dicts, lists, strings, numbers, booleans, None)
  nested at most ``MAX_DEPTH`` levels and at most ``MAX_RESULT_BYTES`` bytes
  once encoded; a result that is not is replaced by one that keeps the
  scores and says why the rest was left out.
"""
import json

from autograder.protocol import ProtocolError, check_cost

MAX_KEPT_TEXT = 500_000        # characters of code and output over all cells
MAX_LOG_TEXT = 10_000          # characters of one log line
MAX_RESULT_BYTES = 4_000_000   # bytes of the encoded result
MAX_DEPTH = 8                  # levels of nesting of the result


def _keep_text(cells):
    """Cut the cells' code and output, in order, to ``MAX_KEPT_TEXT``
    characters in all; the first text cut says so, later ones are emptied."""
    room = MAX_KEPT_TEXT
    for cell in cells:
        for key in ("code", "output"):
            text = cell.get(key)
            if not isinstance(text, str) or len(text) <= room:
                room -= len(text) if isinstance(text, str) else 0
                continue
            cell[key] = "" if room < 0 else text[:room] + (
                f"\n[... the rest is not kept: a result keeps {MAX_KEPT_TEXT} characters of "
                "the cells' code and output in all]")
            room = -1


def _encoded(result):
    """The result as JSON bytes, or None if it is not plain, shallow JSON."""
    try:
        raw = json.dumps(result, allow_nan=True).encode("utf-8", "backslashreplace")
        check_cost(raw, max_items=10 ** 9, max_depth=MAX_DEPTH)
    except (TypeError, ValueError, RecursionError, ProtocolError):
        return None
    return raw


def fit_result(result):
    """``result`` within the bounds above (changed in place and returned)."""
    _keep_text(result.get("cells") or [])
    result["log"] = [str(line)[:MAX_LOG_TEXT] for line in result.get("log") or []]
    raw = _encoded(result)
    if raw is not None and len(raw) <= MAX_RESULT_BYTES:
        return result
    why = "was not plain JSON" if raw is None else f"was {len(raw)} bytes"
    for cell in result.get("cells") or []:
        cell["code"] = cell["output"] = ""
    result["log"].append(f"the cells' code and output were left out: the result {why}, over "
                         f"the bounds of {MAX_RESULT_BYTES} bytes and {MAX_DEPTH} levels")
    raw = _encoded(result)
    if raw is not None and len(raw) <= MAX_RESULT_BYTES:
        return result
    kept = {k: result.get(k) for k in ("student_id", "assignment", "notebook", "score",
                                       "max_score", "status", "protections_off", "limits")}
    tests = {}
    for gid, test in (result.get("tests") or {}).items():
        tests[str(gid)[:200]] = {"points": float(test.get("points", 0.0)),
                                 "max_points": float(test.get("max_points", 0.0)),
                                 "passed": bool(test.get("passed")),
                                 "message": str(test.get("message", ""))[:2000]}
    kept.update(tests=tests, cells=[], log=[result["log"][-1]])
    kept = json.loads(json.dumps(kept, default=str))
    return kept
