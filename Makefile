# One-command setup, build and test. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install book exercises test test-fast gpu-wheels serve clean

install: $(STAMP)

# Create the venv, install pinned requirements and this repository's packages
# (solutions, autograder, course) in editable mode so that every folder can
# import them; install Debian's Chromium for the browser tests when missing.
$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --upgrade pip
	$(BIN)/pip install -r requirements.txt
	$(BIN)/pip install --no-deps --no-build-isolation -e .
	./.ci/install-chromium
	./.ci/install-bubblewrap
	touch $(STAMP)

# Assemble the instructor notebooks from exercises/ and generate the student
# versions into exercises/build/ (the exercise pages offer them as downloads).
exercises: install
	$(BIN)/python -m autograder release

# The HTML is written afresh (no page or download of an earlier build lingers);
# executed notebooks are reused from _build/.jupyter_cache when unchanged.
book: install exercises
	rm -rf _build/html
	$(BIN)/jupyter-book build . --builder html -W -n --keep-going

# The whole suite, as CI runs it: the linter, then every test.
test: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

# Unit tests only (no book build, no browser, no jail, no nbgrader): a minute.
test-fast: install
	$(BIN)/ruff check .
	$(BIN)/python -m pytest -m "not slow" -q

# The wheels benchmarks/on_gpu.sh needs for the grader's GPU checks on a
# machine whose Python has only torch, Triton, NumPy, Matplotlib and pytest:
# the grader's requirements (versions from requirements.txt) for that
# machine's Python (GPU_PYTHON), less the Jupyter front ends the grader never
# imports. Carry .gpu-wheels with the working tree.
GPU_PYTHON ?= 3.12
GPU_REQUIREMENTS := nbgrader|nbformat|jupytext|pyseccomp|pyelftools|tqdm|psutil|pyyaml|sqlalchemy
gpu-wheels: install
	rm -rf .gpu-wheels
	grep -E '^($(GPU_REQUIREMENTS))\b' requirements.txt > $(VENV)/gpu-requirements.txt
	$(BIN)/pip download --quiet --dest .gpu-wheels --only-binary=:all: \
	  --python-version $(GPU_PYTHON) --implementation cp \
	  --platform manylinux_2_28_x86_64 --platform manylinux_2_17_x86_64 --platform manylinux2014_x86_64 \
	  -r $(VENV)/gpu-requirements.txt
	rm -f .gpu-wheels/{jupyterlab,babel,debugpy,widgetsnbextension,jupyter_builder}-*.whl
	du -sh .gpu-wheels

serve:
	@test -f _build/html/index.html || { echo "serve: no site in _build/html, run make book first" >&2; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
