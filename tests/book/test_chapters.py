"""What every chapter promises a reader, checked on its source without running it.

Each chapter is a MyST text notebook executed on every build; these checks
catch what a build reports late or not at all: a figure without alt text or
a caption that says what to see, a chapter that does not end with 3-5
questions whose answers are folded away, a glued value no cell produces, a
citation, link or cross-reference that does not resolve, a graded reference
function re-implemented in a code cell, a cell that reads the network.
"""
import re
from pathlib import Path

import pytest

BOOK = Path(__file__).resolve().parents[2] / "book"
CHAPTERS = ["02_sequences", "03_gradients", "04_lstm_cell", "05_forward", "06_bptt", "07_training",
            "08_pytorch", "09_fast_gpu", "10_beyond"]
GRADED = ["rnn_step", "rnn_step_backward", "rnn_forward", "rnn_backward",
          "lstm_step", "lstm_step_backward", "lstm_forward", "lstm_backward",
          "gru_step", "gru_step_backward", "gru_forward", "gru_backward",
          "numerical_gradient", "relative_error", "clip_grad_norm", "Adam", "LSTM"]
FIGURE = re.compile(r"```\{glue:figure\} (\w+)\n((?::[\w-]+:[^\n]*\n)*)\n?(.*?)```", re.DOTALL)
QUESTION = re.compile(r"^(\d+)\. \S", re.MULTILINE)
ANSWER = re.compile(r"^ {3}```\{admonition\} Answer\n {3}:class: dropdown\n(.+?)^ {3}```", re.DOTALL | re.MULTILINE)


def read(name):
    return (BOOK / f"{name}.md").read_text(encoding="utf-8")


def code_cells(text):
    return re.findall(r"```\{code-cell\} ipython3\n(.*?)```", text, re.DOTALL)


def figures(text):
    """(name, {option: value}, caption) of every glued figure."""
    out = []
    for name, options, caption in FIGURE.findall(text):
        opts = dict(re.findall(r"^:([\w-]+):\s*(.*)$", options, re.MULTILINE))
        out.append((name, opts, caption.strip()))
    return out


ANSWERS = re.compile(r"^```\{admonition\} Answers\n:class: dropdown\n(.+?)^```", re.DOTALL | re.MULTILINE)
ITEM = re.compile(r"^(\d+)\. (.+?)(?=^\d+\. |\Z)", re.DOTALL | re.MULTILINE)


def questions(text):
    """The numbered questions of the final '## Questions' section and their
    answers: one folded ``Answer`` after each question, or one folded
    ``Answers`` block numbered like the questions."""
    head = text.rfind("\n## Questions\n")
    if head < 0 or "\n## " in text[head + 1:].split("\n", 1)[1]:
        return None
    section = text[head:]
    block = ANSWERS.search(section)
    if block:
        return QUESTION.findall(section[:block.start()]), [a for _, a in ITEM.findall(block.group(1))]
    return QUESTION.findall(section), ANSWER.findall(section)


@pytest.mark.parametrize("name", CHAPTERS)
def test_is_a_text_notebook_with_code_that_reads_no_network_and_defines_no_graded_function(name):
    text = read(name)
    assert text.startswith("---\njupytext:"), "missing jupytext header"
    assert "kernelspec:" in text.split("---")[1]
    code = "\n".join(code_cells(text))
    assert len(code_cells(text)) >= 5
    for fn in GRADED:
        assert not re.search(rf"^\s*(def|class)\s+{fn}\b", code, re.M), f"{fn} defined in {name}"
    for pattern in ("urllib", "requests.", "http://", "https://", "download=True", "wget"):
        assert pattern not in code, f"{name} fetches data ({pattern})"


@pytest.mark.parametrize("name", CHAPTERS)
def test_every_figure_has_alt_text_a_name_and_a_caption(name):
    found = figures(read(name))
    assert found, "every chapter draws figures"
    for fig, opts, caption in found:
        assert len(opts.get("alt", "")) >= 40, f"{fig}: alt text missing or too short"
        assert opts.get("name", "").startswith("fig-"), f"{fig}: no :name: to refer to"
        assert len(caption) >= 80, f"{fig}: the caption must say what to see"


@pytest.mark.parametrize("name", ["01_welcome"] + CHAPTERS)
def test_chapter_ends_with_questions_and_folded_answers(name):
    found = questions(read(name))
    assert found is not None, "the last section must be '## Questions'"
    numbers, answers = found
    assert 3 <= len(numbers) <= 5
    assert numbers == [str(k) for k in range(1, len(numbers) + 1)]
    assert len(answers) == len(numbers), "every question has one folded answer"
    assert all(len(a.strip()) > 40 for a in answers)


@pytest.mark.parametrize("name", CHAPTERS)
def test_glued_values_are_produced_and_references_resolve(name):
    text = read(name)
    code = "\n".join(code_cells(text))
    glued = set(re.findall(r"glue\(\s*f?[\"']([\w{}]+)[\"']", code))
    glued = {g for g in glued if "{" not in g} | {
        g.replace("{cell}", c) for g in glued if "{cell}" in g for c in ("rnn", "lstm", "gru")}
    used = set(re.findall(r"\{glue:text\}`(\w+)", text)) | {f for f, _, _ in figures(text)}
    assert used <= glued, f"glued but never produced: {sorted(used - glued)}"
    bib = (BOOK / "references.bib").read_text(encoding="utf-8")
    keys = set(re.findall(r"^@\w+\{([^,\s]+),", bib, re.MULTILINE))
    for group in re.findall(r"\{cite(?::\w+)?\}`([^`]+)`", text):
        assert {k.strip() for k in group.split(",")} <= keys, group
    for doc in re.findall(r"\{doc\}`([^`<]+)`", text):
        assert (BOOK / f"{doc.strip()}.md").is_file(), doc
    labels = set()
    for chapter in BOOK.glob("*.md"):
        labels |= set(re.findall(r"^\(([\w-]+)\)=$", chapter.read_text(encoding="utf-8"), re.MULTILINE))
    for ref in re.findall(r"\{ref\}`([^`<]+)`", text):
        assert ref.strip() in labels, f"{{ref}} to a missing label {ref}"
    names = {opts["name"] for _, opts, _ in figures(text)}
    for num in re.findall(r"\{numref\}`([^`<]+)`", text):
        assert num.strip() in names, f"{{numref}} to a figure not on this page: {num}"


BAD = '''text
```{glue:figure} fig_x
:name: fig-x

Short.
```

## Questions

1. One?

   ```{admonition} Answer
   :class: dropdown
   Yes, one answer long enough to count as an answer to the question.
   ```

2. Two, unanswered?
'''


def test_the_checks_can_fail():
    one_block = ("\n## Questions\n\n1. One?\n2. Two?\n\n```{admonition} Answers\n:class: dropdown\n\n"
                 "1. Only one answer here.\n```\n")
    numbers, answers = questions(one_block)
    assert len(numbers) == 2 and len(answers) == 1
    code = "\n".join(code_cells("```{code-cell} ipython3\ndef lstm_forward(x):\n    pass\n```"))
    assert re.search(r"^\s*(def|class)\s+lstm_forward\b", code, re.M)
    (_, opts, caption), = figures(BAD)
    assert "alt" not in opts and len(caption) < 80
    numbers, answers = questions(BAD)
    assert len(numbers) == 2 and len(answers) == 1
    assert questions(BAD + "\n## Summary\n") is None
