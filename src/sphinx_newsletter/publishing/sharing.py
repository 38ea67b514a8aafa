"""What a shared link to a report shows: OpenGraph and Twitter card metadata.

Page-level ``og:`` values go into the page metadata, where sphinxext-opengraph (if the site uses
it) takes them over its defaults; ``article:`` tags and the Twitter card are added here.

sphinxext-opengraph imports its social-card code when it is imported, also for a site whose
``ogp_social_cards`` turns social cards off, on every build and every ``newsletter check``: where matplotlib
is installed that code imports it (a quarter of a second and 30 MB), and where it is not, it prints
"matplotlib is not installed, social cards will not be generated". For such a site the extension imports
sphinxext-opengraph first (list ``sphinx_newsletter`` before it in ``extensions``), without its social-card
code and without that line. A site that asks for social cards keeps both.
"""

from __future__ import annotations

import contextlib
import io
import sys
from html import escape
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.upstream import OPENGRAPH_SOCIAL_CARDS, conf_value, import_without_module

OPENGRAPH = "sphinxext.opengraph"
MATPLOTLIB_NOTE = "matplotlib is not installed, social cards will not be generated"


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


def import_opengraph_quietly(app: Sphinx) -> None:
    """sphinxext-opengraph imported without its social-card code (and so without matplotlib) and without
    its note about matplotlib, for a site that turns social cards off (anything else it prints is printed)."""
    if OPENGRAPH not in app.config.extensions or OPENGRAPH in sys.modules:
        return
    cards = conf_value(app.config, "ogp_social_cards")
    if not (isinstance(cards, dict) and cards.get("enable") is False):
        return
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            import_without_module(OPENGRAPH, OPENGRAPH_SOCIAL_CARDS)
    except Exception:
        pass
    finally:
        rest = [line for line in printed.getvalue().splitlines() if line.strip() != MATPLOTLIB_NOTE]
        if rest:
            print("\n".join(rest))


def setup_sharing(app: Sphinx) -> None:
    import_opengraph_quietly(app)
    app.connect("html-page-context", add_article_tags)
