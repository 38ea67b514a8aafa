"""Search that scales: Pagefind's static index, which a query fetches in pieces.

Sphinx's search downloads its whole index before it answers: 2.2 MB for the 668 issues of a real weekly
newsletter, about 30 MB at 10,000 reports, on a phone. With ``newsletter_search = "pagefind"`` (the
default), the HTML builders (``html``, ``dirhtml``; the preview and the publish tree build with them):

- write no Sphinx search index (``upstream.without_sphinx_search``) and a search page of the
  extension's own (``theme_templates/newsletter-search.html``, ``static/newsletter-search.js``): results
  with their title, edition, date and excerpt, filters by edition, tag and author;
- mark each report's page for Pagefind (``theme_templates/page.html``): its text is what is indexed
  (not its byline, reader feedback or pager), its edition, tags and authors are filters and
  its edition and date what a result shows;
- run Pagefind (the ``pagefind[bin]`` package) over the output when the build has finished, bounded in
  time; a query then fetches the index chunks its words need. A failure is a ``newsletter.search``
  warning and the search page tells readers that search is not available.

``newsletter_search = "sphinx"`` keeps Sphinx's own search.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes

from sphinx_newsletter.adapters.config import get_cycles, get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.catalogue import edition_pagename
from sphinx_newsletter.core.problems import NewsletterWarning
from sphinx_newsletter.i18n import _, long_date
from sphinx_newsletter.upstream import without_sphinx_search
from sphinx_newsletter.warnings_ import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

PAGEFIND_FOLDER = "pagefind"
"""Where the index goes in the output (``pagefind/pagefind.js`` and its chunks)."""
SEARCH_TEMPLATE = "newsletter-search.html"
PAGEFIND_BUILDERS = frozenset({"html", "dirhtml"})
PAGEFIND_OPTIONS = ("--exclude-selectors", ".headerlink", "--silent")
"""How Pagefind reads the pages (a newer extension that reads them otherwise makes a new index)."""
TIMEOUT = 900
"""Seconds Pagefind may take (10,000 reports index in well under a minute)."""


def uses_pagefind(app: Sphinx) -> bool:
    return app.builder is not None and app.builder.name in PAGEFIND_BUILDERS and (
        get_settings(app.config).search == "pagefind")


def leave_sphinx_search_out(app: Sphinx) -> None:
    if uses_pagefind(app):
        without_sphinx_search(app.builder)


def search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if uses_pagefind(app):
        yield "search", {"title": _("Search"), "newsletter_pagefind_folder": PAGEFIND_FOLDER,
                         "newsletter_search_words": search_words(),
                         "newsletter_search_filters": filter_values(app)}, SEARCH_TEMPLATE


def filter_values(app: Sphinx) -> dict[str, list[str]]:
    """The values of each filter, as the reports' pages give them to the index: the search page lists
    them itself, so that Pagefind fetches a filter's chunks only when a reader uses it (asking Pagefind
    for every value fetched them all on each visit: 10 KB at 1,000 reports, growing with the tags and
    authors)."""
    cycles = get_cycles(app.config)
    reports = newsletter_domain(app.env).reports.values()
    present = {report.cycle for report in reports}
    editions = [cycle.title for name, cycle in cycles.items() if name in present]
    tags = {tag for report in reports for tag in report.tags}
    authors = {author for report in reports for author in report.authors}
    return {"edition": editions[::-1], "tag": sorted(tags, key=str.casefold),
            "author": sorted(authors, key=str.casefold)}


def search_words() -> dict[str, Any]:
    """The search page's words, in the site's language ({count} and {query} are filled in by its script)."""
    return {"title": _("Search"), "label": _("Search the newsletter"), "submit": _("Search"), "all": _("All"),
            "filters": [("edition", _("Edition")), ("tag", _("Tag")), ("author", _("Author"))],
            "results": _("{count} reports found"), "one_result": _("One report found"),
            "none": _("No report found. Try other words, or fewer filters."),
            "unavailable": _("Search is not available on this copy of the site: browse the editions, tags and "
                             "authors instead."),
            "more": _("Show more results"),
            "noscript": _("Search needs JavaScript; the archive and the tag, author and event pages list every "
                          "report.")}


def mark_report(app: Sphinx, pagename: str, templatename: str, context: dict[str, Any],
                doctree: nodes.document | None) -> None:
    """What Pagefind reads from a report's page (and an edition's): its filters, the result's fields, and
    the byline's words (its authors, event and place: the visible byline is left out of the index, so
    that excerpts show the report's text)."""
    if not uses_pagefind(app):
        return
    cycles = get_cycles(app.config)
    report = newsletter_domain(app.env).reports.get(pagename)
    if report is None:
        title = next((cycle.title for name, cycle in cycles.items() if edition_pagename(name) == pagename), None)
        if title is not None:  # an edition's page
            context["newsletter_pagefind"] = {"filters": [("edition", title)], "meta": [("edition", title)],
                                              "words": ""}
        return
    cycle = cycles.get(report.cycle or "")
    edition = cycle.title if cycle is not None else ""
    filters = [("edition", edition)] if edition else []
    filters += [("tag", tag) for tag in report.tags] + [("author", author) for author in report.authors]
    meta = [("edition", edition)] if edition else []
    if report.date is not None:  # as the site's pages write it, in the site's language
        meta.append(("date", long_date(report.date, app.config.language)))
    words = " · ".join(part for part in (*report.authors, report.event, report.location) if part)
    context["newsletter_pagefind"] = {"filters": filters, "meta": meta, "words": words}


def run_pagefind(app: Sphinx, exception: Exception | None) -> None:
    if exception is not None or not uses_pagefind(app):
        return
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        warn("search: Pagefind is not installed, so the site has no search index: install the extension "
             "with its dependencies (pip install sphinx-newsletter) or set newsletter_search = 'sphinx'",
             NewsletterWarning.SEARCH)
        return
    fresh = Path(app.outdir, f"{PAGEFIND_FOLDER}.new")  # the last index stays whole until this one is
    shutil.rmtree(fresh, ignore_errors=True)                # (its chunks are named by their content)
    folders = sorted({get_settings(app.config).reports_dir, "editions"})  # the only pages it indexes
    command = [str(executable), "--site", str(app.outdir), "--output-subdir", fresh.name,
               "--glob", f"{{{','.join(folders)}}}/**/*.html", *PAGEFIND_OPTIONS]
    current = Path(app.outdir, PAGEFIND_FOLDER)
    stamp = Path(app.doctreedir, STAMP)
    read = what_pagefind_reads(command, Path(app.outdir), folders)
    if stamp.is_file() and stamp.read_bytes() == read.encode():
        return  # no page it indexes, and not the index, changed since it made this one
    stamp.unlink(missing_ok=True)
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        warn(f"search: Pagefind did not index the site ({error}); the search page says search is not available",
             NewsletterWarning.SEARCH)
        return
    if result.returncode != 0 or not (fresh / "pagefind.js").is_file():
        detail = " ".join((result.stderr or result.stdout).split())[:300]
        warn(f"search: Pagefind failed ({detail}); the search page says search is not available",
             NewsletterWarning.SEARCH)
        shutil.rmtree(fresh, ignore_errors=True)
        return
    if current.is_symlink() or current.is_file():  # the link itself replaced, never what it points to
        current.unlink()
    elif current.is_dir():
        shutil.rmtree(current)
    fresh.rename(current)
    stamp.write_bytes(what_pagefind_reads(command, Path(app.outdir), folders).encode())


STAMP = "newsletter-pagefind.txt"
"""In the doctree folder: what Pagefind read when it made the index now in the output."""


def what_pagefind_reads(command: list[str], outdir: Path, folders: list[str]) -> str:
    """A digest of everything an index depends on: the command (Pagefind's path, the output, the pages it
    indexes), Pagefind's file, each page it indexes (path, size, time of change) and the index itself as
    it was made (its entry files, and whether it is a folder of the output and no link). A build that
    writes, adds or removes no such page runs no Pagefind: a no-op rebuild of 1,000 reports spent 1.5 s
    of its 2.4 s indexing the same pages again."""
    digest = hashlib.sha256(repr(command).encode())

    def add(path: Path) -> None:
        try:
            state = path.lstat()
        except OSError:
            digest.update(f"{path}\0missing\n".encode())
            return
        digest.update(f"{path}\0{state.st_mode}\0{state.st_size}\0{state.st_mtime_ns}\n".encode())

    add(Path(command[0]))
    index = outdir / PAGEFIND_FOLDER
    for path in (index, index / "pagefind.js", index / "pagefind-entry.json"):
        add(path)
    for folder in folders:
        for page in sorted((outdir / folder).rglob("*.html")):
            add(page)
    return digest.hexdigest()


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", leave_sphinx_search_out)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", mark_report)
    app.connect("build-finished", run_pagefind, priority=990)  # after the stale pages are removed (950)
