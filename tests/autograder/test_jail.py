"""The jail seen from inside, its limits, and the proxy that hidden tests use.

Each limit is exceeded once and must give its status and nothing else: the
next jail on the machine works as usual."""
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest
from syscall_probe import CALLS, EXPECTED, X86_64, code, parse

from autograder import cgroups
from autograder.jail import (
    SAFE_ENV,
    Jail,
    JailError,
    JailStudent,
    _system_paths,
    describe,
    gpu_nodes,
    namespaces_available,
    noexec_available,
    protections_off,
)
from autograder.student import Opaque, StudentError

jailed = pytest.mark.skipif(not namespaces_available(), reason="needs bwrap (root or user namespaces)")
with_cgroup = pytest.mark.skipif(cgroups.available() is None, reason="no control group can be made here")

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
    "no_new_privs": status["NoNewPrivs"].strip(), "seccomp": status["Seccomp"].strip(),
    "pids": [p for p in os.listdir("/proc") if p.isdigit()], "hostname": os.uname().nodename,
    "net": net, "repo": os.path.exists("{REPO}/solutions"),
    "writable_root": os.access("/usr", os.W_OK) or os.access("/", os.W_OK),
    "writable_home": os.access(".", os.W_OK), "mtime": os.stat("data/notes.txt").st_mtime,
    "nvidia": [n for n in os.listdir("/dev") if n.startswith("nvidia")],
    "interfaces": [line.split(":")[0].strip() for line in open("/proc/net/dev").readlines()[2:]],
    "env": sorted(os.environ),
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


@jailed
def test_inside_the_jail(jail):
    ok, error, output = jail.run_cell(PROBE.replace("{REPO}", str(REPO)), timeout=30)
    assert ok, (error, output)
    seen = json.loads(output)
    assert seen["uid"] >= 100_000 and seen["gid"] == seen["uid"] and seen["groups"] == []
    assert seen["cwd"] == "/home/student" and seen["files"] == ["data"] and seen["mtime"] == 0
    # The jail's own folders, plus the top folder of every read-only system
    # path (the venv's, wherever the checkout lives): nothing else of the host.
    own = {"dev", "etc", "home", "opt", "proc", "tmp"}
    bound = {p.split("/")[1] for p in _system_paths()}
    assert set(seen["root"]) <= own | bound, set(seen["root"]) - own - bound
    applied = jail.describe()
    assert applied["sandbox"] == "bwrap" and applied["gpu"] is None and seen["nvidia"] == []
    if applied["memory_limit"] == "rlimit-as":
        assert seen["as"] == 1024 * 1024 * 1024
    else:                                # resident memory is limited by the control group
        assert seen["as"] == -1 and applied["memory_limit"] in ("cgroup-v1", "cgroup-v2")
    # with a control group, its pids.max refuses first (RLIMIT_NPROC is one above it)
    assert seen["nproc"] == (64 if applied["memory_limit"] == "rlimit-as" else 65)
    assert seen["fsize"] == 16 * 1024 * 1024 and seen["core"] == 0
    assert seen["cap_eff"] == "0000000000000000" and seen["no_new_privs"] == "1"
    assert seen["seccomp"] == ("2" if applied["seccomp"] else "0")
    assert seen["pids"] == ["1"] and seen["hostname"] == "jail"
    assert seen["net"] != "open" and seen["interfaces"] == ["lo"]
    assert not seen["repo"] and not seen["writable_root"]
    assert seen["writable_home"] and set(seen["env"]) <= set(SAFE_ENV) | {"PATH"}, seen["env"]


def test_describe_says_what_applies():
    applied = describe()
    assert set(applied) == {"sandbox", "memory_limit", "seccomp", "noexec", "gpu"}
    assert applied["noexec"] == (applied["sandbox"] == "bwrap" and noexec_available())
    assert applied["memory_limit"] in ("cgroup-v1", "cgroup-v2", "rlimit-as")
    assert applied["sandbox"] == ("bwrap" if namespaces_available() else None)
    assert (protections_off() == []) == (applied["sandbox"] == "bwrap" and applied["seccomp"])


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


def _next_jail_works():
    with Jail({}, memory_mb=512) as j:
        ok, error, output = j.run_cell("print(sum(range(10)))", timeout=30)
    assert ok and output.strip() == "45", (error, output)


def _traces(j):
    """(the jail's control group folders, its uid): what must be gone once it closed."""
    uid = int(j.run_cell("import os; print(os.getuid())", timeout=30)[2]) if j.jailed else None
    return (list(j.group.paths) if j.group is not None else []), uid


def _nothing_left(traces):
    paths, uid = traces
    assert not [p for p in paths if os.path.exists(p)], "the control group outlived its jail"
    assert uid is None or not _processes_of(uid), "processes of the jail's uid outlived it"


@jailed
@with_cgroup
def test_memory_limit_counts_what_is_touched():
    with Jail({}, memory_mb=256) as j:
        traces = _traces(j)
        # 8 GB of address space mapped but not touched: allowed (a CUDA context does this)
        ok, error, output = j.run_cell(
            "import mmap\nm = mmap.mmap(-1, 8 << 30)\nm[0] = 1\nprint('mapped')", timeout=30)
        assert ok and "mapped" in output, (error, output)
        start = time.monotonic()
        with pytest.raises(JailError) as err:     # 400 MB touched: over the limit
            j.run_cell("import numpy as np\nx = np.ones(400 << 17)\nprint(x.sum())", timeout=60)
        assert err.value.reason == "memory", err.value
        assert time.monotonic() - start < 30
    _nothing_left(traces)
    _next_jail_works()


@jailed
def test_process_limit():
    """``nproc`` is what the learner gets: the kernel's own threads and
    every process it starts, exactly that many (bwrap's process, also in the
    control group, does not count against it)."""
    with Jail({}, nproc=16) as j:
        traces = _traces(j)
        if j.group is not None:
            group = j.group.paths[0 if j.group.version == "cgroup-v2" else 1]
            assert Path(group, "pids.max").read_text().strip() == "17"     # 16 and bwrap
        ok, error, output = j.run_cell(
            "import os, time\nn = 0\ntry:\n"
            "    while True:\n        if os.fork() == 0:\n"
            "            time.sleep(5)\n            os._exit(0)\n        n += 1\n"
            "except OSError as exc:\n"
            "    print('forks', n, exc.errno, len(os.listdir('/proc/self/task')))", timeout=30)
        assert ok, (error, output)
        forks, errno_, tasks = map(int, output.split()[1:4])
        assert forks + tasks == 16 and errno_ == 11       # EAGAIN
        if j.group is not None:
            assert j.group.forks_refused() >= 1            # the group refused, and counted it
    _nothing_left(traces)
    _next_jail_works()


def test_cell_time_limit():
    with Jail({}) as j:
        traces = _traces(j)
        start = time.monotonic()
        with pytest.raises(JailError) as err:
            j.run_cell("import subprocess\nsubprocess.Popen(['sleep', '985'])\nwhile True:\n    pass",
                       timeout=2)
        assert err.value.reason == "timeout" and time.monotonic() - start < 10
        assert j.proc is None                    # the kernel was killed
    _nothing_left(traces)
    _next_jail_works()


def test_output_limit():
    with Jail({}, output_limit=1000) as j:
        ok, _, output = j.run_cell("print('x' * 1_000_000)", timeout=30)
        assert ok and output.count("x") == 1000 and "characters of output dropped" in output
        ok, _, output = j.run_cell("print('still here')", timeout=30)
        assert ok and output.strip() == "still here"


@jailed
@pytest.mark.skipif(not X86_64, reason="the probe's call numbers are x86_64's")
def test_denied_system_calls_inside_the_jail():
    with Jail({}) as j:
        if not j.describe()["seccomp"]:
            pytest.skip("libseccomp is not installed")
        ok, error, output = j.run_cell(code(sorted(CALLS)), timeout=60)
        assert ok, (error, output)
        answers = parse(output)
        for name in CALLS:
            assert answers[name] == EXPECTED.get(name, "EPERM"), (name, answers[name])
        ok, error, output = j.run_cell(
            "import torch, threading\ntorch.set_num_threads(4)\nx = torch.randn(256, 256)\n"
            "t = threading.Thread(target=print, args=('thread',)); t.start(); t.join()\n"
            "print(float((x @ x).abs().sum()) > 0, torch.get_num_threads())", timeout=60)
        assert ok and "thread" in output and "True 4" in output, (error, output)
    _next_jail_works()


@jailed
def test_closing_leaves_no_process_and_no_group():
    with Jail({}) as j:
        j.run_cell("import subprocess\nsubprocess.Popen(['sleep', '987'], start_new_session=True)",
                   timeout=30)
        uid = int(j.run_cell("import os; print(os.getuid())", timeout=30)[2])
        paths = list(j.group.paths) if j.group is not None else []
    assert not [p for p in paths if os.path.exists(p)]
    assert not _processes_of(uid)


def _processes_of(uid, wait=5.0):
    deadline = time.monotonic() + wait
    while True:
        alive = []
        for pid in filter(str.isdigit, os.listdir("/proc")):
            try:
                state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                if os.stat(f"/proc/{pid}").st_uid == uid and state != "Z":
                    alive.append(pid)
            except OSError:
                continue
        if not alive or time.monotonic() > deadline:
            return alive
        time.sleep(0.1)


KILLED_GRADER = r"""
from autograder.jail import Jail
j = Jail({}).start()
j.run_cell("import subprocess; subprocess.Popen(['sleep', '986'])", timeout=30)
print(*j.group.paths, flush=True)
print(j.run_cell("import os; print(os.getuid())", timeout=30)[2].strip(), flush=True)
j.run_cell("import time; time.sleep(600)", timeout=600)    # busy, not reading its pipe
"""


@jailed
@with_cgroup
def test_a_killed_grader_leaves_nothing_after_the_next_start():
    grader = subprocess.Popen([sys.executable, "-c", KILLED_GRADER], stdout=subprocess.PIPE,
                              text=True, cwd=REPO, start_new_session=True)
    paths = grader.stdout.readline().split()
    uid = int(grader.stdout.readline())
    assert paths and all(os.path.isdir(p) for p in paths)
    time.sleep(1)                                          # the sleeping cell has started
    os.kill(grader.pid, signal.SIGKILL)
    grader.wait()
    # (within a second: a grader starting elsewhere on the machine would kill them too, later)
    assert not _processes_of(uid, wait=1.0), "the jail outlived its grader"
    # the next grader's first jail removes its group (or another grader on this machine did)
    start = "from autograder import cgroups; print(cgroups.available())"
    done = subprocess.run([sys.executable, "-c", start], capture_output=True, text=True, cwd=REPO,
                          check=False)
    assert done.returncode == 0, done.stderr
    assert not [p for p in paths if os.path.exists(p)]


def test_gpu_nodes_pick_one_device():
    listing = ["null", "nvidia0", "nvidia1", "nvidia10", "nvidiactl", "nvidia-uvm",
               "nvidia-uvm-tools", "nvidia-modeset", "nvidia-caps"]
    assert gpu_nodes("1", listing) == ["nvidia1", "nvidiactl", "nvidia-uvm", "nvidia-uvm-tools",
                                       "nvidia-modeset"]
    assert gpu_nodes("10", listing)[0] == "nvidia10"
    assert gpu_nodes(None, listing) == []
    assert gpu_nodes("0", ["nvidia0", "nvidiactl"]) == ["nvidia0", "nvidiactl"]
    with pytest.raises(ValueError, match="/dev/nvidia2 does not exist"):
        gpu_nodes("2", listing)
    with pytest.raises(ValueError, match="device number as a string"):
        gpu_nodes(1, listing)


@jailed
def test_without_a_control_group_memory_is_address_space_and_the_jail_says_so(monkeypatch):
    """The fallback: where no group can be made, RLIMIT_AS caps the kernel,
    an allocation past it fails in the learner's cell alone, and
    ``describe()`` records ``rlimit-as``."""
    monkeypatch.setattr(cgroups, "setup", lambda: (None, []))
    assert describe()["memory_limit"] == "rlimit-as"
    with Jail({}, memory_mb=1024) as j:
        assert j.group is None and j.describe()["memory_limit"] == "rlimit-as"
        ok, error, output = j.run_cell(
            "import resource\nprint(resource.getrlimit(resource.RLIMIT_AS)[0] >> 20)", timeout=30)
        assert ok and output.strip() == "1024", (error, output)
        ok, error, _ = j.run_cell("b = bytearray(2 << 30)", timeout=30)
        assert not ok and error[0] == "MemoryError"
        ok, error, output = j.run_cell("print(sum(range(10)))", timeout=30)
        assert ok and output.strip() == "45", (error, output)


FAKE_NVIDIA = ("nvidia0", "nvidia1", "nvidia2", "nvidiactl", "nvidia-uvm", "nvidia-uvm-tools",
               "nvidia-modeset", "nvidia-caps")
GPU_PROBE = ("import json, os\nnodes = sorted(n for n in os.listdir('/dev') if n.startswith('nvidia'))\n"
             "print(json.dumps({'nodes': nodes, 'cuda': os.environ.get('CUDA_VISIBLE_DEVICES'),\n"
             "                  'own': open('/dev/nvidia1').read() if 'nvidia1' in nodes else None}))")


@jailed
def test_a_gpu_jail_sees_that_gpus_node_alone(tmp_path, monkeypatch):
    """Without a GPU: plain files named like the NVIDIA device nodes, in a
    folder standing for the host's ``/dev``, are what the jail binds."""
    import autograder.jail as jail_module
    for name in FAKE_NVIDIA:
        (tmp_path / name).write_text(name)
    monkeypatch.setattr(jail_module, "HOST_DEV", str(tmp_path))
    with Jail({}, gpu="1") as j:
        ok, error, output = j.run_cell(GPU_PROBE, timeout=30)
        assert ok, (error, output)
        assert j.describe()["gpu"] == "1"
    seen = json.loads(output)
    assert seen == {"nodes": ["nvidia-modeset", "nvidia-uvm", "nvidia-uvm-tools", "nvidia1",
                              "nvidiactl"], "cuda": "0", "own": "nvidia1"}
    with Jail({}) as j:
        ok, error, output = j.run_cell(GPU_PROBE, timeout=30)
        assert ok, (error, output)
    assert json.loads(output) == {"nodes": [], "cuda": None, "own": None}


GPUS = sorted(n[len("nvidia"):] for n in os.listdir("/dev")
              if n.startswith("nvidia") and n[len("nvidia"):].isdigit())


@jailed
@pytest.mark.skipif(not GPUS, reason="no NVIDIA GPU on this machine (no /dev/nvidiaN)")
def test_cuda_starts_in_a_gpu_jail_under_the_memory_limit():
    """A CUDA context reserves far more address space than the memory
    limit; with the control group it starts, and the jail's one GPU works."""
    with Jail({}, memory_mb=2048, gpu=GPUS[-1]) as j:
        ok, error, output = j.run_cell(
            "import torch\nx = torch.randn(256, 256, dtype=torch.float64)\n"
            "y = (x.cuda() @ x.cuda()).cpu()\n"
            "print(torch.cuda.device_count(), torch.allclose(y, x @ x))", timeout=120)
        assert ok and output.split() == ["1", "True"], (error, output)


# One extra cell in a correct ex01 submission exceeds one limit each: the
# submission keeps every point, its status names the limit, and its result
# records which memory limit applied, the CPU time its jails used and how
# many processes their groups refused.
OVER_LIMIT = {
    "memory": ("b = bytearray(3 << 30)\nb[::4096] = b'x' * len(b[::4096])", "memory"),
    # (the children end once the limit was hit: processes a cell leaves
    # running count against the rest of the notebook, as memory it keeps does)
    "processes": ("import os\nr, w = os.pipe()\nchildren = []\ntry:\n    while True:\n"
                  "        pid = os.fork()\n        if pid == 0:\n            os.close(w)\n"
                  "            os.read(r, 1)\n            os._exit(0)\n        children.append(pid)\n"
                  "except OSError as exc:\n"
                  "    print('forks', len(children), exc.errno, len(os.listdir('/proc/self/task')))\n"
                  "os.close(w)\nfor pid in children:\n    os.waitpid(pid, 0)", "ok"),
    "time": ("while True:\n    pass", "timeout"),
    "output": ("print('x' * 1_000_000)", "ok"),
    "seccomp": (code(["ptrace"]), "ok"),
}


@pytest.fixture(scope="module")
def ex01(released_ex01):
    """(spec, source notebook, released notebook) of ex01, as JSON."""
    from autograder import spec as specs
    source, student = released_ex01
    return specs.spec_for("ex01_rnn_forward"), json.loads(source.read_text()), json.loads(student.read_text())


def _grade_with_extra_cell(ex01, code_):
    """The result of the reference solution with ``code_`` as an extra cell."""
    from types import SimpleNamespace

    from autograder_corpus import build_notebook

    from autograder.grading import grade_task
    from autograder.task import Limits, Task
    spec, source_nb, release_nb = ex01
    nb = build_notebook(SimpleNamespace(BASE="reference", PREPEND=[code_]), source_nb, release_nb,
                        "/nonexistent")
    task = Task("s", spec.name, spec.notebook, spec.source_json, spec.hidden,
                {f"{spec.notebook}.ipynb": nb}, Limits(timeout=5, notebook_timeout=120, memory_mb=512),
                spec.helper_files, spec.drivers_source)
    return grade_task(task)


@jailed
@pytest.mark.parametrize("limit", sorted(OVER_LIMIT))
def test_a_limit_exceeded_in_one_cell_costs_nothing_else(ex01, limit):
    code_, status = OVER_LIMIT[limit]
    result = _grade_with_extra_cell(ex01, code_)
    assert result["score"] == result["max_score"] == 10, (result["status"], result["tests"])
    assert result["status"] == status
    cpu, refused = result["jail"].pop("cpu_seconds"), result["jail"].pop("forks_refused")
    assert result["jail"] == describe()
    if describe()["memory_limit"] != "rlimit-as":        # counted by the control groups
        assert cpu > (1.0 if limit == "time" else 0.0)   # (the loop ran 5 s)
        assert (refused > 0) == (limit == "processes")
    extra = result["cells"][1]
    assert extra["code"] == code_
    if limit == "processes":
        forks, errno_, tasks = map(int, extra["output"].split()[1:4])
        assert extra["ok"] and forks + tasks == 64 and errno_ == 11      # the jail's 64, EAGAIN
    if limit == "output":
        assert extra["ok"] and extra["output"].count("x") == 20_000
    if limit == "seccomp":
        assert extra["ok"] and parse(extra["output"]) == {"ptrace": "EPERM"}
    if status != "ok":
        assert not extra["ok"] and extra["error"][0] == status


@jailed
def test_the_result_records_the_address_space_limit_where_no_group_can_be_made(ex01, monkeypatch):
    monkeypatch.setattr(cgroups, "setup", lambda: (None, []))
    result = _grade_with_extra_cell(ex01, "b = bytearray(3 << 30)")
    assert result["jail"]["memory_limit"] == "rlimit-as" and result["status"] == "memory"
    assert result["jail"]["cpu_seconds"] is result["jail"]["forks_refused"] is None  # no group
    assert result["score"] == 10, result["tests"]


INSTALL = REPO / ".ci" / "install-bubblewrap"


def _install_with(tmp_path, uid, present):
    """Run ``.ci/install-bubblewrap`` where only the commands in ``present``
    exist (stubs), ``id -u`` says ``uid`` and ``apt-get`` records its
    arguments; returns (the process, the apt-get calls)."""
    import shutil
    bin_ = tmp_path / "bin"
    bin_.mkdir(parents=True)
    for tool in ("bash", "grep"):
        os.symlink(shutil.which(tool), bin_ / tool)
    calls = tmp_path / "apt-get.calls"
    stubs = {"id": f"echo {uid}", "apt-get": f'echo "$*" >> {calls}',
             "ldconfig": "echo '\tlibseccomp.so.2 (libc6,x86-64) => /lib/libseccomp.so.2'",
             "bwrap": "true", "prlimit": "true", "setpriv": "true", "unshare": "true", "nm": "true"}
    for name, body in stubs.items():
        if name in present or name in ("id", "apt-get"):
            (bin_ / name).write_text(f"#!{shutil.which('bash')}\n{body}\n")
            (bin_ / name).chmod(0o755)
    done = subprocess.run([shutil.which("bash"), str(INSTALL)], env={"PATH": str(bin_)},
                          capture_output=True, text=True, check=False)
    return done, calls.read_text().splitlines() if calls.exists() else []


def test_make_install_installs_what_the_jail_needs_where_it_is_missing_and_root(tmp_path):
    recipe = (REPO / "Makefile").read_text().split("$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "./.ci/install-bubblewrap" in recipe
    everything = {"bwrap", "ldconfig", "prlimit", "setpriv", "unshare", "nm"}
    done, calls = _install_with(tmp_path / "all", 0, everything)
    assert done.returncode == 0 and calls == [] and done.stderr == ""
    done, calls = _install_with(tmp_path / "root", 0, everything - {"bwrap", "ldconfig", "nm"})
    assert done.returncode == 0, done.stderr
    assert calls == ["update -qq", "install -y -qq bubblewrap libseccomp2 binutils"]
    done, calls = _install_with(tmp_path / "user", 1000, everything - {"bwrap"})
    assert done.returncode == 0 and calls == []
    assert "bubblewrap missing" in done.stderr and "sudo apt-get install bubblewrap" in done.stderr


UNPRIVILEGED_PROBE = ("id -u; id -g; if unshare -U true 2>/dev/null; then echo userns; "
                      "else echo no-userns; fi; ls /proc | grep -c '^[0-9]'; hostname")


@pytest.mark.skipif(os.geteuid() != 0, reason="switches to an ordinary user first (needs root)")
@pytest.mark.skipif(not namespaces_available(), reason="needs bwrap")
def test_the_mode_without_root_builds_its_sandbox_as_an_ordinary_user(monkeypatch):
    """The options for a grader that is not root (bwrap in a new user
    namespace), run by the unprivileged user ``nobody``: the kernel's uid is
    the jail's, it can make no user namespace, and sees only its own
    processes. (The whole jail cannot run as ``nobody`` here: the Python
    installation may lie under ``/root``.)"""
    import autograder.jail as jail_module
    monkeypatch.setattr(os, "geteuid", lambda: 65534)
    namespaces, inside = jail_module._sandbox(123_456)
    assert inside == [] and "--unshare-user" in namespaces and "--disable-userns" in namespaces
    user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"]
    if subprocess.run(user + ["bwrap", "--unshare-user", "--ro-bind", "/", "/", "true"],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("unprivileged user namespaces are disabled on this machine")
    done = subprocess.run(user + ["bwrap", *namespaces, "--ro-bind", "/", "/", "--proc", "/proc",
                                  "--dev", "/dev", "--", "/bin/sh", "-c", UNPRIVILEGED_PROBE],
                          capture_output=True, text=True, check=False, env={"PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr
    uid, gid, userns, processes, hostname = done.stdout.split()
    assert (uid, gid, userns, hostname) == ("123456", "123456", "no-userns", "jail"), done.stdout
    assert int(processes) <= 4                  # bwrap's init, sh, ls and grep at most


NOEXEC_SHELL_PROBE = """for d in /tmp /dev/shm /home/student; do
  cp /bin/true "$d/program" && "$d/program" 2>/dev/null; echo "$d $?"
  grep " $d " /proc/self/mounts | grep -q "noexec,relatime" && echo "$d mounted noexec"
done"""


@pytest.mark.skipif(os.geteuid() != 0, reason="switches to an ordinary user first (needs root)")
@pytest.mark.skipif(not namespaces_available(), reason="needs bwrap")
def test_without_root_the_writable_folders_are_noexec_too(monkeypatch):
    """A grader that is not root mounts the writable folders in a user
    namespace of its own: run by the user ``nobody`` with the options a
    grader that is not root uses, a program copied into any of the three
    folders does not start (exit status 126) and each is mounted noexec."""
    import autograder.jail as jail_module
    user = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", "--"]
    if subprocess.run(user + ["unshare", "--user", "--map-root-user", "--mount", "true"],
                      capture_output=True, check=False).returncode != 0:
        pytest.skip("this machine lets no ordinary user mount in a user namespace")
    monkeypatch.setattr(os, "geteuid", lambda: 65534)
    folder = tempfile.mkdtemp(dir="/tmp")
    try:
        os.chmod(folder, 0o755)
        prefix = jail_module._mount_stage(folder, 256)
        for name in os.listdir(folder):           # made by the grader, that is by nobody
            os.chown(os.path.join(folder, name), 65534, 65534)
        binds = jail_module._bwrap_mounts("/k", 256, [], folder)
        binds = [a for i in range(len(binds)) if binds[i] == "--bind" for a in binds[i:i + 3]]
        namespaces, inside = jail_module._sandbox(123_456)
        assert prefix[:3] == ["unshare", "--user", "--map-root-user"] and inside == []
        done = subprocess.run(user + prefix + ["bwrap", *namespaces, "--ro-bind", "/", "/",
                                               "--tmpfs", "/home", "--proc", "/proc", "--dev", "/dev",
                                               *binds, "--", "/bin/sh", "-c", NOEXEC_SHELL_PROBE],
                              capture_output=True, text=True, check=False,
                              env={"PATH": "/usr/bin:/bin"})
    finally:
        shutil.rmtree(folder)
    assert done.returncode == 0, done.stderr
    for d in ("/tmp", "/dev/shm", "/home/student"):
        assert f"{d} 126" in done.stdout.splitlines(), done.stdout
        assert f"{d} mounted noexec" in done.stdout.splitlines(), done.stdout


@jailed
@pytest.mark.skipif(not GPUS, reason="no NVIDIA GPU on this machine (no /dev/nvidiaN): "
                                     "ex06's CUDA path needs one")
def test_ex06_is_graded_on_the_gpu_it_was_given():
    from autograder_corpus import build_notebook, load_cases, released

    from autograder import spec as specs
    from autograder.grading import grade_task
    from autograder.task import Limits, Task
    name = "ex06_torch_lstm"
    source, student = released(name)
    nb = build_notebook(load_cases(name)["ex06_correct"], json.loads(source.read_text()),
                        json.loads(student.read_text()), "/nonexistent")
    spec = specs.spec_for(name)
    task = Task("s", name, name, spec.source_json, spec.hidden, {f"{name}.ipynb": nb},
                Limits(timeout=120, notebook_timeout=600, memory_mb=4096), spec.helper_files,
                spec.drivers_source, gpu=GPUS[0])
    result = grade_task(task)
    assert result["score"] == result["max_score"] > 0, (result["status"], result["tests"])
    assert result["status"] == "ok" and result["jail"]["gpu"] == GPUS[0]
    assert any("running on cuda" in c["output"] for c in result["cells"])


@jailed
def test_after_the_ex06_setup_no_program_runs():
    """forbid_torch_recurrent's last step: no compiler can build native code
    that calls torch's LSTM below the dispatcher, because no program starts;
    torch and Matplotlib still work."""
    import inspect

    from autograder import drivers
    source = inspect.getsource(drivers) + "\nforbid_torch_recurrent()\n"
    with Jail({}, memory_mb=1024, drivers_source=source) as j:
        assert j.run_cell("import torch\nprint(torch.ones(2) @ torch.ones(2))")[2] == "tensor(2.)\n"
        assert j.run_cell("import io\nimport matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('t')\n"
                          "plt.savefig(io.BytesIO(), format='png')")[0]
        for program in ("subprocess.run(['g++', '--version'])", "os.execv('/bin/true', ['true'])",
                        "os.memfd_create('lib')"):
            ok, error, _ = j.run_cell(f"import os, subprocess\n{program}")
            assert not ok and error[0] == "PermissionError", program
        # the process's memory cannot be written through /proc
        ok, error, _ = j.run_cell("open('/proc/self/mem', 'r+b')")
        assert not ok and error[0] == "PermissionError", error


NOEXEC_PROBE = r'''
import ctypes, importlib.machinery, importlib.util, json, os, shutil, subprocess, sys, _bisect
library = _bisect.__file__                  # an extension module of the Python installation
seen = {"system": importlib.machinery.ExtensionFileLoader("_bisect", library).create_module(
    importlib.util.spec_from_file_location("_bisect", library)) is not None}
for folder in ("/tmp", "/dev/shm", os.getcwd()):
    copy = os.path.join(folder, os.path.basename(library))
    shutil.copy(library, copy)
    shutil.copy("/bin/true", folder + "/true")
    os.chmod(folder + "/true", 0o755)
    try:
        subprocess.run([folder + "/true"], check=True)
        seen[folder + " program"] = "ran"
    except OSError as exc:
        seen[folder + " program"] = type(exc).__name__
    try:
        ctypes.CDLL(copy)
        seen[folder + " library"] = "loaded"
    except OSError as exc:
        seen[folder + " library"] = "failed to map" in str(exc)
    spec = importlib.util.spec_from_file_location("_bisect", copy)
    try:
        importlib.util.module_from_spec(spec)
        seen[folder + " module"] = "loaded"
    except ImportError as exc:
        seen[folder + " module"] = "failed to map" in str(exc)
print(json.dumps(seen))
'''


@jailed
@pytest.mark.skipif(not noexec_available(), reason="the grader cannot mount noexec folders here")
def test_nothing_written_in_the_jail_runs_as_code(jail):
    """The jail's writable folders are noexec: a program copied there does
    not start, and a library or extension module copied there cannot be
    mapped, while the same library loads from the read-only system."""
    assert jail.describe()["noexec"]
    ok, error, output = jail.run_cell(NOEXEC_PROBE, timeout=60)
    assert ok, (error, output)
    seen = json.loads(output)
    assert seen.pop("system") is True
    for folder in ("/tmp", "/dev/shm", "/home/student"):
        assert seen.pop(folder + " program") == "PermissionError", folder
        assert seen.pop(folder + " library") is True, folder
        assert seen.pop(folder + " module") is True, folder
    assert seen == {}


def test_the_noexec_folders_are_mounted_in_a_namespace_of_their_own(tmp_path):
    """The grader mounts nothing on the host: the mounts live in the mount
    namespace that ``unshare`` makes for the jail, and end with it."""
    import autograder.jail as jail_module
    prefix = jail_module._mount_stage(str(tmp_path), 256)
    assert prefix[:4] == ["unshare", "--mount", "--propagation", "private"]
    folders = prefix[prefix.index("sh") + 1:-1][::3]
    assert len(folders) == 3 and all(os.path.isdir(f) for f in folders)
    args = jail_module._bwrap_mounts("/k", 256, [], str(tmp_path))
    assert [args[i + 2] for i, a in enumerate(args) if a == "--bind"] == [
        "/tmp", "/dev/shm", "/home/student"]
    assert "--tmpfs" not in args
    if jail_module.noexec_available():
        done = subprocess.run(prefix + ["cat", "/proc/self/mounts"], capture_output=True, text=True,
                              check=False)
        assert done.returncode == 0, done.stderr
        inside = [line.split() for line in done.stdout.splitlines() if str(tmp_path) in line]
        assert sorted(fields[1] for fields in inside) == sorted(folders)
        assert all({"noexec", "nosuid", "nodev"} <= set(fields[3].split(",")) for fields in inside)
        with open("/proc/self/mounts") as f:
            assert str(tmp_path) not in f.read()
