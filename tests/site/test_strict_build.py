"""The book's configuration makes a raising cell fail the build, unless the
cell is tagged ``raises-exception``: a one-page book built with the
repository's ``_config.yml``."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# A page

Some math: $c_t = f_t \\odot c_{{t-1}} + i_t \\odot g_t$.

```{{code-cell}} ipython3
{options}
raise RuntimeError("this cell fails on purpose")
```
"""


def _build(tmp_path, options):
    book = tmp_path / "book"
    (book / "book").mkdir(parents=True)
    shutil.copy(REPO / "_config.yml", book / "_config.yml")
    shutil.copy(REPO / "book" / "references.bib", book / "book" / "references.bib")
    os.symlink(REPO / "_ext", book / "_ext")
    os.symlink(REPO / "book" / "_static", book / "book" / "_static")
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (book / "book" / "page.md").write_text(PAGE.format(options=options))
    return subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "--builder", "html", "-W", "-n", "--keep-going"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)


@pytest.mark.skipif(not JUPYTER_BOOK.exists(), reason=f"{JUPYTER_BOOK} is missing")
def test_a_raising_cell_fails_the_build(tmp_path):
    result = _build(tmp_path, "")
    assert result.returncode != 0, result.stdout[-3000:]
    assert "this cell fails on purpose" in result.stdout


@pytest.mark.skipif(not JUPYTER_BOOK.exists(), reason=f"{JUPYTER_BOOK} is missing")
def test_a_cell_tagged_raises_exception_builds(tmp_path):
    result = _build(tmp_path, ":tags: [raises-exception]\n")
    assert result.returncode == 0, result.stdout[-3000:]
    html = (tmp_path / "book" / "_build" / "html" / "book" / "page.html").read_text()
    assert "this cell fails on purpose" in html          # the traceback is shown
    assert "mathjax/tex-chtml-full.js" in html
