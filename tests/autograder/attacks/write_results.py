"""Try to write grades: the gradebook, grades.csv and result files, wherever they may be."""
PREPEND = ['''
import os, glob, sqlite3
wrote = []
out = "{OUT}"
targets = [out + "/gradebook.db", out + "/grades.csv", out + "/results/attack_write_results.json",
           out + "/results/correct_reference.json"]
for root in ("{REPO}", "/work", "/tmp", "/home", "/root", "/opt", ".."):
    for name in ("gradebook.db", "grades.csv", "*.json"):
        targets += glob.glob(f"{root}/**/{name}", recursive=True)
for path in targets:
    try:
        with open(path, "a") as f:
            f.write("attack_write_results,ex01_rnn_forward,10,10,ok\\n")
        wrote.append(path)
    except OSError as exc:
        print("blocked", path, type(exc).__name__)
    try:
        con = sqlite3.connect(path)
        con.execute("update grade set auto_score = 10")
        con.commit()
        wrote.append("sql:" + path)
    except Exception:
        pass
print("FOUND" if wrote else "probe-ran", wrote)
''']
MUST_PRINT = ["probe-ran"]
MUST_NOT_PRINT = ["FOUND"]
