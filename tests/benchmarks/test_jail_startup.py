"""benchmarks/jail_startup.py with two jails of each kind: both jails start
and close, and the record's ratios are computed from its own medians."""
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.jail import namespaces_available

REPO = Path(__file__).resolve().parents[2]
SCRIPT = REPO / "benchmarks" / "jail_startup.py"


def has_old_commit():
    """Whether this checkout holds the commit the old jail is read from (a shallow clone may not)."""
    spec = importlib.util.spec_from_file_location("jail_startup", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return subprocess.run(["git", "cat-file", "-e", f"{module.OLD_COMMIT}^{{commit}}"], cwd=REPO,
                          capture_output=True, check=False).returncode == 0


@pytest.mark.skipif(os.geteuid() != 0 or not namespaces_available(),
                    reason="the old jail needs root and the new one bwrap")
@pytest.mark.skipif(not has_old_commit(), reason="the old jail is read from git history, "
                                                 "which this clone does not hold")
def test_a_short_run_times_both_jails_side_by_side(tmp_path):
    out = tmp_path / "jail_startup.json"
    done = subprocess.run([sys.executable, str(SCRIPT), "--n", "2", "--json", str(out)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr[-3000:]
    record = json.loads(out.read_text())
    for kind in ("old", "new"):
        for what in ("start", "close", "per_submission"):
            figures = record[kind][what]
            assert figures["n"] == 2 and 0 < figures["min_s"] <= figures["median_s"] <= figures["max_s"]
        assert record[kind]["per_submission"]["min_s"] >= record[kind]["start"]["min_s"]
    assert record["new_over_old_start_median"] == pytest.approx(
        record["new"]["start"]["median_s"] / record["old"]["start"]["median_s"])
    assert record["new_over_old_per_submission_median"] == pytest.approx(
        record["new"]["per_submission"]["median_s"] / record["old"]["per_submission"]["median_s"])
    assert record["new_jail"]["sandbox"] == "bwrap"
    assert set(record["machine"]["load_average_1min"]) == {"before", "after"}
    assert "new / old (medians)" in done.stdout
