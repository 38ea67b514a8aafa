"""Search with Pagefind, with verdicts written by hand: this report's page gives Pagefind these filters and
these fields, the search page lists these values, a Pagefind that fails leaves this warning and the last index
whole. One small site is built once on the real theme, in this process; each test then calls the search code it
pins itself, so that ``make mutation`` can mutate ``publishing/search.py``."""

from __future__ import annotations

import json
import os
import shutil
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
newsletter_search_index_reports = 1
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
         "results": "{count} results", "one_result": "One result",
         "none": "Nothing found. Try other words, or fewer filters.",
         "unavailable": "Search is not available on this copy of the site: browse the editions, tags and authors "
                        "instead.",
         "more": "Show more results",
         "partial": "{count} results so far: earlier editions are searched when you ask for more results",
         "partial_one": "One result so far: earlier editions are searched when you ask for more results",
         "partial_none": "Nothing found in the latest editions: earlier editions are searched when you ask for "
                         "more results",
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
        "newsletter_search_filters": search.filter_values(app),
        "newsletter_search_indexes": [{"editions": ["Beta"], "path": "pagefind/editions/beta/"},
                                      {"editions": ["Alpha"], "path": "pagefind/editions/alpha/"}]},
        "newsletter-search.html")]  # the newest edition first; Gamma has no report, so no index
    assert search.search_words() == WORDS


def test_editions_share_an_index_until_it_holds_the_reports_the_site_asks(app, monkeypatch):
    settings = app.config._newsletter_settings
    domain = newsletter_domain(app.env)
    for size, groups in [(1, [("alpha", ["alpha"]), ("beta", ["beta"])]), (2, [("alpha", ["alpha"]), ("beta", ["beta"])]),
                         (3, [("alpha", ["alpha", "beta"])]), (500, [("alpha", ["alpha", "beta"])])]:
        monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, search_index_reports=size))
        assert search.edition_groups(app) == groups, size  # Alpha holds two reports, Beta one, Gamma none
    assert search.edition_indexes(app) == [{"editions": ["Beta", "Alpha"], "path": "pagefind/editions/alpha/"}]
    assert search.index_plan(app) == {
        "": ["editions/alpha.html", "editions/beta.html", "editions/gamma.html", "editions/index.html"],
        "alpha": ["trips/alpha/meetup.html", "trips/alpha/summit.html", "trips/beta/gamma.html"]}
    gamma = replace(domain.reports["trips/beta/gamma"], cycle="gamma")
    monkeypatch.setitem(domain.reports, "trips/beta/gamma", gamma)  # Beta empty, Gamma with one report
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, search_index_reports=2))
    assert search.edition_groups(app) == [("alpha", ["alpha"]), ("gamma", ["gamma"])]
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, search_index_reports=3))
    assert search.edition_groups(app) == [("alpha", ["alpha", "gamma"])]


def test_each_edition_has_an_index_of_its_reports_and_the_editions_pages_one_of_their_own(app):
    assert search.index_plan(app) == {
        "": ["editions/alpha.html", "editions/beta.html", "editions/gamma.html", "editions/index.html"],
        "alpha": ["trips/alpha/meetup.html", "trips/alpha/summit.html"], "beta": ["trips/beta/gamma.html"]}


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


def fragments(folder: Path) -> int:
    return len(list((folder / "fragment").iterdir()))


@pytest.mark.parametrize("group", [[("a", 1), ("b", 1), ("c", 1), ("d", 0), ("e", 3), ("f", 1)]])
def test_editions_are_grouped_oldest_first_until_an_index_holds_enough_reports(group):
    assert search.group_editions(group, 2) == [("a", ["a", "b"]), ("c", ["c", "e"]), ("f", ["f"])]
    assert search.group_editions(group, 1) == [("a", ["a"]), ("b", ["b"]), ("c", ["c"]), ("e", ["e"]), ("f", ["f"])]
    assert search.group_editions(group, 3) == [("a", ["a", "b", "c"]), ("e", ["e"]), ("f", ["f"])]
    assert search.group_editions(group, 4) == [("a", ["a", "b", "c", "e"]), ("f", ["f"])]
    assert search.group_editions(group, 500) == [("a", ["a", "b", "c", "e", "f"])]
    assert search.group_editions([("d", 0)], 1) == [] and search.group_editions([], 1) == []


def test_a_page_that_is_a_link_is_not_indexed(app, tmp_path):
    out = Path(app.outdir)
    elsewhere = tmp_path / "elsewhere.html"
    elsewhere.write_text("<html><body><main>Not the site's.</main></body></html>", encoding="utf-8")
    link = out / "editions/linked.html"
    link.symlink_to(elsewhere)
    (out / "editions/folder.html").mkdir()
    try:
        assert search.index_plan(app)[""] == [
            "editions/alpha.html", "editions/beta.html", "editions/gamma.html", "editions/index.html"]
    finally:
        link.unlink()
        (out / "editions/folder.html").rmdir()


def test_where_a_page_cannot_be_linked_for_pagefind_it_is_copied(app, monkeypatch):
    def refuse(source, target):
        raise OSError(18, "Invalid cross-device link")

    page = Path(app.outdir) / "trips/alpha/summit.html"
    written = page.read_bytes()
    monkeypatch.setattr(search.os, "link", refuse)
    monkeypatch.setattr(search.shutil, "copytree", lambda *args, **options: pytest.fail("no index is kept"))
    (Path(app.doctreedir) / search.STAMP).unlink(missing_ok=True)
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    folder = index_folder(app)
    assert (fragments(folder), fragments(folder / "editions/alpha"), fragments(folder / "editions/beta")) == (3, 2, 1)
    assert page.stat().st_nlink == 1 and page.read_bytes() == written


def test_pagefind_indexes_the_reports_and_editions_pages(app):
    folder = index_folder(app)
    assert (folder / "pagefind.js").is_file()
    os.utime(folder / "pagefind.js", ns=(1, 1))
    (Path(app.doctreedir) / search.STAMP).unlink()  # every index made again, here
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    assert (folder / "pagefind.js").stat().st_mtime_ns != 1  # a new index
    assert not (Path(app.outdir) / "pagefind.new").exists() and not (Path(app.outdir) / "pagefind.pages").exists()
    assert fragments(folder) == 3  # the three editions' pages
    assert (fragments(folder / "editions/alpha"), fragments(folder / "editions/beta")) == (2, 1)
    assert sorted(path.name for path in (folder / "editions").iterdir()) == ["alpha", "beta"]
    kept = sorted(path.name for path in (folder / "editions/alpha").iterdir())
    assert kept[:4] == ["filter", "fragment", "index", "pagefind-entry.json"] and len(kept) == 5
    assert kept[4].startswith("pagefind.en_") and kept[4].endswith(".pf_meta")  # no second copy of the engine
    assert all((folder / "editions/alpha" / name).is_dir() for name in ("filter", "fragment", "index"))
    assert (folder / "pagefind-ui.js").is_file() and (folder / "wasm.en.pagefind").is_file()  # the engine's here


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
    failing.write_text("#!/bin/sh\nmkdir -p \"$4\"\ntouch \"$4/partial\"\necho 'some   error\n  on two lines' >&2\n"
                       "exit 3\n", encoding="utf-8")  # it began an index (--site PAGES --output-path NEW)
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


def test_a_page_gone_while_pagefind_reads_leaves_a_warning_and_the_last_indexes_whole(app, monkeypatch):
    def gone(out, pages, folder):
        raise FileNotFoundError(2, "No such file or directory", str(out / pages[0]))

    (Path(app.doctreedir) / search.STAMP).unlink(missing_ok=True)
    monkeypatch.setattr(search, "_link_pages", gone)
    told = warnings_during(app, lambda: search.run_pagefind(app, None))
    assert told == [f"WARNING: search: Pagefind's pages could not be gathered ([Errno 2] No such file or directory: "
                    f"'{app.outdir}/editions/alpha.html'); the search page says search is not available "
                    "[newsletter.search]"]
    assert (index_folder(app) / "editions/alpha/pagefind-entry.json").is_file()
    assert not (Path(app.outdir) / "pagefind.new").exists() and not (Path(app.outdir) / "pagefind.pages").exists()


def test_pagefind_is_told_which_pages_to_index_and_for_how_long(app, monkeypatch):
    import pagefind.service

    out = Path(app.outdir)
    heard = []
    real = search.subprocess.run

    def run(command, **options):
        site = Path(command[2])
        heard.append((command, options, sorted(path.relative_to(site).as_posix() for path in site.rglob("*.html"))))
        return real(command, **options)

    (Path(app.doctreedir) / search.STAMP).unlink(missing_ok=True)
    monkeypatch.setattr(search.subprocess, "run", run)
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    executable = str(pagefind.service.get_executable())
    options = {"capture_output": True, "text": True, "timeout": 900, "check": False}
    assert sorted(heard) == [  # run side by side, each writing into a folder of its own
        ([executable, "--site", f"{out}/pagefind.pages/_", "--output-path", f"{out}/pagefind.new",
          "--exclude-selectors", ".headerlink", "--silent"], options,
         ["editions/alpha.html", "editions/beta.html", "editions/gamma.html", "editions/index.html"]),
        ([executable, "--site", f"{out}/pagefind.pages/alpha", "--output-path", f"{out}/pagefind.new/editions/alpha",
          "--exclude-selectors", ".headerlink", "--silent"], options,
         ["trips/alpha/meetup.html", "trips/alpha/summit.html"]),
        ([executable, "--site", f"{out}/pagefind.pages/beta", "--output-path", f"{out}/pagefind.new/editions/beta",
          "--exclude-selectors", ".headerlink", "--silent"], options, ["trips/beta/gamma.html"])]
    page = out / "trips/alpha/summit.html"
    linked = Path(out / "pagefind.pages/alpha/trips/alpha/summit.html")
    assert not linked.exists() and page.stat().st_nlink == 1  # the pages Pagefind read are gone, the site's kept

    def timeout(command, **options):
        raise search.subprocess.TimeoutExpired(command, options["timeout"])

    monkeypatch.setattr(pagefind.service, "get_executable", lambda: Path("/opt/pagefind"))
    monkeypatch.setattr(search.subprocess, "run", timeout)
    told = warnings_during(app, lambda: search.run_pagefind(app, None))
    assert told == ["WARNING: search: Pagefind did not index the site (Command '['/opt/pagefind', '--site', "
                    f"'{out}/pagefind.pages/_', '--output-path', '{out}/pagefind.new', "
                    "'--exclude-selectors', '.headerlink', '--silent']' timed out after 900 seconds); the search page "
                    "says search is not available [newsletter.search]"]
    assert (index_folder(app) / "editions/alpha/pagefind-entry.json").is_file()  # the last index kept whole
    assert not (out / "pagefind.new").exists() and not (out / "pagefind.pages").exists()


def test_an_edition_whose_pages_did_not_change_keeps_its_index(app, monkeypatch):
    """An edit of one report indexes its edition's reports again, not the site's 10,000."""
    out = Path(app.outdir)
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    runs = []
    real = search.subprocess.run

    def counted(command, **options):
        runs.append(Path(command[2]).name)
        return real(command, **options)

    monkeypatch.setattr(search.subprocess, "run", counted)
    beta = (index_folder(app) / "editions/beta/pagefind-entry.json").stat()
    page = out / "trips/alpha/summit.html"
    os.utime(page, ns=(page.stat().st_atime_ns, page.stat().st_mtime_ns + 1))
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    assert runs == ["alpha"]
    kept = (index_folder(app) / "editions/beta/pagefind-entry.json").stat()
    assert (kept.st_ino, kept.st_mtime_ns) == (beta.st_ino, beta.st_mtime_ns)  # the same file, linked
    assert (fragments(index_folder(app)), fragments(index_folder(app) / "editions/alpha"),
            fragments(index_folder(app) / "editions/beta")) == (3, 2, 1)
    edition = out / "editions/beta.html"
    os.utime(edition, ns=(edition.stat().st_atime_ns, edition.stat().st_mtime_ns + 1))
    assert warnings_during(app, lambda: search.run_pagefind(app, None)) == []
    assert runs == ["alpha", "_"]
    assert sorted(path.name for path in (index_folder(app) / "editions").iterdir()) == ["alpha", "beta"]


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

    def indexed(out: Path) -> list[int]:
        return [fragments(out / "pagefind"), fragments(out / "pagefind/editions/alpha"),
                fragments(out / "pagefind/editions/beta")]

    out = build()
    assert indexed(out) == [3, 2, 1]
    made = (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns
    folder = (out / "pagefind").stat().st_ino
    out = build()  # nothing changed: the index is the one made, its folder not even made again
    assert (out / "pagefind/pagefind-entry.json").stat().st_mtime_ns == made
    assert (out / "pagefind").stat().st_ino == folder
    (srcdir / "trips/beta/gamma.md").unlink()
    out = build()
    assert not (out / "trips/beta/gamma.html").exists()
    assert fragments(out / "pagefind") == 3 and fragments(out / "pagefind/editions/alpha") == 2
    assert not (out / "pagefind/editions/beta").exists()  # the removed report was Beta's only one


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
    for name in ("pagefind.js", "pagefind-entry.json", "editions/beta/pagefind-entry.json"):
        os.utime(index_folder(app) / name, ns=(1, 1))
        assert (ran(), ran()) == (1, 0)  # the index changed since it was made: that index alone made again
    import pagefind.service

    real_pagefind = pagefind.service.get_executable()
    wrapper = Path(app.doctreedir).parent / "pagefind-wrapper"
    wrapper.write_text(f'#!/bin/sh\nexec "{real_pagefind}" "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    monkeypatch.setattr(pagefind.service, "get_executable", lambda: wrapper)
    assert (ran(), ran()) == (3, 0)  # another Pagefind: every index
    os.utime(wrapper, ns=(1, 1))
    assert (ran(), ran()) == (3, 0)  # the same Pagefind's file, changed (an upgrade)
    monkeypatch.setattr(search, "PAGEFIND_OPTIONS", ("--exclude-selectors", ".headerlink, .nl-extra", "--silent"))
    assert (ran(), ran()) == (3, 0)  # Pagefind told to read the pages otherwise
    (Path(app.doctreedir) / search.STAMP).unlink()
    assert (ran(), ran()) == (3, 0)  # no record of what it read
    (Path(app.doctreedir) / search.STAMP).write_text("[1, 2]", encoding="utf-8")
    assert (ran(), ran()) == (3, 0)  # a record that is not one
    shutil.rmtree(index_folder(app) / "editions/alpha")
    assert (ran(), ran()) == (1, 0)  # an index gone
    (Path(app.outdir) / "pagefind.new").mkdir()
    assert ran() == 0 and not (Path(app.outdir) / "pagefind.new").exists()  # a left-over unfinished index goes
    (Path(app.outdir) / "pagefind.pages").mkdir()
    assert ran() == 0 and not (Path(app.outdir) / "pagefind.pages").exists()  # and the pages it was reading


def test_the_search_page_names_each_editions_index_in_an_attribute_that_holds(app):
    from bs4 import BeautifulSoup
    from conftest import html

    form = html(app, "search").select_one("form.nl-search")
    assert json.loads(form["data-indexes"]) == search.edition_indexes(app)
    assert form["data-partial"] == WORDS["partial"]
    template = app.builder.templates.environment.from_string(
        "<form data-indexes='{{ indexes|tojson }}'></form>")  # the search page's way of writing it
    title = "Bob's \"<b>\" </form><script>alert(1)</script> &amp;"
    written = template.render(indexes=[{"edition": title, "path": "pagefind/editions/bob/"}])
    assert "<script>" not in written and "'s" not in written
    parsed = BeautifulSoup(written, "html.parser").select_one("form")["data-indexes"]
    assert json.loads(parsed) == [{"edition": title, "path": "pagefind/editions/bob/"}]
