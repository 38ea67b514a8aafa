"""The theme's sidebar navigation, rendered once per folder for pages outside the toctree.

sphinx-book-theme (through pydata-sphinx-theme) renders the whole navigation tree for every page,
which costs a few milliseconds a page even for a small tree. Reports and tag, author and event
pages are not in the toctree, so nothing in their tree is marked current and their navigation
differs only by the relative links of their folder: it is rendered once per folder and reused, as
text (the theme returns a BeautifulSoup tree, which would be serialised again on every page).
``theme_templates/sbt-sidebar-nav.html`` (the theme's own template, calling this) is found before
the theme's; a site that overrides it in its ``_templates`` keeps its own.
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Callable
from html import escape, unescape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_newsletter.i18n import _

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

THEME_TEMPLATES = str(Path(__file__).parent.parent / "theme_templates")
_rendered: dict[tuple[str, tuple[tuple[str, Any], ...]], str] = {}


def add_theme_templates(app: Sphinx, config: Config) -> None:
    if THEME_TEMPLATES not in config.templates_path:
        config.templates_path = [*config.templates_path, THEME_TEMPLATES]


_named: list[frozenset[str]] = []
"""The pages a toctree names (its children in the navigation), worked out once a build."""


def forget_navigation(app: Sphinx) -> None:
    _rendered.clear()
    _named.clear()


def in_a_toctree(app: Sphinx, pagename: str) -> bool:
    """Whether ``pagename`` is the root or a page a toctree names (a report's list of pages is no
    toctree: ``safety.structure``)."""
    if not _named:
        _named.append(frozenset(child for children in app.env.toctree_includes.values() for child in children))
    return pagename == app.config.root_doc or pagename in _named[0]


_TOGGLE = re.compile(r'(<a [^>]*>(?P<title>[^<]*)</a><details[^>]*>)<summary>')


def label_toggles(html: str) -> str:
    """Give the theme's expand/collapse toggles a name (an icon alone names nothing for a screen reader)."""
    def named(match: re.Match[str]) -> str:
        label = _("Pages under %(title)s") % {"title": unescape(match.group("title"))}
        return f'{match.group(1)}<summary aria-label="{escape(label, quote=True)}">'
    return _TOGGLE.sub(named, html)


def provide_navigation(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
    in_toctree = in_a_toctree(app, pagename)

    def newsletter_navigation(generate_toctree_html: Callable[..., object], **options: Any) -> str:
        if in_toctree:
            return label_toggles(str(generate_toctree_html(**options)))
        key = (posixpath.dirname(pagename), tuple(sorted(options.items())))
        if key not in _rendered:
            _rendered[key] = label_toggles(str(generate_toctree_html(**options)))
        return _rendered[key]

    context["newsletter_navigation"] = newsletter_navigation


def setup_navigation(app: Sphinx) -> None:
    app.connect("config-inited", add_theme_templates)
    app.connect("builder-inited", forget_navigation)
    app.connect("html-page-context", provide_navigation)
