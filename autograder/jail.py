"""Run a submission's code in a locked-down process and talk to it.

``Jail`` starts ``kernel.py`` in its own process. As root with ``unshare``
available (the normal grading setup) the kernel runs inside new mount,
network, PID, IPC and UTS namespaces with a whitelisted, read-only file
system (see ``jail_setup.py``), as an unprivileged uid that no other process
uses, with limits on memory (RLIMIT_AS), processes (RLIMIT_NPROC), file size
(RLIMIT_FSIZE), open files and CPU time, and a scrubbed environment.
Without root or ``unshare`` it still runs, with resource limits and a
scrubbed environment only, and ``protections_off()`` says what is missing.

The grader and the kernel exchange framed JSON over two pipes
(``autograder.protocol``). Every wait has a deadline; on timeout the whole
process tree is killed. ``JailStudent`` adapts a jail to the ``Student``
interface that hidden tests use.
"""
import functools
import itertools
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time

from autograder import protocol
from autograder.student import Opaque, Student, StudentError

HERE = os.path.dirname(os.path.abspath(__file__))
KERNEL_FILES = ("kernel.py", "protocol.py", "student.py")
WORKDIR = "/home/student"
SAFE_ENV = {
    "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", "HOME": WORKDIR, "USER": "student",
    "MPLBACKEND": "Agg", "PYTHONDONTWRITEBYTECODE": "1", "PYTHONUNBUFFERED": "1",
    "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
    "MPLCONFIGDIR": "/tmp/matplotlib", "IPYTHONDIR": "/tmp/ipython",
}


# only what the dynamic loader, Python and user lookups need from /etc
ETC_FILES = ("passwd", "group", "nsswitch.conf", "ld.so.cache", "ld.so.conf", "ld.so.conf.d",
             "localtime", "alternatives", "mime.types")


class JailError(Exception):
    """The kernel did not answer properly; ``reason`` is a status word."""

    def __init__(self, reason, detail=""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason, self.detail = reason, detail


@functools.lru_cache(maxsize=None)
def namespaces_available():
    """True when we are root and ``unshare`` can create every namespace."""
    if os.geteuid() != 0 or shutil.which("unshare") is None:
        return False
    try:
        done = subprocess.run(["unshare", "--mount", "--net", "--pid", "--ipc", "--uts",
                               "--fork", "true"], capture_output=True, timeout=20)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


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


def _namespace_init(pid):
    """Host pid of the child that ``unshare --fork`` started (PID 1 of the
    jail's pid namespace), or None."""
    try:
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            children = f.read().split()
        return int(children[0]) if children else None
    except (OSError, ValueError):
        return None


def protections_off():
    """Names of the jail protections that this machine cannot provide."""
    if namespaces_available():
        return []
    return ["filesystem isolation", "network isolation", "unprivileged user", "process namespace"]


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


class Jail:
    """One kernel process holding one submission's namespace.

    ``files`` maps relative paths to bytes: the working folder's content.
    ``memory_mb`` caps the address space, ``output_limit`` the characters
    of output kept per cell.
    """

    def __init__(self, files, memory_mb=2048, output_limit=20_000, nproc=64,
                 drivers_source="", workdir_mb=256, cpu_seconds=3600):
        self.files, self.memory_mb, self.output_limit = files, memory_mb, output_limit
        self.nproc, self.drivers_source, self.workdir_mb = nproc, drivers_source, workdir_mb
        self.cpu_seconds = cpu_seconds
        self.proc = None
        self.tmp = None
        self.last_stderr = ""
        self.jailed = namespaces_available()

    # -- lifecycle -------------------------------------------------------
    def start(self, timeout=60):
        self.tmp = tempfile.mkdtemp(prefix="autograder-jail-")
        os.chmod(self.tmp, 0o700)
        stage = os.path.join(self.tmp, "stage")
        kernel_dir = os.path.join(self.tmp, "kernel")
        os.makedirs(stage)
        os.makedirs(kernel_dir)
        root = os.path.realpath(stage)
        for rel, data in self.files.items():
            path = os.path.join(stage, rel)
            if os.path.isabs(rel) or not os.path.realpath(path).startswith(root + os.sep):
                continue                  # submissions.py refuses such paths; never write outside
            try:
                os.makedirs(os.path.dirname(path), exist_ok=True)
                with open(path, "wb") as f:
                    f.write(data)
                os.utime(path, (0, 0))     # the grader's clock is nobody's business
            except OSError:
                continue
        for name in KERNEL_FILES:
            shutil.copy(os.path.join(HERE, name), kernel_dir)
        to_kernel_r, self._to_kernel = os.pipe()
        self._from_kernel, from_kernel_w = os.pipe()
        os.set_blocking(self._to_kernel, False)
        self.errlog = os.path.join(self.tmp, "stderr.log")
        err = open(self.errlog, "wb")
        limits = {
            "RLIMIT_AS": self.memory_mb * 1024 * 1024,
            "RLIMIT_NPROC": self.nproc,
            "RLIMIT_FSIZE": 16 * 1024 * 1024,
            "RLIMIT_CORE": 0,
            "RLIMIT_NOFILE": 256,
            "RLIMIT_CPU": self.cpu_seconds,
        }
        python = sys.executable
        fds = [str(to_kernel_r), str(from_kernel_w)]
        env = dict(SAFE_ENV, PATH=os.path.dirname(python) + ":/usr/bin:/bin")
        try:
            if self.jailed:
                import json
                uid = _jail_uid()
                cfg = {
                    "root": os.path.join(self.tmp, "root"), "stage": stage,
                    "kernel_files": kernel_dir, "workdir": WORKDIR,
                    "workdir_mb": self.workdir_mb, "ro_paths": _system_paths(),
                    "uid": uid, "gid": uid, "limits": limits, "env": env,
                    "gpu": os.environ.get("AUTOGRADER_GPU", "1") != "0",
                    "argv": [python, "-I", "/opt/grader/kernel.py"] + fds,
                }
                os.makedirs(cfg["root"])
                cmd = ["unshare", "--mount", "--net", "--pid", "--ipc", "--uts", "--fork",
                       "--kill-child", python, "-I", "-S", os.path.join(HERE, "jail_setup.py"),
                       json.dumps(cfg)]
                self.proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                             stderr=err, pass_fds=(to_kernel_r, from_kernel_w),
                                             env=env, start_new_session=True, close_fds=True)
            else:
                def limit():
                    import resource
                    for name, value in limits.items():
                        resource.setrlimit(getattr(resource, name), (value, value))
                self.proc = subprocess.Popen(
                    [python, "-I", os.path.join(kernel_dir, "kernel.py")] + fds,
                    cwd=stage, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=err,
                    pass_fds=(to_kernel_r, from_kernel_w), env=dict(env, HOME=stage),
                    start_new_session=True, close_fds=True, preexec_fn=limit)
        finally:
            err.close()
            os.close(to_kernel_r)
            os.close(from_kernel_w)
        self._send({"drivers": self.drivers_source, "output_limit": self.output_limit},
                   time.monotonic() + timeout)
        self._receive(time.monotonic() + timeout)
        return self

    def close(self):
        if self.proc is not None:
            # Killing the namespace's PID 1 kills every process in the jail,
            # including one that left the process group with setsid().
            init = _namespace_init(self.proc.pid) if self.jailed else None
            if init is not None:
                try:
                    os.kill(init, signal.SIGKILL)
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
        for fd in ("_to_kernel", "_from_kernel"):
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
    def _died(self):
        try:
            code = self.proc.wait(timeout=2) if self.proc else None
        except subprocess.TimeoutExpired:
            return JailError("kernel-died", "the kernel closed its pipe")
        detail = ""
        if code is not None and code < 0:
            detail = signal.Signals(-code).name
        elif code:
            detail = f"exit status {code}"
        self.last_stderr = self.stderr_tail(2000)
        tail = self.last_stderr[-600:].lower()
        if "memoryerror" in tail or "cannot allocate memory" in tail or "bad_alloc" in tail:
            return JailError("memory", detail)
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
                    err = self._died()
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
                err = self._died()
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

    def _left(self):
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise JailError("timeout", "hidden test time limit")
        return left

    def has(self, name):
        return self.jail.has(name, self._left())

    def function(self, name):
        if not self.has(name):
            raise StudentError("NameError", f"the notebook does not define a function {name!r}")
        return lambda *args, **kwargs: self.jail.call(name, args, kwargs, self._left())

    def driver(self, name, *args):
        return self.jail.driver(name, args, self._left())
