"""The declared dependencies cover what the code imports.

Every module that the repository's Python imports, outside the standard
library and the repository itself, must come from a distribution that
requirements.txt installs (directly or as a dependency of one it names);
what the grader imports must come from the ``grader`` extra of
pyproject.toml, which a grading machine installs alone
(``pip install -e '.[grader]'``): at module level from ``grader`` itself,
inside functions from ``grader`` or the extras that enable that path
(``cluster``, ``postgres``). Imports are read from the source (AST) and the
distributions' requirements from their installed metadata.
"""
import ast
import importlib.metadata as md
import re
import sys
import tomllib
from pathlib import Path

from packaging.requirements import Requirement

REPO = Path(__file__).resolve().parents[1]
GRADER_CODE = ["autograder", "oracle", "solutions", "exercises/assemble.py"]
ALL_CODE = ["autograder", "oracle", "solutions", "course", "exercises", "benchmarks", "tests"]


def python_files(paths):
    for path in paths:
        path = REPO / path
        yield from ([path] if path.suffix == ".py" else sorted(path.rglob("*.py")))


def own_modules():
    """Top-level names that the repository itself provides: its packages, and
    every module or folder of its own that code imports from beside it (the
    kernel's ``protocol``, a benchmark that a test loads, a test's fixtures)."""
    names = {p.name for p in REPO.iterdir() if (p / "__init__.py").is_file()}
    folders = {p.name for path in ALL_CODE for p in (REPO / path).rglob("*") if p.is_dir()}
    return (names | folders | {p.stem for p in python_files(ALL_CODE)}
            | {p.stem for p in REPO.glob("*.py")})


def imports(paths):
    """{top-level module: "module" or "function"}: where each third-party
    module is imported (module level wins)."""
    found, own = {}, own_modules()
    for path in python_files(paths):
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        nested = {id(n) for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))
                  for n in ast.walk(f)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in own or top == "__future__":
                    continue
                where = "function" if id(node) in nested else "module"
                if found.get(top) != "module":
                    found[top] = where
    return found


def closure(requirements, extras=()):
    """Names (normalised) of the installed distributions that ``requirements``
    bring, with their dependencies, markers evaluated for this machine."""
    seen, todo = set(), [(Requirement(r), set(extras)) for r in requirements]
    while todo:
        req, wanted = todo.pop()
        if req.marker and not any(req.marker.evaluate({"extra": e}) for e in (wanted or {""})):
            continue
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        if name in seen:
            continue
        seen.add(name)
        try:
            requires = md.requires(req.name) or []
        except md.PackageNotFoundError:
            continue
        todo += [(Requirement(r), set(req.extras)) for r in requires]
    return seen


def providers():
    """{top-level module: {distribution names}} of what is installed."""
    return {module: {re.sub(r"[-_.]+", "-", d).lower() for d in dists}
            for module, dists in md.packages_distributions().items()}


def missing(modules, distributions):
    by_module = providers()
    return sorted(m for m in modules if not by_module.get(m, set()) & distributions)


def requirements_txt():
    lines = (REPO / "requirements.txt").read_text().splitlines()
    return [line.split("#")[0].strip() for line in lines if line.split("#")[0].strip()]


def extras():
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]


def test_requirements_txt_provides_every_module_the_repository_imports():
    assert missing(imports(ALL_CODE), closure(requirements_txt())) == []


def test_the_grader_extra_provides_every_module_the_grader_imports():
    found, extra = imports(GRADER_CODE), extras()
    at_module_level = [m for m, where in found.items() if where == "module"]
    assert missing(at_module_level, closure(extra["grader"])) == [], "add it to the grader extra"
    everything = extra["grader"] + extra["cluster"] + extra["postgres"]
    assert missing(found, closure(everything)) == []


def test_the_check_sees_a_missing_module():
    """The two checks are not empty: the grader imports third-party modules
    at module level, and a module no distribution provides is reported."""
    found = imports(GRADER_CODE)
    assert {"numpy", "torch", "nbformat", "elftools"} <= {m for m, w in found.items() if w == "module"}
    assert missing(["elftools", "no_such_module"], closure(["numpy"])) == ["elftools", "no_such_module"]
