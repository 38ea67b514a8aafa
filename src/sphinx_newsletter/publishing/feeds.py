"""Atom feeds (feedgen): ``feeds/atom.xml`` for the newsletter, ``feeds/<cycle>.xml`` per edition.

Entries carry title, authors, summary, tags and an updated time from the report's date (or its latest
correction's, which the summary then names), so two
builds of the same reports give byte-identical feeds. The newsletter's feed holds the newest
``newsletter_feed_length`` reports, an edition's feed the whole edition, after its editor's note;
``feeds/feedback.xml`` the newest reader feedback, ``feeds/feedback/<cycle>/<slug>.xml`` each
report's. A feed is generated again only when what it shows changed (the digests of the last build
are kept in the doctree folder; a report's own feed, when the report was read again), and written
only when its bytes differ. Links are absolute when ``html_baseurl`` is set (as feed readers
expect), relative otherwise.
Every page links the newsletter's feed in its head; reports and edition pages also their edition's.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Callable
from functools import partial
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.catalogue import digest, slugify
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.core.settings import Cycle
from sphinx_newsletter.feedback.markup import nodes_html, render_body
from sphinx_newsletter.i18n import _
from sphinx_newsletter.publishing.switcher import NO_SWITCHER_BUILDERS, page_edition

if TYPE_CHECKING:
    from feedgen.feed import FeedGenerator

FEEDS_DIR = "feeds"
NEWSLETTER_FEED = f"{FEEDS_DIR}/atom.xml"
FEED_DIGESTS = "newsletter-feeds.json"


FEEDBACK_FEED = f"{FEEDS_DIR}/feedback.xml"
FEEDBACK_FEED_LENGTH = 50


def edition_feed(cycle_name: str) -> str:
    return f"{FEEDS_DIR}/{cycle_name}.xml"


def report_feedback_feed(docname: str) -> str:
    """``feeds/feedback/<cycle>/<slug>.xml`` for ``reports/<cycle>/<slug>``."""
    return f"{FEEDS_DIR}/feedback/{docname.split('/', 1)[1]}.xml"


def updated(report: Report) -> dt.date:
    """When a report last changed as readers see it: its date, or its latest correction's."""
    return max([report.date or dt.date.min, *(correction.date for correction in report.corrections)])


def _generator() -> FeedGenerator:
    """feedgen's generator, imported when a feed is written: feedgen imports lxml and dateutil (12 ms),
    which a check and a build's start need not wait for."""
    from feedgen.feed import FeedGenerator

    return FeedGenerator()


def _midnight(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)


class FeedWriter:
    def __init__(self, app: Sphinx):
        self.app = app
        self.outdir = os.fspath(app.outdir)
        self.base = app.config.html_baseurl.rstrip("/") + "/" if app.config.html_baseurl else ""
        self.digests_file = Path(app.doctreedir) / FEED_DIGESTS
        try:
            self.previous = json.loads(self.digests_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.previous = {}
        self.digests: dict[str, str] = {}
        config = app.config
        self.settings = (app.builder.name, getattr(app.builder, "link_suffix", None), config.html_baseurl,
                         config.project, config.language, config.newsletter_feed_length)

    def url(self, target: str) -> str:
        """A page or file as the feed links it: absolute with ``html_baseurl``, else relative to ``feeds/``."""
        return (self.base or "../") + target

    def page_url(self, pagename: str) -> str:
        return self.url(self.app.builder.get_target_uri(pagename))

    def feed(self, path: str, title: str, subtitle: str, page: str, reports: list[Report],
             fallback: dt.date, note: tuple[str, str, dt.date] | None = None) -> bytes:
        """``note``: an editor's note (its title, its HTML, its date) as the feed's first entry."""
        generator = _generator()
        generator.id(self.url(path))
        generator.title(title)
        generator.subtitle(subtitle)
        generator.link(href=self.url(path), rel="self")
        generator.link(href=self.page_url(page), rel="alternate")
        generator.language(self.app.config.language or "en")
        generator.updated(_midnight(max([*(updated(r) for r in reports), *([note[2]] if note else [])],
                                        default=fallback)))
        if note:
            entry = generator.add_entry(order="append")
            url = self.page_url(page) + "#editors-note"
            entry.id(url)
            entry.title(note[0])
            entry.link(href=url, rel="alternate")
            entry.updated(_midnight(note[2]))
            entry.content(note[1], type="html")
        for report in reports:
            entry = generator.add_entry(order="append")
            url = self.page_url(report.docname)
            entry.id(url)
            entry.title(report.title)
            entry.link(href=url, rel="alternate")
            entry.published(_midnight(report.date or dt.date.min))  # a listed report has its date
            entry.updated(_midnight(updated(report)))
            entry.author([{"name": name} for name in report.authors])
            corrected = " ".join(_("Corrected on %(date)s: %(note)s") % {"date": c.date.isoformat(), "note": c.note}
                                 for c in report.corrections)
            if report.summary or corrected:
                entry.summary(" ".join(part for part in (report.summary, corrected) if part))
            for tag in report.tags:
                entry.category(term=slugify(tag), label=tag)
        return bytes(generator.atom_str(pretty=True))

    def comments_feed(self, path: str, title: str, page: str, comments: list[tuple[Report, tuple[str, str, dt.date, str]]],
                      fallback: dt.date) -> bytes:
        """A feed of reader comments (``(report, (id, author, date, body))``), newest first."""
        generator = _generator()
        generator.id(self.url(path))
        generator.title(title)
        generator.subtitle(_("New reader feedback"))
        generator.link(href=self.url(path), rel="self")
        generator.link(href=self.page_url(page), rel="alternate")
        generator.language(self.app.config.language or "en")
        generator.updated(_midnight(max((comment[2] for _, comment in comments), default=fallback)))
        for report, (anchor, author, day, body) in comments:
            entry = generator.add_entry(order="append")
            url = f"{self.page_url(report.docname)}#{anchor}"
            entry.id(url)
            entry.title(_("%(author)s on %(title)s") % {"author": author, "title": report.title})
            entry.link(href=url, rel="alternate")
            entry.published(_midnight(day))
            entry.updated(_midnight(day))
            entry.author([{"name": author}])
            entry.content(nodes_html(render_body(body, 1).nodes), type="html")
        return bytes(generator.atom_str(pretty=True))

    def write(self, path: str, shows: object, make_feed: Callable[[], bytes]) -> None:
        """Write ``path`` from ``make_feed()`` unless ``shows`` (what the feed is made of) is
        unchanged since the last build and the file is still there."""
        target = os.path.join(self.outdir, path)  # a string: thousands of feeds are looked at per build
        self.digests[path] = digest((self.settings, shows))
        there = os.path.isfile(target)
        if there and self.previous.get(path) == self.digests[path]:
            return
        data = make_feed()
        if there and Path(target).read_bytes() == data:
            return
        os.makedirs(os.path.dirname(target), exist_ok=True)
        Path(target).write_bytes(data)

    def report_feed(self, path: str, report: Report) -> bytes:
        """The feed of the feedback on one report, newest first."""
        comments = sorted(((report, comment) for comment in report.comments), key=lambda pair: pair[1][2],
                          reverse=True)
        title = f"{self.app.config.project}: {_('Feedback on %(title)s') % {'title': report.title}}"
        return self.comments_feed(path, title, report.docname, comments, report.date or dt.date.min)

    def save_digests(self) -> None:
        """Record what each feed was made of, and remove the feeds the site no longer has (a deleted or
        renamed report's thread), as a fresh build would not write them."""
        from sphinx_newsletter.adapters.output import remove_output_file

        for gone in self.previous.keys() - self.digests.keys():
            remove_output_file(self.outdir, gone)
        if self.digests != self.previous:
            self.digests_file.write_text(json.dumps(self.digests, indent=1, sort_keys=True), encoding="utf-8")


def write_feeds(app: Sphinx, exception: Exception | None) -> None:
    if exception or app.builder.format != "html" or app.builder.name in NO_SWITCHER_BUILDERS:
        return
    domain = newsletter_domain(app.env)
    catalogue = domain.catalogue()
    cycles: list[Cycle] = list(catalogue.cycles.values())
    if not cycles:
        return
    writer = FeedWriter(app)
    edition_prints = [(cycle, domain.data["fingerprints"].get(f"edition:{cycle.name}")) for cycle in cycles]
    project = app.config.project
    newest_first = catalogue.newest_first
    length = app.config.newsletter_feed_length
    writer.write(NEWSLETTER_FEED, edition_prints, partial(
        writer.feed, NEWSLETTER_FEED, project, _("Trip reports, newest first"), app.config.root_doc,
        newest_first[:length] if length and length > 0 else newest_first, cycles[0].start))
    for cycle, fingerprint in edition_prints:
        path = edition_feed(cycle.name)
        note = domain.notes.get(cycle.name)
        note_entry = (_("Editor's note: %(title)s edition") % {"title": cycle.title},
                      nodes_html(render_body(note.text, 1).nodes), cycle.published or cycle.start
                      ) if note is not None and note.shown else None
        writer.write(path, (cycle, fingerprint), partial(
            writer.feed, path, f"{project}: {_('%(title)s edition') % {'title': cycle.title}}",
            _("%(title)s edition") % {"title": cycle.title},
            f"editions/{cycle.name}", catalogue.editions[cycle.name], cycle.start, note_entry))
    latest = catalogue.latest_comments(FEEDBACK_FEED_LENGTH)
    writer.write(FEEDBACK_FEED, [(report.docname, report.title, comment) for report, comment in latest], partial(
        writer.comments_feed, FEEDBACK_FEED, f"{project}: {_('Latest feedback')}", app.config.root_doc, latest,
        cycles[0].start))
    read_at = app.env.all_docs  # a report's feed shows what was read from it: the same until it is read again
    for report in newest_first:
        path = report_feedback_feed(report.docname)
        writer.write(path, read_at.get(report.docname), partial(writer.report_feed, path, report))
    writer.save_digests()


def link_feeds_in_head(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
    if app.builder.name in NO_SWITCHER_BUILDERS or not newsletter_domain(app.env).catalogue().cycles:
        return
    pathto = context["pathto"]
    links = [(NEWSLETTER_FEED, app.config.project)]
    report = newsletter_domain(app.env).reports.get(pagename)
    if pagename == app.config.root_doc:
        links.append((FEEDBACK_FEED, f"{app.config.project}: {_('Latest feedback')}"))
    elif report is not None and report.docname in newsletter_domain(app.env).catalogue().listed:
        links.append((report_feedback_feed(pagename), f"{app.config.project}: "
                                                      f"{_('Feedback on %(title)s') % {'title': report.title}}"))
    edition = page_edition(app, pagename)
    if edition and (pagename in newsletter_domain(app.env).reports or pagename == f"editions/{edition}"):
        cycle = newsletter_domain(app.env).catalogue().cycles[edition]
        links.append((edition_feed(edition), f"{app.config.project}: {_('%(title)s edition') % {'title': cycle.title}}"))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" type="application/atom+xml" title="{escape(title)}" href="{pathto(path, 1)}" />'
        for path, title in links)


def setup_feeds(app: Sphinx) -> None:
    app.connect("html-page-context", link_feeds_in_head)
    app.connect("build-finished", write_feeds)
