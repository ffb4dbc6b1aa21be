"""sys.exit, exit() and raise SystemExit in the middle of the notebook."""
PREPEND = ['import sys\nprint("probe-ran")\nsys.exit(0)', 'raise SystemExit(0)', 'exit()', 'quit()']
MUST_PRINT = ["probe-ran"]
