"""Reader feedback under each report: the ``feedback`` directive, feedback files, and their rendering.

In a report::

    :::{feedback}
    :author: Jane Doe
    :date: 2011-10-09
    :likes: 3
    :url: https://example.org/jane

    Thanks for the write-up.
    :::

Blocks nested in a block (``::::{feedback}`` around ``:::{feedback}``) are replies. Entries from
the report and from ``feedback/<cycle>/<slug>.yaml`` merge into one thread, oldest first, in a
"Reader feedback" section at the end of the report. The nodes subclass standard docutils nodes,
so builders without an HTML writer fall back to paragraphs, containers and block quotes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment
from sphinx.transforms import SphinxSmartQuotes
from sphinx.util.docutils import SphinxDirective

from sphinx_newsletter.adapters.config import get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.forge import forge_for
from sphinx_newsletter.core.marks import FEEDBACK_DIRECTIVE, OWN, OWN_MARK, TRAILER_MARK
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.feedback.markup import entry_from_block, read_block, render_body
from sphinx_newsletter.feedback.model import (
    FEEDBACK_SUFFIX,
    OPTION_KEYS,
    FeedbackEntry,
    ShownEntry,
    feedback_file_source,
)
from sphinx_newsletter.feedback.thread import assemble_thread, shown_entries, walk_entries
from sphinx_newsletter.i18n import N_, _, long_date, ngettext
from sphinx_newsletter.warnings_ import NewsletterWarning, tell, warn

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator

THREAD_TITLE = N_("Reader feedback")
THREAD_CLASS = "nl-feedback"
THREAD_OF = "newsletter_thread_of"  # the thread section's attribute: its report's docname


class feedback_source(nodes.General, nodes.Element):
    """Where a ``feedback`` directive stood; holds its entries until the thread is assembled."""


class feedback_entry(nodes.container):
    """One reader's feedback (HTML: ``<article>``)."""


class feedback_header(nodes.paragraph):
    """Author, date and likes of an entry (HTML: ``<header>``)."""


class feedback_author(nodes.inline):
    """The author's name, linked to ``url`` when there is one."""


class feedback_permalink(nodes.Inline, nodes.Element):
    """A link to the entry's own anchor (``anchor``); HTML only, other builders leave it out."""


class feedback_reply(nodes.Inline, nodes.Element):
    """A link to the forge's feedback form answering this entry (``url``); HTML only."""


class feedback_date(nodes.inline):
    """A date, with its ISO form in ``datetime`` (HTML: ``<time>``)."""


class feedback_replies(nodes.block_quote):
    """Replies to an entry, indented in every builder."""


def _option_text(value: str | None) -> str:
    return value or ""


class _AnyOption(dict[str, Callable[[str], Any]]):
    """Accepts every option as text, so that unknown options get the newsletter's own warning."""

    def __missing__(self, key: str) -> Callable[[str], Any]:
        return _option_text


class FeedbackDirective(SphinxDirective):
    has_content = True
    option_spec = _AnyOption(dict.fromkeys(OPTION_KEYS, _option_text))

    def run(self) -> list[nodes.Node]:
        reports_dir = self.config.newsletter_reports_dir.strip("/") + "/"
        if not self.env.docname.startswith(reports_dir):
            warn(f"feedback blocks belong in reports under {reports_dir}; this one is left out",
                 NewsletterWarning.DIRECTIVE, location=self.get_location())
            return []
        # The fence's text as written (MyST's block_text: the fences around the token's content), read by
        # read_block as ``newsletter check`` reads it: options MyST cannot read get the same warning there.
        written = self.block_text.split("\n")[1:-2]
        entry = entry_from_block(read_block("\n".join(written), self.lineno))
        return [feedback_source(entries=[entry])]


# -- assembling the thread ---------------------------------------------------------------------


def feedback_path(env: BuildEnvironment, docname: str) -> Path:
    """``feedback/<cycle>/<slug>.yaml`` for ``reports/<cycle>/<slug>``."""
    relative = docname[len(env.config.newsletter_reports_dir.strip("/")) + 1:]
    return Path(env.srcdir) / str(env.config.newsletter_feedback_dir) / f"{relative}{FEEDBACK_SUFFIX}"


def add_feedback_thread(document: nodes.document, section: nodes.section | None, report: Report,
                        env: BuildEnvironment) -> None:
    """Collect the report's feedback, warn about each problem, and append the thread's section to
    ``section``: its title now (the page's contents list it), its entries as the page is written
    (``fill_feedback_thread``)."""
    docname = env.docname
    from_report = []
    for source in list(document.findall(feedback_source)):
        from_report += source["entries"]
        source.parent.remove(source)
    report.redacted = redacted_lines(from_report)
    report.in_report_feedback = tuple(from_report)
    path = feedback_path(env, docname)
    feedback_file = feedback_file_source(path, Path(env.srcdir), str(path.relative_to(env.srcdir)))
    report.feedback_file = feedback_file is not None
    if report.feedback_file:
        env.note_dependency(str(path))
    thread = assemble_thread(from_report, feedback_file, report.date)
    for shown_file, problem in thread.problems:
        tell(problem, f"{shown_file}:{problem.line}" if shown_file else (docname, problem.line))
    report.feedback_count = thread.count
    shown = [entry for entry in walk_entries(entry for entry, _source in thread.entries) if entry.status == "shown"]
    report.commenters = tuple(dict.fromkeys(entry.author or "" for entry in shown))
    report.comments = tuple((thread.anchors[id(entry)], entry.author or "", entry.date or dt.date.min, entry.body)
                            for entry in shown)  # a shown entry has its author and date
    if not thread.entries or section is None:
        return
    report.thread = shown_entries(thread)
    thread_section = nodes.section(classes=[THREAD_CLASS], **{THREAD_OF: docname}, **OWN_MARK, **TRAILER_MARK)
    thread_section["names"].append(nodes.fully_normalize_name(THREAD_TITLE))  # #reader-feedback in any language
    document.note_implicit_target(thread_section, thread_section)
    title = _(THREAD_TITLE)
    thread_section += nodes.title(title, title)
    section += thread_section


def fill_feedback_thread(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """The entries of each report's thread in a page, made as it is written (every builder's; a LaTeX or
    single-page document holds many reports), from what reading kept (``Report.thread``): Sphinx keeps
    each doctree it read until its page is written, and a thousand comments' nodes were 10 MB of a
    1,000-report build's peak. Problems were told when the report was read."""
    reports = newsletter_domain(app.env).reports
    forge, _problem = forge_for(get_settings(app.config).repository_url)
    for thread_section in list(doctree.findall(nodes.section)):
        report = reports.get(thread_section.get(THREAD_OF, "")) if thread_section.get(OWN) else None
        if report is None:
            continue
        reply = (partial(forge.feedback_url, app.env.doc2path(report.docname, False).as_posix(),
                         report.title or report.docname) if forge else None)
        made = nodes.document(doctree.settings, doctree.reporter)  # the text gets the quotes reading gives
        made.extend(entry_node(entry, app.config.language, reply) for entry in report.thread)
        SphinxSmartQuotes(made, made).apply()
        entries, made.children = made.children, []
        thread_section.extend(entries)


def redacted_lines(entries: list[FeedbackEntry]) -> tuple[tuple[int, str], ...]:
    """The lines of the report's hidden and removed ``{feedback}`` blocks that hold their reader's words
    (``"option"``: an option line, ``"body"``: a line of the comment), for the copy of the source the
    site publishes: moderation leaves no trace there either. Replies kept under a removed entry stay;
    those of a hidden entry are hidden with it."""
    lines: list[tuple[int, str]] = []
    pending = [(entry, False) for entry in entries]
    while pending:
        entry, under_hidden = pending.pop()
        hidden = under_hidden or entry.status == "hidden"
        pending += [(reply, hidden) for reply in entry.replies]
        if not hidden and entry.status != "removed":
            continue
        lines += [(number, "option") for number in range(entry.line + 1, entry.body_line)]
        lines += [(entry.body_line + offset, "body") for offset, text in enumerate(entry.body.split("\n"))
                  if text.strip()]
    return tuple(sorted(set(lines)))


def entry_node(entry: ShownEntry, language: str | None = None,
               reply: Callable[[str], str] | None = None) -> feedback_entry:
    """``reply(anchor)``: the address of the form answering an entry (none without a forge)."""
    removed = entry.removed
    author = _("Removed by the editors") if removed else entry.author
    node = feedback_entry(author=author, classes=["nl-feedback-entry", *(["nl-removed"] if removed else [])],
                          ids=[entry.anchor], **OWN_MARK)
    header = feedback_header(classes=["nl-feedback-header"], **OWN_MARK)
    if not removed:  # a removed entry says so once, in its body
        header += feedback_author(author, author, url=entry.url, classes=["nl-feedback-author"], **OWN_MARK)
        header += nodes.Text(" · ")
    day = long_date(entry.date, language)
    header += feedback_date(day, day, datetime=entry.date.isoformat() if entry.date else "",
                            classes=["nl-feedback-date"], **OWN_MARK)
    if entry.likes:
        likes = ngettext("%(count)s like", "%(count)s likes", entry.likes)
        header += nodes.Text(" · ")
        header += nodes.inline(likes, likes, classes=["nl-likes"], **OWN_MARK)
    if entry.in_reply_to is not None:
        anchor, answered = entry.in_reply_to
        text = _("in reply to %(author)s") % {"author": answered} if answered else _("in reply to a removed comment")
        header += nodes.Text(" · ")
        header += nodes.reference(text, text, refuri=f"#{anchor}", internal=True, classes=["nl-in-reply-to"],
                                  **OWN_MARK)
    header += feedback_permalink(anchor=entry.anchor, classes=["nl-permalink"], **OWN_MARK)
    if reply is not None and not removed:
        header += feedback_reply(url=reply(entry.anchor), classes=["nl-reply"], **OWN_MARK)
    node += header
    if removed:
        text = (_("Removed by the editors: %(reason)s") % {"reason": entry.reason} if entry.reason
                else _("Removed by the editors."))
        node += nodes.container("", nodes.paragraph(text, text), classes=["nl-feedback-body"], **OWN_MARK)
    else:
        node += nodes.container("", *render_body(entry.body, entry.body_line).nodes, classes=["nl-feedback-body"],
                                **OWN_MARK)
    if entry.replies:
        node += feedback_replies("", *(entry_node(answer, language, reply) for answer in entry.replies),
                                 classes=["nl-feedback-replies"], **OWN_MARK)
    return node


# -- HTML ----------------------------------------------------------------------------------------


def _aria(label: str) -> dict[str, Any]:
    return {"aria-label": label}


def visit_feedback_entry(self: HTML5Translator, node: feedback_entry) -> None:
    label = (_("Removed by the editors") if "nl-removed" in node["classes"]
             else _("Feedback from %(author)s") % {"author": node["author"]})
    attributes = {**_aria(label), "data-pagefind-ignore": "all"}  # readers' words are not the report's text
    self.body.append(self.starttag(node, "article", "", False, **attributes))


def depart_feedback_entry(self: HTML5Translator, node: feedback_entry) -> None:
    self.body.append("</article>\n")


def visit_feedback_header(self: HTML5Translator, node: feedback_header) -> None:
    self.body.append(self.starttag(node, "header", ""))


def depart_feedback_header(self: HTML5Translator, node: feedback_header) -> None:
    self.body.append("</header>\n")


def visit_feedback_author(self: HTML5Translator, node: feedback_author) -> None:
    if node["url"]:
        self.body.append(self.starttag(node, "a", "", href=node["url"], rel="nofollow ugc noopener"))
    else:
        self.body.append(self.starttag(node, "span", ""))


def depart_feedback_author(self: HTML5Translator, node: feedback_author) -> None:
    self.body.append("</a>" if node["url"] else "</span>")


def visit_feedback_permalink(self: HTML5Translator, node: feedback_permalink) -> None:
    self.body.append(" " + self.starttag(node, "a", "#", href=f"#{node['anchor']}", title=_("Link to this comment"),
                                         **_aria(_("Link to this comment"))) + "</a>")
    raise nodes.SkipNode


def visit_feedback_reply(self: HTML5Translator, node: feedback_reply) -> None:
    self.body.append(" " + self.starttag(node, "a", _("Reply"), href=node["url"], rel="nofollow") + "</a>")
    raise nodes.SkipNode


def skip_node(self: HTML5Translator, node: nodes.Node) -> None:
    raise nodes.SkipNode


def visit_feedback_date(self: HTML5Translator, node: feedback_date) -> None:
    self.body.append(self.starttag(node, "time", "", datetime=node["datetime"]))


def depart_feedback_date(self: HTML5Translator, node: feedback_date) -> None:
    self.body.append("</time>")


def visit_feedback_replies(self: HTML5Translator, node: feedback_replies) -> None:
    self.body.append(self.starttag(node, "div", "", role="group", **_aria(_("Replies"))))


def depart_feedback_replies(self: HTML5Translator, node: feedback_replies) -> None:
    self.body.append("</div>\n")


# -- keeping it current ------------------------------------------------------------------------


def setup_feedback(app: Sphinx) -> None:
    app.add_directive(FEEDBACK_DIRECTIVE, FeedbackDirective)
    app.add_node(feedback_source)
    handlers: list[tuple[type[nodes.Element], Callable[..., None], Callable[..., None]]] = [
        (feedback_entry, visit_feedback_entry, depart_feedback_entry),
        (feedback_header, visit_feedback_header, depart_feedback_header),
        (feedback_author, visit_feedback_author, depart_feedback_author),
        (feedback_date, visit_feedback_date, depart_feedback_date),
        (feedback_replies, visit_feedback_replies, depart_feedback_replies),
    ]
    for node, visit, depart in handlers:
        app.add_node(node, html=(visit, depart))
    for link, visit_link in ((feedback_permalink, visit_feedback_permalink), (feedback_reply, visit_feedback_reply)):
        app.add_node(link, html=(visit_link, None), text=(skip_node, None), latex=(skip_node, None),
                     man=(skip_node, None), texinfo=(skip_node, None))
    app.connect("doctree-resolved", fill_feedback_thread, priority=400)  # before the raw guard (500)
