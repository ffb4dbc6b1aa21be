"""Sphinx extension: the scripts each page of the site loads.

sphinx-thebe and sphinx-togglebutton register their inline configuration
scripts twice under Jupyter Book 1, and a second ``const THEBE_JS_URL`` is a
JavaScript error on every page. This extension keeps one copy of every
script and, when live code (thebe) is not enabled in ``launch_buttons``,
drops sphinx-thebe's scripts altogether, so that no page refers to thebe's
CDN.
"""


def _thebe_enabled(app):
    launch = app.config.html_theme_options.get("launch_buttons", {}) or {}
    return bool(launch.get("thebe")) or bool(app.config.thebe_config.get("always_load"))


def _is_thebe(script):
    filename = getattr(script, "filename", None) or ""
    body = (getattr(script, "attributes", None) or {}).get("body", "")
    return filename.endswith("sphinx-thebe.js") or "THEBE_JS_URL" in body


def _key(script):
    attributes = getattr(script, "attributes", None) or {}
    return (str(getattr(script, "filename", None) or ""),
            tuple(sorted((k, str(v)) for k, v in attributes.items())))


def clean_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    drop_thebe = not _thebe_enabled(app)
    seen, kept = set(), []
    for script in scripts:
        key = _key(script)
        if key in seen or (drop_thebe and _is_thebe(script)):
            continue
        seen.add(key)
        kept.append(script)
    scripts[:] = kept


def setup(app):
    # After every other html-page-context handler (MathJax adds its script there).
    app.connect("html-page-context", clean_scripts, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
