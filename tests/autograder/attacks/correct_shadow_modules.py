"""Correct code, with files that shadow the kernel's own modules and IPython's: full marks."""
BASE = "reference"
FULL_MARKS = True
FILES = {name: "raise SystemExit('shadowed')\n" for name in
         ("IPython.py", "traitlets.py", "protocol.py", "student.py", "drivers.py", "kernel.py",
          "sitecustomize.py", "usercustomize.py")}
