"""What grading needs to know about an assignment, and what a result depends on."""
import base64
import hashlib
import inspect
import json
import os
import platform
from dataclasses import asdict, dataclass, field
from importlib import metadata
from pathlib import Path

from autograder.grading import load_hidden

GRADER_VERSION = "2"
REPO = Path(__file__).resolve().parents[1]
# What an assembled spec can depend on, relative to the repository: the
# templates, helper files and shared cells, the reference solutions and the
# course code they import, the assembler, and the grader's own modules that
# shape the notebook and the drivers.
SPEC_INPUTS = ("exercises", "solutions", "course", "oracle", "autograder/cells.py",
               "autograder/notebook.py", "autograder/drivers.py", "autograder/spec.py")
SPEC_SKIPPED = {"build", "corpus", "__pycache__"}


class InstructorError(Exception):
    """Something the instructor must fix (a message says what)."""


@dataclass
class AssignmentSpec:
    """Everything about an assignment that grading needs."""
    name: str
    notebook: str
    source_json: str
    hidden: str                       # module name or path of the hidden tests
    helper_files: dict = field(default_factory=dict)
    drivers_source: str = ""


def spec_for(name, cache_dir=None):
    """The course assignment ``name``, assembled in memory from its template
    (nothing is written to the course, so grading never races a build).
    With ``cache_dir`` (grading's output folder) the spec is kept there under
    the digest of every input it depends on (``inputs_digest``) and reused
    while that digest is unchanged."""
    if cache_dir is None or not (REPO / "exercises" / name / f"{name}.md").is_file():
        return _assembled(name)            # (an unknown name is refused there)
    key = inputs_digest(name)
    path = os.path.join(cache_dir, ".cache", f"spec-{name}.json")
    spec = _cached(path, name, key)
    if spec is not None:
        _check_hidden(spec.hidden, name)
        return spec
    from autograder.store import atomic_write  # here: store imports the report modules
    spec = _assembled(name)
    atomic_write(path, json.dumps({"key": key, "spec": {**asdict(spec), "helper_files": {
        k: base64.b64encode(v).decode() for k, v in spec.helper_files.items()}}}))
    return spec


def inputs_digest(name, root=REPO):
    """SHA-256 over every file that assembling ``name`` can read (the paths
    of ``SPEC_INPUTS`` under ``root``, build outputs and the exercise corpus
    left out, plus the released helper files of ``name``), the versions of
    Python, jupytext and nbformat, and the grader's version."""
    root = Path(root)
    files = []
    for entry in SPEC_INPUTS:
        path = root / entry
        if path.is_file():
            files.append(path)
        for folder, subfolders, names in os.walk(path):
            subfolders[:] = sorted(d for d in subfolders if d not in SPEC_SKIPPED)
            files += [Path(folder) / n for n in sorted(names) if not n.endswith(".pyc")]
    release = root / "exercises" / "build" / "release" / name
    if release.is_dir():
        files += sorted(p for p in release.iterdir() if p.is_file() and p.suffix != ".ipynb")
    digest = hashlib.sha256()
    versions = [GRADER_VERSION, platform.python_version()]
    for package in ("jupytext", "nbformat"):
        try:
            versions.append(metadata.version(package))
        except metadata.PackageNotFoundError:
            versions.append("")
    digest.update(json.dumps([name, versions]).encode())
    for path in files:
        digest.update(b"\0" + path.relative_to(root).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _cached(path, name, key):
    """The spec stored at ``path`` for ``key``, or None (absent, stale or unreadable)."""
    try:
        with open(path, encoding="utf-8") as f:
            stored = json.load(f)
        if stored.get("key") != key or stored["spec"]["name"] != name:
            return None
        fields = dict(stored["spec"])
        fields["helper_files"] = {k: base64.b64decode(v) for k, v in fields["helper_files"].items()}
        return AssignmentSpec(**fields)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def _check_hidden(hidden, name):
    try:
        load_hidden(hidden)
    except ImportError as exc:
        raise InstructorError(f"no hidden tests for {name!r} ({exc}); add autograder/hidden/{name}.py") from exc


def _assembled(name):
    import nbformat

    from exercises import assemble
    if name not in assemble.assignments():
        raise InstructorError(f"unknown assignment {name!r}; the course has {assemble.assignments()}")
    try:
        source_json = nbformat.writes(assemble.assemble(name))
    except Exception as exc:                 # a template or reference that does not assemble
        raise InstructorError(f"could not assemble the source notebook of {name!r}: {exc}") from exc
    release_dir = assemble.student_notebook(name).parent
    if release_dir.is_dir():
        helpers = {p.name: p.read_bytes() for p in sorted(release_dir.iterdir())
                   if p.is_file() and p.suffix != ".ipynb"}
    else:
        helpers = {p.name: p.read_bytes() for p in assemble.helper_files(name)}
    hidden = f"autograder.hidden.{name}"
    _check_hidden(hidden, name)
    from autograder import drivers
    return AssignmentSpec(name, name, source_json, hidden, helpers, inspect.getsource(drivers))


def fingerprint(spec, limits, sandbox, verdict_hash):
    """What a finished result depends on besides the submission itself: the
    grader, the source notebook, the hidden tests and references (their
    ``verdict_hash``, from ``autograder.verdict``), the drivers and helper
    files, the limits, and the sandbox that applied (``sandbox``: a dict, so
    jailed and unjailed results never mix)."""
    cells = [(c["cell_type"], c["source"], c.get("metadata", {}).get("nbgrader"))
             for c in json.loads(spec.source_json)["cells"]]
    parts = [GRADER_VERSION, json.dumps(cells, sort_keys=True), verdict_hash,
             spec.drivers_source,
             json.dumps(sorted((k, hashlib.sha256(v).hexdigest()) for k, v in spec.helper_files.items())),
             json.dumps(asdict(limits), sort_keys=True), json.dumps(sandbox, sort_keys=True)]
    return hashlib.sha256("\0".join(parts).encode()).hexdigest()
