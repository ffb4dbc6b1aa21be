"""Final grades: automatic results merged with what instructors graded by hand.

nbgrader's gradebook is where manual grades live: formgrader writes a
written answer's score, or an override of an automatic one, as a grade's
``manual_score``. ``final_results`` merges those into the stored results
(the penalty for lateness applies to the merged raw score), so
``grades.csv``, ``course_grades.csv`` and the LMS exports always show the
notebook's full total.
"""
import copy
import os

from autograder import gradebook, store
from autograder.report import as_grade_row, status_word


def merge(result, scores, full_max):
    """A copy of ``result`` with the gradebook's ``scores`` (from
    ``gradebook.cell_scores``) merged in: test points overridden where an
    instructor did, written answers under ``manual``, ``raw_score`` their
    sum, ``max_score`` the notebook's full total, the late penalty
    recomputed on that raw score."""
    final = copy.deepcopy(result)
    final["manual"] = {}
    pending = []
    for gid, (score, max_score, by) in scores.items():
        if gid in final["tests"]:
            if by == "manual":
                final["tests"][gid]["points"] = score
                final["tests"][gid]["overridden"] = True
        else:
            final["manual"][gid] = {"points": score, "max_points": max_score, "graded": by is not None}
            if by is None:
                pending.append(gid)
    raw = (sum(t["points"] for t in final["tests"].values())
           + sum(m["points"] for m in final["manual"].values()))
    late = final.get("late") or {}
    penalty = round(raw * late.get("fraction", 0.0), 6)
    if late:
        final["late"] = dict(late, penalty=penalty)
    final.update(raw_score=raw, score=raw - penalty, max_score=max(full_max, final["max_score"]))
    if pending and status_word(final["status"]) != "missing":
        final["status"] += "; needs-manual-grading: " + ", ".join(pending)
    return final


def final_results(gb, out, assignment):
    """{student_id: merged result} of every stored result of ``assignment``."""
    results = store.load_results(out, assignment)
    if not results:
        return {}
    notebook = next(iter(results.values()))["notebook"]
    try:
        full_max = float(gb.find_notebook(notebook, assignment).max_score)
    except gradebook.MissingEntry:
        full_max = 0.0
    scores = gradebook.assignment_scores(gb, assignment, notebook)
    finals = {sid: merge(r, scores.get(sid, {}), full_max) for sid, r in results.items()}
    return with_group_members(finals)


def with_group_members(finals):
    """``finals`` with a row for every member of a group submission (graded
    once, under its first member's id): a copy of the group's merged result
    under the member's id, ``group_of`` naming the id it was graded under. A
    member's own submission, if any, keeps its own result; a member's
    ``missing`` result (stored before the group was graded) gives way."""
    expanded = dict(finals)
    for sid, final in finals.items():
        for member in (final.get("submission") or {}).get("members") or []:
            if member == sid:
                continue
            own = finals.get(member)
            if own is not None and status_word(own["status"]) != "missing":
                continue
            copy_ = copy.deepcopy(final)
            copy_.update(student_id=member, group_of=sid)
            expanded[member] = copy_
    return expanded


def grade_rows(finals):
    """``lms_export.GradeRow``s of merged results, sorted by student id."""
    return [as_grade_row(finals[sid]) for sid in sorted(finals)]


def all_rows(gb, out, known=None):
    """{assignment: [GradeRow]} for every assignment with stored results;
    ``known``: {assignment: merged results} already built."""
    known = known or {}
    return {a: grade_rows(known[a] if a in known else final_results(gb, out, a))
            for a in store.assignments_with_results(out)}


def write_course_grades(out, gb, known=None):
    """``course_grades.csv``: one row per student, a column per assignment,
    the total (``known``: as for ``all_rows``)."""
    from autograder.lms_export import write_plain_csv
    by_assignment = all_rows(gb, out, known)
    rows = [row for rows in by_assignment.values() for row in rows]
    write_plain_csv(os.path.join(out, "course_grades.csv"), rows, sorted(by_assignment))
