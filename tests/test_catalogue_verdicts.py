"""What the newsletter lists and when a listing must be written again, with verdicts written by hand: these
reports make this edition in this order, these terms, these neighbours; this change alters that listing's
fingerprint and no other. No site is built; ``make mutation`` mutates the code these tests pin
(``core/catalogue.py``: the edition lists and the rebuild decisions drawn from their fingerprints)."""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata

import pytest

from sphinx_newsletter.core.catalogue import (
    Catalogue,
    Term,
    edition_of_page,
    edition_pagename,
    editions_around,
    report_slug,
    slugify,
    terms_of,
)
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.report import Report
from sphinx_newsletter.core.settings import Section, parse_cycles

CYCLES = parse_cycles([
    {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22", "status": "published"},
    {"name": "essex", "title": "Essex", "start": "2011-09-22"},
])


def blake(text: str) -> str:
    return hashlib.blake2b(unicodedata.normalize("NFKC", text).casefold().encode(), digest_size=4).hexdigest()


@pytest.mark.parametrize(("text", "slug"), [
    ("Zürich Meetup", "zürich-meetup"), ("Design  Summit!", "design-summit"), ("ﬁle", "file"), ("C++", "c"),
    ("index", "index_"), ("Search", "search_"), ("genindex", "genindex_"), ("py-modindex", "py-modindex_"),
    ("indexes", "indexes"), ("snake_case", "snake-case"), ("", "x" + blake("")), ("!!!", "x" + blake("!!!")),
    ("a" * 120, "a" * 120), ("é" * 60, "é" * 60),
])
def test_a_slug(text, slug):
    assert slugify(text) == slug


def test_a_long_slug_is_cut_and_ends_in_a_digest_of_the_whole():
    assert slugify("a" * 121) == "a" * 111 + "_" + blake("a" * 121)
    assert slugify("é" * 61) == "é" * 55 + "_" + blake("é" * 61)  # cut at a whole character: 110 bytes
    assert slugify("a" * 110 + "-" + "b" * 20) == "a" * 110 + "_" + blake("a" * 110 + "-" + "b" * 20)


def test_a_new_report_s_slug_is_short():
    assert report_slug("Back from the summit") == "back-from-the-summit"
    assert report_slug("w" * 79 + " x") == "w" * 79
    assert report_slug("a" * 200) == "a" * 80


def make(name: str, day: int, title: str | None = None, cycle: str | None = "essex", **values) -> Report:
    return Report(f"reports/{cycle}/{name}", cycle=cycle, title=title or name.title(), date=dt.date(2011, 10, day),
                  authors=values.pop("authors", ("Ann",)), **values)


def test_the_terms_of_a_report():
    report = make("a", 1, tags=("nova", "swift"), authors=("Ann", "Bo"), event="Summit")
    assert [terms_of(report, taxonomy) for taxonomy in ("tags", "authors", "events")] == [
        ("nova", "swift"), ("Ann", "Bo"), ("Summit",)]
    assert terms_of(make("b", 1), "events") == ()
    term = Term("tags", "nova", "Nova")
    assert (term.key, term.pagename, term.anchor) == ("tags:nova", "tags/nova", "tags-nova")
    assert edition_pagename("essex") == "editions/essex"


def test_what_is_listed_and_in_which_edition_newest_first():
    blocked = make("blocked", 5)
    blocked.problems.append(Problem(1, W.MISSING_FIELD, "x", "left out"))
    reports = [make("old", 1), make("new", 9), make("same-b", 5, "Beta"), make("same-a", 5, "alpha"),
               make("draft", 7, draft=True), blocked, make("lost", 3, cycle="grizzly"),
               make("early", 1, cycle="diablo")]
    catalogue = Catalogue(reports, CYCLES)
    assert [report.docname for report in catalogue.newest_first] == [
        "reports/essex/new", "reports/essex/same-a", "reports/essex/same-b", "reports/diablo/early",
        "reports/essex/old"]
    assert catalogue.listed == {report.docname for report in catalogue.newest_first}
    assert {name: [report.docname for report in listed] for name, listed in catalogue.editions.items()} == {
        "diablo": ["reports/diablo/early"],
        "essex": ["reports/essex/new", "reports/essex/same-a", "reports/essex/same-b", "reports/essex/old"]}
    preview = Catalogue(reports, CYCLES, show_drafts=True)
    assert "reports/essex/draft" in preview.listed and "reports/essex/draft" not in catalogue.listed
    assert Catalogue([], CYCLES).editions == {"diablo": [], "essex": []}


def test_a_term_is_spelt_as_most_reports_spell_it():
    reports = [make("a", 1, tags=("Design Summit",)), make("b", 2, tags=("design-summit",)),
               make("c", 3, tags=("design summit",)), make("d", 4, tags=("design-summit", "Nova"))]
    catalogue = Catalogue(reports, CYCLES)
    terms = catalogue.terms["tags"]
    assert list(terms) == ["design-summit", "nova"]
    assert terms["design-summit"].label == "design-summit"
    assert [report.docname for report in terms["design-summit"].reports] == [
        "reports/essex/d", "reports/essex/c", "reports/essex/b", "reports/essex/a"]
    tie = Catalogue([make("a", 1, tags=("Nova",)), make("b", 2, tags=("nova",))], CYCLES).terms["tags"]
    assert tie["nova"].label == "Nova"  # a tie goes to the first spelling in sorted order
    assert catalogue.term_for("tags", "DESIGN SUMMIT") is terms["design-summit"]
    assert catalogue.term_for("tags", "missing") is None
    events = Catalogue([make("a", 1, event="Summit"), make("b", 2)], CYCLES).terms["events"]
    assert list(events) == ["summit"] and [report.docname for report in events["summit"].reports] == ["reports/essex/a"]


def test_sections_group_an_edition_in_their_order():
    reports = [make("a", 4, tags=("nova",)), make("b", 3, event="Design Summit"), make("c", 2, tags=("other",)),
               make("d", 1, tags=("Nova", "swift"))]
    sections = (Section("Summit", events=("design-summit",)), Section("Compute", tags=("nova", "swift")),
                Section("Empty", tags=("none",)))
    catalogue = Catalogue(reports, CYCLES, sections=sections)
    assert [(title, [report.docname[-1] for report in members]) for title, members in catalogue.grouped["essex"]] == [
        ("Summit", ["b"]), ("Compute", ["a", "d"]), (None, ["c"])]
    assert [report.docname[-1] for report in catalogue.reading_order["essex"]] == ["b", "a", "d", "c"]
    assert catalogue.neighbours("reports/essex/b") == (None, catalogue.reading_order["essex"][1])
    assert [r.docname[-1] for r in catalogue.neighbours("reports/essex/d")] == ["a", "c"]
    assert catalogue.neighbours("reports/essex/c")[1] is None
    assert catalogue.neighbours("reports/essex/missing") == (None, None)
    assert Catalogue.group([], sections) == []


def test_the_latest_comments_newest_first():
    reports = [make("a", 1, comments=(("c1", "Ann", dt.date(2011, 10, 5), "x"), ("c2", "Bo", dt.date(2011, 10, 7), "y"))),
               make("b", 2, comments=(("c3", "Cy", dt.date(2011, 10, 7), "z"),))]
    catalogue = Catalogue(reports, CYCLES)
    assert [(report.docname, comment[0]) for report, comment in catalogue.latest_comments()] == [
        ("reports/essex/b", "c3"), ("reports/essex/a", "c2"), ("reports/essex/a", "c1")]
    assert [comment[0] for _, comment in catalogue.latest_comments(1)] == ["c3"]
    many = [make(f"r{number}", 1, comments=((f"c{number}", "A", dt.date(2011, 10, 1 + number), "x"),))
            for number in range(12)]
    assert [comment[0] for _, comment in Catalogue(many, CYCLES).latest_comments()] == [
        f"c{number}" for number in range(11, 1, -1)]  # ten by default


BASE = [make("a", 1, tags=("nova",)), make("b", 2, tags=("swift",), event="Summit"), make("c", 3, cycle="diablo")]


def changed_listings(before: list[Report], after: list[Report], sections=()) -> set[str]:
    old = Catalogue(before, CYCLES, sections=sections).fingerprints()
    new = Catalogue(after, CYCLES, sections=sections).fingerprints()
    return {key for key in old.keys() | new.keys() if old.get(key) != new.get(key)}


def test_the_listings_a_build_keeps():
    prints = Catalogue(BASE, CYCLES).fingerprints()
    assert set(prints) == {"edition:diablo", "edition:essex", "pager:reports/essex/b", "pager:reports/essex/a",
                           "pager:reports/diablo/c", "latest-feedback", "archive", "index:tags", "index:authors",
                           "index:events", "tags:nova", "tags:swift", "authors:ann", "events:summit"}
    assert changed_listings(BASE, list(BASE)) == set()


@pytest.mark.parametrize(("change", "listings"), [
    ({"title": "A new title"}, {"edition:essex", "pager:reports/essex/b", "tags:nova", "authors:ann"}),
    ({"summary": "Now a summary"}, {"edition:essex", "tags:nova", "authors:ann"}),
    ({"tags": ("nova", "cinder")}, {"edition:essex", "tags:nova", "authors:ann", "index:tags", "tags:cinder"}),
    ({"feedback_count": 2}, {"edition:essex", "tags:nova", "authors:ann"}),
    ({"location": "Boston"}, {"edition:essex", "tags:nova", "authors:ann"}),
    ({"comments": (("c1", "Bo", dt.date(2011, 10, 4), "Hi"),)}, {"latest-feedback"}),
    ({"date": dt.date(2011, 10, 9)}, {"edition:essex", "pager:reports/essex/a", "pager:reports/essex/b", "tags:nova",
                                      "authors:ann"}),
])
def test_a_change_rewrites_exactly_the_listings_that_show_it(change, listings):
    first, *rest = BASE
    values = {key: getattr(first, key) for key in ("cycle", "title", "authors", "date", "tags")}
    changed = Report(first.docname, **{**values, **change})
    assert changed_listings(BASE, [changed, *rest]) == listings


def test_a_report_added_to_an_edition_rewrites_its_pages_and_the_archive():
    added = make("d", 5, tags=("nova",))
    assert changed_listings(BASE, [*BASE, added]) == {
        "edition:essex", "archive", "pager:reports/essex/b", "pager:reports/essex/d", "tags:nova", "authors:ann",
        "index:tags", "index:authors"}


def test_an_edition_s_state_and_sections_show_on_its_page():
    old = Catalogue(BASE, CYCLES).fingerprints()
    published = parse_cycles([
        {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22", "status": "published"},
        {"name": "essex", "title": "Essex", "start": "2011-09-22", "status": "published", "end": "2012-04-05"}])
    new = Catalogue(BASE, published).fingerprints()
    assert {key for key in old if old[key] != new[key]} == {"edition:essex", "archive"}
    assert changed_listings(BASE, BASE, sections=(Section("Compute", tags=("nova",)),)) == set()
    grouped = Catalogue(BASE, CYCLES, sections=(Section("Compute", tags=("nova",)),)).fingerprints()
    assert {key for key in old if old[key] != grouped[key]} == {"edition:essex", "pager:reports/essex/a",
                                                                "pager:reports/essex/b"}


def test_a_pager_shows_the_reports_just_before_and_after():
    reports = [make("x", 3), make("y", 2), make("z", 1)]  # read newest first: x, y, z
    renamed = [make("x", 3), make("y", 2), make("z", 1, "Z renamed")]
    assert changed_listings(reports, renamed) == {"edition:essex", "pager:reports/essex/y", "authors:ann"}


def test_comments_of_one_report_on_one_day_by_their_id():
    report = make("a", 1, comments=(("c1", "Zed", dt.date(2011, 10, 5), "x"), ("c2", "Amy", dt.date(2011, 10, 5), "y")))
    assert [comment[0] for _, comment in Catalogue([report], CYCLES).latest_comments()] == ["c2", "c1"]


def test_the_editions_around_an_edition_oldest_first():
    three = parse_cycles([{"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22"},
                          {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05"},
                          {"name": "folsom", "title": "Folsom", "start": "2012-04-05"}])
    assert [[cycle and cycle.name for cycle in editions_around(three, name)] for name in three] == [
        [None, "essex"], ["diablo", "folsom"], ["essex", None]]


def test_the_edition_whose_page_a_page_is():
    cycles = ["diablo", "essex"]
    assert edition_of_page(cycles, "editions/essex") == "essex"
    assert edition_of_page(cycles, "editions/diablo") == "diablo"
    assert edition_of_page(cycles, "editions/folsom") is None  # no such cycle
    assert edition_of_page(cycles, "reports/essex/essex") is None  # a report, named as a cycle
    assert edition_of_page(cycles, "essex") is None
    assert edition_of_page(cycles, "editions/index") is None
    assert edition_of_page([], "editions/essex") is None
