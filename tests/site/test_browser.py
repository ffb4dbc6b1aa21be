"""The built site in a real browser (headless Chromium, one page at a time).

Starting from the site's root, the crawl follows the links of the navigation
sidebar, then visits every other built page. On each page it records
console errors, failed or refused requests (any request to a host other
than the local server is refused), math that MathJax did not render and
images that did not load; each page of ``_toc.yml`` is saved as a
screenshot under ``test-artifacts/screenshots/``.
"""
import io
import json
import re
import time
import zipfile
from pathlib import Path
from urllib.parse import urljoin, urlsplit, urlunsplit

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / "test-artifacts" / "screenshots"
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Runs in the page once it has loaded: waits for MathJax and for every image,
# then reports what is wrong with the math and the images, and lists the
# links of the navigation sidebar.
INSPECT_PAGE = """
async () => {
  const atMost = (promise, ms) => Promise.race([promise, new Promise(r => setTimeout(r, ms))]);
  if (window.MathJax && MathJax.startup && MathJax.startup.promise) {
    await atMost(MathJax.startup.promise, 20000);
  }
  const images = Array.from(document.images);
  images.forEach(img => { img.loading = "eager"; });
  await atMost(Promise.all(images.map(img => img.complete ? null : new Promise(done => {
    img.addEventListener("load", done); img.addEventListener("error", done);
  }))), 20000);
  const unrendered = Array.from(document.querySelectorAll(".math"))
    .filter(el => !el.querySelector("mjx-container"))
    .map(el => el.textContent.trim().slice(0, 80));
  const rawTex = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const skip = "PRE, CODE, SCRIPT, STYLE, TEXTAREA, MJX-CONTAINER, .highlight";
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent;
    if (!/\\$\\$|\\\\\\(|\\\\\\)|\\\\\\[|\\\\\\]|\\\\begin\\{/.test(text)) continue;
    if (node.parentElement && node.parentElement.closest(skip)) continue;
    rawTex.push(text.trim().slice(0, 80));
  }
  const brokenImages = images.filter(img => !(img.complete && img.naturalWidth > 0))
    .map(img => img.getAttribute("src"));
  const nav = Array.from(document.querySelectorAll(
      ".bd-sidebar-primary a[href], nav.bd-docs-nav a[href], .navbar-brand[href]"))
    .map(a => a.href);
  const figures = Array.from(new Set(document.querySelectorAll("main img, article img")))
    .map(img => ({src: img.getAttribute("src") || "", alt: img.getAttribute("alt"),
                  loaded: img.complete && img.naturalWidth > 0}));
  return {unrendered, rawTex, brokenImages, nav, figures,
          mathCount: document.querySelectorAll(".math").length};
}
"""


def source_of(docname):
    """The source file of a docname (``.md`` or ``.ipynb``)."""
    for suffix in (".md", ".ipynb"):
        if (REPO / (docname + suffix)).is_file():
            return REPO / (docname + suffix)
    raise FileNotFoundError(f"no .md or .ipynb source for {docname!r}")


def _page_url(url):
    """The URL without query and fragment, or None if it is not a local HTML page."""
    parts = urlsplit(url)
    if parts.hostname not in LOCAL_HOSTS or not parts.path.endswith(".html"):
        return None
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", ""))


class _Recorder:
    """Collects what goes wrong while the current page loads."""

    def __init__(self):
        self.problems = []

    def console(self, message):
        if message.type == "error":
            self.problems.append(f"console error: {message.text}")

    def page_error(self, error):
        self.problems.append(f"uncaught exception: {error}")

    def request_failed(self, request):
        self.problems.append(f"request failed ({request.failure}): {request.url}")

    def response(self, response):
        if response.status >= 400:
            self.problems.append(f"HTTP {response.status}: {response.url}")


@pytest.fixture(scope="module")
def crawl(browser_context, site_url, built_site, toc_pages):
    """Visit every page once. Returns {'pages': {path: report}, 'by_sidebar':
    paths reached from the root through sidebar links, 'seconds'}, also
    saved as test-artifacts/site-crawl.json."""
    start = time.monotonic()
    recorder = _Recorder()
    refused = []

    def route(route):
        host = urlsplit(route.request.url).hostname
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    browser_context.route("**/*", route)
    page = browser_context.new_page()
    page.on("console", recorder.console)
    page.on("pageerror", recorder.page_error)
    page.on("requestfailed", recorder.request_failed)
    page.on("response", recorder.response)
    toc_paths = {f"/{name}.html": name for name in toc_pages}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    reports = {}
    visited = set()

    def visit(url):
        recorder.problems = []
        refused.clear()
        source = built_site / urlsplit(url).path.removeprefix("/")
        if 'http-equiv="refresh"' in source.read_text().lower():
            with page.expect_navigation(url=lambda u: _page_url(u) != url):
                page.goto(url)
        else:
            page.goto(url)
        final = _page_url(page.url)
        info = page.evaluate(INSPECT_PAGE)
        path = urlsplit(final).path
        docname = toc_paths.get(path)
        if docname:
            shot = SCREENSHOTS / f"{docname}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shot), full_page=True, animations="disabled")
        report = dict(info, problems=list(recorder.problems) +
                      [f"request to another host: {u}" for u in refused])
        reports[path] = report
        visited.update({urlsplit(url).path, path})
        return final, report

    by_sidebar = set()
    queue = [urljoin(site_url, "index.html")]
    seen = set(queue)
    while queue:
        final, report = visit(queue.pop(0))
        by_sidebar.add(urlsplit(final).path)
        for link in report["nav"]:
            target = _page_url(link)
            if target and target not in seen and urlsplit(target).path not in by_sidebar:
                seen.add(target)
                queue.append(target)
    for html in sorted(built_site.rglob("*.html")):
        rel = html.relative_to(built_site).as_posix()
        if rel.startswith(("_static/", "_sources/", "_downloads/")):
            continue
        if f"/{rel}" not in visited:
            visit(urljoin(site_url, rel))
    page.close()
    browser_context.unroute("**/*", route)
    result = {"pages": reports, "by_sidebar": sorted(by_sidebar),
              "seconds": round(time.monotonic() - start, 1)}
    (SCREENSHOTS.parent / "site-crawl.json").write_text(json.dumps(result, indent=1))
    return result


def _failures(crawl, key):
    return [f"{path}: {item}" for path, report in sorted(crawl["pages"].items())
            for item in report[key]]


def test_every_toc_page_was_built_and_loaded(crawl, toc_pages):
    missing = [name for name in toc_pages if f"/{name}.html" not in crawl["pages"]]
    assert not missing, f"pages of _toc.yml the browser could not load: {missing}"


def test_sidebar_reaches_every_toc_page(crawl, toc_pages):
    missing = [name for name in toc_pages if f"/{name}.html" not in crawl["by_sidebar"]]
    assert not missing, f"not reachable through the sidebar from the root: {missing}"


def test_no_console_error_failed_request_or_other_host(crawl):
    problems = _failures(crawl, "problems")
    assert not problems, "\n".join(problems)


def test_math_is_rendered_by_mathjax(crawl):
    problems = ([f"unrendered .math: {p}" for p in _failures(crawl, "unrendered")]
                + [f"raw TeX in the text: {p}" for p in _failures(crawl, "rawTex")])
    assert not problems, "\n".join(problems)


def test_every_image_loads(crawl):
    broken = _failures(crawl, "brokenImages")
    assert not broken, "images that did not load:\n" + "\n".join(broken)


IMAGE_FILE = re.compile(r"\.(png|svg|jpe?g|gif|webp)$", re.IGNORECASE)


def figure_problems(figures):
    """What is wrong with the figures of one page: each entry of ``figures``
    is ``{src, alt, loaded}`` for an image in the page's content. A figure
    must load and have alt text; Sphinx writes the image's path as its alt
    when none was given, so an alt that is a file name counts as missing."""
    problems = []
    for fig in figures:
        alt = (fig.get("alt") or "").strip()
        src = fig.get("src") or ""
        if not fig.get("loaded"):
            problems.append(f"figure did not load: {src}")
        if not alt or alt == src or alt == src.rsplit("/", 1)[-1] or IMAGE_FILE.search(alt):
            problems.append(f"figure without alt text: {src} (alt={fig.get('alt')!r})")
    return problems


FIGURE_PAGE = """<html><body><main>
<figure><img src="data:image/png;base64,{png}" alt="A curve that falls"></figure>
<figure><img src="data:image/png;base64,{png}" alt="_images/fig_two_carries.png"></figure>
<img src="data:image/png;base64,{png}">
<img src="missing.png" alt="A bar chart">
</main><nav><img src="data:image/png;base64,{png}" alt=""></nav></body></html>"""
ONE_PIXEL_PNG = ("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


def test_figure_check_flags_missing_alt_and_broken_images(browser_context):
    page = browser_context.new_page()
    page.set_content(FIGURE_PAGE.replace("{png}", ONE_PIXEL_PNG))
    figures = page.evaluate(INSPECT_PAGE)["figures"]
    page.close()
    assert len(figures) == 4, figures              # content images only, not the navigation's
    problems = figure_problems(figures)
    assert [p.split(":")[0] for p in problems] == ["figure without alt text"] * 2 + [
        "figure did not load"], problems
    assert "missing.png" in problems[-1]


def test_every_figure_loads_and_has_alt_text(crawl):
    problems = [f"{path}: {p}" for path, report in sorted(crawl["pages"].items())
                for p in figure_problems(report["figures"])]
    assert not problems, "\n".join(problems)


def test_screenshot_of_every_toc_page(crawl, toc_pages):
    missing = [n for n in toc_pages if not (SCREENSHOTS / f"{n}.png").is_file()]
    assert not missing


def test_search_finds_forget_gate(browser_context, site_url):
    page = browser_context.new_page()
    page.goto(urljoin(site_url, "search.html?q=forget+gate"))
    results = page.locator("#search-results ul.search li")
    results.first.wait_for(state="attached", timeout=20_000)
    links = results.locator("a").evaluate_all("els => els.map(a => a.href)")
    page.close()
    assert any(_page_url(link) for link in links), links


PLACEHOLDER = "This chapter is being written."


def _exercise_pages(toc_pages):
    """Exercise pages of the table of contents, except the index and pages
    that are still the skeleton's placeholder."""
    names = [n for n in toc_pages if n.startswith("book/exercises/")
             and not n.endswith("/index")]
    return [n for n in names if PLACEHOLDER not in source_of(n).read_text()]


def _notebooks_in(name, data):
    """{name: text} of the notebook ``data`` is, or of those a zip holds."""
    if name.endswith(".zip"):
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return {f"{name}!{m}": archive.read(m).decode("utf-8")
                    for m in archive.namelist() if m.endswith(".ipynb")}
    return {name: data.decode("utf-8")}


def test_exercise_pages_offer_valid_notebooks(browser_context, site_url, toc_pages, crawl):
    """Each exercise page links a notebook (or a zip of notebooks) for
    download, and what the link serves is a valid notebook."""
    if not _exercise_pages(toc_pages):
        pytest.skip("every exercise page is still a placeholder")
    page = browser_context.new_page()
    problems = []
    for name in _exercise_pages(toc_pages):
        page.goto(urljoin(site_url, f"{name}.html"))
        hrefs = page.locator(
            "article a.download[href$='.ipynb'], article a[download][href$='.ipynb'], "
            "article a.download[href$='.zip'], article a[download][href$='.zip']"
        ).evaluate_all("els => els.map(a => a.href)")
        notebooks = {}
        for href in dict.fromkeys(hrefs):
            response = page.request.get(href)
            if not response.ok:
                problems.append(f"{name}: {href}: HTTP {response.status}")
                continue
            notebooks.update(_notebooks_in(urlsplit(href).path, response.body()))
        if not notebooks:
            problems.append(f"{name}: no notebook offered for download")
        for label, text in notebooks.items():
            try:
                nbformat.validate(nbformat.reads(text, as_version=4))
            except Exception as error:  # noqa: BLE001 - any parse or schema error is a failure
                problems.append(f"{name}: {label}: not a valid notebook: {error}")
    page.close()
    assert not problems, "\n".join(problems)
