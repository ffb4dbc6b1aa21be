"""Jail start-up: the hand-written namespace jail against the Bubblewrap one.

    .venv/bin/python benchmarks/jail_startup.py [--n 20] [--json FILE]

Times, in one run and interleaved (old, new, new, old, ...), how long a jail
takes from ``Jail(...).start()`` to the kernel's first reply, how long
``close()`` takes, and their sum: the jail's cost per submission. The new
jail is ``autograder.jail`` (bwrap, a control group and the seccomp filter,
whatever of them this machine allows; the JSON records which). The old one
is read from git history at ``OLD_COMMIT`` (the last commit with
``autograder/jail_setup.py``) into a temporary folder, next to today's
``kernel.py``, ``protocol.py`` and ``student.py``, so that both start the
same kernel and only the sandbox differs; reading it from history keeps a
second jail out of the source tree. Both need root.
"""
import argparse
import importlib.util
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
OLD_COMMIT = "67be08af79695e5af3ad4f2fad10da440ea2881a"
FILES = {"data/notes.txt": b"hello"}


def load_old_jail(folder):
    """The old ``autograder/jail.py`` as a module, with its ``jail_setup.py``
    and today's kernel files beside it in ``folder``."""
    for name in ("jail.py", "jail_setup.py"):
        source = subprocess.run(["git", "show", f"{OLD_COMMIT}:autograder/{name}"], cwd=REPO,
                                capture_output=True, check=True).stdout
        Path(folder, name).write_bytes(source)
    for name in ("kernel.py", "protocol.py", "student.py"):
        shutil.copy(REPO / "autograder" / name, folder)
    spec = importlib.util.spec_from_file_location("old_jail", Path(folder, "jail.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def time_one(jail_class):
    """(seconds to the first reply, seconds to close) of one jail."""
    jail = jail_class(FILES, memory_mb=2048)
    start = time.perf_counter()
    jail.start(timeout=60)
    started = time.perf_counter() - start
    ok, error, _ = jail.run_cell("x = 1", timeout=30)
    assert ok, error
    start = time.perf_counter()
    jail.close()
    return started, time.perf_counter() - start


def summary(seconds):
    return {"median_s": statistics.median(seconds), "mean_s": statistics.fmean(seconds),
            "min_s": min(seconds), "max_s": max(seconds), "n": len(seconds)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=20, help="jails of each kind (default 20)")
    parser.add_argument("--json", default=str(REPO / "book" / "data" / "benchmarks" / "jail_startup.json"),
                        help="where the figures go (default book/data/benchmarks/jail_startup.json)")
    args = parser.parse_args()
    if os.geteuid() != 0:
        sys.exit("jail_startup: the old jail needs root")
    from autograder import jail as new
    if not new.namespaces_available():
        sys.exit("jail_startup: bwrap cannot build a jail here")
    load_before = os.getloadavg()[0]
    folder = tempfile.mkdtemp(prefix="old-jail-")
    try:
        old = load_old_jail(folder)
        kinds = {"old": old.Jail, "new": new.Jail}
        for jail_class in kinds.values():                 # warm caches and one-time checks
            time_one(jail_class)
        times = {kind: {"start": [], "close": [], "per_submission": []} for kind in kinds}
        for i in range(args.n):
            order = ("old", "new") if i % 2 == 0 else ("new", "old")
            for kind in order:
                started, closed = time_one(kinds[kind])
                times[kind]["start"].append(started)
                times[kind]["close"].append(closed)
                times[kind]["per_submission"].append(started + closed)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    result = {kind: {what: summary(s) for what, s in t.items()} for kind, t in times.items()}
    result["new_over_old_start_median"] = (result["new"]["start"]["median_s"]
                                           / result["old"]["start"]["median_s"])
    result["new_over_old_per_submission_median"] = (
        result["new"]["per_submission"]["median_s"] / result["old"]["per_submission"]["median_s"])
    result["new_jail"] = new.describe()
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True,
                            text=True, check=False).stdout.strip()
    result["machine"] = {"cpu_count": os.cpu_count(), "commit": commit,
                         "load_average_1min": {"before": round(load_before, 2),
                                               "after": round(os.getloadavg()[0], 2)}}
    result["command"] = "python benchmarks/jail_startup.py " + " ".join(sys.argv[1:])
    print(f"{'':6}{'start median':>14}{'start mean':>12}{'close median':>14}{'start+close':>14}")
    for kind in kinds:
        r = result[kind]
        print(f"{kind:6}{r['start']['median_s'] * 1000:12.1f}ms{r['start']['mean_s'] * 1000:10.1f}ms"
              f"{r['close']['median_s'] * 1000:12.1f}ms{r['per_submission']['median_s'] * 1000:12.1f}ms")
    print(f"new / old (medians): start-up {result['new_over_old_start_median']:.2f}, per submission "
          f"{result['new_over_old_per_submission_median']:.2f}; new jail: {result['new_jail']}; "
          f"load average {result['machine']['load_average_1min']}")
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=1) + "\n")


if __name__ == "__main__":
    main()
