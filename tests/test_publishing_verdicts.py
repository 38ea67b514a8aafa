"""Feeds, the mail-ready issue, the edition switcher and shared-link metadata, with verdicts written by hand:
this feed holds these entries in this order, this mail has these headers, this page links these feeds. One
small site is built once on the real theme, in this process; each test then calls the publishing code it
pins itself (``make mutation`` runs, for a mutant, the tests that ran its code), so that ``make mutation``
can mutate ``publishing/``."""

from __future__ import annotations

import datetime as dt
import email
import io
import multiprocessing
import multiprocessing.managers
import os
import queue
import re
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from email import policy
from pathlib import Path
from types import SimpleNamespace

import pytest
from bs4 import BeautifulSoup
from conftest import build_here, write_sources
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from sphinx_newsletter.adapters.domain import newsletter_domain
from sphinx_newsletter.core.fields import Correction
from sphinx_newsletter.publishing import build, feeds, mail, sharing, sitemap, switcher

D = dt.date
CONF = """\
extensions = ["sphinx_newsletter", "sphinx_sitemap"]
project = "Verdicts"
version = "2"
html_theme = "sphinx_book_theme"
html_baseurl = "https://news.example.org/site/"
language = "en"
newsletter_cycles = [
    {"name": "alpha", "title": "Alpha", "start": "2020-01-01", "end": "2020-06-01", "status": "published",
     "published": "2020-06-05"},
    {"name": "beta", "title": "Beta", "start": "2020-06-01"},
]
newsletter_offline = False
newsletter_search = "sphinx"
newsletter_feed_length = 2
newsletter_sections = [{"title": "Summits", "tags": ["summit"]}]
newsletter_email_to = "list@example.org"
newsletter_list_id = "Verdicts <verdicts.example.org>"
newsletter_list_unsubscribe = "https://news.example.org/unsubscribe"
"""
SOURCES = {
    "conf.py": CONF,
    "index.rst": "Verdicts\n========\n\nWelcome.\n",
    "reports/alpha/summit.md": """\
---
title: Summit <b>day</b>
author: [Ann, Émile]
date: 2020-02-01
event: PyCon US
location: Pittsburgh
tags: [summit, Design Summit]
summary: The summit & more.
corrections:
  - date: 2020-03-01
    note: Fixed a name.
---

The summit was long.
""",
    "reports/alpha/meetup.md": "---\ntitle: Meetup\nauthor: Bo\ndate: 2020-03-01\nlocation: Paris\n---\n\n"
                               "A meetup in Paris.\n",
    "reports/alpha/workshop.md": "---\ntitle: Workshop\nauthor: [Émile, Fay]\ndate: 2020-04-01\ntags: [summit]\n---\n\n"
                                 "A workshop.\n",
    "reports/beta/gamma.md": "---\ntitle: Gamma\nauthor: Cy\ndate: 2020-07-01\ntags: [x]\n---\n\nGamma text.\n",
    "notes/alpha.md": "Alpha was [a fine cycle](https://example.org/alpha).\n",
    "feedback/alpha/summit.yaml": """\
- author: Li
  date: 2020-02-03
  body: Thanks **a lot**.
  replies:
    - author: Ann
      date: 2020-02-04
      body: You are welcome.
- author: Zoë
  date: 2020-02-05
  likes: 2
  body: Good.
- author: Ève
  id: zz
  date: 2020-02-02
  body: First!
""",
}
BASE = "https://news.example.org/site/"
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Sphinx:
    """The site, built once; the tests call the publishing code on it themselves."""
    folder = tmp_path_factory.mktemp("publishing")
    built, _warnings = build_here(write_sources(folder / "site", SOURCES), folder)
    assert built.statuscode == 0
    return built


def report(app: Sphinx, slug: str):
    return newsletter_domain(app.env).reports[f"reports/{slug}"]


def entries(data: bytes) -> tuple[dict, list[dict]]:
    """A feed's head and its entries, as plain values."""
    root = ET.fromstring(data)

    def text(node, tag):
        found = node.find(ATOM + tag)
        return None if found is None else found.text

    def links(node):
        return [(link.get("rel"), link.get("href")) for link in node.findall(ATOM + "link")]

    head = {"id": text(root, "id"), "title": text(root, "title"), "subtitle": text(root, "subtitle"),
            "updated": text(root, "updated"), "links": links(root),
            "language": root.get("{http://www.w3.org/XML/1998/namespace}lang")}
    return head, [{"id": text(entry, "id"), "title": text(entry, "title"), "updated": text(entry, "updated"),
                   "published": text(entry, "published"), "summary": text(entry, "summary"),
                   "content": text(entry, "content"), "links": links(entry),
                   "content_type": None if entry.find(ATOM + "content") is None else entry.find(ATOM + "content").get("type"),
                   "authors": [name.text for name in entry.iter(ATOM + "name")],
                   "categories": [(c.get("term"), c.get("label")) for c in entry.findall(ATOM + "category")]}
                  for entry in root.findall(ATOM + "entry")]


def midnight(day: str) -> str:
    return f"{day}T00:00:00+00:00"


# Feeds


def test_feed_paths_and_the_day_a_report_last_changed(app):
    assert feeds.edition_feed("essex") == "feeds/essex.xml"
    assert feeds.report_feedback_feed("reports/essex/boston-summit") == "feeds/feedback/essex/boston-summit.xml"
    assert feeds.report_feedback_feed("news/essex/a/b") == "feeds/feedback/essex/a/b.xml"
    summit = report(app, "alpha/summit")
    assert feeds.updated(summit) == D(2020, 3, 1)  # its correction's day
    assert feeds.updated(report(app, "alpha/meetup")) == D(2020, 3, 1)
    earlier = replace(summit, corrections=(Correction(D(2020, 1, 15), "Before."),))
    assert feeds.updated(earlier) == D(2020, 2, 1)
    assert feeds.updated(replace(summit, date=None, corrections=())) == dt.date.min
    assert feeds._midnight(D(2020, 2, 1)) == dt.datetime(2020, 2, 1, tzinfo=dt.timezone.utc)


def test_feeds_link_absolutely_with_a_site_address_else_relatively(app, monkeypatch):
    writer = feeds.FeedWriter(app)
    assert writer.url("feeds/atom.xml") == BASE + "feeds/atom.xml"
    assert writer.page_url("reports/alpha/meetup") == BASE + "reports/alpha/meetup.html"
    monkeypatch.setattr(app.config, "html_baseurl", "https://news.example.org/site")
    assert feeds.FeedWriter(app).url("x.xml") == BASE + "x.xml"
    monkeypatch.setattr(app.config, "html_baseurl", "")
    relative = feeds.FeedWriter(app)
    assert relative.url("feeds/atom.xml") == "../feeds/atom.xml"
    assert relative.page_url("index") == "../index.html"


def write_all(app) -> Path:
    out = Path(app.outdir)
    for path in (out / "feeds").rglob("*.xml"):
        path.unlink()
    (Path(app.doctreedir) / feeds.FEED_DIGESTS).unlink(missing_ok=True)
    feeds.write_feeds(app, None)
    return out / "feeds"


def test_the_newsletters_feed_holds_the_newest_reports(app):
    head, found = entries((write_all(app) / "atom.xml").read_bytes())
    assert head == {"id": BASE + "feeds/atom.xml", "title": "Verdicts", "subtitle": "Trip reports, newest first",
                    "updated": midnight("2020-07-01"), "language": "en",
                    "links": [("self", BASE + "feeds/atom.xml"), ("alternate", BASE + "index.html")]}
    assert [entry["title"] for entry in found] == ["Gamma", "Workshop"]  # newsletter_feed_length = 2
    gamma = found[0]
    assert gamma == {"id": BASE + "reports/beta/gamma.html", "title": "Gamma", "updated": midnight("2020-07-01"),
                     "published": midnight("2020-07-01"), "summary": "Gamma text.", "content": None, "content_type": None,
                     "links": [(None, BASE + "reports/beta/gamma.html")], "authors": ["Cy"],
                     "categories": [("x", "x")]}


def test_an_editions_feed_holds_its_note_then_the_whole_edition(app):
    head, found = entries((write_all(app) / "alpha.xml").read_bytes())
    assert head == {"id": BASE + "feeds/alpha.xml", "title": "Verdicts: Alpha edition", "subtitle": "Alpha edition",
                    "updated": midnight("2020-06-05"), "language": "en",
                    "links": [("self", BASE + "feeds/alpha.xml"), ("alternate", BASE + "editions/alpha.html")]}
    assert [entry["title"] for entry in found] == ["Editor's note: Alpha edition", "Workshop", "Meetup",
                                                  "Summit <b>day</b>"]
    note, summit = found[0], found[3]
    assert note == {"id": BASE + "editions/alpha.html#editors-note", "title": "Editor's note: Alpha edition",
                    "updated": midnight("2020-06-05"), "published": None, "summary": None,
                    "content": '<p>Alpha was <a href="https://example.org/alpha">a fine cycle</a>.</p>', "content_type": "html",
                    "links": [(None, BASE + "editions/alpha.html#editors-note")], "authors": [],
                    "categories": []}
    assert summit == {"id": BASE + "reports/alpha/summit.html", "title": "Summit <b>day</b>",
                      "updated": midnight("2020-03-01"), "published": midnight("2020-02-01"),
                      "summary": "The summit & more. Corrected on 2020-03-01: Fixed a name.", "content": None,
                      "content_type": None,
                      "links": [(None, BASE + "reports/alpha/summit.html")], "authors": ["Ann", "Émile"],
                      "categories": [("summit", "summit"), ("design-summit", "Design Summit")]}
    _, beta = entries((write_all(app) / "beta.xml").read_bytes())
    assert [entry["title"] for entry in beta] == ["Gamma"]  # no note: none written for beta


def test_every_feed_length_below_one_means_every_report(app, monkeypatch):
    for length in (0, None, -1):
        monkeypatch.setattr(app.config, "newsletter_feed_length", length)
        _, found = entries((write_all(app) / "atom.xml").read_bytes())
        assert [entry["title"] for entry in found] == ["Gamma", "Workshop", "Meetup", "Summit <b>day</b>"]


def test_feedback_feeds_hold_the_newest_comments_first(app):
    written = write_all(app)
    head, found = entries((written / "feedback/alpha/summit.xml").read_bytes())
    assert head == {"id": BASE + "feeds/feedback/alpha/summit.xml", "title": "Verdicts: Feedback on Summit <b>day</b>",
                    "subtitle": "New reader feedback", "updated": midnight("2020-02-05"), "language": "en",
                    "links": [("self", BASE + "feeds/feedback/alpha/summit.xml"),
                              ("alternate", BASE + "reports/alpha/summit.html")]}
    assert [(entry["title"], entry["updated"], entry["published"], entry["authors"]) for entry in found] == [
        ("Zoë on Summit <b>day</b>", midnight("2020-02-05"), midnight("2020-02-05"), ["Zoë"]),
        ("Ann on Summit <b>day</b>", midnight("2020-02-04"), midnight("2020-02-04"), ["Ann"]),
        ("Li on Summit <b>day</b>", midnight("2020-02-03"), midnight("2020-02-03"), ["Li"]),
        ("Ève on Summit <b>day</b>", midnight("2020-02-02"), midnight("2020-02-02"), ["Ève"])]  # by date, not id
    assert found[3]["id"] == BASE + "reports/alpha/summit.html#comment-zz"
    assert found[2]["id"] == BASE + "reports/alpha/summit.html#comment-2020-02-03-li"
    assert found[2]["links"] == [(None, BASE + "reports/alpha/summit.html#comment-2020-02-03-li")]
    assert (found[2]["content"], found[2]["content_type"]) == ("<p>Thanks <strong>a lot</strong>.</p>", "html")
    head, latest = entries((written / "feedback.xml").read_bytes())
    assert (head["id"], head["title"], head["updated"]) == (BASE + "feeds/feedback.xml", "Verdicts: Latest feedback",
                                                            midnight("2020-02-05"))
    assert head["links"][1] == ("alternate", BASE + "index.html")
    assert [entry["title"] for entry in latest] == [entry["title"] for entry in found]
    quiet_head, quiet = entries((written / "feedback/alpha/meetup.xml").read_bytes())
    assert quiet == [] and quiet_head["updated"] == midnight("2020-03-01")  # no comment: the report's day
    assert sorted(str(path.relative_to(written)) for path in written.rglob("*.xml")) == [
        "alpha.xml", "atom.xml", "beta.xml", "feedback.xml", "feedback/alpha/meetup.xml", "feedback/alpha/summit.xml",
        "feedback/alpha/workshop.xml", "feedback/beta/gamma.xml"]


def test_a_feed_is_made_again_only_when_what_it_shows_changed(app):
    written = write_all(app)
    atom = written / "atom.xml"
    os.utime(atom, ns=(1, 1))
    feeds.write_feeds(app, None)  # the same digests: not even made
    assert atom.stat().st_mtime_ns == 1
    (Path(app.doctreedir) / feeds.FEED_DIGESTS).write_text("{}", encoding="utf-8")
    feeds.write_feeds(app, None)  # made again, the same bytes: not written
    assert atom.stat().st_mtime_ns == 1
    (Path(app.doctreedir) / feeds.FEED_DIGESTS).write_text("{}", encoding="utf-8")
    atom.write_bytes(b"stale")
    feeds.write_feeds(app, None)
    assert atom.read_bytes().startswith(b"<?xml") and b"Gamma" in atom.read_bytes()
    atom.unlink()
    feeds.write_feeds(app, None)  # the digests agree, but the file is gone: written
    assert atom.is_file()


def test_feeds_are_written_while_no_message_catalogue_is_loaded(app, monkeypatch):
    """Sphinx's translations are lazy proxies while no catalogue is loaded (a build loads one; a tool or a test that
    calls the feed writer after the build need not have one), and lxml refuses a proxy: the feeds' subtitles are
    text. The order of the suite hid it (another test had loaded a catalogue); ``make mutation`` runs a few tests."""
    from sphinx import locale

    monkeypatch.setattr(locale, "translators", {})
    written = write_all(app)
    assert entries((written / "atom.xml").read_bytes())[0]["subtitle"] == "Trip reports, newest first"
    assert entries((written / "feedback.xml").read_bytes())[0]["subtitle"] == "New reader feedback"


def test_the_digests_are_kept_and_feeds_the_site_no_longer_has_removed(app):
    written = write_all(app)
    digests = Path(app.doctreedir) / feeds.FEED_DIGESTS
    text = digests.read_text(encoding="utf-8")
    kept = feeds.json.loads(text)
    assert text.startswith('{\n "feeds/alpha.xml": "') and list(kept) == sorted(kept)  # indented, in order
    assert sorted(kept) == ["feeds/alpha.xml", "feeds/atom.xml", "feeds/beta.xml", "feeds/feedback.xml",
                            "feeds/feedback/alpha/meetup.xml", "feeds/feedback/alpha/summit.xml",
                            "feeds/feedback/alpha/workshop.xml", "feeds/feedback/beta/gamma.xml"]
    assert all(len(value) == 32 for value in kept.values())
    gone = written / "feedback/alpha/renamed.xml"
    gone.write_bytes(b"<feed/>")
    digests.write_text(feeds.json.dumps({**kept, "feeds/feedback/alpha/renamed.xml": "0" * 32}), encoding="utf-8")
    feeds.write_feeds(app, None)
    assert not gone.exists()
    assert feeds.json.loads(digests.read_text(encoding="utf-8")) == kept
    os.utime(digests, ns=(1, 1))
    feeds.write_feeds(app, None)  # nothing changed: the digests file is left alone
    assert digests.stat().st_mtime_ns == 1


def test_feeds_are_indented_and_in_english_unless_the_site_says_otherwise(app, monkeypatch):
    data = (write_all(app) / "atom.xml").read_bytes()
    assert data.startswith(b"<?xml version='1.0' encoding='UTF-8'?>\n<feed") and b"\n  <id>" in data
    monkeypatch.setattr(app.config, "language", None)
    written = write_all(app)
    for name in ("atom.xml", "feedback.xml", "feedback/alpha/summit.xml"):
        data = (written / name).read_bytes()
        assert entries(data)[0]["language"] == "en" and b"\n  <id>" in data, name
    monkeypatch.setattr(app.config, "language", "de")
    assert entries((write_all(app) / "feedback.xml").read_bytes())[0]["language"] == "de"


def test_a_feed_without_entries_is_dated_by_its_fallback(app):
    writer = feeds.FeedWriter(app)
    head, found = entries(writer.feed("feeds/x.xml", "T", "S", "index", [], D(2019, 5, 6)))
    assert (head["updated"], found) == (midnight("2019-05-06"), [])
    head, found = entries(writer.comments_feed("feeds/y.xml", "T", "index", [], D(2019, 5, 7)))
    assert (head["updated"], found) == (midnight("2019-05-07"), [])


def test_empty_feeds_are_dated_by_their_editions_start(app, monkeypatch):
    catalogue = newsletter_domain(app.env).catalogue()
    monkeypatch.setattr(catalogue, "newest_first", [])
    monkeypatch.setitem(catalogue.editions, "beta", [])
    monkeypatch.setattr(catalogue, "latest_comments", lambda count: [])
    written = write_all(app)
    assert [entries((written / name).read_bytes())[0]["updated"] for name in ("atom.xml", "beta.xml", "feedback.xml")] == [
        midnight("2020-01-01"), midnight("2020-06-01"), midnight("2020-01-01")]


def test_every_correction_is_named_in_the_summary(app):
    summit = replace(report(app, "alpha/summit"), summary="", corrections=(
        Correction(D(2020, 3, 1), "Fixed a name."), Correction(D(2020, 3, 9), "Fixed a date.")))
    _, found = entries(feeds.FeedWriter(app).feed("feeds/x.xml", "T", "S", "index", [summit], D(2019, 1, 1)))
    assert found[0]["summary"] == "Corrected on 2020-03-01: Fixed a name. Corrected on 2020-03-09: Fixed a date."
    assert found[0]["updated"] == midnight("2020-03-09")
    _, plain = entries(feeds.FeedWriter(app).feed("feeds/x.xml", "T", "S", "index",
                                                  [replace(summit, corrections=())], D(2019, 1, 1)))
    assert plain[0]["summary"] is None


def test_a_feed_length_of_one_is_one_report(app, monkeypatch):
    monkeypatch.setattr(app.config, "newsletter_feed_length", 1)
    _, found = entries((write_all(app) / "atom.xml").read_bytes())
    assert [entry["title"] for entry in found] == ["Gamma"]


def stale(written: Path, *names: str) -> None:
    for name in names:
        (written / name).write_bytes(b"stale")


def test_a_feed_is_made_again_when_what_it_shows_changed(app, monkeypatch):
    written = write_all(app)
    names = ("atom.xml", "alpha.xml", "beta.xml", "feedback.xml", "feedback/alpha/summit.xml",
             "feedback/alpha/meetup.xml")
    stale(written, *names)
    feeds.write_feeds(app, None)  # nothing it shows changed: not made again, however the file looks
    assert [(written / name).read_bytes() for name in names] == [b"stale"] * len(names)
    fingerprints = newsletter_domain(app.env).data["fingerprints"]
    monkeypatch.setitem(fingerprints, "edition:alpha", "another edition page")
    monkeypatch.setitem(app.env.all_docs, "reports/alpha/summit", 12345)  # read again
    monkeypatch.setattr(feeds, "FEEDBACK_FEED_LENGTH", 2)
    feeds.write_feeds(app, None)
    made = [name for name in names if (written / name).read_bytes() != b"stale"]
    assert made == ["atom.xml", "alpha.xml", "feedback.xml", "feedback/alpha/summit.xml"]
    _, latest = entries((written / "feedback.xml").read_bytes())
    assert len(latest) == 2


@pytest.mark.parametrize(("change", "value"), [("html_baseurl", "https://other.example.org/"), ("project", "Other"),
                                               ("language", "fr"), ("newsletter_feed_length", 3),
                                               ("link_suffix", ".htm"), ("name", "dirhtml")])
def test_every_feed_is_made_again_when_the_site_changes_how_feeds_read(app, monkeypatch, change, value):
    written = write_all(app)
    stale(written, "beta.xml", "feedback/beta/gamma.xml")
    monkeypatch.setattr(app.builder if change in ("link_suffix", "name") else app.config, change, value)
    feeds.write_feeds(app, None)
    assert (written / "beta.xml").read_bytes() != b"stale"
    assert (written / "feedback/beta/gamma.xml").read_bytes() != b"stale"


def test_a_site_address_is_joined_whatever_it_ends_with(app, monkeypatch):
    monkeypatch.setattr(app.config, "html_baseurl", "https://example.org/BOX")
    assert feeds.FeedWriter(app).url("feeds/atom.xml") == "https://example.org/BOX/feeds/atom.xml"
    assert mail.issue_context(app, alpha(app), D(2020, 6, 5))["site_url"] == "https://example.org/BOX/"
    monkeypatch.setattr(app.config, "html_baseurl", "https://example.org/x//")
    assert feeds.FeedWriter(app).url("a") == "https://example.org/x/a"


@pytest.mark.parametrize(("attribute", "value"), [("name", "singlehtml"), ("name", "epub"), ("format", "latex")])
def test_feeds_are_written_by_the_html_builders_only(app, monkeypatch, attribute, value):
    written = write_all(app)
    (written / "atom.xml").unlink()
    monkeypatch.setattr(app.builder, attribute, value)
    feeds.write_feeds(app, None)
    assert not (written / "atom.xml").exists()


def test_a_failed_build_writes_no_feed(app):
    written = write_all(app)
    (written / "atom.xml").unlink()
    feeds.write_feeds(app, RuntimeError("failed"))
    assert not (written / "atom.xml").exists()


def head_links(app, pagename, monkeypatch=None) -> str:
    context = {"pathto": lambda target, resource: f"[{target}|{resource}]", "metatags": "<meta x>"}
    feeds.link_feeds_in_head(app, pagename, "page.html", context, None)
    return context["metatags"]


def test_every_page_links_the_newsletters_feed_and_reports_their_own(app):
    link = '\n<link rel="alternate" type="application/atom+xml" title="{}" href="[{}|1]" />'
    assert head_links(app, "index") == "<meta x>" + link.format("Verdicts", "feeds/atom.xml") + link.format(
        "Verdicts: Latest feedback", "feeds/feedback.xml")
    assert head_links(app, "reports/alpha/summit") == "<meta x>" + link.format("Verdicts", "feeds/atom.xml") + link.format(
        "Verdicts: Feedback on Summit &lt;b&gt;day&lt;/b&gt;", "feeds/feedback/alpha/summit.xml") + link.format(
        "Verdicts: Alpha edition", "feeds/alpha.xml")
    assert head_links(app, "editions/alpha") == "<meta x>" + link.format("Verdicts", "feeds/atom.xml") + link.format(
        "Verdicts: Alpha edition", "feeds/alpha.xml")
    assert head_links(app, "tags/summit") == "<meta x>" + link.format("Verdicts", "feeds/atom.xml")
    context = {"pathto": lambda target, resource: target}
    feeds.link_feeds_in_head(app, "tags/x", "page.html", context, None)
    assert context["metatags"] == link.replace("[{}|1]", "{}").format("Verdicts", "feeds/atom.xml")


def test_an_unlisted_report_links_no_feedback_feed(app, monkeypatch):
    domain = newsletter_domain(app.env)
    monkeypatch.setitem(domain.reports, "reports/beta/draft", replace(report(app, "beta/gamma"),
                                                                      docname="reports/beta/draft"))
    assert "feeds/feedback" not in head_links(app, "reports/beta/draft")
    assert 'href="[feeds/beta.xml|1]"' in head_links(app, "reports/beta/draft")


@pytest.mark.parametrize("name", ["singlehtml", "epub"])
def test_pages_of_other_builders_link_no_feed(app, monkeypatch, name):
    monkeypatch.setattr(app.builder, "name", name)
    assert head_links(app, "index") == "<meta x>"


# The switcher


def test_each_page_knows_its_edition(app):
    assert switcher.page_edition(app, "reports/alpha/summit") == "alpha"
    assert switcher.page_edition(app, "reports/beta/gamma") == "beta"
    assert switcher.page_edition(app, "editions/alpha") == "alpha"
    assert switcher.page_edition(app, "index") == "beta"  # the edition in progress
    assert switcher.page_edition(app, "tags/summit") == "beta"


def test_an_edition_page_names_the_older_edition_previous_and_the_newer_next(app, monkeypatch):
    def neighbours(pagename: str) -> dict:
        context = {"pathto": lambda name: f"[{name}]", "prev": "toc", "next": "toc"}
        switcher.edition_neighbours(app, pagename, "page.html", context, None)
        return {key: context[key] for key in ("prev", "next")}

    assert neighbours("editions/alpha") == {"prev": None, "next": {"link": "[editions/beta]", "title": "Beta edition"}}
    assert neighbours("editions/beta") == {"prev": {"link": "[editions/alpha]", "title": "Alpha edition"}, "next": None}
    assert neighbours("index") == neighbours("reports/alpha/summit") == {"prev": "toc", "next": "toc"}  # the toc's
    settings = app.config._newsletter_settings
    cycles = {name: replace(cycle, title="R&D <1>") if name == "alpha" else cycle
              for name, cycle in settings.all_cycles.items()}
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, all_cycles=cycles))
    assert neighbours("editions/beta")["prev"]["title"] == "R&amp;D &lt;1&gt; edition"  # the title as HTML


def test_a_site_without_cycles_has_no_edition(app, monkeypatch):
    settings = app.config._newsletter_settings
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, all_cycles={}))
    assert switcher.page_edition(app, "index") == ""
    context = {"pathto": lambda name: name}
    switcher.tell_page_its_edition(app, "index", "page.html", context, None)
    assert "newsletter_editions" not in context


def test_the_switcher_is_on_every_page_of_the_book_theme(tmp_path):
    """The theme leaves out a sidebar template that renders empty: the switcher's entries are there first."""
    sidebars = 'html_sidebars = {"**": ["navbar-logo.html", "version-switcher.html", "sbt-sidebar-nav.html"]}\n'
    build_here(write_sources(tmp_path / "site", {**SOURCES, "conf.py": CONF + sidebars}), tmp_path)
    page = (tmp_path / "html/reports/alpha/meetup.html").read_text(encoding="utf-8")
    assert '<nav class="nl-switcher" aria-label="Editions">' in page
    assert "Editions: Alpha</summary>" in page
    assert page.count('name="viewport"') == 1  # one viewport tag
    assert "<loc>https://news.example.org/site/en/2/authors/%C3%A9mile.html</loc>" in (
        tmp_path / "html/sitemap.xml").read_text(encoding="utf-8")  # the sitemap mended after sphinx-sitemap wrote it


def test_a_report_of_an_unknown_cycle_belongs_to_the_current_edition(app, monkeypatch):
    monkeypatch.setitem(newsletter_domain(app.env).reports, "reports/old/x",
                        replace(report(app, "alpha/meetup"), docname="reports/old/x", cycle="old"))
    assert switcher.page_edition(app, "reports/old/x") == "beta"


def test_the_switcher_lists_the_editions_newest_first(app):
    entries_ = switcher.switcher_entries(app, "reports/alpha/summit", lambda name: f"<{name}>")
    assert entries_ == [
        {"title": "Beta", "url": "<editions/beta>", "mine": False, "current": True, "label": "Beta (current)"},
        {"title": "Alpha", "url": "<editions/alpha>", "mine": True, "current": False, "label": "Alpha"}]
    context = {"pathto": lambda name: f"<{name}>"}
    switcher.tell_page_its_edition(app, "index", "page.html", context, None)
    assert [entry["mine"] for entry in context["newsletter_editions"]] == [True, False]
    switcher.tell_page_its_edition(app, "reports/alpha/meetup", "page.html", context, None)
    assert [entry["mine"] for entry in context["newsletter_editions"]] == [False, True]
    assert context["newsletter_editions_label"] == "Editions"


@pytest.mark.parametrize("name", ["singlehtml", "epub"])
def test_builders_without_a_switcher_get_none(app, monkeypatch, name):
    monkeypatch.setattr(app.builder, "name", name)
    context = {"pathto": lambda name: name}
    switcher.tell_page_its_edition(app, "index", "page.html", context, None)
    assert context == {"pathto": context["pathto"]}


# What a shared link shows


def test_a_report_page_carries_article_and_card_metadata(app):
    summit = report(app, "alpha/summit")
    assert sharing.report_metadata(summit) == {"og:type": "article", "og:description": "The summit & more."}
    assert sharing.report_metadata(replace(summit, summary="")) == {"og:type": "article"}
    context = {"metatags": "<meta x>"}
    sharing.add_article_tags(app, "reports/alpha/summit", "page.html", context, None)
    assert context["metatags"] == "<meta x>" + "".join(f"\n<meta {tag} />" for tag in [
        'property="article:published_time" content="2020-02-01"', 'property="article:author" content="Ann"',
        'property="article:author" content="Émile"', 'property="article:tag" content="summit"',
        'property="article:tag" content="Design Summit"', 'name="twitter:card" content="summary"',
        'name="twitter:title" content="Summit &lt;b&gt;day&lt;/b&gt;"',
        'name="twitter:description" content="The summit &amp; more."'])


def test_pages_that_are_not_dated_reports_carry_no_article_metadata(app, monkeypatch):
    for pagename in ("index", "editions/alpha"):
        context: dict = {}
        sharing.add_article_tags(app, pagename, "page.html", context, None)
        assert context == {}
    monkeypatch.setitem(newsletter_domain(app.env).reports, "reports/alpha/undated",
                        replace(report(app, "alpha/meetup"), date=None))
    context = {}
    sharing.add_article_tags(app, "reports/alpha/undated", "page.html", context, None)
    assert context == {}
    monkeypatch.setitem(newsletter_domain(app.env).reports, "reports/alpha/bare",
                        replace(report(app, "alpha/meetup"), title="", summary="", authors=()))
    sharing.add_article_tags(app, "reports/alpha/bare", "page.html", context, None)
    assert context["metatags"] == ('\n<meta property="article:published_time" content="2020-03-01" />'
                                   '\n<meta name="twitter:card" content="summary" />')


NOISY = """\
print("matplotlib is not installed, social cards will not be generated")
print("  another note  ")
print("a last one")
"""


@pytest.fixture
def noisy_opengraph(app, tmp_path, monkeypatch):
    """An opengraph of the test's own that prints the matplotlib note and another line when imported."""
    (tmp_path / "noisy_opengraph.py").write_text(NOISY, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(sharing, "OPENGRAPH", "noisy_opengraph")
    monkeypatch.setattr(app.config, "extensions", [*app.config.extensions, "noisy_opengraph"])
    monkeypatch.setitem(app.config._raw_config, "ogp_social_cards", {"enable": False})
    monkeypatch.delitem(sys.modules, "noisy_opengraph", raising=False)
    yield tmp_path / "noisy_opengraph.py"
    sys.modules.pop("noisy_opengraph", None)


def test_opengraph_is_imported_without_its_note_about_matplotlib(app, noisy_opengraph, capsys):
    sharing.import_opengraph_quietly(app)
    assert "noisy_opengraph" in sys.modules
    assert capsys.readouterr().out == "  another note  \na last one\n"
    sharing.import_opengraph_quietly(app)  # imported already: nothing again
    assert capsys.readouterr().out == ""


def test_opengraph_that_prints_only_the_note_prints_nothing(app, noisy_opengraph, capsys):
    noisy_opengraph.write_text(NOISY.splitlines()[0] + "\n", encoding="utf-8")
    sharing.import_opengraph_quietly(app)
    assert "noisy_opengraph" in sys.modules and capsys.readouterr().out == ""


def test_opengraph_that_fails_to_import_is_left_to_sphinx(app, noisy_opengraph, capsys):
    noisy_opengraph.write_text(NOISY + "raise ImportError('no')\n", encoding="utf-8")
    sharing.import_opengraph_quietly(app)
    assert "noisy_opengraph" not in sys.modules and capsys.readouterr().out == "  another note  \na last one\n"


@pytest.mark.parametrize("cards", [{"enable": True}, {}, None, {"enable": 0}, "off"])
def test_a_site_that_may_want_social_cards_hears_the_note(app, noisy_opengraph, monkeypatch, capsys, cards):
    monkeypatch.setitem(app.config._raw_config, "ogp_social_cards", cards)
    sharing.import_opengraph_quietly(app)
    assert "noisy_opengraph" not in sys.modules and capsys.readouterr().out == ""


def test_a_site_without_opengraph_does_not_import_it(app, noisy_opengraph, monkeypatch):
    monkeypatch.setattr(app.config, "extensions", [name for name in app.config.extensions if name != "noisy_opengraph"])
    sharing.import_opengraph_quietly(app)
    assert "noisy_opengraph" not in sys.modules


# The mail-ready issue


def test_text_is_wrapped_at_72_columns_keeping_indents_bullets_and_urls():
    long = "word " * 20
    assert mail.wrap_text(long) == ("word word word word word word word word word word word word word word\n"
                                   "word word word word word word\n")
    assert mail.wrap_text("  - " + long, 30) == ("  - word word word word word\n    word word word word word\n"
                                                 "    word word word word word\n    word word word word word\n")
    url = "https://example.org/" + "a-b" * 40
    assert mail.wrap_text(f"See {url} now") == f"See\n{url}\nnow\n"
    assert mail.wrap_text("\n\nTitle\n\n\nBody\n  \n") == "Title\n\n\nBody\n"
    assert mail.wrap_text("a  b") == "a  b\n"  # short lines as they are
    assert mail.wrap_text("X marks\nthe spot X") == "X marks\nthe spot X\n"


def test_names_are_filed_without_their_accents_and_case():
    assert sorted(["bo", "Zoë", "Élodie", "Emma", "Ann"], key=mail._alphabetical) == ["Ann", "bo", "Élodie", "Emma", "Zoë"]
    assert mail._alphabetical("Émile") == "emile"
    assert mail._alphabetical("Straße") == "strasse"


def alpha(app):
    return app.env.config._newsletter_settings.all_cycles["alpha"]


def test_the_issue_follows_the_edition(app):
    context = mail.issue_context(app, alpha(app), D(2020, 6, 5))
    assert {key: context[key] for key in ("project", "language", "published", "site_url", "feed_url", "offline",
                                         "contributors", "commenters", "note_text", "unsubscribe",
                                         "unsubscribe_url", "corrections")} == {
        "project": "Verdicts", "language": "en", "published": D(2020, 6, 5), "site_url": BASE,
        "feed_url": BASE + "feeds/alpha.xml", "offline": None, "contributors": ["Ann", "Bo", "Émile", "Fay"],
        "commenters": ["Ève", "Li", "Zoë"], "note_text": "Alpha was a fine cycle <https://example.org/alpha>.",
        "unsubscribe": "https://news.example.org/unsubscribe", "unsubscribe_url": "https://news.example.org/unsubscribe",
        "corrections": []}
    assert context["edition"] == {"title": "Alpha", "name": "alpha", "start": D(2020, 1, 1), "end": D(2020, 6, 1),
                                  "url": BASE + "editions/alpha.html"}
    assert str(context["note_html"]) == '<p>Alpha was <a href="https://example.org/alpha">a fine cycle</a>.</p>'
    assert [(section["title"], [card["title"] for card in section["reports"]]) for section in context["sections"]] == [
        ("Summits", ["Workshop", "Summit <b>day</b>"]), ("More reports", ["Meetup"])]
    assert context["reports"][1] == {
        "anchor": "report-2", "number": 2, "title": "Summit <b>day</b>", "url": BASE + "reports/alpha/summit.html",
        "authors": ("Ann", "Émile"), "date": D(2020, 2, 1), "event": "PyCon US", "location": "Pittsburgh",
        "summary": "The summit & more.", "tags": ("summit", "Design Summit"), "full": True, "listed": True,
        "comments": "4 comments"}
    assert (context["to_site"], context["unlisted"]) == (False, 0)
    assert (context["reports"][0]["comments"], context["reports"][2]["summary"]) == ("", "A meetup in Paris.")


@pytest.mark.parametrize("limit", [14_000, 9_000])
def test_an_edition_too_large_to_list_twice_lists_its_reports_once_and_links_the_rest(project, build, limit):
    """An edition whose list of reports alone passes the limit (hundreds of reports, such as a blog's year
    imported whole): its contents link each report on the site, as many as fit, then the edition's page for
    the others; the part stays within the limit with its footer."""
    srcdir = project("basic")
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text() + f"html_baseurl = {BASE!r}\nnewsletter_offline = False\n")
    for number in range(40):
        (srcdir / f"reports/alpha/talk-{number:02d}.md").write_text(
            f"---\ntitle: The talk number {number:02d} of a long day of talks about everything\n"
            f"author: Speaker {number}\ndate: 2020-03-{number % 28 + 1:02d}\nsummary: {'Words. ' * 100}\n---\n\nBody.\n")
    app, _ = build(srcdir)
    cycle = app.env.domains["newsletter"].catalogue().cycles["alpha"]
    context = mail.issue_context(app, cycle, cycle.published)
    part = mail.issue_html(app, context, limit=limit)
    assert len(part.encode()) <= limit
    soup = BeautifulSoup(part, "html.parser")
    listed = [a["href"] for a in soup.select(".toc a")]
    assert len(listed) > 0 and not soup.select(".brief")
    assert all(href.startswith(f"{BASE}reports/alpha/") for href in listed)
    other = soup.select_one("p.summary a.more")
    full = [a["href"] for a in soup.select(".card h3 a")]
    if len(listed) == 42:  # all of them listed once, then the first in full as many as fit: no link for others
        assert limit > 9_000 and other is None and 0 < len(full) < 42 and full == listed[:len(full)]
    else:  # as many listed as fit: one more would not (an entry is about 250 bytes)
        assert full == [] and other["href"] == f"{BASE}editions/alpha.html" and limit - len(part.encode()) < 400
        assert other.get_text() == f"The other {42 - len(listed)} reports of this edition, on the site →"
    assert soup.select_one(".footer a")["href"].startswith(BASE)
    whole = mail.issue_html(app, mail.issue_context(app, cycle, cycle.published), limit=10**6)
    assert len(BeautifulSoup(whole, "html.parser").select("a.more")) == 42  # without the limit, every one in full


def test_the_issue_lists_corrections_and_links_unsubscribing_only_by_web_or_mail(app, monkeypatch):
    corrections = [{"docname": "reports/alpha/summit", "title": "Summit", "date": D(2020, 7, 1), "note": "N"},
                   {"docname": "reports/alpha/gone", "title": "Gone", "date": D(2020, 7, 2), "note": "M"}]
    context = mail.issue_context(app, alpha(app), D(2020, 6, 5), corrections)
    assert context["corrections"] == [
        {"docname": "reports/alpha/summit", "title": "Summit", "date": D(2020, 7, 1), "note": "N",
         "url": BASE + "reports/alpha/summit.html"},
        {"docname": "reports/alpha/gone", "title": "Gone", "date": D(2020, 7, 2), "note": "M",
         "url": BASE + "reports/alpha/gone.html"}]
    settings = app.env.config._newsletter_settings
    for address, shown in [("mailto:leave@example.org", "mailto:leave@example.org"),
                           ("http://example.org/leave", "http://example.org/leave"), ("javascript:x()", ""),
                           ("write to the editors", "")]:
        monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, list_unsubscribe=address))
        context = mail.issue_context(app, alpha(app), D(2020, 6, 5))
        assert (context["unsubscribe"], context["unsubscribe_url"]) == (address, shown)


def test_the_issue_links_the_offline_editions_when_the_site_makes_them(app, monkeypatch):
    settings = app.config._newsletter_settings
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, offline=True))
    assert mail.issue_context(app, alpha(app), D(2020, 6, 5))["offline"] == {
        "epub": BASE + "editions/alpha.epub", "pdf": BASE + "editions/alpha.pdf"}


def test_the_issue_links_each_page_as_the_builder_names_it(app, monkeypatch):
    monkeypatch.setattr(app.builder, "link_suffix", "/")
    corrections = [{"docname": "reports/alpha/summit", "title": "S", "date": D(2020, 7, 1), "note": "N"},
                   {"docname": "reports/alpha/gone", "title": "G", "date": D(2020, 7, 2), "note": "M"}]
    context = mail.issue_context(app, alpha(app), D(2020, 6, 5), corrections)
    assert [item["url"] for item in context["corrections"]] == [BASE + "reports/alpha/summit/",
                                                                BASE + "reports/alpha/gone.html"]
    assert context["reports"][0]["url"] == BASE + "reports/alpha/workshop/"
    assert context["edition"]["url"] == BASE + "editions/alpha/"


def test_a_report_without_a_summary_has_an_empty_one_and_english_is_the_default(app, monkeypatch):
    catalogue = newsletter_domain(app.env).catalogue()
    [(title, members), *rest] = catalogue.grouped["alpha"]
    monkeypatch.setitem(catalogue.grouped, "alpha", [(title, [replace(members[0], summary=None), *members[1:]]), *rest])
    monkeypatch.setattr(app.config, "language", None)
    context = mail.issue_context(app, alpha(app), D(2020, 6, 5))
    assert context["reports"][0]["summary"] == "" and context["language"] == "en"


def test_one_section_needs_no_title(app, monkeypatch):
    settings = app.env.config._newsletter_settings
    beta = settings.all_cycles["beta"]
    context = mail.issue_context(app, beta, D(2020, 8, 1))
    assert [(section["title"], len(section["reports"])) for section in context["sections"]] == [("", 1)]
    assert context["note_text"] == "" and str(context["note_html"]) == "" and context["commenters"] == []


def test_the_html_part_keeps_as_many_reports_in_full_as_fit(app):
    context = mail.issue_context(app, alpha(app), D(2020, 6, 5))
    whole = mail.issue_html(app, context)
    assert [card["full"] for card in context["reports"]] == [True, True, True]
    assert 'style="' in whole and "@media" in whole  # styles inlined, the dark-mode rules kept
    size = len(whole.encode())
    assert mail.issue_html(app, context, size) == whole
    cut = mail.issue_html(app, context, size - 1)
    assert [card["full"] for card in context["reports"]] == [True, True, False]
    assert len(cut.encode()) <= size - 1
    one = mail.issue_html(app, context, len(cut.encode()) - 1)
    assert [card["full"] for card in context["reports"]] == [True, False, False]
    mail.issue_html(app, context, 10)
    assert [card["full"] for card in context["reports"]] == [False, False, False]
    assert len(one.encode()) < len(cut.encode())


def test_the_html_part_holds_the_most_reports_in_full_that_fit(app):
    """Twelve reports, each limit between two sizes: the part holds the most in full whose size fits. The sizes
    are measured here from the template and the inliner, not from the code under test."""
    import css_inline

    context = mail.issue_context(app, alpha(app), D(2020, 6, 5))
    cards = [dict(context["reports"][index % 3], number=index + 1, anchor=f"report-{index + 1}") for index in range(12)]
    context["reports"] = cards
    context["sections"] = [{"title": "", "reports": cards}]
    template = mail.site_templates(app).get_template("newsletter/email.html")
    inliner = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)
    sizes = []
    for full in range(13):
        for index, card in enumerate(cards):
            card["full"] = index < full
        sizes.append(len(inliner.inline(template.render(context)).encode()))
    assert sizes == sorted(sizes) and len(set(sizes)) == 13
    for full in range(13):
        for limit in (sizes[full], sizes[full + 1] - 1) if full < 12 else (sizes[full],):
            html = mail.issue_html(app, context, limit)
            assert [card["full"] for card in cards].count(True) == full, (full, limit)
            assert len(html.encode()) == sizes[full]


def message(app, **more):
    return mail.email_message(app, alpha(app), D(2020, 6, 5), "Text part\n", "<p>HTML part</p>", **more)


def test_the_mail_has_the_lists_headers(app):
    sent = message(app)
    assert [(key, str(value)) for key, value in sent.items()] == [
        ("Subject", "Verdicts: the Alpha edition"), ("From", "Verdicts <newsletter@news.example.org>"),
        ("To", "list@example.org"), ("List-Id", "Verdicts <verdicts.example.org>"),
        ("List-Unsubscribe", "<https://news.example.org/unsubscribe>"),
        ("List-Unsubscribe-Post", "List-Unsubscribe=One-Click"), ("Date", "Fri, 05 Jun 2020 09:00:00 +0000"),
        ("Message-ID", "<alpha.2020-06-05@news.example.org>"), ("MIME-Version", "1.0"),
        ("Content-Type", sent["Content-Type"])]
    assert sent.get_content_type() == "multipart/alternative"
    assert sent.get_boundary() == "==newsletter-" + mail.hashlib.sha256(b"Text part\n<p>HTML part</p>").hexdigest()[:24]
    assert [part.get_content_type() for part in sent.iter_parts()] == ["text/plain", "text/html"]
    assert [part.get_content() for part in sent.iter_parts()] == ["Text part\n", "<p>HTML part</p>\n"]
    assert [part["Content-Type"] for part in sent.iter_parts()] == ['text/plain; charset="utf-8"',
                                                                   'text/html; charset="utf-8"']


def test_a_correction_answers_the_first_issue(app):
    sent = message(app, corrected=D(2020, 7, 1))
    revision = mail.hashlib.sha256(b"Text part\n<p>HTML part</p>").hexdigest()[:12]
    assert sent["Subject"] == "Correction: Verdicts: the Alpha edition"
    assert sent["Date"] == "Wed, 01 Jul 2020 09:00:00 +0000"
    assert sent["Message-ID"] == f"<alpha.2020-06-05.correction-2020-07-01-{revision}@news.example.org>"
    assert sent["In-Reply-To"] == sent["References"] == "<alpha.2020-06-05@news.example.org>"
    assert [key for key, _ in sent.items()] == ["Subject", "From", "To", "List-Id", "List-Unsubscribe",
                                               "List-Unsubscribe-Post", "Date", "Message-ID", "In-Reply-To",
                                               "References", "MIME-Version", "Content-Type"]
    assert message(app)["In-Reply-To"] is None


def test_a_mail_without_list_settings_has_no_list_headers(app, monkeypatch):
    settings = app.env.config._newsletter_settings
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, email_to="", list_id="",
                                                                    list_unsubscribe="mailto:leave@example.org"))
    monkeypatch.setattr(app.config, "html_baseurl", "")
    monkeypatch.setattr(app.config, "newsletter_email_from", "Editors <ed@example.org>")
    sent = message(app)
    assert sent["To"] is None and sent["List-Id"] is None and sent["List-Unsubscribe-Post"] is None
    assert sent["List-Unsubscribe"] == "<mailto:leave@example.org>"
    assert sent["From"] == "Editors <ed@example.org>"
    assert sent["Message-ID"] == "<alpha.2020-06-05@newsletter.invalid>"
    monkeypatch.setattr(app.config, "_newsletter_settings", replace(settings, list_unsubscribe=""))
    assert message(app)["List-Unsubscribe"] is None


def test_the_issue_is_written_as_html_text_and_mail(app, tmp_path):
    written = mail.write_issue(app, alpha(app), D(2020, 6, 5), tmp_path)
    assert written == [tmp_path / "issue.html", tmp_path / "issue.txt", tmp_path / "issue.eml"]
    text = (tmp_path / "issue.txt").read_text(encoding="utf-8")
    html = (tmp_path / "issue.html").read_text(encoding="utf-8")
    assert text.index("Workshop") < text.index("Summit <b>day</b>") < text.index("Meetup")
    assert text.startswith("Verdicts\nAlpha edition, published 5 June 2020\n")
    assert max(len(line) for line in text.splitlines() if "://" not in line) <= 72
    assert "Summit &lt;b&gt;day&lt;/b&gt;" in html and "<b>day" not in html
    sent = email.message_from_bytes((tmp_path / "issue.eml").read_bytes(), policy=policy.default)
    assert sent["Subject"] == "Verdicts: the Alpha edition" and sent["In-Reply-To"] is None
    assert [part.get_content() for part in sent.iter_parts()] == [text, html + "\n"]
    (tmp_path / "again").mkdir()
    corrected = mail.write_issue(app, alpha(app), D(2020, 6, 5), tmp_path / "again", corrected=D(2020, 7, 1),
                                 corrections=[{"docname": "reports/alpha/summit", "title": "Summit <b>day</b>",
                                               "date": D(2020, 7, 1), "note": "Fixed the date.", "edition": "Alpha",
                                               "path": "reports/alpha/summit.md"}])
    again = email.message_from_bytes(corrected[2].read_bytes(), policy=policy.default)
    assert again["Subject"] == "Correction: Verdicts: the Alpha edition"
    assert "\nCorrections\n" in corrected[1].read_text(encoding="utf-8")
    assert "Fixed the date." in " ".join(corrected[1].read_text(encoding="utf-8").split())


# The sitemap and the viewport


def test_search_and_index_pages_are_not_content(app, monkeypatch):
    assert app.config.sitemap_excludes == ["search.html", "genindex.html", "py-modindex.html", "search/", "genindex/",
                                           "py-modindex/"]
    monkeypatch.setattr(app.config, "sitemap_excludes", ["drafts/*", "genindex.html"])
    sitemap.content_pages_only(app, app.config)
    assert app.config.sitemap_excludes == ["drafts/*", "genindex.html", "search.html", "py-modindex.html", "search/",
                                           "genindex/", "py-modindex/"]
    assert app.config.html_use_index is False
    monkeypatch.setitem(app.config._raw_config, "html_use_index", True)
    monkeypatch.setattr(app.config, "html_use_index", True)
    sitemap.content_pages_only(app, app.config)
    assert app.config.html_use_index is True
    without = SimpleNamespace(_raw_config={}, html_use_index=True)  # a site without sphinx-sitemap
    sitemap.content_pages_only(app, without)
    assert vars(without) == {"_raw_config": {}, "html_use_index": False}


def test_one_viewport_tag_per_page():
    context = {"metatags": '<meta a>\n  <meta name="viewport" content="width=device-width" />\n<meta b>'}
    sitemap.one_viewport(None, "index", "page.html", context, None)
    assert context == {"metatags": "<meta a>\n<meta b>"}
    empty: dict = {}
    sitemap.one_viewport(None, "index", "page.html", empty, None)
    assert empty == {}


SITE = BASE + "en/2/"
PAGES = ["authors/%C3%A9mile.html", "authors/ann.html", "authors/bo.html", "authors/cy.html", "authors/fay.html",
         "authors/index.html",
         "editions/alpha.html", "editions/beta.html", "editions/index.html", "events/index.html",
         "events/pycon-us.html", "index.html", "reports/alpha/meetup.html", "reports/alpha/summit.html",
         "reports/alpha/workshop.html", "reports/beta/gamma.html", "tags/design-summit.html", "tags/index.html",
         "tags/summit.html", "tags/x.html"]


def test_every_page_of_the_site_has_its_address(app, monkeypatch):
    assert sitemap.page_locations(app) == {SITE + page for page in PAGES}
    monkeypatch.setattr(app.config, "sitemap_excludes", ["tags/*", "index.html"])
    assert sitemap.page_locations(app) == {SITE + page for page in PAGES if not page.startswith(("tags/", "index"))}
    monkeypatch.setattr(app.config, "sitemap_excludes", [])
    monkeypatch.setattr(app.config, "language", None)
    monkeypatch.setattr(app.config, "version", "")
    monkeypatch.setattr(app.config, "html_file_suffix", ".htm")
    assert SITE.replace("en/2/", "") + "authors/%C3%A9mile.htm" in sitemap.page_locations(app)
    monkeypatch.setattr(app.config, "site_url", "https://elsewhere.example.org/")
    monkeypatch.setattr(app.config, "sitemap_url_scheme", "v/{link}")
    assert "https://elsewhere.example.org/v/tags/x.htm" in sitemap.page_locations(app)


def test_a_folder_per_page_has_folder_addresses(app, monkeypatch):
    monkeypatch.setattr(app.builder, "name", "dirhtml")
    found = sitemap.page_locations(app)
    assert {SITE, SITE + "tags/", SITE + "tags/x/", SITE + "authors/%C3%A9mile/", SITE + "reports/alpha/summit/"} <= found
    assert len(found) == len(PAGES)


def test_the_sitemap_lists_every_page_once_encoded_and_in_order(app):
    path = Path(app.outdir) / "sitemap.xml"
    kept = Path(app.doctreedir) / sitemap.SITEMAP_ENTRIES
    kept.unlink(missing_ok=True)
    head = "<?xml version='1.0' encoding='utf-8'?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
    path.write_text(head + f"<url><loc>{SITE}tags/x.html</loc><lastmod>2020</lastmod></url>"
                    f"<url><loc>{SITE}authors/émile.html</loc></url><url><loc>{SITE}gone.html</loc></url></urlset>",
                    encoding="utf-8")
    sitemap.encode_sitemap(app, None)
    text = path.read_text(encoding="utf-8")
    urls = [f"<url><loc>{SITE}{page}</loc></url>" for page in PAGES]
    urls[PAGES.index("tags/x.html")] = f"<url><loc>{SITE}tags/x.html</loc><lastmod>2020</lastmod></url>"
    assert text == head + "".join(urls) + "</urlset>"
    assert kept.read_text(encoding="utf-8").startswith('{\n"https://')  # one entry a line
    entries_ = feeds.json.loads(kept.read_text(encoding="utf-8"))
    assert list(entries_) == [SITE + page for page in PAGES]
    assert entries_[SITE + "tags/x.html"] == urls[PAGES.index("tags/x.html")]

    # an incremental build: sphinx-sitemap lists only the pages it wrote; the others keep their last entry
    path.write_text(head + f"<url><loc>{SITE}index.html</loc><lastmod>2021</lastmod></url></urlset>", encoding="utf-8")
    sitemap.encode_sitemap(app, None)
    again = path.read_text(encoding="utf-8")
    assert f"<url><loc>{SITE}tags/x.html</loc><lastmod>2020</lastmod></url>" in again
    assert f"<url><loc>{SITE}index.html</loc><lastmod>2021</lastmod></url>" in again
    assert again.count("<url>") == len(PAGES)

    os.utime(path, ns=(1, 1))
    os.utime(kept, ns=(1, 1))
    path.write_text(again, encoding="utf-8")
    os.utime(path, ns=(1, 1))
    sitemap.encode_sitemap(app, None)  # nothing changed: neither file written
    assert path.stat().st_mtime_ns == 1 and kept.stat().st_mtime_ns == 1


def test_a_sitemap_without_entries_gets_every_page(app):
    path = Path(app.outdir) / "sitemap.xml"
    (Path(app.doctreedir) / sitemap.SITEMAP_ENTRIES).unlink(missing_ok=True)
    path.write_text('<urlset xmlns="x"></urlset>\n', encoding="utf-8")
    sitemap.encode_sitemap(app, None)
    assert path.read_text(encoding="utf-8") == ('<urlset xmlns="x">' + "".join(
        f"<url><loc>{SITE}{page}</loc></url>" for page in PAGES) + "</urlset>\n")


@pytest.mark.parametrize(("attribute", "value"), [
    ("exception", RuntimeError("failed")), ("sitemap_filename", ""), ("format", "latex"), ("site_url", None)])
def test_the_sitemap_is_left_alone_when_there_is_none_to_mend(app, monkeypatch, attribute, value):
    path = Path(app.outdir) / "sitemap.xml"
    path.write_text("<urlset><url><loc>a b</loc></url></urlset>", encoding="utf-8")
    if attribute == "format":
        monkeypatch.setattr(app.builder, "format", value)
    elif attribute == "site_url":
        monkeypatch.setattr(app.config, "site_url", None)
        monkeypatch.setattr(app.config, "html_baseurl", "")
    elif attribute == "sitemap_filename":
        monkeypatch.setattr(app.config, "sitemap_filename", value)
    sitemap.encode_sitemap(app, value if attribute == "exception" else None)
    assert path.read_text(encoding="utf-8") == "<urlset><url><loc>a b</loc></url></urlset>"


def test_no_sitemap_file_no_sitemap(app, monkeypatch):
    monkeypatch.setattr(app.config, "sitemap_filename", "other.xml")
    sitemap.encode_sitemap(app, None)
    assert not (Path(app.outdir) / "other.xml").exists()


def manager_queue():
    manager = multiprocessing.Manager()
    return manager, manager.Queue()


def test_the_server_of_a_parallel_build_is_stopped_when_it_ends():
    manager, links = manager_queue()
    app = SimpleNamespace(sitemap_links=links, parallel=2)
    sitemap.stop_collecting(app, None)
    assert type(app.sitemap_links) is queue.Queue and not manager._process.is_alive()
    plain = app.sitemap_links
    sitemap.stop_collecting(app, None)
    assert app.sitemap_links is plain
    sitemap.stop_collecting(SimpleNamespace(), None)  # a site without sphinx-sitemap: nothing to do
    other = SimpleNamespace(sitemap_links=[])  # a collection with no server behind it
    sitemap.stop_collecting(other, None)
    assert type(other.sitemap_links) is queue.Queue


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_serial_build_collects_its_sitemap_in_this_process_and_starts_no_server(tmp_path, monkeypatch, parallel):
    started = []
    start = multiprocessing.managers.BaseManager.start
    monkeypatch.setattr(multiprocessing.managers.BaseManager, "start",
                        lambda manager, *args, **kwargs: started.append(manager) or start(manager, *args, **kwargs))
    srcdir = write_sources(tmp_path / "site", SOURCES)
    with docutils_namespace():  # builder-inited is emitted as the application starts
        app = Sphinx(srcdir, srcdir, tmp_path / "html", tmp_path / "doctrees", "html", status=io.StringIO(),
                     warning=io.StringIO(), freshenv=True, parallel=parallel)
    if parallel == 1:
        assert type(app.sitemap_links) is queue.Queue and started == []
        assert app.env.is_directory_builder is False
    else:  # the workers of a parallel build are other processes: they need the server until the build ends
        assert type(app.sitemap_links) is not queue.Queue and len(started) == 1
        sitemap.stop_collecting(app, None)


@pytest.mark.parametrize("parallel", [1, 2])
def test_a_build_leaves_no_process_behind_and_its_sitemap_whole(tmp_path, parallel):
    before = set(multiprocessing.active_children())
    built, _warnings = build_here(write_sources(tmp_path / "site", SOURCES), tmp_path, parallel=parallel)
    assert built.statuscode == 0
    assert set(multiprocessing.active_children()) - before == set()
    assert (tmp_path / "html/sitemap.xml").read_text(encoding="utf-8").count("<url>") == len(PAGES)


# The build of one edition for `newsletter publish`


def test_an_edition_is_built_alone_and_fresh(tmp_path):
    srcdir = tmp_path / "site"
    write_sources(srcdir, {**SOURCES, "index.rst": "Verdicts\n========\n\nWelcome [#]_.\n\n.. [#] A note.\n",
                           "docutils.conf": "[restructuredtext parser]\ntrim_footnote_reference_space: true\n"})
    (srcdir / "reports/beta/gamma.md").unlink()  # publish builds a copy that holds the edition alone
    read: list[str] = []

    def watch(app):
        watched.append(app)
        app.connect("env-before-read-docs", lambda app_, env, docnames: read.extend(docnames))

    watched: list[Sphinx] = []
    app, warnings = build.build_edition(srcdir, tmp_path / "out", tmp_path / "doctrees", "alpha", watch)
    assert warnings is None and watched == [app]
    assert app.config.newsletter_publish == "alpha"
    assert (tmp_path / "out/reports/alpha/summit.html").is_file()
    assert (tmp_path / "out/editions/alpha.html").is_file() and not (tmp_path / "out/editions/beta.html").exists()
    first = sorted(read)
    assert "reports/alpha/summit" in first
    read.clear()
    build.build_edition(srcdir, tmp_path / "out", tmp_path / "doctrees", "alpha", watch)
    assert sorted(read) == first  # every page read again, though nothing changed
    assert 'Welcome<a class="footnote-reference' in (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert type(app._status) is io.StringIO  # the build's progress is kept, not printed (publish prints its own)


def test_an_edition_with_a_warning_is_told_without_colours(tmp_path, monkeypatch):
    monkeypatch.setenv("FORCE_COLOR", "1")
    srcdir = tmp_path / "site"
    write_sources(srcdir, {**SOURCES, "reports/alpha/bad.md": "---\ntitle: Bad\nauthor: Bo\ndate: 2020-02-30\n---\n\nText.\n"})
    (srcdir / "reports/beta/gamma.md").unlink()
    _, warnings = build.build_edition(srcdir, tmp_path / "out", tmp_path / "doctrees", "alpha")
    assert warnings is not None and "reports/alpha/bad.md:4: WARNING: " in warnings and "\x1b[" not in warnings
    assert warnings.endswith("\n")


def test_a_failed_build_is_told_even_without_a_warning(tmp_path, monkeypatch):
    srcdir = write_sources(tmp_path / "site", SOURCES)
    (srcdir / "reports/beta/gamma.md").unlink()

    def fail(app):
        app.statuscode = 1

    monkeypatch.setattr(build.Sphinx, "build", lambda self, *args, **kwargs: fail(self))
    _, warnings = build.build_edition(srcdir, tmp_path / "out", tmp_path / "doctrees", "alpha")
    assert warnings == "the build failed\n"


@pytest.mark.parametrize(("baseurl", "suffix"), [("https://news.example.org/site/", None),
                                                  ("https://news.example.org/X", ".htm"), ("", None)])
def test_an_editions_links_to_other_editions_lead_to_the_site(tmp_path, baseurl, suffix):
    srcdir = tmp_path / "site"
    conf = CONF.replace('html_baseurl = "https://news.example.org/site/"', f"html_baseurl = {baseurl!r}")
    write_sources(srcdir, {**SOURCES, "conf.py": conf + (f"html_file_suffix = {suffix!r}\n" if suffix else ""),
                           "reports/alpha/meetup.md": "---\ntitle: Meetup\nauthor: Bo\ndate: 2020-03-01\n---\n\n"
                           "See {ref}`the index <genindex>`, [the summit](summit.md), [Gamma](../beta/gamma.md), "
                           "[its words](../beta/gamma.md#gamma-text), {doc}`G <../beta/gamma>`,"
                           " [](/reports/beta/gamma.md), [](../beta/delta.md), {doc}`home </index>` and"
                           " [a page](https://example.org/reports/beta/gamma.html).\n"})
    (srcdir / "reports/beta/gamma.md").unlink()  # publish builds a copy that holds the edition alone
    _, warnings = build.build_edition(srcdir, tmp_path / "out", tmp_path / "doctrees", "alpha",
                                      titles={"reports/beta/gamma": "Gamma <day>", "reports/alpha/summit": "Not this"})
    if not baseurl:  # no address of the site to lead to: the links are missing, as the build says
        assert warnings is not None and warnings.count("reports/alpha/meetup.md:") == 5, warnings
        return
    assert warnings is None
    suffix = suffix or ".html"
    page = (tmp_path / "out" / f"reports/alpha/meetup{suffix}").read_text(encoding="utf-8")
    paragraph = page[page.index("<p>See "):page.index("</p>", page.index("<p>See "))]
    gamma = f"{baseurl.rstrip('/')}/reports/beta/gamma{suffix}"
    delta = f"{baseurl.rstrip('/')}/reports/beta/delta{suffix}"
    assert paragraph.count('<a class="reference external" href="https://news.example.org/') == 5
    assert [(href, text) for href, text in re.findall(r'<a [^>]*href="([^"]*)"[^>]*>(.*?)</a>', paragraph)] == [
        (f"../../genindex{suffix}", '<span class="std std-ref">the index</span>'),
        (f"summit{suffix}", '<span class="std std-doc">the summit</span>'),
        (gamma, '<span class="xref myst">Gamma</span>'), (f"{gamma}#gamma-text", '<span class="xref myst">its words</span>'),
        (gamma, '<span class="xref std std-doc">G</span>'),
        (gamma, "Gamma &lt;day&gt;"),  # no text of its own: the report's title, as text
        (delta, delta),  # no title known: its address
        (f"../../index{suffix}", '<span class="doc">home</span>'),
        ("https://example.org/reports/beta/gamma.html", "a page")], paragraph
    summit = (tmp_path / "out" / f"reports/alpha/summit{suffix}").read_text(encoding="utf-8")
    assert "news.example.org/site/reports" not in summit.split('<article class="bd-article">')[1].split("</article>")[0]


@pytest.mark.parametrize("baseurl", ["https://news.example.org/site/", ""])
def test_an_editions_toctree_entries_of_other_editions_lead_to_the_site(tmp_path, baseurl):
    srcdir = tmp_path / "site"
    conf = CONF.replace('html_baseurl = "https://news.example.org/site/"', f"html_baseurl = {baseurl!r}")
    write_sources(srcdir, {**SOURCES, "conf.py": conf,
                           "reports/alpha/meetup.md": "---\ntitle: Meetup\nauthor: Bo\ndate: 2020-03-01\n---\n\n"
                           "```{toctree}\nsummit\nThe gamma report <../beta/gamma>\n/reports/beta/gamma.md\n"
                           "../beta/delta\nElsewhere <https://example.org/x>\n```\n"})
    (srcdir / "reports/beta/gamma.md").unlink()  # publish builds a copy that holds the edition alone
    _, warnings = build.build_edition(srcdir, tmp_path / "out", tmp_path / "doctrees", "alpha",
                                      titles={"reports/beta/gamma": "Gamma <day>", "reports/alpha/summit": "Not this"})
    if not baseurl:  # no address of the site to lead to: the entries name missing pages, as the build says
        assert warnings is not None and warnings.count("reports/alpha/meetup.md:7: WARNING: toctree contains ") == 3
        return
    assert warnings is None
    page = BeautifulSoup((tmp_path / "out/reports/alpha/meetup.html").read_text(encoding="utf-8"), "html.parser")
    gamma = "https://news.example.org/site/reports/beta/gamma.html"
    delta = "https://news.example.org/site/reports/beta/delta.html"
    entries = [(a["href"], a.get_text()) for a in page.select("article div.toctree-wrapper a")]
    assert entries[0] == ("summit.html", "Summit <b>day</b>") and entries[-4:] == [
        (gamma, "The gamma report"), (gamma, "Gamma <day>"),  # no title of its own: the report's
        (delta, delta), ("https://example.org/x", "Elsewhere")], entries


@pytest.mark.parametrize(("attributes", "page"), [
    ({"reftype": "myst", "refdomain": "doc", "reftarget": "reports/essex/summit", "reftargetid": "keynote"},
     ("reports/essex/summit", "keynote")),
    ({"reftype": "myst", "refdomain": "doc", "reftarget": "reports/essex/summit", "reftargetid": None},
     ("reports/essex/summit", "")),
    ({"reftype": "myst", "refdomain": "doc"}, ("", "")),
    ({"reftype": "any", "refdomain": None, "reftarget": "../essex/summit.md"}, None),
    ({"reftype": "myst", "refdomain": None, "reftarget": "../essex/summit.md#keynote"}, ("reports/essex/summit", "keynote")),
    ({"reftype": "myst", "refdomain": None, "reftarget": "/reports/essex/summit.md"}, ("reports/essex/summit", "")),
    ({"reftype": "myst", "refdomain": None, "reftarget": "../essex/notes.txt"}, None),
    ({"reftype": "myst", "refdomain": None, "reftarget": ".md"}, None),
    ({"reftype": "myst", "refdomain": None, "reftarget": "a-label"}, None),
    ({"reftype": "doc", "refdomain": "std", "reftarget": "../essex/summit"}, ("reports/essex/summit", "")),
    ({"reftype": "doc", "refdomain": "std", "reftarget": "/index"}, ("index", "")),
    ({"reftype": "ref", "refdomain": "std", "reftarget": "summit"}, None),
])
def test_the_page_a_link_names(attributes, page):
    from sphinx.addnodes import pending_xref

    from sphinx_newsletter.publishing.other_editions import linked_page

    assert linked_page(pending_xref("", **attributes), "reports/folsom/sprint", (".rst", ".md")) == page
