"""The commands are library functions, usable from Python without the command line: they return what
they did, or raise with the reason and the fix (the command line only prints)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from conftest import copy_sample_site

from sphinx_newsletter.checking import Site
from sphinx_newsletter.importing.blog import ImportRefused, import_blog
from sphinx_newsletter.scaffold import NewRefused, new_report

DATA = Path(__file__).parent / "data/import"


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(copy_sample_site(tmp_path / "site"))


def test_new_report_writes_into_the_edition_of_its_date(site):
    written = new_report(site, "Notes from the PTG", ["Ana Lima"], dt.date(2012, 7, 2), tags=["design-summit", " "])
    assert site.shown(written.path) == "reports/folsom/notes-from-the-ptg.md"
    assert written.cycle.name == "folsom" and written.late_from is None
    text = written.path.read_text()
    assert "author: Ana Lima" in text and "tags: [design-summit]" in text and "date: 2012-07-02" in text


def test_new_report_sends_a_late_report_to_the_edition_in_progress(site):
    written = new_report(site, "A late word", ["Li Wei"], dt.date(2011, 10, 20))
    assert (written.cycle.name, written.late_from.name if written.late_from else None) == ("folsom", "essex")


@pytest.mark.parametrize(("arguments", "message", "code"), [
    ({"cycle_name": "essex"}, "the Essex edition was published on 2012-04-12 and takes no new reports", 2),
    ({"cycle_name": "nowhere"}, "no cycle named 'nowhere'", 2),
    ({"day": dt.date(1999, 1, 1)}, "no cycle covers 1999-01-01", 2),
    ({"authors": []}, "give --author", 2),
    ({"title": "con"}, "a name Windows reserves", 1),
])
def test_new_report_refuses_with_the_reason(site, arguments, message, code):
    given = {"title": "Summit notes", "authors": ["Ana Lima"], "day": dt.date(2012, 7, 2), **arguments}
    with pytest.raises(NewRefused) as refused:
        new_report(site, given.pop("title"), given.pop("authors"), given.pop("day"), **given)
    assert message in str(refused.value) and refused.value.code == code
    assert not list((site.reports_path / "folsom").glob("summit-notes*"))


def test_import_blog_plans_without_writing_on_a_dry_run(site):
    before = sorted(path.relative_to(site.confdir) for path in site.confdir.rglob("*"))
    imported = import_blog(site, "wordpress", DATA / "wordpress.xml", dry_run=True, late=True)
    assert imported.outcome.planned and any(line.startswith("To write:") for line in imported.summary(True))
    assert sorted(path.relative_to(site.confdir) for path in site.confdir.rglob("*")) == before


def test_import_blog_refuses_a_source_it_cannot_read(site, tmp_path):
    (tmp_path / "not.xml").write_text("<rss><channel></channel></rss>")
    with pytest.raises(ImportRefused) as refused:
        import_blog(site, "wordpress", tmp_path / "not.xml")
    assert "not a WordPress export" in str(refused.value) and refused.value.code == 1
