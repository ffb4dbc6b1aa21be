"""Control groups: where they are made on v1 and v2 machines (from fake
``/proc`` texts and a fake v2 tree), the limits written, the counters read,
and, on this machine, a real group's memory limit and the clean-up of
groups left by dead graders."""
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from autograder import cgroups

V1_MOUNTS = """\
tmpfs /sys/fs/cgroup tmpfs rw,relatime,mode=755 0 0
cgroup /sys/fs/cgroup/cpuacct cgroup rw,relatime,cpuacct 0 0
cgroup /sys/fs/cgroup/memory cgroup rw,relatime,memory 0 0
cgroup /sys/fs/cgroup/pids cgroup rw,relatime,pids 0 0
cgroup2 /sys/fs/cgroup/unified cgroup2 rw,relatime 0 0
"""
V1_CGROUP = "8:pids:/\n4:memory:/jobs/abc\n2:cpuacct:/\n0::/\n"


def test_v1_groups_go_below_our_own(tmp_path):
    # the v2 tree has no controllers (they are bound to v1): v1 is used
    version, folders = cgroups.parents(V1_MOUNTS.replace("/sys/fs/cgroup/unified", str(tmp_path)),
                                       V1_CGROUP)
    assert version == "cgroup-v1"
    assert folders == ["/sys/fs/cgroup/memory/jobs/abc/autograder",
                       "/sys/fs/cgroup/pids/autograder", "/sys/fs/cgroup/cpuacct/autograder"]


def _fake_v2(tmp_path, controllers="cpu memory pids"):
    tmp_path.mkdir(exist_ok=True)
    (tmp_path / "cgroup.controllers").write_text(controllers + "\n")
    (tmp_path / "cgroup.subtree_control").write_text("\n")
    own = tmp_path / "system.slice" / "grader.service"
    own.mkdir(parents=True)
    (tmp_path / "system.slice" / "cgroup.controllers").write_text(controllers + "\n")
    (tmp_path / "system.slice" / "cgroup.subtree_control").write_text(controllers + "\n")
    return f"cgroup2 {tmp_path} cgroup2 rw,nosuid 0 0\n", "0::/system.slice/grader.service\n"


def test_v2_groups_go_next_to_our_own(tmp_path):
    mounts, own = _fake_v2(tmp_path)
    version, folders = cgroups.parents(mounts, own)
    assert version == "cgroup-v2" and folders == [str(tmp_path / "system.slice" / "autograder")]
    os.makedirs(folders[0])                  # cgroupfs would make its files by itself
    Path(folders[0], "cgroup.subtree_control").write_text("\n")
    cgroups._prepare(version, folders)
    assert (tmp_path / "system.slice" / "autograder" / "cgroup.subtree_control").read_text() == \
        "+memory +pids"
    # a v2 tree without the memory controller cannot be used
    mounts, own = _fake_v2(tmp_path / "bare", "cpu io")
    assert cgroups.parents(mounts, own) == (None, [])


def test_v2_limits_and_counters(tmp_path):
    mounts, own = _fake_v2(tmp_path)
    version, folders = cgroups.parents(mounts, own)
    os.makedirs(folders[0])
    group = cgroups.Group.make(version, folders, memory_bytes=300 << 20, pids=32)
    path = Path(group.paths[0])
    assert path.parent == Path(folders[0]) and path.name.startswith(f"{os.getpid()}.")
    assert (path / "memory.max").read_text() == str(300 << 20)
    assert (path / "pids.max").read_text() == "32"
    assert group.procs_files == [str(path / "cgroup.procs")]
    (path / "memory.events").write_text("low 0\nhigh 0\nmax 12\noom 1\noom_kill 0\n")
    assert not group.oom_killed()
    (path / "memory.events").write_text("low 0\nhigh 0\nmax 12\noom 1\noom_kill 1\n")
    assert group.oom_killed()
    (path / "cpu.stat").write_text("usage_usec 2500000\nuser_usec 2000000\n")
    assert group.cpu_seconds() == 2.5
    assert group.forks_refused() == 0                      # no pids.events yet
    (path / "pids.events").write_text("max 3\n")
    assert group.forks_refused() == 3


def test_v1_limits_and_counters(tmp_path):
    folders = [str(tmp_path / c / "autograder") for c in cgroups.V1_CONTROLLERS]
    for folder in folders:
        os.makedirs(folder)
    group = cgroups.Group.make("cgroup-v1", folders, memory_bytes=1 << 30, pids=64)
    memory, pids, cpu = map(Path, group.paths)
    assert (memory / "memory.limit_in_bytes").read_text() == str(1 << 30)
    assert (pids / "pids.max").read_text() == "64"
    (memory / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 0\n")
    assert not group.oom_killed()
    (memory / "memory.oom_control").write_text("oom_kill_disable 0\nunder_oom 0\noom_kill 2\n")
    assert group.oom_killed()
    (cpu / "cpuacct.usage").write_text("1500000000\n")
    assert group.cpu_seconds() == 1.5
    (pids / "pids.events").write_text("max 7\n")
    assert group.forks_refused() == 7


real = pytest.mark.skipif(cgroups.available() is None, reason="no control group can be made here")

TOUCH = "import sys; b = bytearray(int(sys.argv[1]) << 20); b[::4096] = b'x' * len(b[::4096])"


def _run_in(group, megabytes):
    """Run a process that touches ``megabytes`` MB inside ``group``; its return code."""
    join = 'for f in "$@"; do echo $$ > "$f" || exit 71; done; exec "$PYTHON" -c "$CODE" "$MB"'
    env = dict(os.environ, PYTHON=sys.executable, CODE=TOUCH, MB=str(megabytes))
    return subprocess.run(["/bin/sh", "-c", join, "sh", *group.procs_files], env=env,
                          check=False).returncode


@real
def test_a_real_group_limits_resident_memory():
    version, folders = cgroups.setup()
    group = cgroups.Group.make(version, folders, memory_bytes=128 << 20, pids=16)
    try:
        assert _run_in(group, 40) == 0 and not group.oom_killed()
        assert _run_in(group, 400) == -signal.SIGKILL
        assert group.oom_killed()
        assert group.cpu_seconds() > 0
    finally:
        group.remove()
    assert not any(os.path.exists(p) for p in group.paths)
    assert _run_in(cgroups.Group(version, []), 400) == 0          # outside any group: fine


@real
def test_stale_groups_of_dead_graders_are_removed():
    version, folders = cgroups.setup()
    dead = subprocess.Popen([sys.executable, "-c", "import os; print(os.getpid())"])
    started = cgroups._start_time(dead.pid)
    dead.wait()
    stale = [os.path.join(f, f"{dead.pid}.{started}-0") for f in folders]
    for path in stale:
        os.mkdir(path)
    join = 'for f in "$@"; do echo $$ > "$f"; done; exec sleep 600'
    sleeper = subprocess.Popen(["/bin/sh", "-c", join, "sh",
                                *(os.path.join(p, "cgroup.procs") for p in stale)])
    time.sleep(0.3)
    ours = cgroups.Group.make(version, folders, memory_bytes=64 << 20, pids=8)
    try:
        removed = set()
        for folder in folders:
            removed |= set(cgroups.remove_stale(folder))
        # (another grader starting on this machine may have removed it first)
        assert removed <= {os.path.basename(stale[0])}
        assert sleeper.wait(timeout=10) == -signal.SIGKILL
        assert not any(os.path.exists(p) for p in stale)
        assert all(os.path.isdir(p) for p in ours.paths)      # a live grader's group stays
    finally:
        ours.remove()
        if sleeper.poll() is None:
            sleeper.kill()
