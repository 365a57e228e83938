"""Make the Leverage book render without the internet.

Sphinx loads MathJax 3 from a CDN by default. This extension serves the MathJax 3
distribution shipped by the ``sphinx-mathjax-offline`` pip package (pinned in
requirements.txt) from the book's own ``_static/mathjax`` folder instead.

So that pages load without console errors or accessibility failures it also
- adds the small fixes in ``book/_static`` (leverage.js, leverage.css) and the icon,
- sets the theme's default colour mode (html_context ``default_mode``),
- drops inline scripts that extensions put on a page twice.

Jupyter Book loads it through ``sphinx: local_extensions:`` in ``_config.yml``.
"""

from __future__ import annotations

import importlib.metadata
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError

MATHJAX_DISTRIBUTION = "sphinx-mathjax-offline"
# inside the distribution; copied into the build as _static/mathjax/...
MATHJAX_STATIC_DIR = "sphinx-mathjax-offline/static"
MATHJAX_ENTRY = "mathjax/tex-chtml.js"

BOOK_STATIC_DIR = Path(__file__).resolve().parent.parent / "_static"
FAVICON = BOOK_STATIC_DIR / "favicon.svg"
CSS_FILES = ("leverage.css",)
JS_FILES = ("leverage.js",)


def mathjax_static_dir() -> Path:
    """Return the folder that holds ``mathjax/tex-chtml.js`` in the installed package."""
    try:
        dist = importlib.metadata.distribution(MATHJAX_DISTRIBUTION)
    except importlib.metadata.PackageNotFoundError as err:
        raise ExtensionError(
            f"{MATHJAX_DISTRIBUTION} is not installed; it provides the book's offline MathJax. "
            "Run `make venv` (or pip install -r requirements.txt)."
        ) from err
    root = Path(str(dist.locate_file(MATHJAX_STATIC_DIR)))
    if not (root / MATHJAX_ENTRY).is_file():
        raise ExtensionError(
            f"{MATHJAX_DISTRIBUTION} {dist.version} has no {MATHJAX_ENTRY} under {root}; "
            "reinstall it with pip install --force-reinstall -r requirements.txt."
        )
    return root


def _configure(app: Sphinx, config: Config) -> None:
    static = [str(mathjax_static_dir())]
    if BOOK_STATIC_DIR.is_dir():
        static.append(str(BOOK_STATIC_DIR))
    # absolute entries: Sphinx joins them to the source folder, which keeps them as they are
    config.html_static_path = [*config.html_static_path, *static]
    config.mathjax_path = MATHJAX_ENTRY
    # without an icon every browser asks for /favicon.ico, a 404 on each first visit
    if not config.html_favicon and FAVICON.is_file():
        config.html_favicon = str(FAVICON)
    # pydata-sphinx-theme logs a console error ("Got invalid theme mode") on a reader's first
    # visit when no default colour mode is configured
    context = dict(config.html_context or {})
    context.setdefault("default_mode", "auto")
    config.html_context = context


def _add_overrides(app: Sphinx) -> None:
    for name in CSS_FILES:
        if (BOOK_STATIC_DIR / name).is_file():
            app.add_css_file(name)
    for name in JS_FILES:
        if (BOOK_STATIC_DIR / name).is_file():
            app.add_js_file(name, loading_method="defer")


def _dedupe_inline_scripts(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Drop repeated inline ``<script>`` bodies.

    Under Jupyter Book, sphinx-thebe's and sphinx-togglebutton's inline configuration scripts
    reach the page twice (once with another priority); the second
    ``const THEBE_JS_URL = ...`` is a JavaScript error on every page.
    """
    scripts = context.get("script_files")
    if not isinstance(scripts, list):
        return
    seen: set[tuple] = set()
    kept = []
    for js in scripts:
        attributes = getattr(js, "attributes", {}) or {}
        key = (str(getattr(js, "filename", js) or ""), tuple(sorted(attributes.items())))
        if not getattr(js, "filename", None) and key in seen:
            continue
        seen.add(key)
        kept.append(js)
    scripts[:] = kept


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _configure)
    app.connect("builder-inited", _add_overrides)
    app.connect("html-page-context", _dedupe_inline_scripts, priority=900)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
