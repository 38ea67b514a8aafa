"""Light pages: what a reader's browser fetches for a page of the newsletter.

sphinx-book-theme (through pydata-sphinx-theme) ships its icons as Font Awesome's JavaScript (1.5 MB,
540 KB compressed, on every page), loads Sphinx's whole search index on every page for a
search-as-you-type it leaves off (at 10,000 reports, tens of megabytes on each page), and offers
download and full-screen buttons a reader of a newsletter has no use for. For a site on that theme:

- the icon script is left out (``theme_templates/layout.html``); the icons the theme's controls and
  admonitions show are drawn from small inline SVGs (``static/newsletter.css``), so no icon font is
  fetched either (an icon the extension does not draw, one a site adds, still shows from the theme's
  font, fetched only where it is used);
- the search scripts and index are loaded by the search page alone (unless the site turns the
  theme's search-as-you-type on);
- the download and full-screen buttons are off and the colour mode defaults to "auto" (the theme's
  script otherwise logs an error on every page), unless the site's ``html_theme_options`` say
  otherwise; the secondary sidebar holds the page's contents, on an edition's page "In this issue"
  (``theme_templates/newsletter-contents.html``);
- a site that names no favicon gets the extension's (``static/favicon.svg``): browsers ask for one
  on every first visit;
- the theme's files no page loads are not copied into ``_static``: the icon script the layout leaves
  out, the source maps of its scripts and styles (for its own developers' tools) and its message
  catalogues (read from the theme's package, not from the output). 5.6 MB and 99 files of the 6.5 MB
  and 131 every build wrote, and published.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging
from sphinx.util.fileutil import copy_asset
from sphinx.util.matching import Matcher

from sphinx_newsletter.upstream import static_folder, theme_static_copy

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

FAVICON = str(Path(__file__).parent.parent / "static" / "favicon.svg")
THEME_DEFAULTS: dict[str, dict[str, Any]] = {
    "sphinx_book_theme": {"use_download_button": False, "use_fullscreen_button": False, "navbar_persistent": [],
                          "secondary_sidebar_items": ["page-toc", "newsletter-contents"]},
}
"""Theme options the extension sets where the site sets none, by theme (each theme refuses another's)."""
MODE_THEMES = frozenset({"sphinx_book_theme", "pydata_sphinx_theme"})
"""Themes whose colour mode is the ``default_mode`` of ``html_context`` (empty unless a site sets it)."""
UNUSED_THEME_FILES = Matcher(["**/.*", "scripts/fontawesome.js", "**/*.map", "locales/**"])
"""Files of those themes' ``static`` folders that no page loads (and Sphinx's own exclusion, dot files)."""

logger = logging.getLogger(__name__)


def lighten_pages(app: Sphinx, config: Config) -> None:
    defaults = THEME_DEFAULTS.get(config.html_theme, {})
    if defaults:
        config.html_theme_options = {**defaults, **config.html_theme_options}
    if config.html_theme in MODE_THEMES:
        config.html_context = {"default_mode": "auto", **config.html_context}
    if not config.html_favicon:
        config.html_favicon = FAVICON


def copy_theme_files_pages_use(app: Sphinx) -> None:
    from sphinx.builders.html import StandaloneHTMLBuilder

    builder = app.builder
    if app.config.html_theme not in MODE_THEMES or not isinstance(builder, StandaloneHTMLBuilder):
        return

    def copy(context: dict[str, Any]) -> None:  # as Sphinx copies them, without the unused files
        for folder in reversed(builder.theme.get_theme_dirs()):
            copy_asset(Path(folder, "static"), static_folder(builder), excluded=UNUSED_THEME_FILES,
                       context=context, renderer=builder.templates, force=True,
                       onerror=lambda name, error: logger.warning("Failed to copy a file in the theme's "
                                                                  "'static' directory: %s: %r", name, error))

    theme_static_copy(builder, copy)


def setup_light_pages(app: Sphinx) -> None:
    app.connect("config-inited", lighten_pages)
    app.connect("builder-inited", copy_theme_files_pages_use)
