"""The instructor's grading tool: ``python -m autograder --help``."""
