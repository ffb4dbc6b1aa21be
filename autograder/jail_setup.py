"""Build the jail's file system, drop privileges and start the kernel.

Runs as root as process 1 of fresh mount, network, PID, IPC and UTS
namespaces (``unshare --mount --net --pid --ipc --uts --fork``), with one
JSON argument. Steps:

1. a tmpfs becomes the new root; only the system directories (``/usr``,
   a few files of ``/etc``), the Python installation and the virtual environment are
   bind-mounted into it, read-only, nosuid, nodev;
2. ``/dev`` gets ``null``, ``zero``, ``full``, ``random``, ``urandom`` (and the
   NVIDIA device nodes when the grader allows the GPU); ``/proc``
   is a new procfs that shows only the jail's processes; ``/tmp`` and the
   working folder ``/home/student`` are small tmpfs mounts; the submission's
   files are copied into the working folder;
3. ``pivot_root`` to the new root and detach the old one, so that no path
   (and no chroot trick) leads back to the host's files;
4. resource limits, no supplementary groups, the jail's uid/gid,
   ``no_new_privs``, a scrubbed environment, then exec the kernel.

Imports only the standard library (it runs with ``python -I -S``).
"""
import ctypes
import json
import os
import resource
import shutil
import signal
import stat
import sys

MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MNT_DETACH = 2
PR_SET_NO_NEW_PRIVS = 38
PR_SET_PDEATHSIG = 1
SYS_PIVOT_ROOT = {"x86_64": 155, "aarch64": 41}

libc = ctypes.CDLL(None, use_errno=True)


def _check(result, what):
    if result != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"{what}: {os.strerror(err)}")


def mount(source, target, fstype, flags, data=None):
    enc = lambda s: s.encode() if s is not None else None
    _check(libc.mount(enc(source), enc(target), enc(fstype), ctypes.c_ulong(flags), enc(data)),
           f"mount {source} on {target}")


def bind(source, target, device=False):
    if os.path.isdir(source):
        os.makedirs(target, exist_ok=True)
    else:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        open(target, "a").close()
    mount(source, target, None, MS_BIND | MS_REC)
    flags = MS_BIND | MS_REMOUNT | MS_NOSUID | (0 if device else MS_NODEV | MS_RDONLY)
    mount(None, target, None, flags)


def main():
    cfg = json.loads(sys.argv[1])
    root = cfg["root"]
    uid, gid = cfg["uid"], cfg["gid"]

    mount(None, "/", None, MS_REC | MS_PRIVATE)
    mount("tmpfs", root, "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=755")
    # The jail's own /tmp comes first, so that read-only paths that live under
    # the host's /tmp (a venv in a checkout there) are bound on top of it.
    os.makedirs(root + "/tmp")
    mount("tmpfs", root + "/tmp", "tmpfs", MS_NOSUID | MS_NODEV, "size=64m,mode=1777")
    for path in cfg["ro_paths"]:
        if os.path.islink(path):
            target = root + path
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.symlink(os.readlink(path), target)
        elif os.path.exists(path):
            bind(path, root + path)
    gpus = sorted(n for n in os.listdir("/dev") if n.startswith("nvidia")
                  and stat.S_ISCHR(os.stat("/dev/" + n).st_mode)) if cfg.get("gpu") else []
    for name in ["null", "zero", "full", "random", "urandom"] + gpus:
        bind("/dev/" + name, root + "/dev/" + name, device=True)
    os.symlink("/proc/self/fd", root + "/dev/fd")
    for d in ("/proc", "/tmp", "/dev/shm", cfg["workdir"], "/opt/grader"):
        os.makedirs(root + d, exist_ok=True)
    mount("proc", root + "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC)
    mount("tmpfs", root + "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV, "size=16m,mode=1777")
    mount("tmpfs", root + cfg["workdir"], "tmpfs", MS_NOSUID | MS_NODEV,
          f"size={cfg['workdir_mb']}m,mode=700,uid={uid},gid={gid}")
    shutil.copytree(cfg["stage"], root + cfg["workdir"], dirs_exist_ok=True)
    for base, dirs, files in os.walk(root + cfg["workdir"]):
        for name in dirs + files:
            os.lchown(os.path.join(base, name), uid, gid)
    shutil.copytree(cfg["kernel_files"], root + "/opt/grader", dirs_exist_ok=True)

    os.makedirs(root + "/.old")
    arch = os.uname().machine
    _check(libc.syscall(SYS_PIVOT_ROOT[arch], root.encode(), (root + "/.old").encode()), "pivot_root")
    os.chdir("/")
    _check(libc.umount2(b"/.old", MNT_DETACH), "umount old root")
    os.rmdir("/.old")
    mount(None, "/", None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
    os.chdir(cfg["workdir"])

    limits = cfg["limits"]
    for name, value in limits.items():
        resource.setrlimit(getattr(resource, name), (value, value))
    os.setgroups([])
    os.setresgid(gid, gid, gid)
    os.setresuid(uid, uid, uid)
    # Changing uid clears unshare's --kill-child; set it again, so that this
    # process (the namespace's PID 1, hence every process in it) dies with
    # the grader's unshare process.
    _check(libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0), "parent-death signal")
    _check(libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0), "no_new_privs")
    os.execve(cfg["argv"][0], cfg["argv"], cfg["env"])


if __name__ == "__main__":
    try:
        main()
    except BaseException as exc:
        print(f"jail setup failed: {exc}", file=sys.stderr)
        os._exit(70)
