"""Reading reports as the build reads them, without a build: ``newsletter check``'s one reading.

:class:`SiteReader` starts the site's own Sphinx once (its ``conf.py``, its extensions, its MyST and
its theme's HTML translator), with a scratch output folder, and puts only the given documents through
the builder's own steps: Sphinx's reading (the newsletter's parser, every directive, role, option,
transform and collector the site has), then resolving and translating each page to HTML, where the
output policy speaks. Nothing is written but scratch files, and no page is templated. Every warning
logged while a document is read or translated is kept with its file and line: what the strict build
(``sphinx-build -W``) would fail on for those files, by construction.

A page the given documents link to (a markdown link to another page, with or without an anchor, a
``{doc}`` role, a report's list of pages) is read too, without telling its problems, so that the link
resolves as in the build, which reads every page; so are the pages those pages' toctrees hold, as far
down as they go (a list of pages shows their sections and toctrees). Two things a check of some pages
cannot know are left to the build: a cross-reference to a label on a page it did not read, and warnings
that need every page (duplicates and the like are the core's ``editorial.site.check_site``).
"""

from __future__ import annotations

import concurrent.futures
import contextlib
import gc
import io
import logging
import multiprocessing
import os
import re
import tempfile
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.addnodes import pending_xref
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.environment import BuildEnvironment
from sphinx.environment.collectors import EnvironmentCollector
from sphinx.util import docname_join
from sphinx.util import logging as sphinx_logging
from sphinx.util.docutils import docutils_namespace, patch_docutils

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.adapters.garbage_collector import collector_enabled, loading
from sphinx_newsletter.adapters.pages import stubs_changed
from sphinx_newsletter.adapters.render import KEEP_COMPILED
from sphinx_newsletter.core.paths import page_name
from sphinx_newsletter.core.problems import NewsletterWarning, OtherWarning, Problem
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.safety.structure import page_contents
from sphinx_newsletter.upstream import read_documents, translate_document
from sphinx_newsletter.warnings_ import PROBLEM, WARNING_TYPE, Location


@dataclass
class Read:
    """What reading some documents found: problems by absolute file path (the documents, their feedback
    files, the parts they include), and for each document the report it is (or ``None``) and the files
    its reading looked at (for the check's cache)."""

    problems: list[tuple[str, Problem]] = field(default_factory=list)
    reports: dict[str, Report | None] = field(default_factory=dict)
    files: dict[str, set[str]] = field(default_factory=dict)


class _Kept(logging.Handler):
    """Keeps the warnings, ahead of Sphinx's own handlers (which rewrite a record's message)."""

    def __init__(self, env: BuildEnvironment) -> None:
        super().__init__(logging.WARNING)
        self.env = env
        self.found: list[tuple[str, Problem]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.found.append(problem_of(record, self.location(getattr(record, "location", None))))

    def location(self, location: Location | Path) -> str:
        """``path:line`` (or ``path``) of a warning's location, as Sphinx shows it."""
        if isinstance(location, tuple):
            docname, line = location
            return (f"{self.env.doc2path(docname)}:{line}" if line else str(self.env.doc2path(docname))) if docname else ""
        if isinstance(location, nodes.Node):
            return sphinx_logging.get_node_location(location) or ""
        if location and ":" not in str(location):
            return str(self.env.doc2path(str(location)))
        return str(location or "")


_TOLD = re.compile(r"^(?:.*?: )?(?:WARNING|ERROR|CRITICAL): (?P<message>.*?)(?: \[[\w.-]+\])*$", re.S)
"""A record a worker of a parallel read sent back: Sphinx wrote its location, level and type into its
message (``sphinx.util.logging.convert_serializable``)."""


def problem_of(record: logging.LogRecord, location: str) -> tuple[str, Problem]:
    """The file a warning is about (``""`` when it names none) and the problem it tells."""
    path, _, line = location.rpartition(":")
    if not line.isdigit():
        path, line = location, "0"
    told = getattr(record, PROBLEM, None)
    if told is not None:
        return path, told
    message = record.getMessage()
    if type(record) is not logging.LogRecord and not record.args:  # made a Sphinx record before
        matched = _TOLD.match(message)
        message = matched["message"] if matched else message
    kind, subtype = getattr(record, "type", None) or "", getattr(record, "subtype", None) or ""
    if kind == WARNING_TYPE:
        try:
            return path, Problem(int(line), NewsletterWarning(subtype), message)
        except ValueError:
            pass
    return path, Problem(int(line), OtherWarning(kind, subtype), message, error=record.levelno >= logging.ERROR)


def resolved(env: BuildEnvironment, docname: str, app: Sphinx) -> nodes.document:
    """The document with references resolved, as the builder writes it (``tags`` since Sphinx 8.2)."""
    try:
        doctree: nodes.document = env.get_and_resolve_doctree(docname, app.builder, tags=app.tags)
    except TypeError:
        doctree = env.get_and_resolve_doctree(docname, app.builder)
    return doctree


LINKS = "newsletter_linked_pages"
"""The environment's attribute holding, by document, the names of the pages it links to (check only)."""


def linked_pages(env: BuildEnvironment) -> dict[str, set[str]]:
    links: dict[str, set[str]] = env.__dict__.setdefault(LINKS, {})
    return links


class LinkedPages(EnvironmentCollector):
    """The names of the pages each document links to (MyST's links to a page, ``{doc}`` roles, and any
    reference whose target names a page), collected as it is read, in a worker too."""

    def clear_doc(self, app: Sphinx, env: BuildEnvironment, docname: str) -> None:
        linked_pages(env).pop(docname, None)

    def merge_other(self, app: Sphinx, env: BuildEnvironment, docnames: AbstractSet[str],
                    other: BuildEnvironment) -> None:
        theirs = linked_pages(other)
        linked_pages(env).update({docname: theirs[docname] for docname in docnames if docname in theirs})

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        docname = app.env.current_document.docname
        targets = set()
        for reference in doctree.findall(pending_xref):
            target, domain = str(reference.get("reftarget") or ""), reference.get("refdomain")
            if not target:
                continue
            if domain == "doc":  # MyST's link to a page of the site: its name
                targets.add(target)
            elif domain == "std" and reference.get("reftype") == "doc":  # {doc}: from the page's folder, or /
                targets.add(docname_join(docname, target))
            elif not domain:  # MyST's other links: a file not there, a label, or a page by its name
                targets |= {target.lstrip("/"), docname_join(docname, target)}
        for contents in doctree.findall(page_contents):  # a report's toctree, shown in its page
            targets.update(contents.get("includefiles", ()))
        linked_pages(app.env)[docname] = targets


class SiteReader:
    """The site's Sphinx, started once (the collector paused while it loads: ``garbage_collector.loading``);
    :meth:`read` reads documents through it. Close it (or use it as a context manager): the garbage
    collector is left as it was found. ``keep_compiled``: whether the templates Jinja compiles are kept in
    the user's cache (a check without its cache keeps none)."""

    def __init__(self, confdir: Path, parallel: int = 1, keep_compiled: bool = True) -> None:
        self._collector = (collector_enabled(), gc.get_threshold())
        self._scratch = tempfile.TemporaryDirectory(prefix="newsletter-check-")
        scratch = Path(self._scratch.name)
        self._contexts = contextlib.ExitStack()  # as sphinx-build: docutils' tables are restored after
        self._contexts.enter_context(patch_docutils(confdir))
        self._contexts.enter_context(docutils_namespace())
        with loading():
            self.app = Sphinx(confdir, confdir, scratch / "html", scratch / "doctrees", "html", status=None,
                              warning=io.StringIO(), freshenv=True, keep_going=True, parallel=parallel,
                              confoverrides={"newsletter_show_drafts": True})  # a draft is checked as the preview reads it
        self._keep_compiled = KEEP_COMPILED.set(keep_compiled)
        self.app.add_env_collector(LinkedPages)
        self.app.connect("warn-missing-reference", self._label_elsewhere)
        self._found = False

    def __enter__(self) -> SiteReader:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        KEEP_COMPILED.reset(self._keep_compiled)
        gc.unfreeze()  # the newsletter's own collector pause froze what Sphinx loaded
        enabled, thresholds = self._collector
        gc.set_threshold(*thresholds)
        (gc.enable if enabled else gc.disable)()
        self._contexts.close()
        self._scratch.cleanup()

    @staticmethod
    def _label_elsewhere(app: Sphinx, domain: Domain, node: pending_xref) -> bool | None:
        """A label may be on a page this reading did not read: the build says whether it is anywhere. A
        reference to a page is told as the build tells it (the site's files are all known)."""
        if node.get("reftype") == "doc":
            return None
        return True

    def _find(self) -> None:
        """Sphinx found the site's files as it started; again only when the stub pages changed since."""
        if not self._found:
            if stubs_changed(self.app.env):
                self.app.env.find_files(self.app.config, self.app.builder)
            self._found = True

    def read(self, docnames: list[str]) -> Read:
        """Read and translate ``docnames`` (documents of the site) as the build does."""
        self._find()
        app, env = self.app, self.app.env
        kept = _Kept(env)
        logger = logging.getLogger(sphinx_logging.NAMESPACE)
        logger.handlers.insert(0, kept)
        found = Read()
        try:
            wanted = [docname for docname in docnames if docname in env.found_docs]
            app.events.emit("env-before-read-docs", env, wanted)  # as Builder.read: our handlers may drop one
            processes = app.parallel if len(wanted) > 5 else 1
            read_documents(app.builder, wanted, processes)
            self._read_linked(wanted, kept)
            app.builder.prepare_writing(set(wanted))
            if processes > 1 and "fork" in multiprocessing.get_all_start_methods():
                global _FORKED  # the workers are forked: they inherit the reader (Sphinx cannot be pickled)
                _FORKED = (self, kept)
                context = multiprocessing.get_context("fork")
                try:
                    with concurrent.futures.ProcessPoolExecutor(processes, mp_context=context) as pool:
                        parts = list(pool.map(_translate_chunk, [wanted[start::processes]
                                                                 for start in range(processes)]))
                finally:
                    _FORKED = None
            else:
                parts = [self._translate(wanted, kept)]
        finally:
            logger.removeHandler(kept)
        found.problems = kept.found
        for problems, files in parts:
            found.problems += problems
            found.files.update(files)
        domain = newsletter_domain(env)
        for docname in wanted:
            found.reports[docname] = domain.reports.get(docname)
        return found

    def _read_linked(self, docnames: list[str], kept: _Kept) -> None:
        """Read the site's pages that ``docnames`` link to and that are not read yet (their own problems
        are not told: the check is of ``docnames``)."""
        app, env = self.app, self.app.env
        logger = logging.getLogger(sphinx_logging.NAMESPACE)
        logger.removeHandler(kept)
        try:  # a page read may hold toctrees: what they name is read next, until none is left unread
            while pages := sorted({page for docname in docnames for page in self._linked_closure(docname)}
                                  & env.found_docs - env.all_docs.keys()):
                app.events.emit("env-before-read-docs", env, pages)
                read_documents(app.builder, pages, app.parallel if len(pages) > 5 else 1)
        finally:
            logger.handlers.insert(0, kept)

    def _translate(self, docnames: list[str], kept: _Kept) -> tuple[list[tuple[str, Problem]], dict[str, set[str]]]:
        """Resolve and translate each page: the problems that told, and the files each page looked at."""
        before = len(kept.found)
        files = {}
        for docname in docnames:
            doctree = resolved(self.app.env, docname, self.app)
            translate_document(self.app.builder, docname, doctree)
            files[docname] = self._files_of(docname, doctree)
        told = kept.found[before:]
        del kept.found[before:]
        return told, files

    def _files_of(self, docname: str, doctree: nodes.document) -> set[str]:
        """The files reading ``docname`` looked at besides itself: its dependencies (parts it includes,
        its feedback file, its edition's record), images and downloads, found or not."""
        env = self.app.env
        srcdir = Path(env.srcdir)
        files = {os.path.normpath(srcdir / dependency) for dependency in env.dependencies.get(docname, ())}
        for image in doctree.findall(nodes.image):
            for candidate in (image.get("candidates") or {}).values():
                if "://" not in candidate:
                    files.add(os.path.normpath(srcdir / candidate))
        suffixes = tuple(self.app.config.source_suffix)
        for target in self._linked_closure(docname):  # the pages it links to, there or not (yet)
            page = target if (name := page_name(target, suffixes)) is None else name
            if page in env.found_docs:
                files.add(os.path.normpath(env.doc2path(page)))
            else:
                files |= {os.path.normpath(srcdir / f"{page}{suffix}") for suffix in suffixes}
        for download in doctree.findall(addnodes.download_reference):
            target = download.get("reftarget")
            if target and "://" not in target:
                files.add(os.path.normpath(env.relfn2path(target, docname)[1]))
        return files

    def _linked_closure(self, docname: str) -> set[str]:
        """The pages ``docname`` links to, and the pages their toctrees hold, as far down as they are read."""
        env = self.app.env
        found = set(linked_pages(env).get(docname, ()))
        new = set(found)
        while new:
            new = {child for page in new for child in env.toctree_includes.get(page, ())} - found
            found |= new
        return found


_FORKED: tuple[SiteReader, _Kept] | None = None


def _translate_chunk(docnames: list[str]) -> tuple[list[tuple[str, Problem]], dict[str, set[str]]]:
    if _FORKED is None:  # only the forked workers of SiteReader.read run this
        raise RuntimeError("a translation worker started without the reader it was forked from")
    reader, kept = _FORKED
    return reader._translate(docnames, kept)
