"""One control group per jail: a memory limit, a process limit, CPU accounting.

Where the cgroup v2 tree has the ``memory`` and ``pids`` controllers, every
jail gets a group ``<parent>/autograder/<name>`` (``<parent>`` is the folder
above this process's own group, whose controllers the new groups inherit)
with ``memory.max``, ``memory.swap.max = 0``, ``memory.oom.group = 1`` and
``pids.max``. Where those controllers are mounted as cgroup v1 hierarchies
(``/sys/fs/cgroup/memory`` and so on), the group is made in each of
``memory`` (``memory.limit_in_bytes`` and ``memory.memsw.limit_in_bytes``),
``pids`` and ``cpuacct``, below this process's own group there.

A group's name is ``<pid>.<start time>-<n>`` of the grading process that made
it, so that groups left behind by a grader that was killed are found and
removed (their processes killed) the next time a grader makes one.
"""
import functools
import itertools
import os
import signal
import time

CGROUP_ROOT = "/sys/fs/cgroup"
FOLDER = "autograder"
V1_CONTROLLERS = ("memory", "pids", "cpuacct")
_counter = itertools.count()


class CgroupError(Exception):
    """A control group could not be made or used."""


def _read(path):
    with open(path) as f:
        return f.read()


def _write(path, text):
    with open(path, "w") as f:
        f.write(text)


def _start_time(pid):
    """The start time (clock ticks after boot) of process ``pid``, or None."""
    try:
        return int(_read(f"/proc/{pid}/stat").rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return None


def _mounts(mounts_text):
    """(cgroup2 mount point or None, {v1 controller: mount point})."""
    v2, v1 = None, {}
    for line in mounts_text.splitlines():
        fields = line.split()
        if len(fields) < 4:
            continue
        point, fstype, options = fields[1], fields[2], fields[3].split(",")
        if fstype == "cgroup2" and v2 is None:
            v2 = point
        elif fstype == "cgroup":
            for name in V1_CONTROLLERS:
                if name in options:
                    v1.setdefault(name, point)
    return v2, v1


def _memberships(cgroup_text):
    """({v1 controller: path}, v2 path or None) from ``/proc/self/cgroup``."""
    v1, v2 = {}, None
    for line in cgroup_text.splitlines():
        _, controllers, path = line.split(":", 2)
        if controllers == "":
            v2 = path
        for name in controllers.split(","):
            v1[name] = path
    return v1, v2


def parents(mounts_text, cgroup_text):
    """Where this process may make jail groups: ``("cgroup-v2", [folder])``,
    ``("cgroup-v1", [memory folder, pids folder, cpuacct folder])`` or
    ``(None, [])``. Only reads the two texts (``/proc/self/mounts`` and
    ``/proc/self/cgroup``) and the controllers listed under the v2 mount."""
    v2_mount, v1_mounts = _mounts(mounts_text)
    v1_paths, v2_path = _memberships(cgroup_text)
    if v2_mount is not None and v2_path is not None:
        own = os.path.join(v2_mount, v2_path.lstrip("/"))
        parent = v2_mount if v2_path == "/" else os.path.dirname(own)
        try:
            controllers = _read(os.path.join(parent, "cgroup.controllers")).split()
        except OSError:
            controllers = []
        if {"memory", "pids"} <= set(controllers):
            return "cgroup-v2", [os.path.join(parent, FOLDER)]
    if all(name in v1_mounts and name in v1_paths for name in V1_CONTROLLERS):
        return "cgroup-v1", [os.path.join(v1_mounts[name], v1_paths[name].lstrip("/"), FOLDER)
                             for name in V1_CONTROLLERS]
    return None, []


def _prepare(version, folders):
    """Make the ``autograder`` folders (v2: with the memory and pids
    controllers enabled for the groups below them)."""
    for folder in folders:
        os.makedirs(folder, exist_ok=True)
    if version == "cgroup-v2":
        parent = os.path.dirname(folders[0])
        for where in (parent, folders[0]):
            enabled = _read(os.path.join(where, "cgroup.subtree_control")).split()
            if not {"memory", "pids"} <= set(enabled):
                _write(os.path.join(where, "cgroup.subtree_control"), "+memory +pids")


@functools.cache
def setup():
    """``(version, folders)`` usable on this machine, after removing the
    groups of dead graders; ``(None, [])`` where no group can be made (no
    controller, not root and nothing delegated)."""
    try:
        version, folders = parents(_read("/proc/self/mounts"), _read("/proc/self/cgroup"))
        if version is None:
            return None, []
        _prepare(version, folders)
        probe = Group.make(version, folders, memory_bytes=64 << 20, pids=8)
        probe.remove()
    except (OSError, CgroupError):
        return None, []
    for folder in folders:
        remove_stale(folder)
    return version, folders


def available():
    """``"cgroup-v2"``, ``"cgroup-v1"`` or None."""
    return setup()[0]


def remove_stale(folder):
    """Kill the processes of, and remove, every group in ``folder`` whose
    grading process is gone; returns the names removed."""
    removed = []
    try:
        names = os.listdir(folder)
    except OSError:
        return removed
    for name in names:
        path = os.path.join(folder, name)
        try:
            owner, rest = name.split(".", 1)
            started = int(rest.split("-", 1)[0])
            pid = int(owner)
        except ValueError:
            continue
        if not os.path.isdir(path) or _start_time(pid) == started:
            continue
        _kill_members(path)
        if _rmdir(path):
            removed.append(name)
    return removed


def _kill_members(path):
    """SIGKILL every process in the group at ``path``, again until none is
    left (up to a second)."""
    if os.path.exists(os.path.join(path, "cgroup.kill")):
        try:
            _write(os.path.join(path, "cgroup.kill"), "1")
            return
        except OSError:
            pass
    deadline, pause = time.monotonic() + 1.0, 0.001
    while True:                              # v1: processes may fork while we kill
        try:
            pids = [int(p) for p in _read(os.path.join(path, "cgroup.procs")).split()]
        except OSError:
            return
        if not pids:
            return
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if time.monotonic() > deadline:
            return
        time.sleep(pause)                    # a killed process is gone within a few ms
        pause = min(2 * pause, 0.01)


def _rmdir(path, wait=5.0):
    """Remove an empty group, waiting up to ``wait`` s for killed processes to exit."""
    deadline = time.monotonic() + wait
    while True:
        try:
            os.rmdir(path)
            return True
        except FileNotFoundError:
            return True
        except OSError:
            if time.monotonic() > deadline:
                return False
            _kill_members(path)
            time.sleep(0.02)


class Group:
    """One jail's control group (in one folder for v2, three for v1)."""

    def __init__(self, version, paths):
        self.version, self.paths = version, paths

    @classmethod
    def make(cls, version, folders, memory_bytes, pids):
        """A new group under ``folders`` with the limits written."""
        name = f"{os.getpid()}.{_start_time(os.getpid())}-{next(_counter)}"
        group = cls(version, [os.path.join(folder, name) for folder in folders])
        try:
            for path in group.paths:
                os.mkdir(path)
            group._limit(memory_bytes, pids)
        except OSError as exc:
            group.remove()
            raise CgroupError(f"cannot make control group {group.paths[0]}: {exc}") from None
        return group

    def _limit(self, memory_bytes, pids):
        if self.version == "cgroup-v2":
            path = self.paths[0]
            _write(os.path.join(path, "memory.max"), str(memory_bytes))
            for name, value in (("memory.swap.max", "0"), ("memory.oom.group", "1")):
                if os.path.exists(os.path.join(path, name)):
                    _write(os.path.join(path, name), value)
            _write(os.path.join(path, "pids.max"), str(pids))
        else:
            memory, pid_group, _ = self.paths
            _write(os.path.join(memory, "memory.limit_in_bytes"), str(memory_bytes))
            if os.path.exists(os.path.join(memory, "memory.memsw.limit_in_bytes")):
                _write(os.path.join(memory, "memory.memsw.limit_in_bytes"), str(memory_bytes))
            _write(os.path.join(pid_group, "pids.max"), str(pids))

    @property
    def procs_files(self):
        """The files a process writes its pid into to join the group."""
        return [os.path.join(path, "cgroup.procs") for path in self.paths]

    def oom_killed(self):
        """True if the kernel's OOM killer killed a process of this group
        (v1 kernels without that counter: the limit was hit)."""
        try:
            if self.version == "cgroup-v2":
                text = _read(os.path.join(self.paths[0], "memory.events"))
                counts = dict(line.split() for line in text.splitlines() if line.strip())
                return int(counts.get("oom_kill", 0)) > 0 or int(counts.get("oom_group_kill", 0)) > 0
            text = _read(os.path.join(self.paths[0], "memory.oom_control"))
            counts = dict(line.split() for line in text.splitlines() if line.strip())
            if "oom_kill" in counts:
                return int(counts["oom_kill"]) > 0
            return int(_read(os.path.join(self.paths[0], "memory.failcnt"))) > 0
        except (OSError, ValueError):
            return False

    def forks_refused(self):
        """How many new processes or threads the group's ``pids.max`` refused."""
        path = self.paths[0 if self.version == "cgroup-v2" else 1]
        try:
            text = _read(os.path.join(path, "pids.events"))
            return int(dict(line.split() for line in text.splitlines() if line.strip()).get("max", 0))
        except (OSError, ValueError):
            return 0

    def cpu_seconds(self):
        """CPU time used by the group's processes so far."""
        try:
            if self.version == "cgroup-v2":
                for line in _read(os.path.join(self.paths[0], "cpu.stat")).splitlines():
                    if line.startswith("usage_usec "):
                        return int(line.split()[1]) / 1e6
                return 0.0
            return int(_read(os.path.join(self.paths[2], "cpuacct.usage"))) / 1e9
        except (OSError, ValueError):
            return 0.0

    def kill(self):
        """SIGKILL every process in the group."""
        for path in self.paths:
            if os.path.isdir(path):
                _kill_members(path)

    def remove(self):
        """Kill every process in the group and remove it."""
        for path in self.paths:
            if os.path.isdir(path):
                _kill_members(path)
                _rmdir(path)
