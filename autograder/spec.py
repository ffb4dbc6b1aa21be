"""What grading needs to know about an assignment, and what a result depends on."""
import hashlib
import inspect
import json
from dataclasses import asdict, dataclass, field

from autograder.grading import load_hidden

GRADER_VERSION = "2"


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


def spec_for(name):
    """The course assignment ``name``, assembled in memory from its template
    (nothing is written, so grading never races a build)."""
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
    try:
        load_hidden(hidden)
    except ImportError as exc:
        raise InstructorError(f"no hidden tests for {name!r} ({exc}); add autograder/hidden/{name}.py") from exc
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
