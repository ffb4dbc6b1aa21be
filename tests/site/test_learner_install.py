"""A learner's install (``requirements-learner.txt``) runs every exercise.

A fresh virtual environment gets only ``requirements-learner.txt``; each
student notebook, with its ``YOUR CODE HERE`` cells filled in from the
instructor's version, is copied alone into an empty folder and executed there
by that environment's own ``jupyter nbconvert``, so every visible test runs
with nothing of the book toolchain, the grader or this repository. The
environment is kept in ``_build/learner-venv/`` under the hash of the
requirements file, so later runs reuse it (the first install takes a few
minutes).
"""
import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from exercises import assemble

REPO = Path(__file__).resolve().parents[2]
REQUIREMENTS = REPO / "requirements-learner.txt"
NOT_FOR_LEARNERS = ("jupyter-book", "nbgrader", "dask", "distributed", "playwright", "sqlalchemy")


def _clean_env(home):
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "JUPYTER", "VIRTUAL_ENV", "CONDA"))}
    env.update(HOME=str(home), JUPYTER_CONFIG_DIR=str(home / ".jupyter"),
               JUPYTER_DATA_DIR=str(home / ".local/share/jupyter"), MPLBACKEND="Agg",
               OMP_NUM_THREADS="1")
    return env


@pytest.fixture(scope="session")
def learner_venv(tmp_path_factory):
    """Path of a virtual environment holding only requirements-learner.txt."""
    digest = hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:12]
    venv = REPO / "_build" / "learner-venv" / digest
    done = venv / ".installed"
    if not done.is_file():
        shutil.rmtree(venv, ignore_errors=True)
        env = _clean_env(tmp_path_factory.mktemp("learner-home"))
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, env=env)
        proc = subprocess.run([str(venv / "bin/pip"), "install", "-q", "-r", str(REQUIREMENTS)],
                              check=False, env=env, capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.fail(f"pip install -r {REQUIREMENTS.name} failed:\n{proc.stderr[-3000:]}")
        done.touch()
    return venv


def test_learner_install_leaves_out_the_course_toolchain(learner_venv, tmp_path):
    listed = subprocess.run([str(learner_venv / "bin/pip"), "list", "--format=freeze"],
                            capture_output=True, text=True, check=True,
                            env=_clean_env(tmp_path)).stdout.lower()
    names = {line.split("==")[0] for line in listed.splitlines()}
    assert {"torch", "numpy", "matplotlib", "jupyterlab"} <= names
    assert not names & set(NOT_FOR_LEARNERS), sorted(names & set(NOT_FOR_LEARNERS))
    repo_import = subprocess.run([str(learner_venv / "bin/python"), "-c", "import solutions"],
                                 check=False, cwd=tmp_path, capture_output=True,
                                 env=_clean_env(tmp_path))
    assert repo_import.returncode != 0, "the learner's venv can import the repository"


def completed(student, source):
    """The student notebook with each solution cell's code taken from the
    instructor's notebook (matched by nbgrader grade_id)."""
    answers = {c.metadata["nbgrader"]["grade_id"]: c.source for c in source.cells
               if c.metadata.get("nbgrader", {}).get("solution")}
    for cell in student.cells:
        meta = cell.metadata.get("nbgrader", {})
        if meta.get("solution") and cell.cell_type == "code":
            cell.source = answers[meta["grade_id"]]
    return student


@pytest.fixture(scope="module")
def released():
    return assemble.release()


@pytest.mark.timeout(1800)
def test_every_student_notebook_runs_its_visible_tests_with_the_learner_install(
        learner_venv, released, tmp_path):
    failures = []
    for name, student_path in sorted(released.items()):
        folder = tmp_path / name
        shutil.copytree(student_path.parent, folder)
        source = nbformat.read(assemble.COURSE_ROOT / "source" / name / f"{name}.ipynb", as_version=4)
        student = nbformat.read(student_path, as_version=4)
        nbformat.write(completed(student, source), folder / f"{name}.ipynb")
        proc = subprocess.run(
            [str(learner_venv / "bin/jupyter"), "nbconvert", "--to", "notebook", "--execute",
             "--ExecutePreprocessor.timeout=600", "--output", "executed.ipynb", f"{name}.ipynb"],
            check=False, cwd=folder, capture_output=True, text=True,
            env=_clean_env(tmp_path / f"{name}-home"))
        if proc.returncode != 0:
            failures.append(f"{name}:\n{proc.stderr[-2000:]}")
    assert not failures, "\n\n".join(failures)


def test_every_exercise_page_and_the_readme_name_the_learner_install():
    pages = sorted((REPO / "book" / "exercises").glob("ex*.md"))
    assert pages
    missing = [p.name for p in [*pages, REPO / "README.md"] if REQUIREMENTS.name not in p.read_text()]
    assert not missing, f"pages that do not name {REQUIREMENTS.name}: {missing}"
