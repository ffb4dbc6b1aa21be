"""ex03: import the reference LSTM from the repository by name or path."""
ASSIGNMENT = "ex03_lstm_forward"
PREPEND = ['''
import importlib.util, sys
found = []
try:
    from solutions.lstm import lstm_step, lstm_forward
    found.append("solutions.lstm")
except Exception as exc:
    print("blocked", type(exc).__name__)
for path in ("{REPO}/solutions/lstm.py", "../solutions/lstm.py", "{REPO}/oracle/mistakes/lstm.py"):
    try:
        spec = importlib.util.spec_from_file_location("x", path)
        mod = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(mod)
        found.append(path)
    except Exception:
        pass
print("FOUND" if found else "probe-ran", found)
''']
MUST_PRINT = ["probe-ran"]
MUST_NOT_PRINT = ["FOUND"]
