"""Citations render as author and year, not as alpha labels such as "HS97":
a one-page book built with the repository's ``_config.yml`` and
``book/references.bib``."""
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
JUPYTER_BOOK = Path(sys.executable).parent / "jupyter-book"

PAGE = """# A page

In the text {cite:t}`hochreiter1997long`; in brackets {cite}`gers2000learning,jozefowicz2015empirical`.

```{bibliography}
```
"""


def build_page(tmp_path, config_text):
    """Build the one-page book; return the page's HTML as plain text."""
    book = tmp_path / "book"
    (book / "book").mkdir(parents=True)
    (book / "_config.yml").write_text(config_text)
    shutil.copy(REPO / "book" / "references.bib", book / "book" / "references.bib")
    os.symlink(REPO / "_ext", book / "_ext")
    os.symlink(REPO / "book" / "_static", book / "book" / "_static")
    (book / "_toc.yml").write_text("format: jb-book\nroot: book/page\n")
    (book / "book" / "page.md").write_text(PAGE)
    result = subprocess.run(
        [str(JUPYTER_BOOK), "build", str(book), "--builder", "html", "-W", "-n", "--keep-going"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:]
    html = (book / "_build" / "html" / "book" / "page.html").read_text()
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", html))


def citation_problems(text):
    """What is wrong with the rendered citations of PAGE."""
    problems = []
    if "Hochreiter and Schmidhuber [1997]" not in text:
        problems.append("the textual citation does not read 'Hochreiter and Schmidhuber [1997]'")
    if not re.search(r"\[Gers et al\., 2000, J[oó]zefowicz et al\., 2015\]", text):
        problems.append("the bracketed citation does not read '[Gers et al., 2000, Jozefowicz et al., 2015]'")
    if re.search(r"\[(HS97|GSC00|JZS15)\]", text):
        problems.append("an alpha label is shown")
    return problems


@pytest.mark.skipif(not JUPYTER_BOOK.exists(), reason=f"{JUPYTER_BOOK} is missing")
def test_citations_name_authors_and_year(tmp_path):
    text = build_page(tmp_path, (REPO / "_config.yml").read_text())
    assert citation_problems(text) == [], text[:2000]


@pytest.mark.skipif(not JUPYTER_BOOK.exists(), reason=f"{JUPYTER_BOOK} is missing")
def test_the_check_catches_alpha_labels(tmp_path):
    config = (REPO / "_config.yml").read_text()
    assert "bibtex_reference_style: author_year" in config
    config = config.replace("bibtex_reference_style: author_year", "bibtex_reference_style: label")
    config = config.replace("bibtex_default_style: plain", "bibtex_default_style: alpha")
    problems = citation_problems(build_page(tmp_path, config))
    assert "an alpha label is shown" in problems and len(problems) == 3, problems
