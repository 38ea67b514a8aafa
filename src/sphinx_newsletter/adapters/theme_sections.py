"""The theme's page sections without a second rendering of components that always show something.

pydata-sphinx-theme (which sphinx-book-theme builds on) renders every component of a page's sections
(the header buttons, the sidebar's logo, search field and navigation) once at ``html-page-context``
only to learn whether it is empty, then again in the page: about 1 ms a page, most of it
sphinx-book-theme's header buttons. The components named in ``NEVER_EMPTY`` write markup whatever
the page (a ``<div>``, a ``<button>``, a link, a ``<nav>``): just before the theme's test they are
taken out of their sections, and put back in their places just after it. A component a site
overrides in its own ``templates_path`` is tested as the theme tests it.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_newsletter.adapters.navigation import THEME_TEMPLATES

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NEVER_EMPTY = frozenset({
    "article-header-buttons.html",  # sphinx-book-theme: <div class="article-header-buttons">
    "navbar-logo.html",  # pydata-sphinx-theme: <a class="navbar-brand logo">
    "search-button-field.html",  # pydata-sphinx-theme: <button>
    "toggle-primary-sidebar.html",  # sphinx-book-theme: <button>
    "sbt-sidebar-nav.html",  # this package's (theme_templates/): <nav>
})
SECTIONS = ("theme_navbar_start", "theme_navbar_center", "theme_navbar_persistent", "theme_navbar_end",
            "theme_article_header_start", "theme_article_header_end", "theme_article_footer_items",
            "theme_content_footer_items", "theme_footer_start", "theme_footer_center", "theme_footer_end",
            "theme_primary_sidebar_end", "sidebars")
"""The sections pydata-sphinx-theme tests (``update_and_remove_templates``)."""
_STASH = "newsletter_untested_sections"
THEME_TEST_PRIORITY = 500  # pydata-sphinx-theme connects its test with the default priority


def _names(value: str | Iterable[str]) -> list[str]:
    names = [name.strip() for name in value.split(",")] if isinstance(value, str) else list(value)
    return [name if Path(name).suffix else f"{name}.html" for name in names if name]


def untested_components(app: Sphinx) -> frozenset[str]:
    """The components of ``NEVER_EMPTY`` that pages are made with as the themes (or this package) ship
    them: not those a site's own templates replace."""
    from jinja2 import TemplateNotFound

    loader = getattr(app.builder, "templates", None)
    if loader is None or not hasattr(loader, "get_source"):
        return frozenset()
    origins = [Path(THEME_TEMPLATES).resolve()]
    for theme in ("pydata_sphinx_theme", "sphinx_book_theme"):
        module = sys.modules.get(theme)
        if module is not None and module.__file__:
            origins.append(Path(module.__file__).parent.resolve())
    untested = set()
    for name in NEVER_EMPTY:
        try:
            filename = loader.get_source(loader.environment, name)[1]
        except TemplateNotFound:
            continue
        if filename and any(origin in Path(filename).resolve().parents for origin in origins):
            untested.add(name)
    return frozenset(untested)


class UntestedSections:
    """Takes the components out before the theme's test and puts them back after it."""

    def __init__(self) -> None:
        self.untested: frozenset[str] = frozenset()

    def builder_inited(self, app: Sphinx) -> None:
        self.untested = untested_components(app)

    def take_out(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
        stash = {}
        for section in SECTIONS:
            value = context.get(section)
            if not value:
                continue
            names = _names(value)
            if any(name in self.untested for name in names):
                stash[section] = names
                context[section] = [name for name in names if name not in self.untested]
        context[_STASH] = stash

    def put_back(self, app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
        for section, names in context.pop(_STASH, {}).items():
            kept = set(context.get(section) or ())
            context[section] = [name for name in names if name in self.untested or name in kept]


def setup_theme_sections(app: Sphinx) -> None:
    sections = UntestedSections()
    app.connect("builder-inited", sections.builder_inited)
    app.connect("html-page-context", sections.take_out, priority=THEME_TEST_PRIORITY - 1)
    app.connect("html-page-context", sections.put_back, priority=THEME_TEST_PRIORITY + 1)
