"""Reading a report: front matter, hardening, the page title, the byline placeholder.

Reports arrive by pull request, so a report page is parsed with file insertion and raw
output switched off, and its front matter never reaches MyST (no per-file ``myst:``
settings, no ``substitutions:``, no ``html_meta:``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from docutils.utils.smartquotes import educate_tokens
from markdown_it import MarkdownIt
from myst_parser.parsers.sphinx_ import MystParser
from myst_parser.warnings_ import MystWarnings
from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from sphinx_newsletter.adapters.config import get_cycles
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.adapters.feedback import add_feedback_thread
from sphinx_newsletter.adapters.nodes import REPORT_ATTRIBUTE
from sphinx_newsletter.core.frontmatter import blank_front_matter, read_front_matter
from sphinx_newsletter.core.marks import FEEDBACK_DIRECTIVE, TRAILER
from sphinx_newsletter.core.paths import include_refusal
from sphinx_newsletter.core.publication import frozen_problems
from sphinx_newsletter.core.records import read_record, record_path
from sphinx_newsletter.core.report import (
    Report,
    skeleton_problems,
    undecodable_problem,
    validate_report,
    without_control_characters,
)
from sphinx_newsletter.core.text import clean_text
from sphinx_newsletter.feedback.markup import read_block
from sphinx_newsletter.publishing.sharing import report_metadata
from sphinx_newsletter.safety.rest import give_lines
from sphinx_newsletter.upstream import HookedRenderer, MdParserConfig, create_md_parser
from sphinx_newsletter.warnings_ import NewsletterWarning, tell, warn

SUMMARY_LENGTH = 300


def is_report(docname: str, reports_dir: str) -> bool:
    return docname.startswith(reports_dir.strip("/") + "/")


class ReportRenderer(HookedRenderer):
    """MyST's renderer, with lines for what reST inside ``{eval-rst}`` leaves without one, and ``{include}``
    under the file policy (``core.paths.include_problem``)."""

    _including: tuple[str, ...] = ()  # the parts being included, outermost first
    _insert_once = False  # file insertion is on for the one file the policy allowed, not for its text

    def run_include(self, first_line: str, content: str, position: int,
                    run: Callable[[], list[nodes.Element]]) -> list[nodes.Element]:
        env = self.sphinx_env
        target = first_line.strip()
        options = read_block(content, position).options
        docdir = PurePosixPath(env.doc2path(env.docname, False).as_posix()).parent
        path, problem = include_refusal(target, "literal" in options or "code" in options, docdir, Path(env.srcdir),
                                        tuple(env.config.newsletter_asset_dirs),
                                        (self.document["source"], *self._including))
        if problem:
            warn(f"include '{target[:200]}' is left out: {problem}", NewsletterWarning.REFUSED,
                 location=f"{self.document['source']}:{position}")
            return []
        settings = self.document.settings
        self._including += (path,)
        self._insert_once, settings.file_insertion_enabled = True, True
        try:
            return run()
        finally:
            self._including = self._including[:-1]
            self._insert_once, settings.file_insertion_enabled = False, False

    @contextlib.contextmanager
    def around_nested_text(self) -> Iterator[None]:
        if not self._insert_once:
            yield
            return
        self._insert_once = self.document.settings.file_insertion_enabled = False  # the part's own text
        try:
            yield
        finally:
            self._insert_once = self.document.settings.file_insertion_enabled = True

    def after_rest(self, made: list[nodes.Node], lines: range) -> None:
        give_lines(made, lines, self.document["source"])

    def said_otherwise(self, message: str, subtype: Any) -> bool:
        """Options of a feedback block that cannot be read: the feedback reader names them, with the fix."""
        return subtype == MystWarnings.DIRECTIVE_OPTION and message.startswith(f"'{FEEDBACK_DIRECTIVE}': ")


_IDLE: list[tuple[MdParserConfig, MarkdownIt]] = []
"""The reports' MyST parser with the configuration it was made for, while no report is being read."""


@contextlib.contextmanager
def report_parser(config: MdParserConfig) -> Iterator[MarkdownIt]:
    """MyST's parser for reports, made once for a build's MyST configuration and used for each report.

    MyST makes a parser for every document, and a parser is garbage in cycles (it and its renderer name
    each other, the renderer's rules are its own bound methods) that only a full collection frees; reading
    collects the oldest generation rarely (``garbage_collector.FULL_COLLECTION_AFTER``), so at 1,000
    reports the dead parsers were 10 MB of a build's peak. The renderer sets itself up for each document
    (``setup_render``); a report read while another is (none is, today) gets a parser of its own."""
    parser = _IDLE.pop()[1] if _IDLE and _IDLE[-1][0] is config else create_md_parser(config, ReportRenderer)
    _IDLE.clear()
    try:
        yield parser
    finally:
        parser.options.pop("document", None)
        renderer = parser.renderer
        assert isinstance(renderer, ReportRenderer)  # create_md_parser made it so
        renderer.forget_document()
        _IDLE.append((config, parser))


class ReportParser(MystParser):
    """MyST, with reports under ``newsletter_reports_dir`` read the newsletter's way."""

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env = document.settings.env
        docname = env.docname
        reports_dir = env.config.newsletter_reports_dir.strip("/")
        if not is_report(docname, reports_dir):
            super().parse(inputstring, document)
            return

        document.settings.file_insertion_enabled = False
        document.settings.raw_enabled = False
        as_read = inputstring
        inputstring, control = without_control_characters(inputstring)
        matter = read_front_matter(inputstring)
        source = env.doc2path(docname, False).as_posix()
        cycles = get_cycles(env.config)
        report = validate_report(docname, PurePosixPath(source).relative_to(reports_dir), matter, cycles,
                                 reports_dir)
        report.problems[:0] = control
        report.problems += skeleton_problems(inputstring)
        published_dir = Path(env.srcdir) / env.config.newsletter_published_dir
        record = read_record(published_dir, report.cycle or "")
        if record is not None:  # the edition is published: hold the report to its record
            env.note_dependency(str(record_path(published_dir, record.cycle)))
            report.problems += frozen_problems(report, source, as_read.encode("utf-8"), record, cycles,
                                               env.doc2path(docname).read_bytes)  # read again only if it differs
        for problem in report.problems:
            tell(problem, (docname, problem.line))

        with report_parser(env.myst_config) as parser:  # what MystParser.parse does, but with ReportRenderer
            parser.options["document"] = document  # (the front matter never reaches MyST)
            parser.render(blank_front_matter(inputstring, matter, report.title))

        section = give_single_title(document, report)
        add_feedback_thread(document, section, report, env)  # the byline and pager come as the page is
        # written (listings.place_report_listings)
        env.metadata[docname]["orphan"] = True  # reports are reached through editions, not the toctree
        document[REPORT_ATTRIBUTE] = report  # the domain collects it (process_doc) and takes it off


def give_single_title(document: nodes.document, report: Report) -> nodes.section | None:
    """Keep the page to one title: the front matter's (written as the first heading).

    Whatever follows the title section moves into it; a body ``# heading`` repeating the
    title is folded into it rather than shown twice, and other ``#`` headings move one
    level down. Without a front matter title the body's first section, if any, is the title.
    """
    sections = [child for child in document.children if isinstance(child, nodes.section)]
    if not sections:
        return None
    title_section = sections[0]
    if report.title is None:
        return title_section
    following = document.children[document.index(title_section) + 1:]
    fold = bool(following) and isinstance(following[0], nodes.section) and _same_title(following[0], report.title)
    if fold:  # MyST labels a page with (label)= before its '# Title': let the label name the page
        labels: list[nodes.Node] = []
        for child in reversed(title_section.children):
            if not (isinstance(child, nodes.target) and not child.get("refuri")):
                break
            labels.insert(0, child)
        for label in labels:
            title_section.remove(label)
            document.insert(document.index(title_section), label)
    for position, child in enumerate(following):
        document.remove(child)
        if position == 0 and fold and isinstance(child, nodes.Element):
            title_section["ids"].extend(child["ids"])
            title_section["names"].extend(child["names"])
            title_section.extend(child.children[1:])
        else:
            title_section += child
    return title_section


def _same_title(section: nodes.section, title: str) -> bool:
    return " ".join(section[0].astext().split()).casefold() == " ".join(title.split()).casefold()


def first_paragraph(section: nodes.section) -> str | None:
    """The first paragraph's text, cut at a word boundary, as a fallback summary."""
    paragraph = next((node for node in section.findall(nodes.paragraph)
                      if not isinstance(node.parent, nodes.system_message)), None)
    if paragraph is None:
        return None
    paragraph = paragraph.deepcopy()
    for raw in list(paragraph.findall(nodes.raw)):  # markup (a hard break, author HTML) is not text
        raw.replace_self(nodes.Text(" "))
    text = clean_text(paragraph.astext(), 1_000_000)[0]  # feeds refuse control characters
    if len(text) <= SUMMARY_LENGTH:
        return text or None
    return text[:SUMMARY_LENGTH].rsplit(" ", 1)[0] + "…"


def finish_report(app: Sphinx, doctree: nodes.document) -> None:
    """Once the reading transforms ran (smart quotes among them), take the title and summary as the
    page shows them, so cards, feeds and sharing tags read the same as the page ("—", not "---")."""
    env = app.env
    report = newsletter_domain(env).reports.get(env.docname)
    if report is None:
        return
    section = next(iter(doctree.findall(nodes.section)), None)
    if section is not None and report.title is not None:
        report.title = " ".join(section[0].astext().split())
    if report.summary is not None:
        report.summary = smarten(report.summary, env)
    elif section is not None:
        report.summary = first_paragraph(section)
    env.metadata[env.docname].update(report_metadata(report))
    newsletter_domain(env).note_report(report)
    app.emit("newsletter-report-read", report, doctree)


def smarten(text: str, env: BuildEnvironment) -> str:
    """``text`` with the smart quotes and dashes Sphinx gives the page's own text."""
    if not env.config.smartquotes:
        return text
    language = env.config.language or "en"
    return "".join(educate_tokens([("plain", text)], attr=env.config.smartquotes_action, language=language))


def skip_undecodable_reports(app: Sphinx, env: BuildEnvironment, docnames: list[str]) -> None:
    """A report that is not UTF-8 would stop the whole build: name it and leave it out."""
    reports_dir = env.config.newsletter_reports_dir
    for docname in [name for name in docnames if is_report(name, reports_dir)]:
        try:
            env.doc2path(docname).read_bytes().decode(env.settings["input_encoding"])
        except UnicodeDecodeError as error:
            problem = undecodable_problem(error)
            tell(problem, (docname, problem.line))
            docnames.remove(docname)
            env.found_docs.discard(docname)


class FootnotesInTheReport(Transform):
    """A report's footnotes end its own section, before what follows the report (its feedback thread, and the
    pager and "Leave feedback" placed as the page is written). MyST moves footnotes to the end of the document
    (``CollectFootnotes``), which is after the report's section: readers met the pager and the comments before
    the report's footnotes. The rule MyST puts before them is left out where the report ends with one of its
    own (two rules side by side are an error of docutils)."""

    default_priority = 700  # after MyST's CollectFootnotes (623)

    def apply(self, **kwargs: Any) -> None:
        if REPORT_ATTRIBUTE not in self.document:
            return
        section = next((child for child in self.document.children if isinstance(child, nodes.section)), None)
        if section is None:
            return
        after = self.document.children[self.document.index(section) + 1:]
        notes = [child for child in after if isinstance(child, nodes.footnote)
                 or (isinstance(child, nodes.transition) and "footnotes" in child["classes"])]
        if not notes:
            return
        trailer = next((index for index, child in enumerate(section.children)
                        if isinstance(child, nodes.Element) and child.get(TRAILER)), len(section.children))
        for note in notes:
            self.document.remove(note)
        if trailer and isinstance(section[trailer - 1], nodes.transition) and isinstance(notes[0], nodes.transition):
            notes = notes[1:]  # the report's own rule before them: one rule (docutils refuses two side by side)
        section[trailer:trailer] = notes


def setup_reading(app: Sphinx) -> None:
    app.setup_extension("myst_parser")
    # newsletter-report-read(app, report, doctree): a report was read and checked (report.problems),
    # with its final title and summary; other extensions can add to it or to its page.
    app.add_event("newsletter-report-read")
    app.add_source_parser(ReportParser, override=True)
    app.connect("env-before-read-docs", skip_undecodable_reports)
    app.connect("doctree-read", finish_report)
    app.add_transform(FootnotesInTheReport)
