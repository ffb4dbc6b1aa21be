"""Sphinx extension: the repository, issues and Binder buttons follow one setting.

``repository.url`` in ``_config.yml`` names the public repository the book is
built from. When it is set, every page gets a repository button, an issues
button and a Binder launch button for that repository; when it is empty,
none of the three is shown (they would lead nowhere). The download button
does not depend on it: every page that is a notebook offers its executed
notebook (``_sources/<page>.ipynb``) whether or not a launch button exists
(sphinx-book-theme copies it only where one does).
"""
import shutil
from pathlib import Path

REPOSITORY_BUTTONS = ("use_repository_button", "use_issues_button")
LAUNCH_KEYS_NEEDING_A_REPOSITORY = ("binderhub_url", "jupyterhub_url", "colab_url")


def repository_url(theme_options):
    """The configured repository URL, or '' when none is set."""
    return str(theme_options.get("repository_url") or "").strip()


def apply_repository_setting(theme_options):
    """Turn the repository-dependent buttons on or off in ``theme_options``
    (the dict Jupyter Book passes to sphinx-book-theme), in place."""
    url = repository_url(theme_options)
    launch = dict(theme_options.get("launch_buttons") or {})
    if url:
        theme_options["repository_url"] = url
        for button in REPOSITORY_BUTTONS:
            theme_options[button] = True
    else:
        theme_options.pop("repository_url", None)
        for button in (*REPOSITORY_BUTTONS, "use_edit_page_button"):
            theme_options[button] = False
        for key in LAUNCH_KEYS_NEEDING_A_REPOSITORY:
            launch.pop(key, None)
    theme_options["launch_buttons"] = launch
    return theme_options


def _on_config_inited(app, config):
    apply_repository_setting(config.html_theme_options)


def offer_notebook(app, pagename, templatename, context, doctree):
    """Put the executed notebook of a notebook page into ``_sources`` and name
    it in the page context, where the theme's download button looks for it."""
    if context.get("ipynb_source") or "kernelspec" not in app.env.metadata.get(pagename, {}):
        return
    executed = Path(app.outdir).parent / "jupyter_execute" / f"{pagename}.ipynb"
    if not executed.is_file():
        return
    target = Path(app.outdir) / "_sources" / f"{pagename}.ipynb"
    target.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(executed, target)
    context["ipynb_source"] = f"{pagename}.ipynb"


def setup(app):
    app.connect("config-inited", _on_config_inited)
    app.connect("html-page-context", offer_notebook, priority=500)   # before the theme's buttons (501)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
