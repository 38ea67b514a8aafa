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
  time: an index of the editions' pages, with the engine, and the reports' by edition (a few small
  editions share one: :func:`edition_groups`), which the search page merges in, newest first, only
  while it needs more results (at most four at a time); a query then fetches the index chunks its
  words need in the indexes it asks. A failure is a
  ``newsletter.search`` warning and the search page tells readers that search is not available.

``newsletter_search = "sphinx"`` keeps Sphinx's own search.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.builders.html import StandaloneHTMLBuilder

from sphinx_newsletter.adapters.config import get_cycles, get_settings
from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.catalogue import edition_of_page
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
                         "newsletter_search_filters": filter_values(app),
                         "newsletter_search_indexes": edition_indexes(app)}, SEARCH_TEMPLATE


def edition_indexes(app: Sphinx) -> list[dict[str, Any]]:
    """The editions' indexes, the newest first, as the search page merges them in: the titles of the
    editions each holds (their filter's values), newest first, and the index's folder in the site."""
    cycles = get_cycles(app.config)
    return [{"editions": [cycles[name].title for name in reversed(names)],
             "path": f"{PAGEFIND_FOLDER}/{EDITION_INDEXES}/{key}/"} for key, names in reversed(edition_groups(app))]


def edition_groups(app: Sphinx) -> list[tuple[str, list[str]]]:
    """The editions' indexes, oldest first, each named for its first edition: an edition's reports, and the
    reports of the editions after it until the index holds ``newsletter_search_index_reports`` (an index
    of each of ten editions of 100 reports made the build 1.11 times as long as without search, indexes of
    500 reports 1.09 times, one index of all 1.10 times). Reports added to the newest edition change the
    newest index alone."""
    held = Counter(report.cycle for report in newsletter_domain(app.env).reports.values())
    return group_editions([(name, held[name]) for name in get_cycles(app.config)],
                          get_settings(app.config).search_index_reports)


def group_editions(editions: list[tuple[str, int]], size: int) -> list[tuple[str, list[str]]]:
    """Editions (name, reports), oldest first, in indexes of ``size`` reports or more (the last one may hold
    fewer), each named for its first edition; an edition without reports is in none."""
    groups: list[tuple[str, list[str]]] = []
    held: list[int] = []
    for name, reports in editions:
        if reports:
            if not held or held[-1] >= size:
                groups.append((name, []))
                held.append(0)
            groups[-1][1].append(name)
            held[-1] += reports
    return groups


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
    """The search page's words, in the site's language ({count} and {query} are filled in by its script). A
    result is a report or an edition's page: both are counted, so the count is of results, not reports."""
    return {"title": _("Search"), "label": _("Search the newsletter"), "submit": _("Search"), "all": _("All"),
            "filters": [("edition", _("Edition")), ("tag", _("Tag")), ("author", _("Author"))],
            "results": _("{count} results"), "one_result": _("One result"),
            "none": _("Nothing found. Try other words, or fewer filters."),
            "unavailable": _("Search is not available on this copy of the site: browse the editions, tags and "
                             "authors instead."),
            "more": _("Show more results"),
            "partial": _("{count} results so far: earlier editions are searched when you ask for more results"),
            "partial_one": _("One result so far: earlier editions are searched when you ask for more results"),
            "partial_none": _("Nothing found in the latest editions: earlier editions are searched when you ask "
                              "for more results"),
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
        name = edition_of_page(cycles, pagename)
        if name is not None:  # an edition's page
            title = cycles[name].title
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
    """Index the site in pieces a reader's browser fetches as it needs them: one Pagefind index of the
    editions' pages (and of any indexed page in no edition), which the search page always loads, with
    Pagefind's engine; and the reports' by edition (``pagefind/editions/<cycle>/``), which the page merges
    in, newest first, only while it needs more results (a word in every one of 10,000 reports cost 658 KB
    in one index: its whole list of pages and places). An index whose pages did not change since it was
    made is kept as it is."""
    if exception is not None or not uses_pagefind(app):
        return
    from pagefind.service import get_executable

    executable = get_executable()
    if executable is None:
        warn("search: Pagefind is not installed, so the site has no search index: install the extension "
             "with its dependencies (pip install sphinx-newsletter) or set newsletter_search = 'sphinx'",
             NewsletterWarning.SEARCH)
        return
    problem = make_indexes(executable, Path(app.outdir), index_plan(app), Path(app.doctreedir, STAMP))
    if problem is not None:
        warn(f"search: {problem}; the search page says search is not available", NewsletterWarning.SEARCH)


def make_indexes(executable: Path | str, out: Path, plan: dict[str, list[str]], stamp: Path) -> str | None:
    """Make each index of ``plan`` (:func:`index_plan`) whose pages changed since ``stamp`` recorded them,
    keep the others, and put them in place together: what went wrong, or None (the last indexes then stay
    whole)."""
    fresh, farm, current = out / f"{PAGEFIND_FOLDER}.new", out / f"{PAGEFIND_FOLDER}.pages", out / PAGEFIND_FOLDER
    for left_over in (fresh, farm):  # the last index stays whole until this one is (its chunks are named
        shutil.rmtree(left_over, ignore_errors=True)  # by their content)
    made = _read_stamp(stamp)
    reads = {key: what_pagefind_reads(_command(executable, farm, fresh, key), out, key, pages)
             for key, pages in plan.items()}
    if current.is_dir() and not current.is_symlink() and made == reads:
        return None  # no page it indexes, and not the index, changed since it made this one
    stamp.unlink(missing_ok=True)
    anew = []
    try:
        for key, pages in plan.items():
            if made.get(key) == reads[key]:  # the index, as made (its entry file is in the digest)
                _copy_index(current / _subfolder(key), fresh / _subfolder(key))
            else:
                _link_pages(out, pages, farm / (key or "_"))
                anew.append(key)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:  # Pagefind writes no file of another's
            problems = list(pool.map(lambda key: _pagefind(_command(executable, farm, fresh, key),
                                                           fresh / _subfolder(key)), anew))
    except OSError as error:  # a page or a kept index gone while it was read (another process)
        problems = [f"Pagefind's pages could not be gathered ({error})"]
    finally:
        shutil.rmtree(farm, ignore_errors=True)
    problem = next((problem for problem in problems if problem is not None), None)
    if problem is not None:
        shutil.rmtree(fresh, ignore_errors=True)
        return problem
    for key in anew:
        if key:
            _keep_index_files(fresh / _subfolder(key))
    if current.is_symlink() or current.is_file():  # the link itself replaced, never what it points to
        current.unlink()
    elif current.is_dir():
        shutil.rmtree(current)
    fresh.rename(current)
    stamp.write_text(json.dumps({key: what_pagefind_reads(_command(executable, farm, fresh, key), out, key, pages)
                                 for key, pages in plan.items()}), encoding="utf-8")
    return None


STAMP = "newsletter-pagefind.json"
"""In the doctree folder: what Pagefind read when it made each index now in the output."""
EDITION_INDEXES = "editions"
"""Where each edition's index goes in the index folder (``pagefind/editions/<cycle>/``: a cycle's name is
never one of Pagefind's own folders)."""
INDEX_FILES = ("pagefind-entry.json", "index", "fragment", "filter")
"""What an edition's index needs beside its ``.pf_meta``: the engine comes from the index of the editions'
pages, so the copy of it Pagefind writes with each is removed."""


def index_plan(app: Sphinx) -> dict[str, list[str]]:
    """The pages of each index, as paths in the output: ``""`` (the editions' pages, and every indexed page
    in no edition) first, then the editions' indexes (:func:`edition_groups`), oldest first."""
    out = Path(app.outdir)
    folders = sorted({get_settings(app.config).reports_dir, "editions"})
    builder = app.builder
    assert isinstance(builder, StandaloneHTMLBuilder)  # the HTML builders, which Pagefind indexes
    groups = edition_groups(app)
    index_of = {name: key for key, names in groups for name in names}
    index_of_page = {}
    for docname, report in newsletter_domain(app.env).reports.items():
        if report.cycle in index_of:
            index_of_page[Path(builder.get_outfilename(docname)).relative_to(out).as_posix()] = index_of[report.cycle]
    plan: dict[str, list[str]] = {"": []}
    plan.update((key, []) for key, _names in groups)
    for folder in folders:
        for page in sorted((out / folder).rglob("*.html")):
            if page.is_file() and not page.is_symlink():
                path = page.relative_to(out).as_posix()
                plan[index_of_page.get(path, "")].append(path)
    return plan


def _subfolder(key: str) -> str:
    return f"{EDITION_INDEXES}/{key}" if key else ""


def _command(executable: Path | str, farm: Path, fresh: Path, key: str) -> list[str]:
    return [str(executable), "--site", str(farm / (key or "_")), "--output-path", str(fresh / _subfolder(key)),
            *PAGEFIND_OPTIONS]


def _read_stamp(stamp: Path) -> dict[str, str]:
    try:
        made = json.loads(stamp.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError):
        return {}
    return made if isinstance(made, dict) else {}


def _link_pages(out: Path, pages: list[str], folder: Path) -> None:
    """The index's pages where Pagefind reads them (at their places in the output, so that their addresses
    are the site's), linked, or copied where a link cannot be made."""
    for page in pages:
        target = folder / page
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(out / page, target)
        except OSError:
            shutil.copyfile(out / page, target)


def _copy_index(source: Path, target: Path) -> None:
    """An index kept as it was made (linked into the new index folder; the editions' indexes in the
    folder of the editions' pages' are each kept or made again on their own)."""
    shutil.copytree(source, target, copy_function=os.link,
                    ignore=lambda folder, names: [EDITION_INDEXES] if Path(folder) == source else [])


def _keep_index_files(folder: Path) -> None:
    for path in folder.iterdir():
        if path.name not in INDEX_FILES and path.suffix != ".pf_meta":
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def _pagefind(command: list[str], target: Path) -> str | None:
    """Run Pagefind, bounded in time: what went wrong, or None."""
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT, check=False)
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"Pagefind did not index the site ({error})"
    if result.returncode != 0 or not (target / "pagefind-entry.json").is_file():
        detail = " ".join((result.stderr or result.stdout).split())[:300]
        return f"Pagefind failed ({detail})"
    return None


def what_pagefind_reads(command: list[str], outdir: Path, key: str, pages: list[str]) -> str:
    """A digest of everything an index depends on: the command (Pagefind's path, where it reads and
    writes), Pagefind's file, each page it indexes (path, size, time of change) and the index itself as
    it was made (its entry files, and whether its folder is a folder of the output and no link). A build
    that writes, adds or removes no such page runs no Pagefind for that index: a no-op rebuild of 1,000
    reports spent 1.5 s of its 2.4 s indexing the same pages again."""
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
    folder = index / _subfolder(key)
    for path in (index, folder, folder / "pagefind-entry.json", *([] if key else [index / "pagefind.js"])):
        add(path)
    for page in pages:
        add(outdir / page)
    return digest.hexdigest()


def setup_search(app: Sphinx) -> None:
    app.connect("builder-inited", leave_sphinx_search_out)
    app.connect("html-collect-pages", search_page)
    app.connect("html-page-context", mark_report)
    app.connect("build-finished", run_pagefind, priority=990)  # after the stale pages are removed (950)
