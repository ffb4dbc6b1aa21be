"""Open an output folder in nbgrader's formgrader.

The output folder of ``grade`` is already laid out as an nbgrader course
directory where formgrader looks: the gradebook, and
``autograded/<student_id>/<assignment>/<notebook>.ipynb`` with the nbgrader
metadata of the source notebook. ``prepare`` adds the two things formgrader
also reads: ``source/<assignment>/<notebook>.ipynb`` for every graded
assignment and an ``nbgrader_config.py`` naming the folder and the
gradebook. ``start`` then runs JupyterLab there (on localhost, with
Jupyter's token; as root it passes ``--allow-root``, since the grading
machine runs the jail as root); its "Formgrader" panel
grades the written answers and overrides any score (both are kept as
``manual_score`` in the gradebook, which ``export`` merges).
"""
import os
import subprocess
import sys

from autograder import store
from autograder.spec import InstructorError

CONFIG = """\
c = get_config()  # noqa: F821 (nbgrader's configuration object)
c.CourseDirectory.root = {root!r}
c.CourseDirectory.db_url = {url!r}
"""


def prepare(out, db_url):
    """Write the source notebooks and the nbgrader configuration into ``out``;
    returns the assignments found."""
    from autograder.spec import spec_for
    names = store.assignments_with_results(out)
    for name in names:
        spec = spec_for(name)
        store.atomic_write(os.path.join(out, "source", name, spec.notebook + ".ipynb"),
                           spec.source_json)
    store.atomic_write(os.path.join(out, "nbgrader_config.py"),
                       CONFIG.format(root=os.path.abspath(out), url=db_url))
    return names


def start(out, db_url, port, prepare_only=False):
    """Prepare ``out`` and run JupyterLab with formgrader on ``port``."""
    names = prepare(out, db_url)
    print(f"{out}: nbgrader course folder for {', '.join(names)}")
    if prepare_only:
        return 0
    lab = os.path.join(os.path.dirname(sys.executable), "jupyter-lab")
    if not os.path.exists(lab):
        raise InstructorError(f"formgrader needs JupyterLab, and {lab} does not exist; install the "
                              "grader's dependencies (pip install -e .[grader]) in this environment")
    print(f"open http://localhost:{port}/lab, then Nbgrader > Formgrader; Ctrl-C stops it")
    command = [lab, "--no-browser", f"--port={port}", "--ServerApp.root_dir=."]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")      # grading machines run the jail as root
    return subprocess.call(command, cwd=out)
