"""The code a verdict depends on, shipped with every task to a cluster.

A Dask worker has its own checkout, possibly an old one. So the
coordinator packs the hidden tests (``autograder/hidden/``), the oracle
they compare with (``oracle/``: the torch references, the problems, the
checks and the catalogue of mistakes) and the reference solutions
(``solutions/``) into a bundle with its content hash, and the worker grades
with exactly that code: ``installed(bundle)`` swaps the three packages in
``sys.modules`` for the bundle's copies while one task is graded (one at a
time per worker process), then puts the worker's own back. Every result records the
bundle's hash. A worker whose packages differ from the coordinator's in
the versions that matter gets an error instead of a grade.
"""
import contextlib
import hashlib
import importlib.util
import os
import sys
import tempfile
import threading

PACKAGES = {"autograder.hidden": ("autograder", "hidden"), "oracle": ("oracle",),
            "solutions": ("solutions",)}
VERSIONED = ("numpy", "torch", "nbformat")
_lock = threading.Lock()


def _folder(package):
    module = importlib.import_module(package)
    return os.path.dirname(os.path.abspath(module.__file__))


def bundle():
    """{relative path: source text} of every module of the packages, their
    subpackages included."""
    files = {}
    for package, parts in PACKAGES.items():
        folder = _folder(package)
        for where, dirs, names in os.walk(folder):
            dirs[:] = sorted(d for d in dirs if os.path.isfile(os.path.join(where, d, "__init__.py")))
            inner = os.path.relpath(where, folder).split(os.sep) if where != folder else []
            for name in sorted(n for n in names if n.endswith(".py")):
                with open(os.path.join(where, name), encoding="utf-8") as f:
                    files["/".join(parts + tuple(inner) + (name,))] = f.read()
    return files


def digest(files):
    """Content hash of a bundle."""
    h = hashlib.sha256()
    for path in sorted(files):
        h.update(path.encode() + b"\0" + files[path].encode() + b"\0")
    return h.hexdigest()


def environment():
    """Versions (major.minor) of the packages the verdicts compute with."""
    import importlib.metadata as md
    found = {}
    for name in VERSIONED:
        try:
            found[name] = ".".join(md.version(name).split(".")[:2])
        except md.PackageNotFoundError:
            found[name] = None
    return found


def _write(files, key):
    root = os.path.join(tempfile.gettempdir(), f"autograder-verdict-{os.getuid()}", key)
    if not os.path.isdir(root):
        staging = f"{root}.tmp{os.getpid()}"
        for path, text in files.items():
            full = os.path.join(staging, *path.split("/"))
            os.makedirs(os.path.dirname(full), exist_ok=True)
            with open(full, "w", encoding="utf-8") as f:
                f.write(text)
        os.makedirs(os.path.dirname(root), exist_ok=True)
        try:
            os.rename(staging, root)
        except OSError:                      # another process wrote the same bundle first
            import shutil
            shutil.rmtree(staging, ignore_errors=True)
    return root


@contextlib.contextmanager
def installed(files, key):
    """While the block runs, ``autograder.hidden`` and ``solutions`` are the
    bundle's copies (``key``: its hash)."""
    with _lock:
        root = _write(files, key)
        saved = {n: m for n, m in sys.modules.items()
                 if any(n == p or n.startswith(p + ".") for p in PACKAGES)}
        for name in saved:
            del sys.modules[name]
        import autograder
        saved_attr = getattr(autograder, "hidden", None)
        try:
            for package, parts in PACKAGES.items():
                folder = os.path.join(root, *parts)
                spec = importlib.util.spec_from_file_location(
                    package, os.path.join(folder, "__init__.py"), submodule_search_locations=[folder])
                module = importlib.util.module_from_spec(spec)
                sys.modules[package] = module
                spec.loader.exec_module(module)
                if package == "autograder.hidden":
                    autograder.hidden = module
            yield root
        finally:
            for name in [n for n in sys.modules if any(n == p or n.startswith(p + ".") for p in PACKAGES)]:
                del sys.modules[name]
            sys.modules.update(saved)
            if saved_attr is not None:
                autograder.hidden = saved_attr
