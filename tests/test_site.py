"""A small newsletter built for real: editions, front page, archive, indexes, report pages."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from conftest import build_once, html, warnings_of

BOOK = {"html_theme": "sphinx_book_theme",
        "html_sidebars": {"**": ["navbar-logo.html", "search-button-field.html", "sbt-sidebar-nav.html"]}}


@pytest.fixture(scope="module")
def site(pristine):
    return pristine("basic")


@pytest.fixture(scope="module")
def book_site(project_once):
    """The test root built once with the book theme, for the tests that only read it."""
    app, _ = build_once(project_once("basic", "book"), confoverrides=BOOK)
    return app


def card_titles(soup) -> list[str]:
    return [title.get_text(strip=True) for title in soup.select(".nl-card-title a")]


def test_builds_without_warnings(site):
    assert warnings_of(site) == []


def test_edition_page_lists_its_reports_newest_first(site):
    soup = html(site, "editions/gamma")
    assert soup.h1.get_text(strip=True).startswith("Gamma edition")
    assert card_titles(soup) == ["Spring sprint", "Winter conference"]
    assert "In progress" in soup.select_one(".nl-edition-status").get_text()


def test_summary_falls_back_to_first_paragraph(site):
    card = html(site, "editions/alpha").select(".nl-card")[0]
    assert card.select_one(".nl-summary").get_text() == "First paragraph is the summary of the spring meetup."


def test_published_edition_states_its_date(site):
    status = html(site, "editions/alpha").select_one(".nl-edition-status")
    assert "Published" in status.get_text()
    assert status.select_one("time")["datetime"] == "2020-07-02"


def test_front_page_shows_current_edition_and_archive(site):
    soup = html(site, "index")
    assert card_titles(soup) == ["Spring sprint", "Winter conference"]
    rows = [(row.th.a.get_text(), row.select_one(".nl-count").get_text()) for row in soup.select(".nl-archive tbody tr")]
    assert rows == [("Gamma", "2"), ("Beta", "2"), ("Alpha", "2")]
    assert "nl-current" in soup.select(".nl-archive tbody tr")[0]["class"]


def test_drafts_are_not_built_outside_the_preview(site):
    assert "Unfinished notes" not in html(site, "editions/gamma").get_text()
    assert not (site.outdir / "reports/gamma/draft-notes.html").exists()
    assert "1 draft(s) not built (the preview, make livehtml, shows them): reports/gamma/draft-notes.md" \
        in site.status.getvalue()


def test_the_preview_builds_drafts_with_a_banner(project, build):
    app, _ = build(project("basic"), confoverrides={"newsletter_show_drafts": True})
    assert "Draft" in html(app, "reports/gamma/draft-notes").select_one(".nl-banner").get_text()


def test_report_page_has_one_title_and_a_byline(site):
    soup = html(site, "reports/alpha/meetup")
    assert [h1.get_text(strip=True).rstrip("¶") for h1 in soup.find_all("h1")] == ["Spring meetup"]
    assert soup.find("h2").get_text(strip=True).rstrip("¶") == "Talks"
    byline = soup.select_one(".nl-byline")
    assert [a.get_text() for a in byline.select(".nl-author")] == ["Grace Hopper", "Alan Turing"]
    assert byline.select_one(".nl-edition a")["href"] == "../../editions/alpha.html"
    assert byline.select_one(".nl-event a").get_text() == "Spring Meetup"


def test_report_title_comes_from_front_matter(site):
    soup = html(site, "reports/alpha/kickoff")
    assert soup.title.get_text().startswith("Kickoff summit notes")
    assert soup.find("h2").get_text(strip=True).rstrip("¶") == "Compute"


def test_tag_author_event_pages(site):
    tag = html(site, "tags/compute")
    assert card_titles(tag) == ["Spring sprint", "Storage day", "Kickoff summit notes"]
    author = html(site, "authors/grace-hopper")
    assert card_titles(author) == ["Winter conference", "Spring meetup"]
    event = html(site, "events/beta-summit")
    assert card_titles(event) == ["Autumn summit"]


def test_index_pages_count_reports(site):
    tags = html(site, "tags/index")
    counts = {a.get_text(): a.find_next_sibling(class_="nl-count").get_text() for a in tags.select(".nl-index a")}
    assert counts == {"compute": "3", "conference": "1", "meetup": "1", "sprint": "1", "storage": "1",
                      "summit": "2"}
    assert html(site, "authors/index").select(".nl-index a")[0]["href"] == "ada-lovelace.html"


def test_editions_are_in_the_toctree_and_reports_are_not(site):
    env = site.env
    assert "editions/alpha" in env.toctree_includes["editions/index"]
    assert not any(doc.startswith("reports/") for docs in env.toctree_includes.values() for doc in docs)


def test_edition_pages_are_searchable(project, build, book_site):
    """With Pagefind (the default) an edition page is indexed with its edition as a filter; with Sphinx's
    search it is in Sphinx's index."""
    app = book_site
    body = html(app, "editions/beta").select_one("[data-pagefind-body]")
    assert body is not None and body.select_one("[data-pagefind-filter='edition[data-value]']")["data-value"] == "Beta"
    cards = body.select("article.nl-card")  # its reports are found on their own pages, not as its words
    assert cards and [card.get("data-pagefind-ignore") for card in cards] == ["all"] * len(cards)
    assert body.select_one(".nl-subscribe")["data-pagefind-ignore"] == "all"
    assert (app.outdir / "pagefind/pagefind-entry.json").is_file() and not (app.outdir / "searchindex.js").exists()
    app, _ = build(project("basic", "sphinx-search"), confoverrides={**BOOK, "newsletter_search": "sphinx"})
    assert "editions/beta" in (app.outdir / "searchindex.js").read_text()
    assert not (app.outdir / "pagefind").exists()


def test_a_report_is_indexed_for_pagefind_with_its_filters_and_without_its_feedback(book_site, project_once):
    app = book_site
    page = html(app, "reports/alpha/kickoff")
    body = page.select_one("[data-pagefind-body]")
    facets = sorted((mark.get("data-pagefind-filter") or mark["data-pagefind-meta"], mark["data-value"])
                    for mark in body.select("[data-pagefind-filter], [data-pagefind-meta]"))
    assert facets == [("author[data-value]", "Ada Lovelace"), ("date[data-value]", "10 February 2020"),
                      ("edition[data-value]", "Alpha"), ("edition[data-value]", "Alpha"),
                      ("tag[data-value]", "compute"), ("tag[data-value]", "summit")]
    assert body.select_one(".nl-search-words").get_text() == "Ada Lovelace · Alpha Summit · Paris"
    assert body.select_one(".nl-byline")["data-pagefind-ignore"] == "all"
    threaded, _ = build_once(project_once("feedback", "book-feedback"), confoverrides=BOOK)  # test-basic has none
    body = html(threaded, "reports/alpha/summit").select_one("[data-pagefind-body]")
    entries = body.select("article.nl-feedback-entry")
    assert entries and all(entry["data-pagefind-ignore"] == "all" for entry in entries)
    reply = body.find(string=lambda text: "A reply from the file." in text)
    assert reply is not None and reply.find_parent(attrs={"data-pagefind-ignore": "all"}) is not None
    assert page.select_one(".nl-pager")["data-pagefind-ignore"] == "all"


def test_a_failing_pagefind_is_a_typed_warning(project, build, monkeypatch):
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", "/bin/false")
    app, _ = build(project("basic"), confoverrides=BOOK)
    assert any("search: Pagefind failed" in line and "[newsletter.search]" in line for line in warnings_of(app))


def test_book_theme_sidebar_holds_editions_not_reports(project, build):
    app, _ = build(project("basic"), confoverrides={"html_theme": "sphinx_book_theme"})
    for page in ("index", "reports/alpha/kickoff", "editions/beta"):
        sidebar = html(app, page).select_one(".bd-sidebar-primary")
        links = [a["href"] for a in sidebar.select("nav a[href]")]
        assert any(link.endswith("alpha.html") for link in links), page
        assert not any("reports/" in link for link in links), page


def test_card_headings_follow_the_page_outline(site):
    assert html(site, "editions/alpha").select_one(".nl-card-title").name == "h2"  # under the page's h1
    front = html(site, "index")  # the edition's name (h2) leads, its cards under it
    assert front.select_one(".nl-edition-name").name == "h2" and front.select_one(".nl-card-title").name == "h3"


def test_preview_lists_drafts_with_a_badge(project, build):
    app, _ = build(project("basic"), confoverrides={"newsletter_show_drafts": True})
    card = html(app, "editions/gamma").select_one(".nl-card")
    assert card.select_one(".nl-card-title a").get_text() == "Unfinished notes"
    assert card.select_one(".nl-badge").get_text() == "Draft"


def test_without_term_pages_indexes_hold_each_terms_reports(project, build):
    app, _ = build(project("basic"), confoverrides={"newsletter_term_pages": False})
    assert not (app.outdir / "tags/compute.html").exists()
    tags = html(app, "tags/index")
    section = tags.select_one("section#tags-compute")
    assert card_titles(section) == ["Spring sprint", "Storage day", "Kickoff summit notes"]
    card = html(app, "editions/alpha").select(".nl-card")[1]
    assert [a["href"] for a in card.select(".nl-tag")] == ["../tags/index.html#tags-summit",
                                                          "../tags/index.html#tags-compute"]
    assert warnings_of(app) == []


def test_cached_sidebar_navigation_is_the_themes_own(project, build, tmp_path):
    """Rendering the navigation once per folder gives exactly what the theme renders per page."""
    import shutil

    import sphinx_book_theme

    cached, _ = build(project("basic", "cached"), confoverrides=BOOK)
    srcdir = project("basic", "uncached")
    theme_template = (Path(sphinx_book_theme.__file__).parent /
                      "theme/sphinx_book_theme/components/sbt-sidebar-nav.html")
    (srcdir / "_templates").mkdir()
    shutil.copy(theme_template, srcdir / "_templates/sbt-sidebar-nav.html")
    uncached, _ = build(srcdir, confoverrides={**BOOK, "templates_path": ["_templates"]})
    for page in ("reports/alpha/kickoff", "reports/beta/storage-day", "tags/compute", "authors/ada-lovelace",
                 "editions/beta", "index"):
        ours = html(cached, page).select_one("nav.bd-docs-nav")
        toggles = ours.select("details > summary")
        assert toggles and all(summary["aria-label"].startswith("Pages under ") for summary in toggles)
        for summary in toggles:  # the one difference: the theme's toggles have no name
            del summary["aria-label"]
        assert str(ours) == str(html(uncached, page).select_one("nav.bd-docs-nav")), page


def test_extensions_hear_each_report_read(project, build):
    srcdir = project("basic")
    heard = []
    from sphinx.testing.util import SphinxTestApp

    app = SphinxTestApp("html", srcdir=srcdir, freshenv=True)
    app.connect("newsletter-report-read", lambda app, report, doctree: heard.append(
        (report.docname, report.title, doctree["source"].endswith(f"{report.docname}.md"))))
    app.build()
    app.cleanup()
    assert ("reports/alpha/kickoff", "Kickoff summit notes", True) in heard
    from sphinx_newsletter.core.report import is_draft

    assert len(heard) == len([path for path in (srcdir / "reports").rglob("*.md") if not is_draft(path.read_text())])


def search_index(app) -> dict:
    text = (app.outdir / "searchindex.js").read_text(encoding="utf-8")
    return json.loads(text[text.index("(") + 1:text.rindex(")")])


def documents_of(index: dict, term: str) -> set[str]:
    found = index["terms"].get(term, [])
    return {index["docnames"][number] for number in ([found] if isinstance(found, int) else found)}


def test_search_indexes_a_bylines_words_apart_and_not_the_neighbours_in_the_pager(project, build):
    """Sphinx's search (``newsletter_search = "sphinx"``); Pagefind's is tested in the browser."""
    app, _ = build(project("basic"), confoverrides={**BOOK, "newsletter_search": "sphinx"})
    pager = html(app, "reports/alpha/meetup").select_one(".nl-pager")
    assert "Kickoff summit notes" in pager.get_text(" ", strip=True)
    index = search_index(app)
    # the byline's author, place and event are words of their own ("Lovelace", "Paris", "Alpha")
    for term in ("lovelac", "pari", "alpha"):
        assert "reports/alpha/kickoff" in documents_of(index, term), term
    assert not [term for term in index["terms"] if "pari" in term and term != "pari"]
    # the pager's titles are the neighbours' words: the meetup page is no hit for "kickoff"
    assert "reports/alpha/meetup" not in documents_of(index, "kickoff")


def test_theme_components_left_untested_are_on_every_page_as_the_theme_puts_them(project, build, monkeypatch):
    """The theme renders each sidebar and header component once more to see whether it is empty; those
    that never are skip that test, and the pages are the ones the theme makes with the test."""
    from sphinx_newsletter.adapters import theme_sections

    pages = ("index", "reports/alpha/kickoff", "editions/beta", "tags/compute", "authors/ada-lovelace")
    untested, _ = build(project("basic", "untested"), confoverrides=BOOK)
    assert theme_sections.untested_components(untested) == theme_sections.NEVER_EMPTY
    monkeypatch.setattr(theme_sections, "NEVER_EMPTY", frozenset())
    tested, _ = build(project("basic", "tested"), confoverrides=BOOK)
    for page in pages:
        ours = (untested.outdir / f"{page}.html").read_text(encoding="utf-8")
        assert ours == (tested.outdir / f"{page}.html").read_text(encoding="utf-8"), page
        soup = BeautifulSoup(ours, "html.parser")
        for selector in (".article-header-buttons", ".primary-toggle", ".bd-sidebar-primary .navbar-brand",
                         ".bd-sidebar-primary .search-button-field", ".bd-sidebar-primary nav.bd-docs-nav"):
            assert soup.select_one(selector) is not None, (page, selector)


def test_a_component_the_site_overrides_is_tested_as_the_theme_tests_it(project, build):
    from sphinx_newsletter.adapters import theme_sections

    srcdir = project("basic")
    (srcdir / "_templates").mkdir()
    (srcdir / "_templates/search-button-field.html").write_text("{# no search field here #}\n")
    app, _ = build(srcdir, confoverrides={**BOOK, "templates_path": ["_templates"]})
    assert theme_sections.untested_components(app) == theme_sections.NEVER_EMPTY - {"search-button-field.html"}
    sidebar = html(app, "reports/alpha/kickoff").select_one(".bd-sidebar-primary")
    items = sidebar.select(".sidebar-primary-item")
    assert items and all(item.get_text(strip=True) or item.find(True) for item in items)  # no empty item
    assert sidebar.select_one(".search-button-field") is None
    assert sidebar.select_one(".navbar-brand") is not None and sidebar.select_one("nav.bd-docs-nav") is not None


@pytest.mark.parametrize("value", ["elastic", "", "../pagefind"])
def test_a_wrong_search_setting_is_named_and_pagefind_is_kept(project, build, value):
    srcdir = project("basic")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + f"newsletter_search = {value!r}\n")
    app, _ = build(srcdir, confoverrides=BOOK)
    assert any(f"newsletter_search must be 'pagefind' or 'sphinx', not {value!r}" in line
               and "[newsletter.config]" in line for line in warnings_of(app))
    assert (app.outdir / "pagefind/pagefind.js").is_file() and not (app.outdir / "searchindex.js").exists()


def test_footnotes_end_the_report_before_its_feedback_and_pager(sample_site):
    """MyST moves footnotes to the end of the document, after the report's section, where the feedback thread
    and the pager are: readers met "Previous / Next" and the comments before the report's own footnotes."""
    from conftest import sphinx_build

    (sample_site / "reports/folsom/notes.md").write_text(
        "---\ntitle: Notes\nauthor: Jane Doe\ndate: 2012-06-01\n---\n\nText with a note[^1].\n\n## Later\n\n"
        "More[^2].\n\n[^1]: The first note.\n[^2]: The second note.\n", encoding="utf-8")
    (sample_site / "feedback/folsom/notes.yaml").write_text(
        "- author: Ann Reader\n  date: 2012-06-02\n  body: A comment.\n", encoding="utf-8")
    result = sphinx_build(sample_site, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((sample_site / "_build/html/reports/folsom/notes.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article.bd-article")
    order = [element for element in article.find_all(True)
             if {"footnote-list", "nl-feedback", "nl-pager"} & set(element.get("class", []))
             or element.get_text(" ", strip=True).startswith("More")]
    assert [next(iter({"footnote-list", "nl-feedback", "nl-pager"} & set(element.get("class", []))), "text")
            for element in order] == ["text", "footnote-list", "nl-feedback", "nl-pager"], order
    assert [" ".join(note.get_text(" ").split()) for note in article.select("aside.footnote")] == [
        "[ 1 ] The first note.", "[ 2 ] The second note."]


def test_a_rule_that_ends_the_report_before_its_footnotes_is_the_only_one(sample_site):
    """A post that ends with a rule before its footnotes (as kramdown blogs write them) got MyST's rule before
    the footnotes too: two rules side by side, which docutils refuses (an error in the strict build)."""
    from conftest import sphinx_build

    (sample_site / "reports/folsom/notes.md").write_text(
        "---\ntitle: Notes\nauthor: Jane Doe\ndate: 2012-06-01\n---\n\nText with a note[^1].\n\n---\n\n"
        "[^1]: The note.\n", encoding="utf-8")
    result = sphinx_build(sample_site, "-W", "--keep-going")
    assert result.returncode == 0, result.stderr
    page = BeautifulSoup((sample_site / "_build/html/reports/folsom/notes.html").read_text("utf-8"), "html.parser")
    article = page.select_one("article.bd-article")
    assert len(article.select("hr")) == 1 and article.select_one("hr").find_next("aside")["class"] == [
        "footnote-list", "brackets"]
