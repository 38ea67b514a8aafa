"""Newsletter markup: Jinja templates for HTML builders, plain docutils nodes for the rest.

Templates live in ``templates/newsletter/`` and a site overrides any of them by putting a
file of the same name under ``<templates_path>/newsletter/`` (``_templates/newsletter/``).
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from functools import lru_cache, partial
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import jinja2
from docutils import nodes
from jinja2.bccache import Bucket
from markupsafe import Markup
from sphinx.errors import NoUri
from sphinx.util.osutil import relative_uri

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.catalogue import TAXONOMIES, Catalogue, edition_pagename, editions_around
from sphinx_newsletter.core.forge import forge_for
from sphinx_newsletter.core.marks import TRUSTED_HTML
from sphinx_newsletter.core.paths import cache_folder, private_folder
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.core.settings import current_cycle
from sphinx_newsletter.core.urls import is_safe_url
from sphinx_newsletter.feedback.markup import nodes_html, render_body
from sphinx_newsletter.i18n import _, long_date, ngettext
from sphinx_newsletter.publishing.feeds import FEEDBACK_FEED, NEWSLETTER_FEED, edition_feed, report_feedback_feed
from sphinx_newsletter.publishing.offline import FORMATS as OFFLINE_FORMATS
from sphinx_newsletter.publishing.offline import makes_offline_editions, offline_file

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator

    from sphinx.application import Sphinx

    from sphinx_newsletter.core.catalogue import Term
    from sphinx_newsletter.core.settings import Cycle

Context = dict[str, Any]
"""A template's context."""

PACKAGE_TEMPLATES = Path(__file__).parent.parent / "templates"
UNSEARCHED_LISTINGS = frozenset({"pager", "leave-feedback", "latest-feedback"})
"""Listings the search index leaves out (Sphinx's ``no-search`` class): they show other pages' titles
and comments, or the site's own words, which would make a page a hit for what another page says."""


COMPILED_TEMPLATES = "templates"
"""The folder of the user's cache where Jinja keeps the newsletter's templates compiled."""

KEEP_COMPILED: ContextVar[bool] = ContextVar("newsletter_keep_compiled_templates", default=True)
"""Whether compiled templates are kept and loaded (``newsletter check --no-cache`` reads and writes no cache)."""


class CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Jinja's compiled templates, kept between runs as Python keeps bytecode (compiling the templates a
    report's page uses was 20 ms of every check and build): Jinja's own file cache, which compiles a
    template again when its source changed, in the user's cache folder. Compiled templates are code:
    none is loaded or kept unless that folder is the user's own and private (:func:`private_folder`)."""

    def __init__(self) -> None:
        super().__init__(str(cache_folder() / COMPILED_TEMPLATES), f"newsletter-{jinja2.__version__}-%s.cache")

    def load_bytecode(self, bucket: Bucket) -> None:
        if KEEP_COMPILED.get() and private_folder(Path(self.directory)):
            super().load_bytecode(bucket)

    def dump_bytecode(self, bucket: Bucket) -> None:
        if KEEP_COMPILED.get() and private_folder(Path(self.directory), make=True):
            super().dump_bytecode(bucket)


@lru_cache(maxsize=8)
def template_environment(template_dirs: tuple[str, ...], language: str | None = None) -> jinja2.Environment:
    """Newsletter templates from ``template_dirs`` (the site's, then the theme's), then the extension's.

    The environment is the extension's own, not the builder's: Sphinx's template environment does not
    escape, and listings hold text from reports. Lookup follows the builder's order, so a theme or a
    site overrides ``newsletter/<name>.html`` as it overrides any template.
    """
    loader = jinja2.FileSystemLoader([*template_dirs, str(PACKAGE_TEMPLATES)])
    environment = jinja2.Environment(loader=loader, autoescape=jinja2.select_autoescape(["html"]),
                                     trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
                                     bytecode_cache=CompiledTemplates())
    environment.filters["comments"] = comments_text
    environment.filters["longdate"] = partial(long_date, language=language)
    environment.globals["_"] = _
    environment.globals["reports_text"] = reports_text
    return environment


def site_templates(app: Sphinx) -> jinja2.Environment:
    """The site's ``templates_path`` folders, the theme's folders (HTML builders), then the extension's
    templates, in the site's language."""
    theme = getattr(app.builder, "theme", None)
    theme_dirs = [str(path) for path in theme.get_theme_dirs()] if theme is not None else []
    return template_environment((*(os.path.join(app.confdir, path) for path in app.config.templates_path),
                                 *theme_dirs), app.config.language)


class Card(Mapping[str, Any]):
    """A report card's fields: ``values``, and ``later`` (field name to a function giving its value),
    each made on first reading."""

    __slots__ = ("_later", "_values")

    def __init__(self, values: Context, later: dict[str, Callable[[], object]]) -> None:
        self._values = values
        self._later = later

    def __getitem__(self, key: str) -> Any:
        try:
            return self._values[key]
        except KeyError:
            value = self._values[key] = self._later[key]()
            return value

    def __iter__(self) -> Iterator[str]:
        return iter({**self._later, **self._values})

    def __len__(self) -> int:
        return len({**self._later, **self._values})


class Renderer:
    """Renders listing keys for one page (``fromdocname``) of one build."""

    def __init__(self, app: Sphinx, fromdocname: str) -> None:
        self.app = app
        self.builder = app.builder
        self.fromdocname = fromdocname
        self.catalogue: Catalogue = newsletter_domain(app.env).catalogue()
        self.reports = newsletter_domain(app.env).reports
        self._urls: dict[str, str | None] = {}
        self.offline = bool(get_settings(app.config).book)  # the EPUB and PDF of an edition (offline.py)

    # -- links and contexts ------------------------------------------------------------

    def url(self, pagename: str) -> str | None:
        """A link from this page, or ``None`` where the builder has no page for the target
        (LaTeX and man pages hold only the documents in the toctree)."""
        if pagename not in self._urls:
            if self.offline and pagename not in self.app.env.all_docs:
                self._urls[pagename] = self.site_file(pagename + ".html")
                return self._urls[pagename]
            try:
                self._urls[pagename] = self.builder.get_relative_uri(self.fromdocname, pagename)
            except NoUri:
                self._urls[pagename] = None
        return self._urls[pagename]

    def site_file(self, path: str) -> str:
        """A file of the site's HTML build (a feed, a page): relative to this page, or, in an offline
        edition (which holds only the edition's pages), its address on the site (``html_baseurl``)."""
        if self.offline:
            return urljoin(str(self.app.config.html_baseurl).rstrip("/") + "/", path)
        return relative_uri(self._here(), path)

    def term_link(self, taxonomy: str, label: str) -> Context:
        term = self.catalogue.term_for(taxonomy, label)
        return {"name": label, "url": self.term_url(term) if term else None}

    def term_url(self, term: Term) -> str | None:
        """The term's own page, or (``newsletter_term_pages = False``) its section of the index page."""
        if self.app.config.newsletter_term_pages:
            return self.url(term.pagename)
        index = self.url(f"{term.taxonomy}/index")
        return f"{index}#{term.anchor}" if index is not None else None

    def edition_link(self, cycle_name: str | None) -> Context | None:
        cycle = self.catalogue.cycles.get(cycle_name) if cycle_name else None
        return {"title": cycle.title, "url": self.url(edition_pagename(cycle.name))} if cycle else None

    def card(self, report: Report, anchor: str = "") -> Card:
        """What a template shows of a report; the links to its terms and edition are made when a
        template first reads them (a pager shows two reports' titles only)."""
        return Card({
            "url": self.url(report.docname),
            "anchor": anchor,
            "title": report.title or report.docname,
            "date": report.date,
            "location": report.location,
            "summary": report.summary,
            "draft": report.draft,
            "feedback_count": report.feedback_count,
            "listed": report.docname in self.catalogue.listed,
        }, {
            "authors": lambda: [self.term_link("authors", name) for name in report.authors],
            "event": lambda: self.term_link("events", report.event) if report.event else None,
            "tags": lambda: [self.term_link("tags", tag) for tag in report.tags],
            "edition": lambda: self.edition_link(report.cycle),
            "corrections": lambda: [{"date": correction.date, "note": correction.note}
                                    for correction in report.corrections],
            "unlisted_because": lambda: unlisted_because(report),
        })

    def cycle_context(self, cycle: Cycle) -> Context:
        current = current_cycle(self.catalogue.cycles)
        return {
            "name": cycle.name, "title": cycle.title, "start": cycle.start, "end": cycle.end,
            "status": cycle.status, "published": cycle.published, "url": self.url(edition_pagename(cycle.name)),
            "count": len(self.catalogue.editions[cycle.name]), "current": cycle is current,
        }

    def note_nodes(self, cycle_name: str) -> list[nodes.Node]:
        """The edition's editor's note as restricted markup's nodes (none when it has none)."""
        note = newsletter_domain(self.app.env).notes.get(cycle_name)
        return render_body(note.text, 1).nodes if note is not None and note.shown else []

    def _here(self) -> str:
        try:
            return self.builder.get_target_uri(self.fromdocname)
        except NoUri:
            return ""

    def offline_links(self, cycle: Cycle) -> Context | None:
        """A published edition's EPUB and PDF (``publishing/offline.py`` makes them when the build finishes)."""
        if not cycle.is_published or not makes_offline_editions(self.app.config):
            return None
        return {kind: self.site_file(offline_file(cycle.name, kind)) for kind in OFFLINE_FORMATS}

    def subscribe(self, cycle_name: str) -> Context:
        """Where readers follow the newsletter: its feeds, and the mailing list when there is one."""
        settings = get_settings(self.app.config)
        return {"feed": self.site_file(NEWSLETTER_FEED), "edition_feed": self.site_file(edition_feed(cycle_name)),
                "mailing_list": settings.subscribe_url if is_safe_url(settings.subscribe_url) else ""}

    def context(self, key: str, with_term_reports: bool = False) -> tuple[str, Context]:
        """The template name and its context for a listing key (an index lists each term's
        reports too with ``with_term_reports``, for builders that have no page per term)."""
        kind, _separator, name = key.partition(":")
        if kind == "byline":
            return "byline.html", {"report": self.card(self.reports[name])}
        if kind == "leave-feedback":
            forge, _problem = forge_for(get_settings(self.app.config).repository_url)
            report = self.reports[name]
            path = self.app.env.doc2path(name, False).as_posix()
            return "leave_feedback.html", {"url": forge.feedback_url(path, report.title or name) if forge else "",
                                           "count": report.feedback_count,
                                           "feed": self.site_file(report_feedback_feed(name))}
        if kind == "pager":
            previous, following = self.catalogue.neighbours(name)
            report = self.reports[name]
            return "pager.html", {"edition": self.edition_link(report.cycle),
                                  "previous": self.card(previous) if previous else None,
                                  "next": self.card(following) if following else None}
        if kind in ("edition", "contents"):
            cycle = self.catalogue.cycles[name]
            anchors = card_anchors([report.docname for _title, reports in self.catalogue.grouped[name]
                                    for report in reports])
            grouped = [(title, [self.card(report, anchors[report.docname]) for report in reports])
                       for title, reports in self.catalogue.grouped[name]]
            if kind == "contents":
                return "contents.html", {"edition": self.cycle_context(cycle),
                                         "sections": [{"title": title, "reports": members} for title, members in grouped]}
            note = self.note_nodes(name)
            previous_edition, next_edition = editions_around(self.catalogue.cycles, name)
            return "edition.html", {"edition": self.cycle_context(cycle),
                                    "previous": self.cycle_context(previous_edition) if previous_edition else None,
                                    "next": self.cycle_context(next_edition) if next_edition else None,
                                    "sections": [{"title": title, "reports": members} for title, members in grouped],
                                    "reports": [card for _title, members in grouped for card in members],
                                    "note": Markup(nodes_html(note)), "note_lead": Markup(nodes_html(note[:1])),
                                    "note_continues": len(note) > 1,
                                    "elsewhere": self.fromdocname != edition_pagename(name) and not self.offline,
                                    "subscribe": self.subscribe(name), "offline": self.offline_links(cycle)}
        if kind == "latest-feedback":
            items = [{"author": author, "date": day, "url": f"{self.url(report.docname)}#{anchor}",
                      "report": report.title, "excerpt": _excerpt(body)}
                     for report, (anchor, author, day, body) in self.catalogue.latest_comments()]
            return "latest_feedback.html", {"comments": items,
                                            "feed": self.site_file(FEEDBACK_FEED)}
        if kind == "archive":
            editions = [self.cycle_context(cycle) for cycle in reversed(self.catalogue.cycles.values())]
            return "archive.html", {"editions": editions}
        if kind == "index":
            inline = with_term_reports or not self.app.config.newsletter_term_pages
            terms = [{"label": term.label, "url": self.term_url(term), "anchor": term.anchor,
                      "count": len(term.reports),
                      "reports": [self.card(report) for report in term.reports] if inline else []}
                     for term in sorted(self.catalogue.terms[name].values(), key=lambda t: t.label.casefold())]
            return "index.html", {"taxonomy": name, "title": _(TAXONOMIES[name]), "terms": terms,
                                  "term_pages": self.app.config.newsletter_term_pages}
        term = self.catalogue.terms[kind][name]
        cards = [self.card(report) for report in term.reports]
        return "term.html", {"taxonomy": kind, "title": _(TAXONOMIES[kind]), "index_url": self.url(f"{kind}/index"),
                             "term": term.label, "reports": cards}

    # -- output ------------------------------------------------------------------------

    def html(self, key: str, heading_level: int = 2) -> str:
        """``heading_level`` is the HTML heading level of each report card's title."""
        template, context = self.context(key)
        context["heading_level"] = heading_level
        return site_templates(self.app).get_template(f"newsletter/{template}").render(context)

    def node(self, key: str, heading_level: int = 2) -> nodes.Node:
        """The listing as a node: raw HTML for HTML builders, plain nodes for the others."""
        if self.builder.format == "html":
            html = self.html(key, heading_level)
            unsearched = ["no-search"] if html.strip() and key.partition(":")[0] in UNSEARCHED_LISTINGS else []
            return nodes.raw("", html, format="html", classes=unsearched, **{TRUSTED_HTML: True})
        return self.plain(key)

    def plain(self, key: str) -> nodes.Node:
        template, context = self.context(key, with_term_reports=True)
        if template == "byline.html":
            return nodes.paragraph("", _byline_text(context["report"]), classes=["newsletter-byline"])
        if template == "archive.html":
            return _bullets([nodes.paragraph("", "", _reference(edition["title"], edition["url"]),
                                             nodes.Text(f" — {_status_text(edition)}, {reports_text(edition['count'])}"))
                             for edition in context["editions"]])
        if template == "index.html":
            return _bullets([[nodes.paragraph("", f"{term['label']} ({term['count']})"),
                              _report_bullets(term["reports"])] for term in context["terms"]])
        if template == "latest_feedback.html":
            return _bullets([nodes.paragraph("", f"{item['author']} ({item['date'].isoformat()}) {_('on')} "
                                                 f"{item['report']}: {item['excerpt']}")
                             for item in context["comments"]])
        if template == "leave_feedback.html":
            return nodes.paragraph()  # a form on the web: pages only
        if template == "pager.html":
            parts: list[nodes.Node] = []
            for label, card in ((_("Previous"), context["previous"]), (_("Next"), context["next"])):
                if card:
                    parts += [nodes.Text(f"{label}: "), _reference(card["title"], card["url"]), nodes.Text(" ")]
            return nodes.paragraph("", "", *parts)
        container = nodes.container(classes=["newsletter-listing"])
        if template == "edition.html":
            container += nodes.paragraph("", _status_text(context["edition"]))
            container += self.note_nodes(key.partition(":")[2])
            for section in context["sections"]:
                if section["title"]:
                    container += nodes.rubric("", section["title"])
                container += _report_bullets(section["reports"])
            return container
        container += _report_bullets(context["reports"])
        return container


def unlisted_because(report: Report) -> str:
    """What keeps a report out of its edition (its first such problem, with its line), for the preview."""
    problem = next((problem for problem in report.problems if problem.blocking), None)
    return _("line %(line)d: %(message)s") % {"line": problem.line, "message": problem.message} if problem else ""


def card_anchors(docnames: list[str]) -> dict[str, str]:
    """The id of each report's card on its edition page, from its file name (the edition's contents
    link to them): letters, digits, ``-`` and ``_``, one per report (``-2``, ``-3`` after a name taken)."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for docname in docnames:
        base = "report-" + (re.sub(r"[^\w-]+", "-", docname.rpartition("/")[2]).strip("-").lower() or "untitled")
        anchor, number = base, 1
        while anchor in taken:
            number += 1
            anchor = f"{base}-{number}"
        taken.add(anchor)
        anchors[docname] = anchor
    return anchors


def _status_text(edition: Context) -> str:
    if edition["status"] == "published":
        return _("published %(date)s") % {"date": edition["published"].isoformat()}
    return _("in progress")


def _byline_text(card: Context) -> str:
    parts = [f"{_('By')} {', '.join(author['name'] for author in card['authors'])}" if card["authors"] else None,
             card["date"].isoformat() if card["date"] else None,
             card["event"]["name"] if card["event"] else None,
             card["location"],
             f"{_('Tags')}: {', '.join(tag['name'] for tag in card['tags'])}" if card["tags"] else None,
             _("%(title)s edition") % {"title": card["edition"]["title"]} if card["edition"] else None,
             _("Draft") if card["draft"] else None,
             comments_text(card["feedback_count"]) if card["feedback_count"] else None]
    return " · ".join(part for part in parts if part)


def _excerpt(markdown: str, length: int = 160) -> str:
    """A comment's first words as plain text, each list item marked ("• ", or its number)."""
    parts = render_body(markdown, 1).nodes
    for part in parts:
        for listing in part.findall(lambda node: isinstance(node, (nodes.bullet_list, nodes.enumerated_list))):
            for number, item in enumerate((child for child in listing.children if isinstance(child, nodes.list_item)), 1):
                item.insert(0, nodes.Text(f"{number}. " if isinstance(listing, nodes.enumerated_list) else "• "))
    text = " ".join(node.astext() for node in parts)
    text = " ".join(text.split())
    return text if len(text) <= length else text[:length - 1].rsplit(" ", 1)[0] + "…"


def comments_text(count: int) -> str:
    return ngettext("%(count)s comment", "%(count)s comments", count)


def reports_text(count: int) -> str:
    return ngettext("%(count)s report", "%(count)s reports", count)


def _reference(text: str, url: str | None) -> nodes.Node:
    return nodes.reference("", text, internal=True, refuri=url) if url else nodes.strong("", text)


def _bullets(items: Iterable[nodes.Node | list[nodes.Node]]) -> nodes.bullet_list:
    """A bullet list with one item per node, or per list of nodes."""
    bullets = nodes.bullet_list()
    for item in items:
        bullets += nodes.list_item("", *(item if isinstance(item, list) else [item]))
    return bullets


def _report_bullets(cards: list[Context]) -> nodes.bullet_list:
    items: list[nodes.Node | list[nodes.Node]] = []
    for card in cards:
        heading = nodes.paragraph("", "", _reference(card["title"], card["url"]),
                                  nodes.Text(f" — {_byline_text(dict(card, edition=None, tags=[]))}"))
        items.append([heading, nodes.paragraph("", card["summary"])] if card["summary"] else [heading])
    return _bullets(items)

