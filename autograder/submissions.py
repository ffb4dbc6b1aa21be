"""Reading a batch of submissions: see ``autograder.intake``."""
from autograder.intake import (
    LAYOUTS,
    MAX_FILE,
    MAX_FILES,
    MAX_NAME,
    MAX_TOTAL,
    STUDENT_ID,
    Intake,
    Skipped,
    Submission,
    SubmissionsError,
    collect,
)

__all__ = ["LAYOUTS", "MAX_FILE", "MAX_FILES", "MAX_NAME", "MAX_TOTAL", "STUDENT_ID", "Intake",
           "Skipped", "Submission", "SubmissionsError", "collect"]
