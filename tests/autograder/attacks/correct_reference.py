"""The reference solution: full marks."""
BASE = "reference"
FULL_MARKS = True
