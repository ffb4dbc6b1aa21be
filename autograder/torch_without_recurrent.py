"""Copies of torch's shared libraries in which the recurrent kernels are absent.

A kernel set up with ``KERNEL_SETUP`` (exercise 06) runs on these copies,
bound read-only over the originals inside its jail: every function of
torch's libraries whose own name holds lstm, gru or rnn (``at::native::lstm``,
``LSTMCell<...>::operator()``, ``_thnn_fused_lstm_cell``, their kernel
wrappers, cuDNN's and oneDNN's RNN paths in torch) begins with an
instruction that stops the process (``ud2``). Whatever a learner's code does
in its own process (reach the function through the dispatcher, a saved
pointer, or its address), torch's LSTM is not there to run: the process
dies with SIGILL and the tests that needed it fail. Functions whose name
only mentions a recurrent function in a template argument (the dispatcher's
registration helpers) and static initialisers stay as they are, so torch
imports and registers its operators as usual.

The copies are made once per torch installation and kept under
``$XDG_CACHE_HOME/autograder`` (``~/.cache/autograder``): about 20 s and
the libraries' size on disk; each is checked before it is used
(``smoke_check``). ``binds()`` returns [] where they cannot be made or used
(no ``nm``, an architecture without a known trap instruction, no torch, no
writable cache, no jail), and the dispatcher-level switch-off of
``drivers`` is then the only line.
"""
import fcntl
import functools
import hashlib
import importlib.util
import inspect
import os
import platform
import re
import shutil
import subprocess
import sys
from pathlib import Path

from elftools.elf.elffile import ELFFile

from autograder.jail import namespaces_available

RECURRENT = re.compile(r"lstm|gru|rnn", re.IGNORECASE)
# an instruction that raises SIGILL, by machine
TRAPS = {"x86_64": b"\x0f\x0b", "aarch64": b"\x00\x00\x00\x00"}

# oneDNN's internals: its RNN attributes are set up for every primitive;
# creating an RNN primitive goes through its C API (dnnl_lstm_..., trapped)
_INFRASTRUCTURE = ("dnnl::impl::",)
_OPERATORS = {"operator()": "operator_call", "operator<<": "operator_shl", "operator>>": "operator_shr",
              "operator<=": "operator_le", "operator>=": "operator_ge", "operator<": "operator_lt",
              "operator>": "operator_gt", "operator->": "operator_arrow"}


def own_name(demangled):
    """The qualified name of a demangled C++ function without its template
    arguments, parameters, return type and clone suffix, e.g.
    ``"c10::KernelFunction c10::KernelFunction::makeFromUnboxedFunction<
    &wrapper_lstm>()"`` -> ``"c10::KernelFunction::makeFromUnboxedFunction"``."""
    name = re.sub(r"\s*\[clone [^\]]*\]", "", demangled)
    name = name.replace("(anonymous namespace)", "anonymous")
    name = re.sub(r"\{lambda\([^{}]*\)#\d+\}", "lambda", name)
    for op, token in _OPERATORS.items():
        name = name.replace(op, token)
    out, depth = [], 0
    for ch in name:                       # drop template arguments and parameter lists
        if ch in "<(":
            depth += 1
        elif ch in ">)":
            depth = max(depth - 1, 0)
        elif depth == 0:
            out.append(ch)
    words = "".join(out).split()
    qualified = [w for w in words if "::" in w or w.startswith("operator_")]
    return (qualified or words or [""])[-1].strip()


def _starts_a_word(name, i):
    """True where ``name[i]`` begins a word: after a non-letter, or an
    upper-case letter after a lower-case one (``CudnnRnn``, not ``WarnNot``)."""
    return i == 0 or not name[i - 1].isalpha() or (name[i].isupper() and name[i - 1].islower())


def is_recurrent(demangled):
    """True for a function that computes a recurrent layer or cell of torch
    (a word of its own name is or begins with lstm, gru or rnn, in any case),
    False for static initialisers, names that could not be demangled, and
    functions that only take a recurrent function as a template argument."""
    if demangled.startswith(("_GLOBAL__", "_Z")):
        return False
    name = own_name(demangled)
    if name.startswith(_INFRASTRUCTURE):
        return False
    return any(_starts_a_word(name, m.start()) for m in RECURRENT.finditer(name))


def recurrent_functions(path):
    """[(address, size, demangled name)] of the recurrent functions defined
    in the shared library at ``path`` (from ``nm``)."""
    listing = subprocess.run(["nm", "-C", "-S", "--defined-only", path], capture_output=True,
                             text=True, check=True).stdout
    found = []
    for line in listing.splitlines():
        parts = line.split(maxsplit=3)
        if len(parts) == 4 and parts[2] in "tTwW" and int(parts[1], 16) > 0 and is_recurrent(parts[3]):
            found.append((int(parts[0], 16), int(parts[1], 16), parts[3]))
    return found


def _file_offsets(path, addresses):
    """{address: offset in the file} for addresses inside loaded segments."""
    with open(path, "rb") as f:
        segments = [(s["p_vaddr"], s["p_filesz"], s["p_offset"]) for s in ELFFile(f).iter_segments()
                    if s["p_type"] == "PT_LOAD"]
    offsets = {}
    for address in addresses:
        for vaddr, size, offset in segments:
            if vaddr <= address < vaddr + size:
                offsets[address] = address - vaddr + offset
    return offsets


def make_copy(path, out, trap):
    """Write to ``out`` a copy of the library at ``path`` whose recurrent
    functions begin with ``trap``; returns how many were trapped."""
    found = [(a, n) for a, n, _ in recurrent_functions(path) if n >= len(trap)]
    offsets = _file_offsets(path, [a for a, _ in found])
    shutil.copyfile(path, out)
    with open(out, "r+b") as f:
        for address in sorted(set(offsets)):
            f.seek(offsets[address])
            f.write(trap)
    return len(offsets)


def _torch_libraries():
    spec = importlib.util.find_spec("torch")
    if spec is None or not spec.submodule_search_locations:
        return []
    lib = os.path.join(spec.submodule_search_locations[0], "lib")
    if not os.path.isdir(lib):
        return []
    return sorted(os.path.realpath(os.path.join(lib, n)) for n in os.listdir(lib)
                  if re.fullmatch(r"libtorch(_cpu|_cuda)?\.so", n))


def _cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "autograder", "torch-without-recurrent")


with open(__file__, "rb") as _f:           # a changed rule makes new copies
    _RULE = hashlib.sha256(_f.read()).hexdigest()


@functools.cache
def binds():
    """[(copy on this machine, the original's path)] for each of torch's
    libraries that holds recurrent functions, made on first use; [] where
    the copies cannot be made or no jail could use them."""
    trap = TRAPS.get(platform.machine())
    if trap is None or shutil.which("nm") is None or not namespaces_available():
        return []
    try:
        pairs = [_copy_of(path, trap) for path in _torch_libraries()]
    except (OSError, subprocess.CalledProcessError):     # e.g. no writable cache folder
        return []
    return [pair for pair in pairs if pair]


def _copy_of(path, trap):
    """(the trapped copy of the library at ``path``, ``path``), made if it
    is not in the cache yet; None for a library without recurrent functions
    or whose copy failed its check (each outcome is kept, so that the work
    is done once per library)."""
    name = os.path.basename(path)
    stat = os.stat(path)
    key = hashlib.sha256(f"{_RULE} {path} {stat.st_size} {stat.st_mtime_ns}".encode()).hexdigest()[:16]
    folder = os.path.join(_cache_root(), key)
    copy = os.path.join(folder, name)
    unusable = os.path.join(folder, UNUSABLE)
    nothing_to_trap = os.path.join(folder, NOTHING_TO_TRAP)
    os.makedirs(folder, mode=0o755, exist_ok=True)
    with open(os.path.join(folder, ".lock"), "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)            # another grading process may be making it
        if not any(os.path.exists(p) for p in (copy, unusable, nothing_to_trap)):
            Path(folder, LIBRARY).write_text(path)
            partial = copy + ".partial"
            try:
                if make_copy(path, partial, trap) == 0:
                    Path(nothing_to_trap).write_text(f"{path} has no function whose own name holds "
                                                     "lstm, gru or rnn")
                else:
                    failure = smoke_check(partial, path)
                    if failure:
                        Path(unusable).write_text(failure)
                    else:
                        os.chmod(partial, 0o755)
                        os.replace(partial, copy)
                _remove_older_copies(folder, path)
            finally:
                if os.path.exists(partial):
                    os.unlink(partial)
    return (copy, path) if os.path.exists(copy) else None


UNUSABLE = "unusable.txt"         # why a copy was made and thrown away (kept: it is not made again)
NOTHING_TO_TRAP = "nothing-to-trap.txt"   # the library has no recurrent function: no copy is needed
LIBRARY = "library.txt"           # the path of the library a cache folder is for
# What ex06's kernel does before any learner code, then what a learner's LSTM
# is made of, forward and backward, on the CPU and on a GPU where there is one.
SMOKE = """
forbid_torch_recurrent()
import torch
for device in ["cpu"] + (["cuda"] if torch.cuda.is_available() else []):
    x = torch.randn(3, 4, device=device, requires_grad=True)
    i, f, g, o = (x @ torch.randn(16, 4, device=device).T).chunk(4, 1)
    c = torch.sigmoid(f) + torch.sigmoid(i) * torch.tanh(g)
    (torch.sigmoid(o) * torch.tanh(c)).sum().backward()
print("ok")
"""


def smoke_check(copy, path):
    """Run ex06's kernel setup and an LSTM written from torch's operations
    in a process that sees ``copy`` in place of ``path``; '' when it works,
    else what went wrong (a function torch needs was trapped: the copy must
    not be used). OSError where the check itself cannot run."""
    from autograder import drivers
    code = inspect.getsource(drivers) + SMOKE
    user = [] if os.geteuid() == 0 else ["--unshare-user"]
    try:
        done = subprocess.run(["bwrap", *user, "--dev-bind", "/", "/", "--ro-bind", copy, path, "--",
                               sys.executable, "-I", "-c", code], capture_output=True, text=True,
                              timeout=300, check=False)
    except subprocess.TimeoutExpired as exc:
        raise OSError(f"the check of {copy} did not finish: {exc}") from None
    if done.returncode == 0 and done.stdout.strip() == "ok":
        return ""
    return f"exit status {done.returncode}: {done.stderr[-2000:]}"


def _remove_older_copies(kept, library):
    """Delete the cache's other folders for the library at the path
    ``library`` (made before it was reinstalled, or by an earlier rule): a
    copy is the library's size on disk. The copies of other torch
    installations stay. A jail still bound to one keeps reading it until it ends."""
    root = os.path.dirname(kept)
    for folder in os.listdir(root):
        path = os.path.join(root, folder)
        if path != kept and _is_for(path, library):
            shutil.rmtree(path, ignore_errors=True)


def _is_for(folder, library):
    """True if the cache folder is for the library at the path ``library``:
    its LIBRARY file says so or, where it has none, it holds a copy of that name."""
    try:
        with open(os.path.join(folder, LIBRARY)) as f:
            return f.read() == library
    except OSError:
        return os.path.exists(os.path.join(folder, os.path.basename(library)))
