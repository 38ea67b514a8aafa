"""The copies of sources that HTML builders publish (``_sources/``, behind the theme's "show source" and
download buttons), made by the newsletter instead of Sphinx, so that moderation holds there too.

Sphinx copies each document's file as it is. A report's hidden and removed ``{feedback}`` blocks are in
that file: the page leaves their words out, and the copy must as well. With ``html_copy_source`` on, the
extension takes the copy over (``builder.copysource`` off, the page's ``sourcename`` kept) and writes
each source with the lines that hold those readers' words replaced, never through a link. Drafts have
no copy because they are not built (``safety.sources.leave_out_drafts``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.paths import UnsafeFile, write_regular_file
from sphinx_newsletter.warnings_ import NewsletterWarning, warn

REMOVED = "(removed by the editors)"
_KEPT_OPTIONS = ("status", "reason", "date")
_OPTION = re.compile(r"^(?P<indent>\s*):(?P<key>[^:\s]+):")


def redact(text: str, lines: tuple[tuple[int, str], ...]) -> str:
    """``text`` with the given 1-based lines replaced: an option line keeps its key (and the editors'
    own options, ``status``, ``reason``, ``date``, stay whole), a comment's line becomes blank, the
    first of them saying it was removed."""
    if not lines:
        return text
    split = text.split("\n")
    said = False
    for number, kind in lines:
        if not 0 < number <= len(split):
            continue
        line = split[number - 1]
        if kind == "option":
            option = _OPTION.match(line)
            if option is None or option["key"] not in _KEPT_OPTIONS:
                indent = option["indent"] if option else _indent(line)
                split[number - 1] = f"{indent}:{option['key']}: {REMOVED}" if option else ""
        else:
            split[number - 1] = "" if said else _indent(line) + REMOVED
            said = True
    return "\n".join(split)


def _indent(line: str) -> str:
    return line[:len(line) - len(line.lstrip())]


def take_over_source_copies(app: Sphinx) -> None:
    builder = app.builder
    if isinstance(builder, StandaloneHTMLBuilder) and builder.copysource and app.config.html_copy_source:
        builder.copysource = False  # Sphinx's own copy; the page's sourcename (the link) stays
        setattr(builder, _COPIES, True)


_COPIES = "newsletter_copies_sources"


def copy_source(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    """Write the page's source copy, a report's with its moderated feedback taken out."""
    if doctree is None or not context.get("sourcename") or not getattr(app.builder, _COPIES, False):
        return
    source = Path(app.env.doc2path(pagename))
    data = source.read_bytes()
    report = newsletter_domain(app.env).reports.get(pagename)
    if report is not None and report.redacted:
        data = redact(data.decode("utf-8-sig"), report.redacted).encode("utf-8")
    target = Path(app.outdir) / "_sources" / context["sourcename"]
    try:
        write_regular_file(target, app.outdir, data)
    except UnsafeFile as error:
        warn(str(error), NewsletterWarning.REFUSED, location=pagename)


def setup_source_copies(app: Sphinx) -> None:
    app.connect("builder-inited", take_over_source_copies)
    app.connect("html-page-context", copy_source)
