"""The output folder: one per course, written only by the coordinator.

``DIR/results/<assignment>/<student_id>.json`` is a submission's full
result, written last, once the gradebook, the autograded notebook and the
feedback page hold it; its ``hash`` lets a re-run skip finished work. Every
file is written to a temporary name and renamed, so a killed run leaves
either the old file or the new one.
"""
import json
import os

from autograder import autograded_notebook, feedback_page, gradebook


def atomic_write(path, text):
    """Write ``text`` to ``path`` through a temporary file and a rename."""
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    tmp = f"{path}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8", errors="backslashreplace") as f:
        f.write(text)
    os.replace(tmp, path)


def results_dir(out, assignment):
    return os.path.join(out, "results", assignment)


def result_path(out, assignment, student_id):
    return os.path.join(results_dir(out, assignment), student_id + ".json")


def assignment_dir(out, assignment):
    """``DIR/<assignment>/``: the assignment's grades.csv, summary and histogram."""
    return os.path.join(out, assignment)


def load_results(out, assignment):
    """{student_id: result} of every stored result of ``assignment`` (an
    unreadable file is left alone and skipped: its student is regraded)."""
    folder = results_dir(out, assignment)
    results = {}
    if not os.path.isdir(folder):
        return results
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".json"):
            continue
        try:
            with open(os.path.join(folder, name), encoding="utf-8") as f:
                result = json.load(f)
        except (OSError, ValueError):
            continue
        if isinstance(result, dict) and result.get("student_id") == name[:-5]:
            results[name[:-5]] = result
    return results


def assignments_with_results(out):
    """Names of the assignments that have stored results in ``out``."""
    folder = os.path.join(out, "results")
    if not os.path.isdir(folder):
        return []
    return sorted(n for n in os.listdir(folder) if os.path.isdir(os.path.join(folder, n)))


def feedback_path(out, student_id, notebook):
    return os.path.join(out, "feedback", student_id, notebook + ".html")


def save_result(out, result):
    """Write the result file (the last step of recording a submission)."""
    atomic_write(result_path(out, result["assignment"], result["student_id"]), json.dumps(result))


def record(gb, spec, out, files, result):
    """Write one graded submission: gradebook, autograded notebook, feedback
    page, and then the result file (so a re-run retries a submission whose
    recording failed). ``files``: the submission's files (bytes by path)."""
    sid = result["student_id"]
    gradebook.write(gb, result)
    graded_nb = autograded_notebook.build(spec.source_json, files.get(spec.notebook + ".ipynb", b""),
                                          result)
    if graded_nb is not None:
        atomic_write(os.path.join(out, "autograded", sid, spec.name, spec.notebook + ".ipynb"),
                     json.dumps(graded_nb))
    atomic_write(feedback_path(out, sid, spec.notebook), feedback_page.render(result))
    save_result(out, result)
