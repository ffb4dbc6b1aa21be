# One-command setup, build and test. See README.md.
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install book exercises test test-fast serve clean

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

serve:
	@test -f _build/html/index.html || { echo "serve: no site in _build/html, run make book first" >&2; exit 1; }
	$(BIN)/python -m http.server --bind 127.0.0.1 --directory _build/html 8000

clean:
	rm -rf _build
