"""The jail seen from inside, and the proxy that hidden tests use."""
import json
import time
from pathlib import Path

import numpy as np
import pytest

from autograder.jail import Jail, JailError, JailStudent, _system_paths, namespaces_available
from autograder.student import Opaque, StudentError

REPO = Path(__file__).resolve().parents[2]
PROBE = r'''
import json, os, resource, socket
def lim(name):
    return resource.getrlimit(getattr(resource, name))[0]
status = dict(line.split(":\t", 1) for line in open("/proc/self/status").read().splitlines()
              if ":\t" in line)
try:
    socket.create_connection(("127.0.0.1", 22), timeout=1)
    net = "open"
except OSError as exc:
    net = type(exc).__name__
print(json.dumps({
    "uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups(), "cwd": os.getcwd(),
    "files": sorted(os.listdir(".")), "root": sorted(os.listdir("/")),
    "as": lim("RLIMIT_AS"), "nproc": lim("RLIMIT_NPROC"), "fsize": lim("RLIMIT_FSIZE"),
    "core": lim("RLIMIT_CORE"), "cap_eff": status["CapEff"].strip(),
    "no_new_privs": status["NoNewPrivs"].strip(), "pids": [p for p in os.listdir("/proc") if p.isdigit()],
    "net": net, "repo": os.path.exists("{REPO}/solutions"),
    "writable_root": os.access("/usr", os.W_OK),
}))
'''

DRIVERS = '''
def twice(ns, x):
    return ns["f"](x) * 2
'''


@pytest.fixture(scope="module")
def jail():
    with Jail({"data/notes.txt": b"hello"}, memory_mb=1024, drivers_source=DRIVERS) as j:
        yield j


@pytest.mark.skipif(not namespaces_available(), reason="needs root and unshare")
def test_inside_the_jail(jail):
    ok, error, output = jail.run_cell(PROBE.replace("{REPO}", str(REPO)), timeout=30)
    assert ok, (error, output)
    seen = json.loads(output)
    assert seen["uid"] >= 100_000 and seen["gid"] == seen["uid"] and seen["groups"] == []
    assert seen["cwd"] == "/home/student" and seen["files"] == ["data"]
    # The jail's own folders, plus the top folder of every read-only system
    # path (the venv's, wherever the checkout lives): nothing else of the host.
    own = {"dev", "etc", "home", "opt", "proc", "tmp"}
    bound = {p.split("/")[1] for p in _system_paths()}
    assert set(seen["root"]) <= own | bound, set(seen["root"]) - own - bound
    assert seen["as"] == 1024 * 1024 * 1024 and seen["nproc"] == 64
    assert seen["fsize"] == 16 * 1024 * 1024 and seen["core"] == 0
    assert seen["cap_eff"] == "0000000000000000" and seen["no_new_privs"] == "1"
    assert seen["pids"] == ["1"]
    assert seen["net"] != "open" and not seen["repo"] and not seen["writable_root"]


def test_calls_bring_back_plain_data_and_handles(jail):
    ok, error, _ = jail.run_cell(
        "import numpy as np\n"
        "class Box:\n    def __init__(self, v): self.v = v\n"
        "def f(x): return x + 1\n"
        "def make(v): return Box(v), np.float32(2.5), (1, [2.0, None]), {'k': np.eye(2)}\n"
        "def peek(box): return box.v\n"
        "def boom(): raise ValueError('bad shape: got (2, 3)')\n", timeout=30)
    assert ok, error
    student = JailStudent(jail, time.monotonic() + 30)
    assert student.has("f") and not student.has("nope")
    box, scalar, tup, d = student.function("make")(np.arange(3))
    assert isinstance(box, Opaque) and scalar == 2.5 and tup == (1, [2.0, None])
    assert np.array_equal(d["k"], np.eye(2))
    assert np.array_equal(student.function("peek")(box), np.arange(3))
    with pytest.raises(StudentError) as err:
        student.function("boom")()
    assert err.value.kind == "ValueError" and "(2, 3)" in err.value.message
    with pytest.raises(StudentError):
        student.function("nope")
    assert np.array_equal(student.driver("twice", np.ones(2)), np.full(2, 4.0))


def test_a_hanging_call_is_killed_at_its_deadline():
    with Jail({}) as j:
        j.run_cell("def hang():\n    while True: pass", timeout=30)
        start = time.monotonic()
        with pytest.raises(JailError) as err:
            JailStudent(j, time.monotonic() + 2).function("hang")()
        assert err.value.reason == "timeout" and time.monotonic() - start < 10
