"""Two plain layouts: a folder per student, ``<student_id>/<notebook>.ipynb``
plus any other files; and flat, one ``<student_id>.ipynb`` per student."""
from autograder.intake.build import Attempt, checked_id
from autograder.intake.model import Skipped, id_problem, shown

FOLDER_NAMING = "<student_id>/<notebook>.ipynb"
FLAT_NAMING = "<student_id>.ipynb"


def folder_claims(entries, ctx):
    return sum(1 for e in entries if len(e.parts) > 1)


def folder_parse(entries, ctx):
    attempts, skipped = {}, []
    refused = set()
    for e in entries:
        if len(e.parts) == 1:
            skipped.append(Skipped(shown(e.path), "a file at the top level; this layout has one "
                                   f"folder per student ({FOLDER_NAMING})"))
            continue
        top = e.parts[0]
        if top in refused:
            continue
        if top not in attempts:
            sid = checked_id(top, top + "/", skipped)
            if sid is None:
                refused.add(top)
                continue
            attempts[top] = Attempt(sid, top + "/", [])
        attempts[top].files.append((e.path.split("/", 1)[1], e))
    return list(attempts.values()), skipped


def flat_claims(entries, ctx):
    return sum(1 for e in entries if len(e.parts) == 1 and e.path.endswith(".ipynb")
               and not id_problem(e.path[:-len(".ipynb")]))


def flat_parse(entries, ctx):
    attempts, skipped = [], []
    for e in entries:
        if len(e.parts) > 1:
            skipped.append(Skipped(shown(e.path), "inside a folder; the flat layout has one "
                                   f"{FLAT_NAMING} per student"))
        elif not e.path.endswith(".ipynb"):
            skipped.append(Skipped(shown(e.path), f"not a notebook named {FLAT_NAMING}"))
        else:
            sid = checked_id(e.path[:-len(".ipynb")], e.path, skipped)
            if sid is not None:
                attempts.append(Attempt(sid, e.path, [(ctx.notebook + ".ipynb", e)]))
    return attempts, skipped
