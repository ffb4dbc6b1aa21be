"""What crosses the process boundary: a ``Task`` to grade, a result back.

A ``Task`` is plain data (it travels to a local worker process or to a Dask
worker); ``grade_task(task)`` turns it into a result, a plain dict of JSON
values (``blank_result`` builds its skeleton, the one place its keys are
named). The coordinator records results; workers never write anything.
"""
from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Limits:
    """Per-submission limits: seconds per cell and per hidden test
    (``timeout``), seconds for the whole submission (``notebook_timeout``),
    memory of the learner's process in MB (``memory_mb``), memory of the
    grader's own process for this submission in MB (``grader_memory_mb``)."""
    timeout: float = 30
    notebook_timeout: float = 300
    memory_mb: int = 2048
    grader_memory_mb: int = 4096


@dataclass
class Task:
    """One submission of one assignment, with everything needed to grade it.

    ``files`` maps a path relative to the submission's folder to its bytes;
    ``source_json`` is the instructor's notebook; ``hidden`` the hidden-test
    module; ``hash`` identifies the result (submission content plus
    everything the verdict depends on).
    """
    student_id: str
    assignment: str
    notebook: str
    source_json: str
    hidden: str
    files: dict
    limits: Limits = field(default_factory=Limits)
    helper_files: dict = field(default_factory=dict)
    drivers_source: str = ""
    hash: str = ""
    gpu: str | None = None            # the CUDA device this task may use, if any
    allow_unjailed: bool = False      # grade even where the jail cannot run
    verdict_hash: str = ""            # content hash of the hidden tests and references
    verdict_files: dict = None        # their sources, shipped to a cluster (``autograder.verdict``)
    environment: dict = None          # the coordinator's package versions, checked by a cluster worker


def blank_result(task, protections_off=()):
    """A result with nothing earned: the skeleton ``grade_task`` fills in."""
    return {"student_id": task.student_id, "assignment": task.assignment,
            "notebook": task.notebook, "score": 0.0, "max_score": 0.0,
            "status": "", "tests": {}, "cells": [], "log": [],
            "protections_off": list(protections_off), "limits": asdict(task.limits)}


def grader_error(task, exc, detail=""):
    """The result of a submission that the grader itself failed on: never
    recorded, so that a re-run retries it."""
    result = blank_result(task)
    result.update(status=f"grader-error: {exc}", grader_error=True,
                  log=[repr(exc)] + ([detail] if detail else []))
    return result
