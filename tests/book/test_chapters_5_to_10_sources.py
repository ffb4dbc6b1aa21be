"""Static checks of the sources of chapters 5, 6, 7, 8 and 10.

Each chapter is a MyST text notebook executed on every build; these checks
catch, without executing anything, the mistakes a build reports late or not
at all: a citation key missing from the bibliography, a link to a page that
does not exist, a glued figure or number that no cell defines, a graded
reference function re-implemented in a code cell, or a cell that reads the
network.
"""
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
BOOK = REPO / "book"
CHAPTERS = ["05_forward", "06_bptt", "07_training", "08_pytorch", "10_beyond"]
GRADED = ["rnn_step", "rnn_step_backward", "rnn_forward", "rnn_backward",
          "lstm_step", "lstm_step_backward", "lstm_forward", "lstm_backward",
          "gru_step", "gru_step_backward", "gru_forward", "gru_backward",
          "numerical_gradient", "relative_error", "clip_grad_norm", "Adam", "LSTM"]
CELL = re.compile(r"```\{code-cell\} ipython3\n(.*?)```", re.S)


def source(name):
    return (BOOK / f"{name}.md").read_text(encoding="utf-8")


def code_cells(text):
    return CELL.findall(text)


def bib_keys():
    return set(re.findall(r"^@\w+\{([^,\s]+),", (BOOK / "references.bib").read_text(), re.M))


@pytest.mark.parametrize("name", CHAPTERS)
def test_is_a_text_notebook_with_code(name):
    text = source(name)
    assert text.startswith("---\njupytext:"), "missing jupytext header"
    assert "kernelspec:" in text.split("---")[1]
    assert len(code_cells(text)) >= 5


@pytest.mark.parametrize("name", CHAPTERS)
def test_citations_exist_in_the_bibliography(name):
    keys = bib_keys()
    cited = set()
    for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", source(name)):
        cited.update(k.strip() for k in group.split(","))
    assert cited, "a chapter of this book cites its sources"
    assert cited <= keys, f"unknown keys: {sorted(cited - keys)}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_doc_links_point_to_existing_pages(name):
    for target in re.findall(r"\{doc\}`([^`<]+)`", source(name)):
        assert (BOOK / f"{target.strip()}.md").is_file(), f"{{doc}} link to missing page {target}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_glued_name_is_defined_by_a_cell(name):
    text = source(name)
    defined = set(re.findall(r"glue\(\s*f?[\"']([\w{}]+)[\"']", "\n".join(code_cells(text))))
    defined = {d for d in defined if "{" not in d} | {
        d.replace("{cell}", c) for d in defined if "{cell}" in d for c in ("rnn", "lstm", "gru")}
    used = set(re.findall(r"\{glue:(?:text|figure)\}`?\s*(\w+)", text))
    used |= set(re.findall(r"```\{glue:figure\} (\w+)", text))
    assert used, "figures are glued from the executed cells"
    assert used <= defined, f"glued but never defined: {sorted(used - defined)}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_no_graded_function_is_defined(name):
    code = "\n".join(code_cells(source(name)))
    for fn in GRADED:
        assert not re.search(rf"^\s*(def|class)\s+{fn}\b", code, re.M), f"{fn} defined in {name}"


@pytest.mark.parametrize("name", CHAPTERS)
def test_nothing_is_downloaded(name):
    code = "\n".join(code_cells(source(name)))
    for pattern in ("urllib", "requests.", "http://", "https://", "download=True", "wget"):
        assert pattern not in code, f"{name} fetches data ({pattern})"


def test_detectors_can_fail():
    bad = "```{code-cell} ipython3\ndef lstm_forward(x):\n    pass\n```\n{glue:text}`nowhere`"
    code = "\n".join(code_cells(bad))
    assert re.search(r"^\s*(def|class)\s+lstm_forward\b", code, re.M)
    assert "nowhere" in set(re.findall(r"\{glue:(?:text|figure)\}`?\s*(\w+)", bad))
