"""The repository, issues and Binder buttons follow ``repository.url`` alone."""
import importlib.util
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("repository_buttons", REPO / "_ext" / "repository_buttons.py")
repository_buttons = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(repository_buttons)

LAUNCH = {"notebook_interface": "jupyterlab", "binderhub_url": "https://mybinder.org"}


def test_no_url_hides_repository_issues_and_binder_buttons():
    opts = repository_buttons.apply_repository_setting(
        {"repository_url": "  ", "use_repository_button": True, "launch_buttons": dict(LAUNCH)})
    assert opts["use_repository_button"] is False and opts["use_issues_button"] is False
    assert "repository_url" not in opts
    assert "binderhub_url" not in opts["launch_buttons"]
    assert opts["launch_buttons"]["notebook_interface"] == "jupyterlab"


def test_a_url_shows_all_three():
    url = "https://github.com/owner/course"
    opts = repository_buttons.apply_repository_setting(
        {"repository_url": url, "launch_buttons": dict(LAUNCH)})
    assert opts["repository_url"] == url
    assert opts["use_repository_button"] is True and opts["use_issues_button"] is True
    assert opts["launch_buttons"]["binderhub_url"] == "https://mybinder.org"


def test_config_sets_the_url_in_one_place_and_loads_the_extension():
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    assert "url" in config["repository"]
    assert "repository_buttons" in config["sphinx"]["local_extensions"]
    html = config.get("html", {})
    # Jupyter Book refuses these with an empty URL; the extension sets them.
    assert not {"use_repository_button", "use_issues_button"} & set(html)


def test_citations_render_author_year():
    config = yaml.safe_load((REPO / "_config.yml").read_text())
    assert config["sphinx"]["config"]["bibtex_reference_style"] == "author_year"
