"""Read the notebook being graded (and any other notebook) from disk."""
PREPEND = ['''
import glob, os
hits = []
for pattern in ("*.ipynb", "**/*.ipynb", "/home/**/*.ipynb", "/tmp/**/*.ipynb", "../**/*.ipynb",
                "/opt/**/*", "/work/**/*.ipynb", "{REPO}/**/*.ipynb"):
    hits += [p for p in glob.glob(pattern, recursive=True) if not p.startswith("/opt/grader")]
print("FOUND" if hits else "probe-ran", hits[:10], os.listdir("."), os.listdir("/opt/grader"))
''']
MUST_PRINT = ["probe-ran"]
MUST_NOT_PRINT = ["FOUND"]
