"""The mail-ready issue of an edition: HTML with inlined CSS, a plain-text twin wrapped at 72
columns, and a ready-to-send multipart/alternative ``.eml``. All three are rendered from
templates (``newsletter/email.html`` and ``newsletter/email.txt``) that a site can override."""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import textwrap
import unicodedata
from collections.abc import Callable, Sequence
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

import css_inline
from markupsafe import Markup

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.adapters.render import comments_text, site_templates
from sphinx_newsletter.core.catalogue import edition_pagename
from sphinx_newsletter.core.paths import write_regular_file
from sphinx_newsletter.core.settings import Cycle
from sphinx_newsletter.feedback.markup import nodes_html, nodes_text, render_body
from sphinx_newsletter.i18n import _
from sphinx_newsletter.publishing.offline import FORMATS as OFFLINE_FORMATS
from sphinx_newsletter.publishing.offline import makes_offline_editions, offline_file

if TYPE_CHECKING:
    from sphinx.application import Sphinx

TEXT_WIDTH = 72
ONE_CLICK = "List-Unsubscribe=One-Click"
HTML_LIMIT = 100 * 1024
"""Bytes of the HTML part: Gmail clips a message whose HTML passes 102 KB ("[Message clipped]"), hiding
the rest of the issue and its unsubscribe link. Reports beyond the limit are listed as links."""


def wrap_text(text: str, width: int = TEXT_WIDTH) -> str:
    """Wrap each line to ``width`` columns, keeping its indentation; URLs are never broken."""
    out = []
    for line in text.splitlines():
        indent = line[:len(line) - len(line.lstrip())]
        bullet = "- " if line.lstrip().startswith("- ") else ""
        out.append(textwrap.fill(line.strip(), width, initial_indent=indent,
                                 subsequent_indent=indent + " " * len(bullet),
                                 break_long_words=False, break_on_hyphens=False) if line.strip() else "")
    return "\n".join(out).strip("\n") + "\n"


def _alphabetical(name: str) -> str:
    """Sort key that files 'Élodie' with 'Elodie'."""
    return "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c)).casefold()


def issue_context(app: Sphinx, cycle: Cycle, published: dt.date, corrections: Sequence[dict[str, Any]] = ()
                  ) -> dict[str, Any]:
    """``corrections``: what the issue lists under "Corrections" (``cli.corrections_since``)."""
    base = app.config.html_baseurl.rstrip("/") + "/"
    builder = app.builder
    domain = newsletter_domain(app.env)
    grouped = domain.catalogue().grouped[cycle.name]  # the edition page's sections, in its order
    reports = [report for _title, members in grouped for report in members]
    contributors = sorted({name for report in reports for name in report.authors}, key=_alphabetical)
    commenters = sorted({name for report in reports for name in report.commenters} - set(contributors),
                        key=_alphabetical)
    note = domain.notes.get(cycle.name)
    note_nodes = render_body(note.text, 1).nodes if note is not None and note.shown else []
    settings = get_settings(app.config)
    unsubscribe = settings.list_unsubscribe
    cards = [{"anchor": f"report-{index}", "number": index, "title": report.title,
              "url": base + builder.get_target_uri(report.docname), "authors": report.authors, "date": report.date,
              "event": report.event, "location": report.location, "summary": report.summary or "",
              "tags": report.tags, "full": True, "listed": True,
              "comments": comments_text(report.feedback_count) if report.feedback_count else ""}
             for index, report in enumerate(reports, start=1)]
    in_order = iter(cards)
    return {
        "project": app.config.project,
        "language": app.config.language or "en",
        "edition": {"title": cycle.title, "name": cycle.name, "start": cycle.start, "end": cycle.end,
                    "url": base + builder.get_target_uri(edition_pagename(cycle.name))},
        "published": published,
        "site_url": base,
        "feed_url": f"{base}feeds/{cycle.name}.xml",
        "offline": {kind: base + offline_file(cycle.name, kind) for kind in OFFLINE_FORMATS}
        if makes_offline_editions(app.config) else None,
        "reports": cards,
        "to_site": False,
        "unlisted": 0,
        "sections": [{"title": title or (_("More reports") if len(grouped) > 1 else ""),
                      "reports": list(itertools.islice(in_order, len(members)))}  # cards follow the sections
                     for title, members in grouped],
        "contributors": contributors,
        "commenters": commenters,
        "note_html": Markup(nodes_html(note_nodes)),
        "note_text": nodes_text(note_nodes),
        "corrections": [dict(item, url=base + builder.get_target_uri(item["docname"])
                             if item["docname"] in domain.reports else f"{base}{item['docname']}.html")
                        for item in corrections],
        "unsubscribe": unsubscribe,
        "unsubscribe_url": unsubscribe if unsubscribe.startswith(("https:", "http:", "mailto:")) else "",
    }


_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
"""Styles inlined for mail clients that read no style sheet; the dark-mode rules (``@media``) kept."""


def issue_html(app: Sphinx, context: dict[str, Any], limit: int = HTML_LIMIT) -> str:
    """The issue's HTML part within ``limit`` bytes: the edition's first reports in full, as many as fit,
    and the rest listed as links to the site ("read more"). An edition too large for even that lists its
    reports once, as links to the site (and the first in full, as many as then fit), or as many as fit and
    the edition's page for the others. Sets each report's ``full`` and ``listed`` in ``context``."""
    template = site_templates(app).get_template("newsletter/email.html")
    cards = context["reports"]

    def rendered(full: int, listed: int | None = None) -> str:
        for index, card in enumerate(cards):
            card["full"] = index < full
            card["listed"] = listed is None or index < listed
        context["to_site"] = listed is not None  # the contents link the site: no list of the rest below them
        context["unlisted"] = 0 if listed is None else len(cards) - listed
        return str(_INLINER.inline(template.render(context)))

    def fits(html: str) -> bool:
        return len(html.encode()) <= limit

    def most(count: int, fitting: Callable[[int], bool]) -> int:
        """The largest number up to ``count`` that ``fitting`` accepts (0 when none is)."""
        low, high = 0, count
        while low < high:
            middle = (low + high + 1) // 2
            if fitting(middle):
                low = middle
            else:
                high = middle - 1
        return low

    html = rendered(len(cards))
    if fits(html):
        return html
    if fits(rendered(0)):  # the most reports in full that fit (fewer in full: a shorter part)
        return rendered(most(len(cards) - 1, lambda full: fits(rendered(full))))
    listed = most(len(cards), lambda listed: fits(rendered(0, listed)))
    if listed < len(cards):
        return rendered(0, listed)
    return rendered(most(len(cards), lambda full: fits(rendered(full, listed))), listed)  # and the first in full


def email_message(app: Sphinx, cycle: Cycle, published: dt.date, text: str, html: str,
                  corrected: dt.date | None = None) -> EmailMessage:
    """The issue as a mail. An edition published again (``corrected``: that day) goes out as a
    correction: its subject says so, it has a Message-ID of its own (from its text) and it answers
    the first issue (``In-Reply-To``, ``References``), so that mail clients thread the two."""
    domain = urlsplit(app.config.html_baseurl).hostname or "newsletter.invalid"
    message = EmailMessage()
    subject = _("%(project)s: the %(title)s edition") % {"project": app.config.project, "title": cycle.title}
    if corrected is not None:
        subject = _("Correction: %(subject)s") % {"subject": subject}
    message["Subject"] = subject
    message["From"] = app.config.newsletter_email_from or f"{app.config.project} <newsletter@{domain}>"
    settings = get_settings(app.config)
    if settings.email_to:
        message["To"] = settings.email_to
    if settings.list_id:
        message["List-Id"] = settings.list_id
    if settings.list_unsubscribe:
        message["List-Unsubscribe"] = f"<{settings.list_unsubscribe}>"
        if settings.list_unsubscribe.startswith("https:"):  # RFC 8058: one click unsubscribes, no page to fill
            message["List-Unsubscribe-Post"] = ONE_CLICK
    day = corrected or published
    message["Date"] = format_datetime(dt.datetime(day.year, day.month, day.day, 9, tzinfo=dt.timezone.utc))
    first = f"<{cycle.name}.{published.isoformat()}@{domain}>"
    if corrected is None:
        message["Message-ID"] = first
    else:
        revision = hashlib.sha256((text + html).encode()).hexdigest()[:12]
        message["Message-ID"] = f"<{cycle.name}.{published.isoformat()}.correction-{corrected.isoformat()}-{revision}@{domain}>"
        message["In-Reply-To"] = first
        message["References"] = first
    message.set_content(text)
    message.add_alternative(html, subtype="html")
    message.set_boundary("==newsletter-" + hashlib.sha256((text + html).encode()).hexdigest()[:24])
    return message


def write_issue(app: Sphinx, cycle: Cycle, published: dt.date, outdir: Path,
                corrections: Sequence[dict[str, Any]] = (),
                corrected: dt.date | None = None) -> list[Path]:
    """Write ``issue.html``, ``issue.txt`` and ``issue.eml`` into ``outdir`` (``corrected``: the day an
    edition published before is published again, with its corrections)."""
    templates = site_templates(app)
    context = issue_context(app, cycle, published, corrections)
    html = issue_html(app, context)
    text = wrap_text(templates.get_template("newsletter/email.txt").render(context))
    message = email_message(app, cycle, published, text, html, corrected)
    files = {"issue.html": html.encode("utf-8"), "issue.txt": text.encode("utf-8"), "issue.eml": message.as_bytes()}
    written = []
    for name, data in files.items():
        path = outdir / name
        write_regular_file(path, outdir, data)
        written.append(path)
    return written
