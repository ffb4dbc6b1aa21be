"""Fixtures for the website tests: the pages listed in ``_toc.yml``, a local
HTTP server for the built site and one headless Chromium shared by every
browser test."""
import functools
import http.server
import threading
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def toc_docnames():
    """Every page of ``_toc.yml`` (root first), as Sphinx docnames such as
    ``book/05_forward``."""
    toc = yaml.safe_load((REPO / "_toc.yml").read_text())
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(str(Path(entry["file"]).with_suffix("")))
            walk(entry.get("sections"))
            walk(entry.get("chapters"))

    walk(toc.get("parts"))
    walk(toc.get("chapters"))
    return names


def pytest_generate_tests(metafunc):
    """A test that takes a ``docname`` argument runs once per page of ``_toc.yml``."""
    if "docname" in metafunc.fixturenames:
        metafunc.parametrize("docname", toc_docnames())


@pytest.fixture(scope="session")
def toc_pages():
    """The docnames of ``_toc.yml``, root first."""
    return toc_docnames()


@pytest.fixture(scope="session")
def repo_config():
    """The parsed ``_config.yml``."""
    return yaml.safe_load((REPO / "_config.yml").read_text())


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):
        pass


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in '/') of the built site served on a free localhost port."""
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser_context():
    """One Chromium browser and one context for every browser test."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium "
                    "(.ci/install-chromium, run by `make install`) for the browser tests")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                     args=CHROMIUM_ARGS)
        context = browser.new_context(viewport={"width": 1280, "height": 900},
                                      accept_downloads=True)
        context.set_default_timeout(20_000)
        yield context
        context.close()
        browser.close()
