"""The switcher between editions: a component of the extension's own, with real links.

pydata-sphinx-theme's ``version-switcher`` expects each version at its own folder root and joins the
entry's address with the page's path (``editions/essex.htmlreports/…``), checking each click with a
HEAD request; editions are pages of one site, so the extension renders the switcher itself: a
disclosure (``<details>``) holding a list of links to the edition pages, the page's own edition
marked. It needs no JavaScript or JSON file, works from the keyboard, and "open in new tab" opens
the edition. An edition's page names the edition before it as its previous page and the one after it as
its next, in the page head and the theme's footer as in its own pager (the table of contents lists the
newest first). It replaces the theme's template of the same name, so a site keeps::

    html_sidebars = {"**": ["navbar-logo.html", "version-switcher.html",
                            "search-button-field.html", "sbt-sidebar-nav.html"]}
"""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_newsletter.adapters.config import get_cycles
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.catalogue import edition_of_page, edition_pagename, editions_around
from sphinx_newsletter.core.settings import Cycle, current_cycle
from sphinx_newsletter.i18n import _

NO_SWITCHER_BUILDERS = frozenset({"singlehtml", "epub"})


def page_edition(app: Sphinx, pagename: str) -> str:
    """The edition a page belongs to: a report's or an edition page's cycle, else the current one."""
    report = newsletter_domain(app.env).reports.get(pagename)
    cycles = get_cycles(app.config)
    if report is not None and report.cycle in cycles:
        return report.cycle
    edition = edition_of_page(cycles, pagename)
    if edition is not None:
        return edition
    current = current_cycle(cycles)
    return current.name if current else ""


def switcher_entries(app: Sphinx, pagename: str, pathto: Callable[[str], str]) -> list[dict[str, Any]]:
    """The editions, newest first: title, link from this page, whether it is the page's edition and
    whether it is the edition in progress."""
    cycles = get_cycles(app.config)
    current = current_cycle(cycles)
    mine = page_edition(app, pagename)
    return [{"title": cycle.title, "url": pathto(edition_pagename(cycle.name)), "mine": cycle.name == mine,
             "current": cycle is current, "label": _("%(title)s (current)") % {"title": cycle.title}
             if cycle is current else cycle.title}
            for cycle in reversed(cycles.values())]


def tell_page_its_edition(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
    if app.builder.name in NO_SWITCHER_BUILDERS or not get_cycles(app.config):
        return
    context["newsletter_editions"] = switcher_entries(app, pagename, context["pathto"])
    context["newsletter_editions_label"] = _("Editions")


def edition_neighbours(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
    """An edition's page: Sphinx's previous and next page (the page head's ``rel`` links, the theme's footer)
    are the editions before and after it, as the page's own pager names them, not its neighbours in the
    table of contents, which lists the newest edition first. Other pages keep the table of contents' order."""
    cycles = get_cycles(app.config)
    name = edition_of_page(cycles, pagename)
    if name is None:
        return

    def link(cycle: Cycle | None) -> dict[str, str] | None:
        return {"link": context["pathto"](edition_pagename(cycle.name)),
                "title": html.escape(_("%(title)s edition") % {"title": cycle.title})} if cycle else None

    context["prev"], context["next"] = (link(cycle) for cycle in editions_around(cycles, name))


def setup_switcher(app: Sphinx) -> None:
    app.connect("html-page-context", tell_page_its_edition, priority=400)
    app.connect("html-page-context", edition_neighbours, priority=400)
