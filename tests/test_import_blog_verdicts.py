"""``import_blog`` (``importing/blog.py``), the import as a library call, with verdicts written by hand: this
source is read by that reader, these steps are told, nothing is written on a dry run, this refusal comes
with this message and exit status. Run on the repository's own small exports and the sample site, in this
process (``make mutation`` runs, for a mutant, the tests that ran its code)."""

from __future__ import annotations

import base64
import datetime as dt
import sys
from pathlib import Path

import pytest
from conftest import copy_sample_site

from sphinx_newsletter.checking import Site
from sphinx_newsletter.core.paths import UnsafeFile
from sphinx_newsletter.importing import blog, writer
from sphinx_newsletter.importing.blog import ImportRefused, import_blog

DATA = Path(__file__).parent / "data/import"
PNG = base64.b64decode("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")


@pytest.fixture
def site(tmp_path) -> Site:
    return Site(copy_sample_site(tmp_path / "site"))


def files(site: Site) -> list[str]:
    return sorted(path.relative_to(site.confdir).as_posix() for path in site.confdir.rglob("*") if path.is_file())


def refusal(site: Site, *args, **options) -> tuple[str, int]:
    with pytest.raises(ImportRefused) as refused:
        import_blog(site, *args, **options)
    return str(refused.value), refused.value.code


@pytest.mark.parametrize(("kind", "origin", "reader", "first"), [
    ("wordpress", "wordpress.xml", "wordpress", "reports/folsom/linuxtag-booth.md (new, 3 comment(s) in linuxtag-booth.yaml)"),
    ("jekyll", "jekyll", "jekyll", "reports/folsom/meetup-notes.md (new, 1 comment(s) in meetup-notes.yaml)"),
    ("hugo", "hugo", "hugo", "reports/folsom/quantum-hackday.md (new)"),
    ("hugo", "jekyll", "jekyll", "reports/folsom/meetup-notes.md (new, 1 comment(s) in meetup-notes.yaml)"),
    ("ablog", "ablog", "ablog", "reports/folsom/design-summit.md (new)"),
])
def test_each_kind_is_read_by_its_reader_and_a_dry_run_writes_nothing(site, kind, origin, reader, first):
    before = files(site)
    told: list[str] = []
    imported = import_blog(site, kind, DATA / origin, dry_run=True, progress=told.append)
    assert imported.source.kind == reader  # Jekyll and Hugo share a reader: the folder says which it is
    assert told == [f"Read 2 post(s) from {DATA / origin}; checking them…"]
    assert len(imported.outcome.planned) == 2
    summary = imported.summary(True)
    assert summary[1:3] == ["To write:", f"  {first}"]
    assert summary[0].startswith("2 report(s) would be written, 0 unchanged, 0 kept as they are; ")
    assert files(site) == before


def test_an_import_writes_its_reports_and_says_so_in_the_past(site):
    before = files(site)
    imported = import_blog(site, "wordpress", DATA / "wordpress.xml")
    written = sorted(set(files(site)) - set(before))
    assert "reports/folsom/linuxtag-booth.md" in written and "feedback/folsom/linuxtag-booth.yaml" in written
    assert imported.summary(False)[0].startswith("2 report(s) written, 0 unchanged")


def test_the_readers_are_given_the_drafts_choice_and_the_blogs_address(site, monkeypatch):
    from sphinx_newsletter.importing import ablog, staticsite, wordpress

    heard = []
    for module, name in ((wordpress, "read_wordpress"), (staticsite, "read_static_site"), (ablog, "read_ablog")):
        real = getattr(module, name)
        monkeypatch.setattr(module, name, lambda origin, drafts, base, real=real, name=name: (
            heard.append((name, drafts, base)), real(origin, drafts, base))[1])
    for kind, origin in (("wordpress", "wordpress.xml"), ("jekyll", "jekyll"), ("ablog", "ablog")):
        import_blog(site, kind, DATA / origin, dry_run=True, unpublished_as_drafts=True,
                    base_url="https://blog.example.org/")
        import_blog(site, kind, DATA / origin, dry_run=True)
    assert heard == [("read_wordpress", True, "https://blog.example.org/"), ("read_wordpress", False, None),
                     ("read_static_site", True, "https://blog.example.org/"), ("read_static_site", False, None),
                     ("read_ablog", True, "https://blog.example.org/"), ("read_ablog", False, None)]


def test_the_plan_is_given_the_sites_checks_and_the_date_options(site, monkeypatch):
    heard = []
    real = writer.plan

    def plan(site_, source, check, since, late):
        heard.append((since, late, check({"reports/folsom/t.md": "---\ntitle: T\nauthor: A\ndate: 2012-02-30\n---\n\n"
                                                                 "Text.\n"}, {}),
                      check({"reports/folsom/p.md": "---\ntitle: P\nauthor: A\ndate: 2012-05-01\n---\n\n![p](p/p.png)\n"},
                            {"reports/folsom/p/p.png": PNG})))  # a picture the import copies: found
        return real(site_, source, check, since, late)

    monkeypatch.setattr(writer, "plan", plan)
    imported = import_blog(site, "wordpress", DATA / "wordpress.xml", dry_run=True, since=dt.date(2030, 1, 1),
                           late=True)
    [(since, late, problems, pictured)] = heard
    assert (since, late) == (dt.date(2030, 1, 1), True)
    assert [(problem.line, problem.subtype.value) for problem in problems["reports/folsom/t.md"]] == [(4, "bad_value")]
    assert pictured == {}
    assert imported.outcome.planned == []  # every post is older than --since
    import_blog(site, "wordpress", DATA / "wordpress.xml", dry_run=True, since=dt.date(2030, 1, 1))
    assert heard[-1][:2] == (dt.date(2030, 1, 1), False)  # not late unless asked


def test_disqus_comments_are_read_and_matched_to_the_reports(site):
    told: list[str] = []
    imported = import_blog(site, "disqus", DATA / "disqus/export.xml", dry_run=True, progress=told.append)
    assert told == [f"Read 4 comment(s) on 3 page(s) from {DATA / 'disqus/export.xml'}; matching them to reports…"]
    assert imported.summary(True)[1] == "Skipped (3):"  # no report was imported from that blog yet


def test_a_site_whose_configuration_is_wrong_imports_nothing(site, monkeypatch):
    monkeypatch.setattr(site, "config_problems", ["newsletter_cycles: the cycles overlap", "language: unknown"])
    assert refusal(site, "wordpress", DATA / "wordpress.xml") == (
        "fix conf.py first: newsletter_cycles: the cycles overlap; language: unknown", 1)


@pytest.mark.parametrize("address", ["ftp://blog.example.org/", "blog.example.org", "javascript:alert(1)"])
def test_the_blogs_address_must_be_a_web_address(site, address):
    assert refusal(site, "wordpress", DATA / "wordpress.xml", base_url=address) == (
        "--base-url must be an http or https address", 2)


@pytest.mark.parametrize("module", ["dateutil", "defusedxml", "markdownify"])
def test_a_missing_import_dependency_names_the_extra_to_install(site, monkeypatch, module):
    monkeypatch.setitem(sys.modules, module, None)
    assert refusal(site, "wordpress", DATA / "wordpress.xml") == (
        f"{module} is missing: pip install 'sphinx-newsletter[import]'", 2)


@pytest.mark.parametrize("kind", ["wordpress", "disqus"])
def test_a_source_that_cannot_be_read_is_named(site, tmp_path, kind):
    (tmp_path / "not.xml").write_text("<rss><channel></channel></rss>", encoding="utf-8")
    message, code = refusal(site, kind, tmp_path / "not.xml")
    assert message.startswith(f"{tmp_path / 'not.xml'}: ") and code == 1
    assert ("not a WordPress export" if kind == "wordpress" else "not a Disqus export") in message


def test_a_plan_that_cannot_be_made_is_told(site, monkeypatch):
    def plan(*args):
        raise ValueError("no free file name for x in reports/folsom")

    monkeypatch.setattr(writer, "plan", plan)
    assert refusal(site, "wordpress", DATA / "wordpress.xml") == ("no free file name for x in reports/folsom", 1)


def test_a_refused_plan_writes_nothing_and_says_why(site, monkeypatch):
    before = files(site)
    monkeypatch.setattr(writer, "plan", lambda *args: writer.Outcome(refusal="2 post(s) are dated in published editions"))
    assert refusal(site, "wordpress", DATA / "wordpress.xml") == ("refused: 2 post(s) are dated in published editions", 1)
    assert files(site) == before


@pytest.mark.parametrize("error", [ValueError("refusing to write x"), OSError("disk full"),
                                   UnsafeFile("reports is a symbolic link")])
def test_a_write_that_stops_is_told(site, monkeypatch, error):
    def write(site_, outcome):
        raise error

    monkeypatch.setattr(writer, "write", write)
    assert refusal(site, "wordpress", DATA / "wordpress.xml") == (f"stopped: {error}", 1)


def test_an_imported_blog_summarises_as_the_writer_does(site):
    imported = import_blog(site, "jekyll", DATA / "jekyll", dry_run=True)
    assert isinstance(imported, blog.Imported)
    assert imported.summary(True) == writer.summary(imported.outcome, imported.source, True)
    assert imported.summary(False) == writer.summary(imported.outcome, imported.source, False)
    assert imported.summary(True) != imported.summary(False)
