"""Read environment variables and process information for secrets or paths."""
PREPEND = ['''
import os, json
print("ENV=" + json.dumps(sorted(os.environ)))
leaks = [k for k, v in os.environ.items()
         if any(w in k.upper() for w in ("TOKEN", "SECRET", "KEY", "PASS", "DB", "DASK", "JUPYTER"))
         or any(w in v for w in ("gradebook", "hidden", "solutions", "submissions", "sqlite"))]
try:
    init = open("/proc/1/environ", "rb").read()
    leaks += ["proc1"] if b"{REPO}/autograder" in init or b"autograder/hidden" in init else []
except OSError:
    pass
procs = [p for p in os.listdir("/proc") if p.isdigit()]
print("FOUND" if leaks else "probe-ran", leaks, "uid", os.getuid(), "procs", procs)
''']
MUST_PRINT = ["probe-ran"]
MUST_NOT_PRINT = ["FOUND"]
