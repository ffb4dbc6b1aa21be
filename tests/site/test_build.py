"""Checks on the built HTML that need no browser: nothing is loaded from
another host, MathJax is served by the site, every page offers its notebook
for download and carries a Binder link that opens it as a notebook."""
import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import nbformat
from bs4 import BeautifulSoup

REPO = Path(__file__).resolve().parents[2]

# <link rel=...> values that make the browser fetch the target.
LOADING_RELS = {"stylesheet", "preload", "modulepreload", "prefetch", "icon",
                "shortcut", "apple-touch-icon", "manifest", "dns-prefetch", "preconnect"}
# A URL in an inline script (thebe's CDN address, an analytics snippet) is a
# resource the page may fetch.
REMOTE_URL = re.compile(r"""(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}[^\s'"]*""", re.IGNORECASE)
CSS_REMOTE = re.compile(r"""(?:url\(\s*['"]?|@import\s+['"])\s*((?:https?:)?//[^'")\s]+)""")


def _is_remote(url):
    parts = urlsplit(url.strip())
    return bool(parts.netloc) or parts.scheme not in ("", "data")


def _html_pages(site):
    return sorted(site.rglob("*.html"))


def _remote_loads_in_html(text):
    soup = BeautifulSoup(text, "html.parser")
    found = []
    for tag in soup.find_all(["script", "img", "iframe", "source", "audio", "video",
                              "embed", "track", "input"]):
        if tag.get("src") and _is_remote(tag["src"]):
            found.append(f"<{tag.name} src={tag['src']}>")
    for tag in soup.find_all("object"):
        if tag.get("data") and _is_remote(tag["data"]):
            found.append(f"<object data={tag['data']}>")
    for tag in soup.find_all("link"):
        rels = {r.lower() for r in tag.get("rel", [])}
        if rels & LOADING_RELS and tag.get("href") and _is_remote(tag["href"]):
            found.append(f"<link rel={' '.join(sorted(rels))} href={tag['href']}>")
    for tag in soup.find_all("script", src=False):
        found += [f"inline <script> URL {u}" for u in REMOTE_URL.findall(tag.get_text())]
    for tag in soup.find_all(style=True):
        found += [f"style url {u}" for u in CSS_REMOTE.findall(tag["style"])]
    for tag in soup.find_all("style"):
        found += [f"<style> {u}" for u in CSS_REMOTE.findall(tag.get_text())]
    return found


def test_remote_load_detector_catches_a_cdn_script():
    page = ('<html><head><script src="https://cdn.jsdelivr.net/npm/mathjax@3/x.js"></script>'
            '<link rel="stylesheet" href="//fonts.googleapis.com/css"></head>'
            '<body><a href="https://mybinder.org">Binder</a></body></html>')
    assert len(_remote_loads_in_html(page)) == 2
    thebe = '<script>const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"</script>'
    assert len(_remote_loads_in_html(thebe)) == 1


def test_no_page_or_stylesheet_loads_from_another_host(built_site):
    problems = []
    for page in _html_pages(built_site):
        rel = page.relative_to(built_site)
        problems += [f"{rel}: {p}" for p in _remote_loads_in_html(page.read_text())]
    for css in built_site.rglob("*.css"):
        rel = css.relative_to(built_site)
        problems += [f"{rel}: {u}" for u in CSS_REMOTE.findall(css.read_text(errors="replace"))]
    assert not problems, "resources loaded from another host:\n" + "\n".join(problems)


def test_mathjax_path_is_a_file_of_the_site(built_site, repo_config):
    mathjax_path = repo_config["sphinx"]["config"]["mathjax_path"]
    assert not _is_remote(mathjax_path)
    assert (built_site / "_static" / mathjax_path).is_file()
    fonts = built_site / "_static" / Path(mathjax_path).parent / "output/chtml/fonts/woff-v2"
    assert len(list(fonts.glob("*.woff"))) > 10


def test_page_offers_its_notebook_for_download(built_site, docname):
    page = built_site / f"{docname}.html"
    assert page.is_file(), f"{docname} was not built"
    soup = BeautifulSoup(page.read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    wanted = f"_sources/{docname}.ipynb"
    links = [h for h in hrefs if h.endswith(wanted)]
    assert links, f"{docname}.html has no download link to {wanted}"
    notebook = nbformat.read(built_site / wanted, as_version=4)
    nbformat.validate(notebook)
    assert notebook.cells, f"{wanted} has no cells"


def test_page_has_a_binder_link_and_no_colab_link(built_site, repo_config, docname):
    # Colab opens only .ipynb files from a repository, and the chapters are
    # MyST Markdown: a Colab button would lead to an error page. Without a
    # repository URL there is no Binder, repository or issues button at all.
    url = str(repo_config["repository"].get("url") or "").strip()
    soup = BeautifulSoup((built_site / f"{docname}.html").read_text(), "html.parser")
    hrefs = [a["href"] for a in soup.find_all("a", href=True)]
    assert not [h for h in hrefs if "colab.research.google.com" in h]
    if not url:
        stray = [h for h in hrefs if "mybinder.org/v2" in h or "/issues/new" in h]
        assert not stray, f"buttons that need repository.url, which is empty: {stray}"
        return
    repo = urlsplit(url).path.strip("/")
    branch = repo_config["repository"]["branch"]
    binder = f"https://mybinder.org/v2/gh/{repo}/{branch}?urlpath=lab/tree/{docname}.md"
    assert any(h.startswith(binder) for h in hrefs), f"no Binder link {binder}*"
    assert any(h.rstrip("/") == url.rstrip("/") for h in hrefs), f"no repository button {url}"


def test_binder_opens_markdown_as_notebooks_and_installs_the_course():
    binder = REPO / ".binder"
    overrides = json.loads((binder / "overrides.json").read_text())
    viewers = overrides["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers["markdown"] == viewers["myst"] == "Jupytext Notebook"
    post = binder / "postBuild"
    assert os.access(post, os.X_OK) and "pip install --no-deps" in post.read_text()
    lines = (binder / "requirements.txt").read_text().splitlines()
    assert "-r ../requirements.txt" in lines
    assert (binder / "../requirements.txt").resolve() == REPO / "requirements.txt"
    assert "jupytext" in (REPO / "requirements.txt").read_text()
