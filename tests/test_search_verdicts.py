"""Search with Pagefind, with verdicts written by hand: this report's page gives Pagefind these filters and
these fields, the search page lists these values, a Pagefind that fails leaves this warning and the last index
whole. One small site is built once on the real theme, in this process; each test then calls the search code it
pins itself, so that ``make mutation`` can mutate ``publishing/search.py``."""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import build_here, warnings_during, write_sources
from sphinx.application import Sphinx

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.publishing import search

SOURCES = {
    "conf.py": """\
extensions = ["sphinx_newsletter"]
project = "Found"
html_theme = "sphinx_book_theme"
newsletter_reports_dir = "trips"
newsletter_offline = False
newsletter_cycles = [{"name": "alpha", "title": "Alpha", "start": "2020-01-01", "end": "2020-06-01"},
                     {"name": "beta", "title": "Beta", "start": "2020-06-01"},
                     {"name": "gamma", "title": "Gamma", "start": "2021-01-01"}]
""",
    "index.rst": "Found\n=====\n\nWelcome.\n",
    "trips/alpha/summit.md": "---\ntitle: Summit\nauthor: [émile, Ann]\ndate: 2020-02-01\nevent: PyCon US\n"
                             "location: Pittsburgh\ntags: [summit, Design]\n---\n\nThe summit was long.\n",
    "trips/alpha/meetup.md": "---\ntitle: Meetup\nauthor: bo\ndate: 2020-03-01\ntags: [apple]\n---\n\nA meetup.\n",
    "trips/beta/gamma.md": "---\ntitle: Gamma\nauthor: Cy\ndate: 2020-07-01\n---\n\nGamma text.\n",
}
WORDS = {"title": "Search", "label": "Search the newsletter", "submit": "Search", "all": "All",
         "filters": [("edition", "Edition"), ("tag", "Tag"), ("author", "Author")],
         "results": "{count} reports found", "one_result": "One report found",
         "none": "No report found. Try other words, or fewer filters.",
         "unavailable": "Search is not available on this copy of the site: browse the editions, tags and authors "
                        "instead.",
         "more": "Show more results",
         "noscript": "Search needs JavaScript; the archive and the tag, author and event pages list every report."}


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Sphinx:
    folder = tmp_path_factory.mktemp("search")
    built, _warnings = build_here(write_sources(folder / "site", SOURCES), folder)
    assert built.statuscode == 0
    return built


def test_pagefind_is_the_html_builders_search_unless_the_site_keeps_sphinxs(app, monkeypatch):
    assert search.uses_pagefind(app)
    monkeypatch.setattr(app.builder, "name", "dirhtml")
    assert search.uses_pagefind(app)
    for name in ("singlehtml", "epub", "latex"):
        monkeypatch.setattr(app.builder, "name", name)
        assert not search.uses_pagefind(app)
    monkeypatch.setattr(app.builder, "name", "html")
    settings = app.config._newsletter_settings
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, search="sphinx"))
    assert not search.uses_pagefind(app)
    assert list(search.search_page(app)) == []
    monkeypatch.setattr(app.builder, "search", True)
    search.leave_sphinx_search_out(app)
    assert app.builder.search is True
    monkeypatch.setattr(app.config, "_newsletter_settings", settings)
    search.leave_sphinx_search_out(app)
    assert app.builder.search is False
    monkeypatch.setattr(app, "builder", None)
    assert not search.uses_pagefind(app)


def test_the_search_page_lists_each_filters_values(app):
    assert search.filter_values(app) == {"edition": ["Beta", "Alpha"], "tag": ["apple", "Design", "summit"],
                                         "author": ["Ann", "bo", "Cy", "émile"]}
    assert list(search.search_page(app)) == [("search", {
        "title": "Search", "newsletter_pagefind_folder": "pagefind", "newsletter_search_words": WORDS,
        "newsletter_search_filters": search.filter_values(app)}, "newsletter-search.html")]
    assert search.search_words() == WORDS


def marks(app, pagename):
    context: dict = {}
    search.mark_report(app, pagename, "page.html", context, None)
    return context.get("newsletter_pagefind")


def test_a_reports_page_gives_pagefind_its_filters_fields_and_byline(app):
    assert marks(app, "trips/alpha/summit") == {
        "filters": [("edition", "Alpha"), ("tag", "summit"), ("tag", "Design"), ("author", "émile"), ("author", "Ann")],
        "meta": [("edition", "Alpha"), ("date", "1 February 2020")],
        "words": "émile · Ann · PyCon US · Pittsburgh"}
    assert marks(app, "trips/beta/gamma") == {"filters": [("edition", "Beta"), ("author", "Cy")],
                                               "meta": [("edition", "Beta"), ("date", "1 July 2020")], "words": "Cy"}
    assert marks(app, "editions/alpha") == {"filters": [("edition", "Alpha")], "meta": [("edition", "Alpha")],
                                            "words": ""}
    assert marks(app, "index") is None and marks(app, "tags/summit") is None


def test_a_report_without_an_edition_or_a_date_gives_neither(app, monkeypatch):
    reports = newsletter_domain(app.env).reports
    gamma = reports["trips/beta/gamma"]
    monkeypatch.setitem(reports, "trips/old/x", replace(gamma, cycle="old", date=None, authors=(), event="E"))
    assert marks(app, "trips/old/x") == {"filters": [], "meta": [], "words": "E"}
    monkeypatch.setitem(reports, "trips/none/x", replace(gamma, cycle=None))
    assert marks(app, "trips/none/x") == {"filters": [("author", "Cy")], "meta": [("date", "1 July 2020")],
                                          "words": "Cy"}


def test_no_marks_without_pagefind(app, monkeypatch):
    monkeypatch.setattr(app.builder, "name", "singlehtml")
    assert marks(app, "trips/alpha/summit") is None


def index_folder(app) -> Path:
    return Path(app.outdir) / "pagefind"


def test_pagefind_indexes_the_reports_and_editions_pages(app):
    folder = index_folder(app)
    assert (folder / "pagefind.js").is_file()
    os.utime(folder / "pagefind.js", ns=(1, 1))
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    assert (folder / "pagefind.js").stat().st_mtime_ns != 1  # a new index
    assert not (Path(app.outdir) / "pagefind.new").exists()
    pages = sorted(path.name for path in (folder / "fragment").iterdir())
    assert len(pages) == 3 + 3  # the three reports and the three editions' pages, nothing else


def test_a_failed_build_or_another_search_runs_no_pagefind(app, monkeypatch):
    folder = index_folder(app)
    os.utime(folder / "pagefind.js", ns=(1, 1))
    search.run_pagefind(app, RuntimeError("failed"))
    monkeypatch.setattr(app.builder, "name", "epub")
    search.run_pagefind(app, None)
    assert (folder / "pagefind.js").stat().st_mtime_ns == 1


def test_without_pagefind_the_site_is_told_how_to_get_it(app, monkeypatch):
    import pagefind.service

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: None)
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == [
        "WARNING: search: Pagefind is not installed, so the site has no search index: install the extension with its "
        "dependencies (pip install sphinx-newsletter) or set newsletter_search = 'sphinx' [newsletter.search]"]
    assert (index_folder(app) / "pagefind.js").is_file()


def test_a_pagefind_that_fails_leaves_the_last_index_whole(app, monkeypatch, tmp_path):
    import pagefind.service

    failing = tmp_path / "pagefind"
    failing.write_text("#!/bin/sh\nmkdir -p \"$2/$4\"\ntouch \"$2/$4/partial\"\necho 'some   error\n  on two lines' >&2\n"
                       "exit 3\n", encoding="utf-8")  # it began an index (--site OUT --output-subdir NEW)
    failing.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: failing)
    (Path(app.outdir) / "pagefind.new").mkdir()
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == [
        "WARNING: search: Pagefind failed (some error on two lines); the search page says search is not available "
        "[newsletter.search]"]
    assert (index_folder(app) / "pagefind.js").is_file()
    assert not (Path(app.outdir) / "pagefind.new").exists()
    failing.write_text("#!/bin/sh\necho " + "x" * 400 + "\n", encoding="utf-8")  # exits 0, writes no index
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == [
        f"WARNING: search: Pagefind failed ({'x' * 300}); the search page says search is not available "
        "[newsletter.search]"]
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: tmp_path / "missing")
    told = warnings_during(app, lambda: search.run_pagefind(app, None))
    assert len(told) == 1 and told[0].startswith("WARNING: search: Pagefind did not index the site ([Errno 2] ")
    assert told[0].endswith("); the search page says search is not available [newsletter.search]")


def test_pagefind_is_told_which_pages_to_index_and_for_how_long(app, monkeypatch):
    import pagefind.service

    heard = {}

    def run(command, **options):
        heard.update(command=command, options=options)
        raise search.subprocess.TimeoutExpired(command, options["timeout"])

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: Path("/opt/pagefind"))
    monkeypatch.setattr(search.subprocess, "run", run)
    told = warnings_during(app, lambda: search.run_pagefind(app, None))
    assert heard == {"command": ["/opt/pagefind", "--site", str(app.outdir), "--output-subdir", "pagefind.new",
                                 "--glob", "{editions,trips}/**/*.html", "--exclude-selectors", ".headerlink",
                                 "--silent"],
                     "options": {"capture_output": True, "text": True, "timeout": 900, "check": False}}
    assert told == ["WARNING: search: Pagefind did not index the site (Command '['/opt/pagefind', '--site', "
                    f"'{app.outdir}', '--output-subdir', 'pagefind.new', '--glob', '{{editions,trips}}/**/*.html', "
                    "'--exclude-selectors', '.headerlink', '--silent']' timed out after 900 seconds); the search page "
                    "says search is not available [newsletter.search]"]


def test_an_index_folder_that_is_a_link_is_replaced_not_followed(app, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("kept", encoding="utf-8")
    folder = index_folder(app)
    backup = tmp_path / "backup"
    folder.rename(backup)
    folder.symlink_to(elsewhere, target_is_directory=True)
    try:
        assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
        assert (elsewhere / "keep.txt").read_text(encoding="utf-8") == "kept"
        assert not folder.is_symlink() and (folder / "pagefind.js").is_file()
    finally:
        if folder.is_symlink():
            folder.unlink()
            backup.rename(folder)


def test_an_index_path_that_is_a_file_is_replaced(app, tmp_path):
    folder = index_folder(app)
    backup = tmp_path / "backup"
    folder.rename(backup)
    folder.write_text("not an index", encoding="utf-8")
    try:
        assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
        assert (folder / "pagefind.js").is_file()
    finally:
        if folder.is_file():
            folder.unlink()
            backup.rename(folder)


def test_a_left_over_unfinished_index_is_removed_first(app):
    unfinished = Path(app.outdir) / "pagefind.new"
    unfinished.mkdir()
    (unfinished / "stale.txt").write_text("from a run that was stopped", encoding="utf-8")
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    assert not (index_folder(app) / "stale.txt").exists() and not unfinished.exists()


def test_a_results_date_is_written_in_the_sites_language(app, monkeypatch):
    monkeypatch.setattr(app.config, "language", "fr")
    assert marks(app, "trips/alpha/summit")["meta"] == [("edition", "Alpha"), ("date", "1 février 2020")]


def test_the_index_is_made_after_the_pages_of_removed_reports_are_gone(tmp_path):
    srcdir = write_sources(tmp_path / "site", SOURCES)

    def build() -> Path:
        return Path(build_here(srcdir, tmp_path, fresh=False)[0].outdir)

    out = build()
    assert len(list((out / "pagefind/fragment").iterdir())) == 6
    made = (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns
    out = build()  # nothing changed: the index is the one made
    assert (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns == made
    (srcdir / "trips/beta/gamma.md").unlink()
    out = build()
    assert not (out / "trips/beta/gamma.html").exists()
    assert len(list((out / "pagefind/fragment").iterdir())) == 5  # the removed report is not in the index


def test_pagefind_runs_again_only_when_what_it_reads_changed(app, monkeypatch):
    """A no-op rebuild of 1,000 reports spent 1.5 s of its 2.4 s indexing the same pages again."""
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []  # an index, and what it read
    runs = []
    real = search.subprocess.run

    def counted(command, **options):
        runs.append(command)
        return real(command, **options)

    monkeypatch.setattr(search.subprocess, "run", counted)
    out = Path(app.outdir)

    def ran() -> int:
        before = len(runs)
        assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
        return len(runs) - before

    assert ran() == 0  # nothing changed
    page = out / "trips/alpha/summit.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1))  # the page written again
    assert (ran(), ran()) == (1, 0)
    extra = out / "editions/extra.html"
    extra.write_text("<html><body><main>Extra words.</main></body></html>", encoding="utf-8")
    assert (ran(), ran()) == (1, 0)  # a page added
    extra.unlink()
    assert (ran(), ran()) == (1, 0)  # a page removed
    other = out / "other.html"
    other.write_text("<html><body>Not indexed.</body></html>", encoding="utf-8")
    assert ran() == 0  # a page Pagefind does not read
    other.unlink()
    for name in ("pagefind.js", "pagefind-entry.json"):
        os.utime(index_folder(app) / name, ns=(1, 1))
        assert (ran(), ran()) == (1, 0)  # the index changed since it was made
    import pagefind.service

    real_pagefind = pagefind.service.get_executable()
    wrapper = Path(app.doctreedir).parent / "pagefind-wrapper"
    wrapper.write_text(f'#!/bin/sh\nexec "{real_pagefind}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: wrapper)
    assert (ran(), ran()) == (1, 0)  # another Pagefind
    os.utime(wrapper, ns=(1, 1))
    assert (ran(), ran()) == (1, 0)  # the same Pagefind's file, changed (an upgrade)
    monkeypatch.setattr(search, "PAGEFIND_OPTIONS", ("--exclude-selectors", ".headerlink, .nl-extra", "--silent"))
    assert (ran(), ran()) == (1, 0)  # Pagefind told to read the pages otherwise
    (Path(app.doctreedir) / search.STAMP).unlink()
    assert (ran(), ran()) == (1, 0)  # no record of what it read
    (Path(app.outdir) / "pagefind.new").mkdir()
    assert ran() == 0 and not (Path(app.outdir) / "pagefind.new").exists()  # a left-over unfinished index goes
