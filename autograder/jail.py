"""Run a submission's code in a locked-down process and talk to it.

``Jail`` starts ``kernel.py`` in a sandbox built by Bubblewrap (``bwrap``);
this module only says what the sandbox holds (the policy): new mount, PID,
network, IPC, UTS and cgroup namespaces, and, run without root, a user
namespace (``--unshare-all``'s set; as root the kernel runs as a real,
otherwise unused uid instead, which ``setpriv`` switches to inside, and
the filter refuses new user namespaces; without root ``--disable-userns``
does), a read-only root holding only the system directories, the Python
installation and the virtual environment, a fresh ``/proc``, ``/dev`` and size-limited ``/tmp``, the submission's files
in a size-limited ``/home/student``, an unprivileged uid that no other
process uses, ``--die-with-parent``, ``--new-session`` and the system-call
filter of ``autograder.seccomp``. Memory and the number of processes are
limited by a control group per jail (``autograder.cgroups``), or by
RLIMIT_AS where no group can be made; file size, open files and CPU time by
rlimits (``prlimit``); the environment is scrubbed. Without ``bwrap`` (or
without user namespaces) the kernel still runs with the limits and the
scrubbed environment, and ``protections_off()`` says what is missing.

The grader and the kernel exchange framed JSON over two pipes
(``autograder.protocol``). Every wait has a deadline; on timeout every
process of the jail is killed. ``JailStudent`` adapts a jail to the
``Student`` interface that hidden tests use.
"""
import functools
import itertools
import os
import select
import shutil
import signal
import subprocess
import sys
import tarfile
import tempfile
import time

from autograder import cgroups, protocol, seccomp
from autograder.student import Opaque, Student, StudentError

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL_FILES = ("kernel.py", "protocol.py", "student.py")
WORKDIR = "/home/student"
KERNEL_DIR = "/opt/grader"
SAFE_ENV = {
    "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": WORKDIR, "USER": "student",
    "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
}
TMP_MB, SHM_MB = 64, 16
FILE_SIZE = 16 * 1024 * 1024
OPEN_FILES = 256
# bwrap's own process, outside the sandbox, waiting for the kernel: it is in
# the jail's control group, so the group's pids.max is nproc plus this
BWRAP_PROCESSES = 1
HOST_DEV = "/dev"              # where the host's device nodes are (a GPU's are bound from here)
# the device nodes that CUDA needs besides the GPU's own /dev/nvidiaN
NVIDIA_SHARED_NODES = ("nvidiactl", "nvidia-uvm", "nvidia-uvm-tools", "nvidia-modeset")

# only what the dynamic loader, Python and user lookups need from /etc
ETC_FILES = ("passwd", "group", "nsswitch.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
             "localtime", "alternatives", "mime.types")


class JailError(Exception):
    """The kernel did not answer properly; ``reason`` is a status word."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


_uid_counter = itertools.count()


def _uids_in_use():
    """The owners of every process on this machine."""
    owners = set()
    for name in os.listdir("/proc"):
        if name.isdigit():
            try:
                owners.add(os.stat(f"/proc/{name}").st_uid)
            except OSError:
                pass
    return owners


def _jail_uid():
    """A uid (and gid) of 100000 or more for the next jail: distinct for every
    jail that runs at the same time on this machine (the process limit is
    counted per uid), from this process's pid and a per-process counter, and
    owned by no live process (a previous jail's leftover cannot eat into the
    next one's process limit)."""
    busy = _uids_in_use()
    for _ in range(16):
        uid = 100_000 + (os.getpid() % 40_000) * 16 + next(_uid_counter) % 16
        if uid not in busy:
            return uid
    raise JailError("every jail uid of this grading process is still owned by a live process")


def _sandbox(uid):
    """(bwrap's namespace options, the command prefix that runs inside as
    ``uid``). As root, bwrap builds the namespaces itself and ``setpriv``
    inside drops to ``uid`` (a real, otherwise unused uid of the host) with
    no supplementary groups; otherwise bwrap runs in a new user namespace
    where ``uid`` stands for the caller."""
    namespaces = ["--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts",
                  "--unshare-cgroup-try", "--die-with-parent", "--new-session", "--as-pid-1",
                  "--hostname", "jail"]
    if os.geteuid() == 0:
        return namespaces, ["setpriv", f"--reuid={uid}", f"--regid={uid}", "--clear-groups", "--"]
    return namespaces + ["--unshare-user", "--disable-userns", "--uid", str(uid),
                         "--gid", str(uid)], []


@functools.cache
def namespaces_available():
    """True when ``bwrap`` can build a sandbox here (as root, or through
    unprivileged user namespaces)."""
    if shutil.which("bwrap") is None or shutil.which("setpriv") is None:
        return False
    return _runs_in_a_sandbox(["true"])


def _runs_in_a_sandbox(command, prefix=(), binds=()):
    """True when ``command`` exits with status 0 in a bare sandbox (the
    jail's namespaces and uid, ``/`` read-only, plus ``binds``), started
    after the command ``prefix``."""
    namespaces, inside = _sandbox(_jail_uid())
    cmd = [*prefix, "bwrap", *namespaces, "--ro-bind", "/", "/", "--proc", "/proc", "--dev", "/dev",
           *binds, "--", *inside, *command]
    try:
        done = subprocess.run(cmd, capture_output=True, timeout=20, env={"PATH": "/usr/bin:/bin"},
                              check=False)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def _children(pid):
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            return [int(c) for c in f.read().split()]
    except (OSError, ValueError):
        return []


def protections_off():
    """Names of the jail protections that this machine cannot provide."""
    if not namespaces_available():
        return ["filesystem isolation", "network isolation", "unprivileged user",
                "process namespace"]
    return [] if seccomp.bpf() is not None else ["system call filter"]


def describe(gpu=None):
    """What a jail started now would get, e.g. ``{"sandbox": "bwrap",
    "memory_limit": "cgroup-v1", "seccomp": True, "noexec": True, "gpu": None}``
    (``noexec``: nothing written in the jail can be run or mapped as code)."""
    jailed = namespaces_available()
    return {"sandbox": "bwrap" if jailed else None,
            "memory_limit": cgroups.available() or "rlimit-as",
            "seccomp": jailed and seccomp.bpf() is not None,
            "noexec": jailed and noexec_available(), "gpu": gpu}


def gpu_nodes(gpu, dev_names):
    """The ``/dev`` names to bind for GPU ``gpu`` (a device number as a
    string, e.g. ``"1"``), chosen from ``dev_names`` (a listing of ``/dev``):
    that GPU's ``nvidiaN`` and the shared NVIDIA nodes, never another GPU's."""
    if gpu is None:
        return []
    if not (isinstance(gpu, str) and gpu.isdigit()):
        raise ValueError(f"gpu must be a device number as a string such as '0', not {gpu!r}")
    own = f"nvidia{int(gpu)}"
    if own not in dev_names:
        raise ValueError(f"GPU {gpu} was asked for but /dev/{own} does not exist")
    return [own] + [name for name in NVIDIA_SHARED_NODES if name in dev_names]


def _system_paths():
    """Read-only paths the kernel needs: system dirs, the Python
    installation behind the venv, the venv itself."""
    paths = ["/usr", "/bin", "/lib", "/lib64", "/lib32", "/sbin"]
    paths += ["/etc/" + name for name in ETC_FILES]
    prefix = os.path.realpath(sys.base_prefix)
    venv = os.path.realpath(sys.prefix)
    for p in (prefix, venv):
        if not any(p == s or p.startswith(s + "/") for s in ("/usr",)):
            paths.append(p)
    if sys.prefix != venv:
        paths.append(sys.prefix)
    return paths


def _writable(workdir_mb):
    """The jail's writable folders: [(path inside, size in bytes, mode)]."""
    return [("/tmp", TMP_MB << 20, "1777"), ("/dev/shm", SHM_MB << 20, "1777"),
            # open to all, and only the jail's uid sees it
            (WORKDIR, workdir_mb << 20, "0777")]


@functools.cache
def noexec_available():
    """True when the grader can mount the jail's writable folders itself,
    so that they are ``noexec``: nothing written in the jail can be run or
    mapped as code. As root the mounts need nothing more; otherwise they are
    made in a user namespace of their own (``unshare --map-root-user``),
    where the kernel and its security modules may refuse: the probe builds
    the whole chain, mounts and sandbox, once."""
    if shutil.which("unshare") is None or shutil.which("mount") is None or not namespaces_available():
        return False
    with tempfile.TemporaryDirectory() as folder:
        mounted = os.path.join(folder, "tmp")
        os.mkdir(mounted)
        mount = _unshare_mount() + ["/bin/sh", "-c", MOUNT_STAGE, "sh", mounted, "1048576", "1777", "--"]
        return _runs_in_a_sandbox(["/bin/sh", "-c", "grep -q ' /tmp .*noexec' /proc/self/mounts"],
                                  prefix=mount, binds=["--bind", mounted, "/tmp"])


def _unshare_mount():
    """The command prefix that runs a command in a new mount namespace
    (and, for a grader that is not root, the user namespace that lets it mount)."""
    user = [] if os.geteuid() == 0 else ["--user", "--map-root-user"]
    return ["unshare", *user, "--mount", "--propagation", "private", "--"]


def _mounted(mount_dir, path):
    """Where ``_mount_stage`` mounts the writable folder ``path`` of the jail."""
    return os.path.join(mount_dir, path.strip("/").replace("/", "_"))


def _mount_stage(mount_dir, workdir_mb):
    """The command prefix that mounts the writable folders (``noexec``,
    ``nosuid``, ``nodev``, each with its size) under ``mount_dir`` in a
    mount namespace of their own, which ends with the jail: nothing is
    mounted on the host, and nothing is left to unmount."""
    args = []
    for path, size, mode in _writable(workdir_mb):
        os.makedirs(_mounted(mount_dir, path), mode=0o700)
        args += [_mounted(mount_dir, path), str(size), mode]
    return _unshare_mount() + ["/bin/sh", "-c", MOUNT_STAGE, "sh"] + args + ["--"]


def _bwrap_mounts(kernel_dir, workdir_mb, nodes, mount_dir=None, replaced=()):
    """bwrap's file system options: what the jail sees. With ``mount_dir``
    (see ``_mount_stage``) the writable folders are the ``noexec`` ones
    mounted there, otherwise tmpfs that bwrap makes. ``replaced`` holds
    (file on the host, path of a system file it stands for in the jail)."""
    writable = {}
    for path, size, mode in _writable(workdir_mb):
        if mount_dir is None:
            writable[path] = ["--size", str(size), "--perms", mode, "--tmpfs", path]
        else:
            writable[path] = ["--bind", _mounted(mount_dir, path), path]
    args = list(writable["/tmp"])
    for path in _system_paths():          # after /tmp: a venv under the host's /tmp shows through
        if os.path.islink(path):
            args += ["--symlink", os.readlink(path), path]
        elif os.path.exists(path):
            if os.path.dirname(path) != "/":     # parents readable by all, even under /root
                args += ["--dir", os.path.dirname(path)]
            args += ["--ro-bind", path, path]
    for host, path in replaced:
        args += ["--ro-bind", host, path]
    args += ["--proc", "/proc", "--dev", "/dev", *writable["/dev/shm"],
             "--dir", os.path.dirname(WORKDIR), *writable[WORKDIR],
             "--dir", "/opt", "--ro-bind", kernel_dir, KERNEL_DIR]
    for name in nodes:
        args += ["--dev-bind", os.path.join(HOST_DEV, name), "/dev/" + name]
    return args + ["--remount-ro", "/", "--chdir", WORKDIR]


# A bash script (dash's redirections take one-digit descriptors only): runs the
# jail (the command after "--") in the control group (the pid files before it)
# with the archive (the second descriptor) on its standard input, and kills
# the sandbox's PID 1 when the grader dies: the first descriptor is the read
# end of a pipe whose write end only the grader holds. (bwrap's own
# parent-death signal cannot reach a PID 1 that runs as another uid: bwrap
# drops CAP_KILL.)
SUPERVISE = """alive=$1 archive=$2; shift 2
(
  while [ "$1" != -- ]; do echo 0 > "$1" || exit 71; shift; done; shift
  eval "exec 0<&$archive $archive<&- $alive<&-"; unset PWD SHLVL; exec "$@"
) &
jail=$!
eval "exec $archive<&-"
{ read _ <&"$alive"; kill -9 $(cat /proc/$jail/task/$jail/children) $jail; } &
watch=$!
wait $jail; status=$?
kill $watch 2>/dev/null
exit $status"""
# In a new mount namespace, before bwrap: mount a tmpfs on each (folder, size
# in bytes, mode) triple given before "--", then run the command after it.
MOUNT_STAGE = """while [ "$1" != -- ]; do
  mount -t tmpfs -o "noexec,nosuid,nodev,size=$2,mode=$3" tmpfs "$1" || exit 73; shift 3
done; shift; exec "$@"
"""
# Inside the sandbox: unpack the submission (a tar archive on standard input)
# into the working folder, then start the kernel with nothing on its input.
UNPACK_STAGE = f'tar -x -C {WORKDIR} -f - || exit 72; unset PWD; exec "$@" < /dev/null'


def _archive(stage, path):
    """``stage``'s content as a tar archive at ``path`` (modification times
    kept, no entry for the folder itself); returns a descriptor reading it."""
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as tar:
        for name in sorted(os.listdir(stage)):
            tar.add(os.path.join(stage, name), arcname=name)
    return os.open(path, os.O_RDONLY)


class Jail:
    """One kernel process holding one submission's sandbox.

    ``files`` maps relative paths to bytes: the working folder's content.
    ``memory_mb`` caps the resident memory of every process of the jail
    (control group; address space where no group can be made), ``nproc``
    the processes and threads the kernel and everything it starts may have
    together (the group's ``pids.max``, and RLIMIT_NPROC for the jail's uid),
    ``output_limit`` the characters of output kept per cell,
    ``workdir_mb`` the working folder. ``gpu`` (a device number as a string,
    or None) gives the jail that one GPU. ``replaced`` lists (file on the
    host, path in the jail) pairs: system files the jail sees replaced by
    others (torch's libraries without their recurrent kernels, for a
    kernel set up to forbid them).
    """

    def __init__(self, files, memory_mb=2048, output_limit=20_000, nproc=64,
                 drivers_source="", workdir_mb=256, cpu_seconds=3600, gpu=None, replaced=()):
        self.files, self.memory_mb, self.output_limit = files, memory_mb, output_limit
        self.nproc, self.drivers_source, self.workdir_mb = nproc, drivers_source, workdir_mb
        self.cpu_seconds, self.gpu, self.replaced = cpu_seconds, gpu, list(replaced)
        self.nodes = gpu_nodes(gpu, os.listdir(HOST_DEV) if gpu is not None else [])
        self.proc = None
        self.tmp = None
        self.group = None
        self.applied = None
        self.cpu_used = None              # CPU seconds the control group counted, once closed
        self.forks_refused = None         # processes and threads its pids.max refused, once closed
        self.last_stderr = ""
        self.jailed = namespaces_available()

    def describe(self):
        """What applied to this jail (what would apply, before ``start``)."""
        return dict(self.applied) if self.applied else describe(self.gpu)

    # -- lifecycle -------------------------------------------------------
    def _stage(self, stage):
        """Write the submission's files into ``stage`` (modification time 0)."""
        root = os.path.realpath(stage)
        for rel, data in self.files.items():
            path = os.path.join(stage, rel)
            if os.path.isabs(rel) or not os.path.realpath(path).startswith(root + os.sep):
                continue                  # intake refuses such paths; never write outside
            try:
                os.makedirs(os.path.dirname(path), mode=0o755, exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
                os.chmod(path, 0o644)
                os.utime(path, (0, 0))     # the grader's clock is nobody's business
            except OSError:
                continue

    def _limits(self, grouped):
        """prlimit's command prefix. With a control group, RLIMIT_NPROC is one
        above what the group allows, so that the group refuses (and counts)
        a process too many; without one, RLIMIT_AS limits memory."""
        limits = {"nofile": OPEN_FILES, "nproc": self.nproc + (1 if grouped else 0),
                  "fsize": FILE_SIZE, "core": 0, "cpu": self.cpu_seconds}
        if not grouped:
            limits["as"] = self.memory_mb * 1024 * 1024
        return ["prlimit"] + [f"--{k}={v}:{v}" for k, v in limits.items()] + ["--"]

    def start(self, timeout=60):
        self.tmp = tempfile.mkdtemp(prefix="autograder-jail-")
        os.chmod(self.tmp, 0o700)
        stage = os.path.join(self.tmp, "stage")
        kernel_dir = os.path.join(self.tmp, "kernel")
        os.makedirs(stage)
        os.makedirs(kernel_dir)
        for name in KERNEL_FILES:
            shutil.copy(os.path.join(HERE, name), kernel_dir)
            os.chmod(os.path.join(kernel_dir, name), 0o644)
        uid = _jail_uid() if self.jailed else None
        self._stage(stage)

        version, folders = cgroups.setup()
        if version is not None:
            try:
                pids = self.nproc + (BWRAP_PROCESSES if self.jailed else 0)
                self.group = cgroups.Group.make(version, folders, self.memory_mb << 20, pids)
            except cgroups.CgroupError:
                self.group = None
        bpf = seccomp.bpf() if self.jailed else None
        self.applied = {"sandbox": "bwrap" if self.jailed else None,
                        "memory_limit": self.group.version if self.group else "rlimit-as",
                        "seccomp": bpf is not None,
                        "noexec": self.jailed and noexec_available(), "gpu": self.gpu}
        if self.jailed and self.replaced:
            self.applied["replaced"] = [path for _, path in self.replaced]

        to_kernel_r, self._to_kernel = os.pipe()
        self._from_kernel, from_kernel_w = os.pipe()
        os.set_blocking(self._to_kernel, False)
        fds = [to_kernel_r, from_kernel_w]
        python = sys.executable
        env = dict(SAFE_ENV, PATH=os.path.dirname(python) + ":/usr/bin:/bin")
        if self.nodes:
            env["CUDA_VISIBLE_DEVICES"] = "0"       # the only GPU the jail's driver can open
        alive_r, self._alive = os.pipe()
        archive = (_archive(stage, os.path.join(self.tmp, "stage.tar")) if self.jailed
                   else os.open(os.devnull, os.O_RDONLY))
        fds += [alive_r, archive]
        procs_files = self.group.procs_files if self.group is not None else []
        cmd = ["/bin/bash", "-c", SUPERVISE, "supervise", str(alive_r), str(archive)]
        cmd += procs_files + ["--"]
        cmd += self._limits(grouped=self.group is not None)
        kernel = [python, "-I"]
        if self.jailed:
            namespaces, inside = _sandbox(uid)
            mount_dir = os.path.join(self.tmp, "mounts") if self.applied["noexec"] else None
            if mount_dir is not None:
                cmd += _mount_stage(mount_dir, self.workdir_mb)
            bwrap = ["bwrap"] + namespaces + _bwrap_mounts(kernel_dir, self.workdir_mb, self.nodes,
                                                           mount_dir, self.replaced)
            if bpf is not None:
                filter_r, filter_w = os.pipe()
                os.write(filter_w, bpf)             # a few hundred bytes: fits in the pipe
                os.close(filter_w)
                fds.append(filter_r)
                bwrap += ["--seccomp", str(filter_r)]
            cmd += bwrap + ["--"] + inside + ["/bin/sh", "-c", UNPACK_STAGE, "sh"]
            kernel.append(f"{KERNEL_DIR}/kernel.py")
            cwd = None
        else:
            kernel.append(os.path.join(kernel_dir, "kernel.py"))
            env["HOME"] = cwd = stage
        cmd += kernel + [str(fd) for fd in fds[:2]]
        self.errlog = os.path.join(self.tmp, "stderr.log")
        try:
            with open(self.errlog, "wb") as err:
                self.proc = subprocess.Popen(cmd, cwd=cwd, stdin=subprocess.DEVNULL,
                                             stdout=subprocess.DEVNULL,
                                             stderr=err, pass_fds=fds, env=env,
                                             start_new_session=True, close_fds=True)
        finally:
            for fd in fds:
                os.close(fd)
        self._send({"drivers": self.drivers_source, "output_limit": self.output_limit},
                   time.monotonic() + timeout)
        self._receive(time.monotonic() + timeout)
        return self

    def close(self):
        if self.group is not None:
            self.group.kill()             # every process of the jail, wherever it went
        if self.proc is not None:
            # Killing the sandbox's PID 1 (bwrap's child, a grandchild of the
            # supervising shell) kills every process in it, including one that
            # left the process group with setsid().
            for child in _children(self.proc.pid):
                for grandchild in _children(child):
                    try:
                        os.kill(grandchild, signal.SIGKILL)
                    except (ProcessLookupError, PermissionError):
                        pass
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
            try:
                self.proc.kill()
            except ProcessLookupError:
                pass
            self.proc.wait()
            self.proc = None
        if self.group is not None:
            self.cpu_used = (self.cpu_used or 0.0) + self.group.cpu_seconds()
            self.forks_refused = (self.forks_refused or 0) + self.group.forks_refused()
            self.group.remove()
            self.group = None
        for fd in ("_to_kernel", "_from_kernel", "_alive"):
            if getattr(self, fd, None) is not None:
                try:
                    os.close(getattr(self, fd))
                except OSError:
                    pass
                setattr(self, fd, None)
        if self.tmp:
            shutil.rmtree(self.tmp, ignore_errors=True)
            self.tmp = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.close()

    def stderr_tail(self, n=2000):
        try:
            with open(self.errlog, "rb") as f:
                f.seek(0, 2)
                f.seek(max(0, f.tell() - n))
                return f.read().decode("utf-8", "replace")
        except (OSError, AttributeError, TypeError):
            return ""

    # -- transport -------------------------------------------------------
    def _died(self, deadline):
        """The error for a kernel whose pipe closed: it exited (or was
        killed), or, if the jail lives on past ``deadline``, a timeout (a
        kernel that closes its pipe and hangs)."""
        try:
            code = self.proc.wait(timeout=max(0.0, deadline - time.monotonic())) if self.proc else None
        except subprocess.TimeoutExpired:
            return JailError("timeout", "the kernel closed its pipe and went on running")
        detail = ""
        if code is not None and code < 0:
            detail = signal.Signals(-code).name
        elif code:
            detail = f"exit status {code}"
        self.last_stderr = self.stderr_tail(2000)
        tail = self.last_stderr[-600:].lower()
        if self.group is not None:
            if self.group.oom_killed():
                return JailError("memory", detail or "killed at the memory limit")
        elif "memoryerror" in tail or "cannot allocate memory" in tail or "bad_alloc" in tail:
            return JailError("memory", detail)      # RLIMIT_AS: no counter to read
        if "segmentation fault" in tail and not detail:
            detail = "SIGSEGV"
        return JailError("kernel-died", detail)

    def _kill(self, reason):
        err = JailError(reason)
        self.close()
        return err

    def _send(self, message, deadline):
        data = memoryview(protocol.pack(message))
        while data:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._kill("timeout")
            _, ready, _ = select.select([], [self._to_kernel], [], left)
            if ready:
                try:
                    data = data[os.write(self._to_kernel, data[:65536]):]
                except BrokenPipeError:
                    err = self._died(deadline)
                    self.close()
                    raise err from None

    def _read_exact(self, n, deadline):
        chunks = []
        while n:
            left = deadline - time.monotonic()
            if left <= 0:
                raise self._kill("timeout")
            ready, _, _ = select.select([self._from_kernel], [], [], left)
            if not ready:
                continue
            chunk = os.read(self._from_kernel, min(n, 1 << 20))
            if not chunk:
                err = self._died(deadline)
                self.close()
                raise err
            chunks.append(chunk)
            n -= len(chunk)
        return b"".join(chunks)

    def _receive(self, deadline):
        try:
            size = protocol.unpack_header(self._read_exact(4, deadline))
            return protocol.parse(self._read_exact(size, deadline))
        except protocol.ProtocolError as exc:
            self.close()
            raise JailError("kernel-died", f"protocol error: {exc}") from None

    def request(self, message, timeout):
        if self.proc is None:
            raise JailError("kernel-died", "the kernel is not running")
        deadline = time.monotonic() + timeout
        self._send(message, deadline)
        return self._receive(deadline)

    # -- operations ------------------------------------------------------
    def run_cell(self, code, trusted=False, timeout=30):
        """Run a cell; returns ``(ok, error_or_None, output)`` where error is
        ``(kind, message)``."""
        reply = self.request({"op": "run", "code": code, "trusted": trusted}, timeout)
        ok, error, output = reply.get("ok"), reply.get("error"), reply.get("output", "")
        if type(ok) is not bool or type(output) is not str:
            self.close()
            raise JailError("kernel-died", "protocol error: bad cell reply")
        output = output[: self.output_limit + 200]
        if error is not None:
            if type(error) is not list or len(error) != 2 or not all(type(e) is str for e in error):
                self.close()
                raise JailError("kernel-died", "protocol error: bad error in cell reply")
            error = (error[0][:100], error[1][:2000])
        return ok and error is None, error, output

    def has(self, name, timeout=30):
        value = self.request({"op": "has", "name": name}, timeout).get("value")
        return value is True

    def _result(self, reply):
        if "raised" in reply:
            raised = reply["raised"]
            if type(raised) is not list or len(raised) != 2 or not all(type(e) is str for e in raised):
                self.close()
                raise JailError("kernel-died", "protocol error: bad exception reply")
            raise StudentError(raised[0][:100], raised[1][:2000])
        if "value" not in reply:
            self.close()
            raise JailError("kernel-died", "protocol error: reply without value")
        try:
            return protocol.decode(reply["value"], Opaque)
        except protocol.ProtocolError as exc:
            self.close()
            raise JailError("kernel-died", f"protocol error: {exc}") from None

    def call(self, name, args, kwargs, timeout=30):
        message = {"op": "call", "name": name, "args": protocol.encode(tuple(args), Opaque),
                   "kwargs": protocol.encode(dict(kwargs), Opaque)}
        return self._result(self.request(message, timeout))

    def driver(self, name, args, timeout=30):
        message = {"op": "driver", "name": name, "args": protocol.encode(tuple(args), Opaque)}
        return self._result(self.request(message, timeout))


class JailStudent(Student):
    """``Student`` over a ``Jail``; every call gets the time left before
    ``deadline`` (a ``time.monotonic()`` value)."""

    def __init__(self, jail, deadline):
        self.jail, self.deadline = jail, deadline
        self.defined = set()          # names found callable; a later call still checks in the kernel

    def _left(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise JailError("timeout", "hidden test time limit")
        return left

    def has(self, name):
        return self.jail.has(name, self._left())

    def function(self, name):
        """The learner's ``name`` as a callable. Asked once per name: if the
        name stops being a function later, the call itself raises the same
        ``NameError`` in the kernel."""
        if name not in self.defined:
            if not self.has(name):
                raise StudentError("NameError", f"the notebook does not define a function {name!r}")
            self.defined.add(name)
        return lambda *args, **kwargs: self.jail.call(name, args, kwargs, self._left())

    def driver(self, name, *args):
        return self.jail.driver(name, args, self._left())
