"""Publishing: the edition switcher, feeds, frozen editions, and `newsletter publish` with its mail-ready issue."""

from __future__ import annotations

import email
import json
import os
import re
import subprocess
from email import policy
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import NEWSLETTER, build_once, html, run, warnings_of

BASEURL = "https://news.example.org/"
BOOK = {"html_theme": "sphinx_book_theme",
        "html_sidebars": {"**": ["navbar-logo.html", "version-switcher.html", "sbt-sidebar-nav.html"]}}


def with_baseurl(srcdir: Path, offline: bool = False) -> Path:
    """The site's address set; its published editions' EPUB and PDF left to the tests that ask for them
    (test_offline.py)."""
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text() + f"html_baseurl = {BASEURL!r}\n" + ("" if offline else "newsletter_offline = False\n"))
    return srcdir


# -- switcher ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def book_site(project_once):
    """The test root built once with the book theme, for the tests that only read it."""
    app, _ = build_once(project_once("basic", "book"), confoverrides=BOOK)
    return app


def test_switcher_lists_editions_newest_first_with_real_links(book_site):
    app = book_site
    for page, prefix in (("index", ""), ("reports/alpha/kickoff", "../../"), ("tags/compute", "../")):
        links = html(app, page).select(".bd-sidebar-primary .nl-switcher a")
        assert [(a.get_text(), a["href"]) for a in links] == [
            ("Gamma (current)", f"{prefix}editions/gamma.html"), ("Beta", f"{prefix}editions/beta.html"),
            ("Alpha", f"{prefix}editions/alpha.html")]
    assert not (app.outdir / "_static/switcher.json").exists()


@pytest.mark.parametrize(("page", "edition"), [
    ("reports/alpha/kickoff", "Alpha"),
    ("editions/beta", "Beta"),
    ("index", "Gamma (current)"),
    ("tags/compute", "Gamma (current)"),
])
def test_each_page_knows_its_edition(book_site, page, edition):
    app = book_site
    switcher = html(app, page).select_one(".nl-switcher")
    assert switcher.select_one("a[aria-current]").get_text() == edition
    assert switcher.summary.get_text(" ", strip=True) == f"Editions: {edition}"
    assert html(app, page).select_one(".version-switcher__button") is None  # the theme's is replaced


# -- feeds ------------------------------------------------------------------------------------


def test_feeds_are_valid_atom_with_every_listed_report(project, build):
    app, _ = build(with_baseurl(project("feedback")))
    whole = feedparser.parse((app.outdir / "feeds/atom.xml").read_bytes())
    assert not whole.bozo, whole.bozo_exception
    assert [entry.title for entry in whole.entries] == ["Other report", "Quiet report", "Summit report"]
    entry = whole.entries[2]
    assert entry.link == f"{BASEURL}reports/alpha/summit.html"
    assert entry.author == "Ada Lovelace" and entry.updated.startswith("2020-02-10")
    assert [tag.term for tag in entry.tags] == ["summit"]
    alpha = feedparser.parse((app.outdir / "feeds/alpha.xml").read_bytes())
    assert not alpha.bozo and alpha.feed.title.endswith("Alpha edition")
    assert [entry.title for entry in alpha.entries] == ["Quiet report", "Summit report"]


def test_feeds_are_reproducible(project, build):
    first, _ = build(with_baseurl(project("basic", "one")))
    second, _ = build(with_baseurl(project("basic", "two")))
    for name in ("atom.xml", "alpha.xml", "gamma.xml"):
        assert (first.outdir / "feeds" / name).read_bytes() == (second.outdir / "feeds" / name).read_bytes()
    before = (first.outdir / "feeds/atom.xml").stat().st_mtime_ns
    build(first.srcdir)
    assert (first.outdir / "feeds/atom.xml").stat().st_mtime_ns == before  # unchanged feeds are not rewritten


def test_newsletter_feed_holds_the_newest_reports_edition_feeds_whole_editions(project, build):
    app, _ = build(project("feedback"), confoverrides={"newsletter_feed_length": 2})
    whole = feedparser.parse((app.outdir / "feeds/atom.xml").read_bytes())
    assert [entry.title for entry in whole.entries] == ["Other report", "Quiet report"]
    alpha = feedparser.parse((app.outdir / "feeds/alpha.xml").read_bytes())
    assert [entry.title for entry in alpha.entries] == ["Quiet report", "Summit report"]


def test_feeds_follow_an_edited_report_and_come_back_when_deleted(project, build):
    srcdir = project("basic")
    app, _ = build(srcdir)
    report = srcdir / "reports/alpha/kickoff.md"
    report.write_text(report.read_text().replace("title: ", "title: Renamed ", 1))
    (app.outdir / "feeds/beta.xml").unlink()
    mine = app.outdir / "feeds/feedback/alpha/kickoff.xml"
    assert "Renamed" not in feedparser.parse(mine.read_bytes()).feed.title
    other = app.outdir / "feeds/feedback/beta/storage-day.xml"
    other.unlink()
    app, _ = build(srcdir)
    for name in ("atom.xml", "alpha.xml"):
        titles = [entry.title for entry in feedparser.parse((app.outdir / "feeds" / name).read_bytes()).entries]
        assert any(title.startswith("Renamed ") for title in titles), name
    beta = feedparser.parse((app.outdir / "feeds/beta.xml").read_bytes())
    assert not beta.bozo and beta.entries
    # a report's feedback feed: its new title, and a new comment in its feedback file; a deleted one is back
    assert "Renamed" in feedparser.parse(mine.read_bytes()).feed.title
    assert other.is_file() and not feedparser.parse(other.read_bytes()).bozo
    assert not feedparser.parse(mine.read_bytes()).entries
    (srcdir / "feedback/alpha").mkdir(parents=True)
    (srcdir / "feedback/alpha/kickoff.yaml").write_text("- author: Ada Reader\n  date: 2030-01-02\n"
                                                        "  body: Late but **useful**.\n")
    app, _ = build(srcdir)
    entries = feedparser.parse(mine.read_bytes()).entries
    assert [entry.author for entry in entries] == ["Ada Reader"]
    assert "<strong>useful</strong>" in entries[0].content[0].value


def test_feeds_follow_a_new_site_address_in_an_incremental_build(project, build):
    """The site moves (html_baseurl changes) and nothing else does: the next build, incremental, writes
    every feed with the new address, as a fresh build would."""
    srcdir = with_baseurl(project("basic"))
    app, _ = build(srcdir)
    feeds = sorted((app.outdir / "feeds").rglob("*.xml"))
    assert feeds and all(BASEURL in feed.read_text() for feed in feeds)
    conf = srcdir / "conf.py"
    conf.write_text(conf.read_text().replace(BASEURL, "https://moved.example.net/"))
    app, _ = build(srcdir)
    for feed in feeds:
        text = feed.read_text()
        assert "https://moved.example.net/" in text and BASEURL not in text, feed.name


def test_every_page_links_the_feed_and_reports_their_edition_feed(pristine):
    app = pristine("basic")
    for page in ("index", "tags/compute", "reports/beta/storage-day"):
        hrefs = [link["href"] for link in html(app, page).select('link[type="application/atom+xml"]')]
        assert hrefs[0].endswith("feeds/atom.xml"), page
    hrefs = [link["href"] for link in html(app, "reports/beta/storage-day").select('link[type="application/atom+xml"]')]
    assert hrefs == ["../../feeds/atom.xml", "../../feeds/feedback/beta/storage-day.xml", "../../feeds/beta.xml"]


def test_report_pages_carry_article_and_card_metadata(pristine):
    app = pristine("basic")
    page = html(app, "reports/alpha/kickoff")
    assert page.find("meta", property="article:published_time")["content"] == "2020-02-10"
    assert page.find("meta", property="article:author")["content"] == "Ada Lovelace"
    assert [m["content"] for m in page.find_all("meta", property="article:tag")] == ["summit", "compute"]
    assert page.find("meta", attrs={"name": "twitter:description"})["content"] == "The summit where alpha planning began."


# -- frozen editions ------------------------------------------------------------------------------


@pytest.fixture
def published_alpha(project):
    srcdir = with_baseurl(project("basic"))
    result = run("publish", "alpha", cwd=srcdir)
    assert result.returncode == 0, result.stderr
    return srcdir


def test_publish_writes_the_record(published_alpha):
    manifest = json.loads((published_alpha / "published/alpha.json").read_text())
    assert manifest["cycle"] == "alpha" and manifest["published"] == "2020-07-02"
    assert sorted(manifest["reports"]) == ["reports/alpha/kickoff.md", "reports/alpha/meetup.md"]


def test_a_new_report_in_a_published_edition_is_an_error(published_alpha, build):
    (published_alpha / "reports/alpha/late.md").write_text(
        "---\ntitle: Late report\nauthor: A\ndate: 2020-05-01\n---\n\nToo late.\n")
    app, _ = build(published_alpha)
    message = ("reports/alpha/late.md:1: WARNING: the Alpha edition was published on 2020-07-02 and is frozen: "
               "move it to reports/gamma/ (the open Gamma edition takes late reports; keep its date) "
               "(the report is left out of its edition until this is fixed) [newsletter.frozen]")
    assert message in warnings_of(app)
    assert "Late report" not in html(app, "editions/alpha").get_text()
    check = run("check", "reports/alpha/late.md", cwd=published_alpha)
    assert check.returncode == 1 and "the Alpha edition was published on 2020-07-02 and is frozen" in check.stdout


def test_changing_or_removing_a_published_report_is_reported(published_alpha, build):
    kickoff = published_alpha / "reports/alpha/kickoff.md"
    kickoff.write_text(kickoff.read_text() + "\nAn edit after publication.\n")
    (published_alpha / "reports/alpha/meetup.md").unlink()
    app, _ = build(published_alpha)
    warnings = warnings_of(app)
    assert any(line.startswith("reports/alpha/kickoff.md:1: WARNING: changed after the Alpha edition was published "
                               "on 2020-07-02: undo the edit, or add a correction to its front matter, e.g. "
                               "'corrections: [{date: ") and line.endswith("[newsletter.frozen]") for line in warnings)
    assert ("published/alpha.json:1: WARNING: reports/alpha/meetup.md was published in the Alpha edition on "
            "2020-07-02 and is missing: restore it [newsletter.frozen]") in warnings


def test_feedback_files_may_still_grow_after_publication(published_alpha, build):
    (published_alpha / "feedback/alpha").mkdir(parents=True)
    (published_alpha / "feedback/alpha/kickoff.yaml").write_text("- author: B\n  date: 2020-08-01\n  body: Late thanks.\n")
    app, _ = build(published_alpha)
    assert warnings_of(app) == []


# -- newsletter publish ---------------------------------------------------------------------------


def test_publish_tree_is_self_contained(published_alpha):
    tree = published_alpha / "_build/publish/alpha"
    for name in ("index.html", "editions/alpha.html", "reports/alpha/kickoff.html", "reports/alpha/meetup.html",
                 "feeds/alpha.xml", "_static/newsletter.css", "issue.html", "issue.txt", "issue.eml", "search.html",
                 "pagefind/pagefind.js", "pagefind/pagefind-entry.json",
                 "pagefind/editions/alpha/pagefind-entry.json"):  # its search: the edition's reports
        assert (tree / name).is_file(), name
    assert not (tree / "reports/beta").exists() and not (tree / "editions/beta.html").exists()
    edition = BeautifulSoup((tree / "editions/alpha.html").read_text(), "html.parser")
    assert [a["href"] for a in edition.select(".nl-card-title a")] == ["../reports/alpha/meetup.html",
                                                                       "../reports/alpha/kickoff.html"]
    for page in tree.rglob("*.html"):  # every local link resolves inside the tree
        soup = BeautifulSoup(page.read_text(), "html.parser")
        for link in soup.select("a[href]"):
            href = link["href"].split("#")[0]
            if href and not re.match(r"^[a-z]+:", href):
                assert (page.parent / href).resolve().exists(), (page, href)


def test_issue_email_parts(published_alpha):
    tree = published_alpha / "_build/publish/alpha"
    message = email.message_from_bytes((tree / "issue.eml").read_bytes(), policy=policy.default)
    assert message.get_content_type() == "multipart/alternative"
    assert message["Subject"] == "Test newsletter: the Alpha edition"
    text = message.get_body(("plain",)).get_content()
    html_part = message.get_body(("html",)).get_content()
    assert text == (tree / "issue.txt").read_text()
    assert all(len(line) <= 72 or line.startswith(("http", "Read more: http")) for line in text.splitlines())
    assert "1. Spring meetup (Grace Hopper, Alan Turing)" in text
    assert f"Read more: {BASEURL}reports/alpha/kickoff.html" in text.replace("\n", " ")
    soup = BeautifulSoup(html_part, "html.parser")
    styles = soup.find_all("style")  # CSS inlined; only the dark-mode rules stay a style sheet
    assert len(styles) == 1 and styles[0].get_text().strip().startswith("@media (prefers-color-scheme: dark)")
    assert soup.h1["style"] and soup.find("meta", attrs={"name": "color-scheme"})["content"] == "light dark"
    assert [a["href"] for a in soup.select(".toc a")] == ["#report-1", "#report-2"]
    assert f"{BASEURL}reports/alpha/meetup.html" in [a["href"] for a in soup.select("a.more")]
    assert "Ada Lovelace, Alan Turing, Grace Hopper" in soup.get_text()


def test_issue_is_reproducible(published_alpha):
    tree = published_alpha / "_build/publish/alpha"
    first = {name: (tree / name).read_bytes() for name in ("issue.html", "issue.txt", "issue.eml")}
    assert run("publish", "alpha", cwd=published_alpha).returncode == 0
    assert first == {name: (tree / name).read_bytes() for name in first}


def test_issue_shows_feedback_counts(project):
    srcdir = with_baseurl(project("feedback"))
    assert run("publish", "alpha", cwd=srcdir).returncode == 0
    text = (srcdir / "_build/publish/alpha/issue.txt").read_text()
    assert "(6 comments)" in text


@pytest.mark.parametrize(("cycle", "setup", "message"), [
    ("gamma", None, "it has drafts (reports/gamma/draft-notes.md): finish them (draft: false)"),
    ("beta", "reports/beta/storage-day.md", "fix the 1 problem(s) above"),
    ("alpha", "empty", "it has no reports in reports/alpha/"),
    ("beta", "body", "fix the 1 problem(s) above"),
])
def test_publish_refuses(project, cycle, setup, message):
    srcdir = with_baseurl(project("basic"))
    if setup == "empty":
        for path in (srcdir / "reports/alpha").glob("*.md"):
            path.unlink()
    elif setup == "body":  # a problem newsletter check finds in the body: publish finds it too
        path = srcdir / "reports/beta/storage-day.md"
        path.write_text(path.read_text() + "\n```{feedbak}\n:author: Typo\n\nHi.\n```\n")
    elif setup:
        path = srcdir / setup
        path.write_text(path.read_text().replace("author: Ada Lovelace", "author:"))
    result = run("publish", cycle, cwd=srcdir)
    assert result.returncode == 1
    assert f"refusing to publish the {cycle.title()} edition: {message}" in result.stderr
    assert not (srcdir / f"_build/publish/{cycle}").exists()
    assert not (srcdir / f"published/{cycle}.json").exists()


def test_publish_needs_the_site_address(project):
    result = run("publish", "alpha", cwd=project("basic"))
    assert result.returncode == 1 and "set html_baseurl in conf.py" in result.stderr


def test_publish_copies_links_as_links_and_never_reads_a_pipe(project):
    srcdir = with_baseurl(project("basic"))
    os.symlink("../../conf.py", srcdir / "reports/alpha/leak.md")
    os.mkfifo(srcdir / "pipe")
    result = subprocess.run([NEWSLETTER, "publish", "alpha"], cwd=srcdir, capture_output=True, text=True,
                            timeout=300)
    assert result.returncode == 1
    assert "reports/alpha/leak.md:1: error: not built: a symbolic link is not followed" in result.stderr
    assert not (srcdir / "published/alpha.json").exists()


def test_the_mail_follows_the_edition(project):
    """Sections in the edition's order (the edition page's), the editor's note with its links in the
    text part, each report numbered once across sections."""
    srcdir = with_baseurl(project("basic"))
    (srcdir / "conf.py").write_text((srcdir / "conf.py").read_text()
                                    + 'newsletter_sections = [{"title": "Meetups", "tags": ["meetup"]},'
                                      ' {"title": "Summits", "tags": ["summit"]}]\n')
    (srcdir / "notes").mkdir()
    (srcdir / "notes/alpha.md").write_text("Alpha began with [the kickoff](https://example.org/kickoff):\n\n"
                                           "- a summit\n- a meetup\n")
    assert run("publish", "alpha", cwd=srcdir).returncode == 0
    tree = srcdir / "_build/publish/alpha"
    text = (tree / "issue.txt").read_text()
    assert "Alpha began with the kickoff <https://example.org/kickoff>:\n\n- a summit\n- a meetup" in text
    assert text.index("Meetups") < text.index("1. Spring meetup") < text.index("Summits") < text.index(
        "2. Kickoff summit notes")
    soup = BeautifulSoup((tree / "issue.html").read_text(), "html.parser")
    assert [h2.get_text() for h2 in soup.select("h2") if not h2.find_parent(class_="card")] == ["Meetups", "Summits"]
    assert [h3.get_text() for h3 in soup.select(".card h3")] == ["Spring meetup", "Kickoff summit notes"]
    assert [a.get_text() for a in soup.select(".toc a")] == ["Spring meetup", "Kickoff summit notes"]
    assert soup.select_one(".note a")["href"] == "https://example.org/kickoff"


def test_a_large_edition_stays_under_the_size_a_mail_client_clips(project):
    """60 reports with long summaries: the HTML part stays under 102 KB (Gmail clips beyond, hiding the
    rest and the unsubscribe link); the reports that do not fit are listed as links to the site; the text
    part holds every report."""
    srcdir = with_baseurl(project("basic"))
    summary = "A long summary of what happened, who spoke and what was decided. " * 15  # 990 of 1,000 characters
    for number in range(60):
        (srcdir / f"reports/alpha/talk-{number:02d}.md").write_text(
            f"---\ntitle: Talk {number:02d}\nauthor: Speaker {number}\ndate: 2020-03-{number % 28 + 1:02d}\n"
            f"summary: {summary.strip()}\n---\n\nBody.\n")
    assert run("publish", "alpha", cwd=srcdir).returncode == 0
    tree = srcdir / "_build/publish/alpha"
    html_part = (tree / "issue.html").read_bytes()
    assert 90 * 1024 < len(html_part) <= 100 * 1024, len(html_part)
    soup = BeautifulSoup(html_part.decode(), "html.parser")
    full, brief = soup.select(".card a.more"), soup.select(".brief li a")
    assert full and brief and len(full) + len(brief) == 62
    assert {a["href"] for a in full + brief} == {f"{BASEURL}reports/alpha/{name}.html" for name in
                                                 ["kickoff", "meetup", *(f"talk-{n:02d}" for n in range(60))]}
    assert soup.select_one(".footer a")["href"].startswith(BASEURL)  # the end of the issue is in the part
    assert (tree / "issue.txt").read_text().count("Read more: ") == 62


def test_the_warnings_publish_prints_carry_no_colour_codes(project):
    """Sphinx colours its warnings for a terminal; publish prints them into logs and pipes too."""
    import os
    import subprocess
    import sys

    srcdir = project("basic")
    (srcdir / "reports/gamma/picture.md").write_text(
        "---\ntitle: A picture\nauthor: Ada\ndate: 2021-02-01\n---\n\n![a picture](missing.png)\n")
    code = ("import sys; from pathlib import Path; from sphinx_newsletter.publishing.build import build_edition; "
            "print(build_edition(*map(Path, sys.argv[1:4]), 'gamma')[1])")
    environment = {name: value for name, value in os.environ.items() if name not in ("NO_COLOR", "FORCE_COLOR")}
    result = subprocess.run([sys.executable, "-c", code, str(srcdir), str(srcdir / "_out"), str(srcdir / "_doctrees")],
                            capture_output=True, text=True, env=dict(environment, TERM="xterm-256color"))
    assert "WARNING: image file not readable: reports/gamma/missing.png" in result.stdout, result.stderr
    assert "\x1b" not in result.stdout


def test_the_mail_thanks_each_person_once(sample_site, build, tmp_path):
    """Essex's authors Jane Doe and Tom Okafor also left feedback on it: they are thanked as contributors,
    not again among the readers."""
    from sphinx_newsletter.publishing.mail import write_issue

    app, _ = build(sample_site)
    cycle = app.env.domains["newsletter"].catalogue().cycles["essex"]
    write_issue(app, cycle, cycle.published, tmp_path)
    text = " ".join((tmp_path / "issue.txt").read_text().split())
    assert "Thanks to this edition's contributors: Élodie Martin, Jane Doe, Tom Okafor." in text  # É as E
    assert "And to the readers who left feedback: Aiko Tanaka, Marco Bellini, Priya Raman." in text


def test_a_published_edition_links_the_reports_of_other_editions_on_the_site(sample_site):
    """The edition is built alone; a report's links to reports of other editions (markdown, `{doc}`) lead to
    them on the site, as in the site's own build (tests/test_offline.py: its offline files too); a link or a toctree
    entry without text of its own shows the report's title, as the site shows it; a link to a report that
    is nowhere is refused, as the site's strict build refuses it."""
    report = sample_site / "reports/folsom/europython-openstack.md"
    text = report.read_text(encoding="utf-8")
    report.write_text(text + "\nAs [the Boston summit](../essex/boston-design-summit.md) said, and "
                      "{doc}`London <../essex/london-meetup>` and [](/reports/essex/fosdem-cloud-devroom.md).\n"
                      "\n```{toctree}\nBoston <../essex/boston-design-summit>\n../essex/london-meetup\n```\n",
                      encoding="utf-8")
    assert run("check", "--strict", cwd=sample_site).returncode == 0
    result = run("publish", "folsom", "--date", "2012-10-01", cwd=sample_site)
    assert result.returncode == 0, result.stdout + result.stderr
    tree = sample_site / "_build/publish/folsom"
    page = BeautifulSoup((tree / "reports/folsom/europython-openstack.html").read_text(encoding="utf-8"),
                         "html.parser")
    site = "https://newsletter.openstack.example/reports/essex/"
    fosdem, london = "A weekend in the FOSDEM cloud devroom", "Fifty people, one room and too much pizza in London"
    links = sorted((a.get_text(), a["href"]) for a in page.select("article a[href]") if a["href"].startswith(site))
    assert links == sorted([("the Boston summit", site + "boston-design-summit.html"),
                            ("London", site + "london-meetup.html"),
                            (fosdem, site + "fosdem-cloud-devroom.html"),  # no text of its own: the title
                            ("Boston", site + "boston-design-summit.html"),  # a toctree's entries, as the links
                            (london, site + "london-meetup.html")]), links
    (sample_site / "published/folsom.json").unlink()
    report.write_text(text + "\nAs [a summit](../essex/not-there.md) said.\n", encoding="utf-8")
    refused = run("publish", "folsom", "--date", "2012-10-01", cwd=sample_site)
    assert refused.returncode == 1 and "reports/folsom/europython-openstack.md" in refused.stdout + refused.stderr
