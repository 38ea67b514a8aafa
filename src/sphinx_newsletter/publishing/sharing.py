"""What a shared link to a report shows: OpenGraph and Twitter card metadata.

Page-level ``og:`` values go into the page metadata, where sphinxext-opengraph (if the site uses
it) takes them over its defaults; ``article:`` tags and the Twitter card are added here.
"""

from __future__ import annotations

from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.report import Report


def report_metadata(report: Report) -> dict[str, str]:
    """``og:`` fields for a report page's metadata."""
    fields = {"og:type": "article"}
    if report.summary:
        fields["og:description"] = report.summary
    return fields


def add_article_tags(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
        doctree: nodes.document | None) -> None:
    report = newsletter_domain(app.env).reports.get(pagename)
    if report is None or report.date is None:
        return
    tags = [("property", "article:published_time", report.date.isoformat()),
            *(("property", "article:author", name) for name in report.authors),
            *(("property", "article:tag", tag) for tag in report.tags),
            ("name", "twitter:card", "summary")]
    if report.title:
        tags.append(("name", "twitter:title", report.title))
    if report.summary:
        tags.append(("name", "twitter:description", report.summary))
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<meta {kind}="{name}" content="{escape(value)}" />' for kind, name, value in tags)


def setup_sharing(app: Sphinx) -> None:
    app.connect("html-page-context", add_article_tags)
