"""Directives that place newsletter listings on a page, and their resolution.

- ``newsletter-edition`` [cycle]: an edition's reports, newest first (no argument: the current edition).
- ``newsletter-archive``: every edition with its status and report count.
- ``newsletter-index`` tags|authors|events: every tag, author or event with its report count.

An edition's own page also gives the theme its contents, "In this issue" (``newsletter_contents``,
shown by the ``newsletter-contents`` component of the secondary sidebar).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxDirective

from sphinx_newsletter.adapters.config import get_cycles, get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.adapters.nodes import listing
from sphinx_newsletter.adapters.render import Renderer
from sphinx_newsletter.core.catalogue import TAXONOMIES, edition_pagename
from sphinx_newsletter.core.marks import (
    ARCHIVE_DIRECTIVE,
    EDITION_DIRECTIVE,
    INDEX_DIRECTIVE,
    LATEST_FEEDBACK_DIRECTIVE,
    TRAILER,
    TRAILER_MARK,
)
from sphinx_newsletter.core.settings import current_cycle
from sphinx_newsletter.warnings_ import NewsletterWarning, warn


class ListingDirective(SphinxDirective):
    """Leaves a ``listing`` placeholder (the domain notes that the page shows it: ``process_doc``)."""

    def listing_key(self) -> str | None:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        key = self.listing_key()
        if key is None:
            return []
        node = listing(key=key)
        self.set_source_info(node)
        return [node]


class EditionDirective(ListingDirective):
    """An edition's listing. On the root document of the offline build (``newsletter_book``: its EPUB and
    PDF) it also holds a table of contents of the edition's reports, in the edition's order, so that
    Sphinx's EPUB and single-page builders take them in."""

    optional_arguments = 1

    def run(self) -> list[nodes.Node]:
        placed = super().run()
        book = get_settings(self.config).book
        if not placed or not book or self.env.docname != self.config.root_doc:
            return placed
        contents = addnodes.toctree(parent=self.env.docname, entries=[(None, name) for name in book],
                                    includefiles=list(book), maxdepth=1, caption=None, glob=False, hidden=False,
                                    includehidden=False, numbered=0, titlesonly=True)
        self.set_source_info(contents)
        return [*placed, nodes.compound("", contents, classes=["toctree-wrapper", "nl-book-contents"])]

    def listing_key(self) -> str | None:
        cycles = get_cycles(self.config)
        if not self.arguments:
            cycle = current_cycle(cycles)
            return f"edition:{cycle.name}" if cycle else None
        if self.arguments[0] not in cycles:
            warn(f"newsletter-edition: no cycle named '{self.arguments[0]}'; configured cycles: "
                 f"{', '.join(cycles) or 'none'}", NewsletterWarning.DIRECTIVE, location=self.get_location())
            return None
        return f"edition:{self.arguments[0]}"


class ArchiveDirective(ListingDirective):
    def listing_key(self) -> str:
        return "archive"


class LatestFeedbackDirective(ListingDirective):
    """The newest reader feedback across reports, newest first (for the front page)."""

    def listing_key(self) -> str:
        return "latest-feedback"


class IndexDirective(ListingDirective):
    required_arguments = 1

    def listing_key(self) -> str | None:
        if self.arguments[0] not in TAXONOMIES:
            warn(f"newsletter-index: '{self.arguments[0]}' is not one of {', '.join(TAXONOMIES)}",
                 NewsletterWarning.DIRECTIVE, location=self.get_location())
            return None
        return f"index:{self.arguments[0]}"


def place_report_listings(doctree: nodes.Element, docname: str) -> None:
    """A report's byline (under its title), its call to leave feedback and its pager (at its end, after
    the feedback thread). They are placed as the page is written, not when it is read: Sphinx keeps every
    doctree it read until its page is written, and three nodes a report were 3 MB of a 1,000-report
    build's peak. The domain notes the pager all the same (``process_doc``)."""
    section = next((child for child in doctree.children if isinstance(child, nodes.section)), None)
    if section is None:
        return
    section.insert(1, listing(key=f"byline:{docname}"))
    section += listing(key=f"leave-feedback:{docname}", **TRAILER_MARK)
    section += listing(key=f"pager:{docname}", **TRAILER_MARK)


def resolve_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    reports = newsletter_domain(app.env).reports
    if docname in reports:
        place_report_listings(doctree, docname)
    for inlined in doctree.findall(addnodes.start_of_file):  # a single-page build: each report it holds
        if inlined["docname"] in reports:
            place_report_listings(inlined, inlined["docname"])
    placeholders = list(doctree.findall(listing))
    if not placeholders:
        return
    renderer = Renderer(app, docname)
    for placeholder in placeholders:
        depth = sum(1 for ancestor in _ancestors(placeholder) if isinstance(ancestor, nodes.section))
        node = renderer.node(placeholder["key"], heading_level=min(depth + 1, 6))
        if placeholder.get(TRAILER) and isinstance(node, nodes.Element):
            node[TRAILER] = True
        placeholder.replace_self(node)


def give_edition_its_contents(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                              doctree: nodes.document | None) -> None:
    """An edition's page: its contents for the theme's secondary sidebar (before the theme tests which
    of its components are empty)."""
    name = pagename.removeprefix(edition_pagename(""))
    if app.builder.format == "html" and name != pagename and name in get_cycles(app.config):
        context["newsletter_contents"] = Renderer(app, pagename).html(f"contents:{name}")


def _ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    while node.parent is not None:
        node = node.parent
        yield node


LISTING_DIRECTIVES = {EDITION_DIRECTIVE: EditionDirective, ARCHIVE_DIRECTIVE: ArchiveDirective,
                      INDEX_DIRECTIVE: IndexDirective, LATEST_FEEDBACK_DIRECTIVE: LatestFeedbackDirective}


def setup_listings(app: Sphinx) -> None:
    app.add_node(listing)
    for name, directive in LISTING_DIRECTIVES.items():
        app.add_directive(name, directive)
    app.connect("doctree-resolved", resolve_listings)
    app.connect("html-page-context", give_edition_its_contents, priority=400)
