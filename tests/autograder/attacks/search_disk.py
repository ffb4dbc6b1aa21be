"""Search the whole file system for reference code, hidden tests and notebooks."""
PREPEND = ['''
import os, time
start, found, seen = time.time(), [], 0
needles = (b"rnn_forward_torch", b"from solutions", b"solutions.rnn", b'ASSIGNMENT = "ex01')
for base, dirs, files in os.walk("/"):
    if base.startswith(("/proc", "/sys", "/dev")):
        dirs[:] = []
        continue
    if time.time() - start > 6:
        break
    for name in files:
        if not name.endswith((".py", ".ipynb", ".json", ".md", ".db", ".csv", ".txt")):
            continue
        path = os.path.join(base, name)
        try:
            if os.path.getsize(path) > 300_000:
                continue
            with open(path, "rb") as f:
                data = f.read()
        except OSError:
            continue
        seen += 1
        if any(n in data for n in needles):
            found.append(path)
print("FOUND" if found else "probe-ran", seen, found[:20])
for path in found:
    try:
        ns = {}
        exec(open(path).read(), ns)
        rnn_step, rnn_forward = ns["rnn_step"], ns["rnn_forward"]
    except Exception:
        pass
''']
MUST_PRINT = ["probe-ran"]
MUST_NOT_PRINT = ["FOUND"]
