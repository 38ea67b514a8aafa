"""The edition lifecycle on a copy of the sample site: one record of publication, late reports,
corrections, the editor's note, sections, the mail-ready issue, and what readers see around it."""

from __future__ import annotations

import email
import json
import re
from email import policy
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import run, sphinx_build


@pytest.fixture
def site(sample_site) -> Path:
    return sample_site


def page(srcdir: Path, name: str, tree: str = "_build/html") -> BeautifulSoup:
    return BeautifulSoup((srcdir / tree / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def set_conf(srcdir: Path, old: str, new: str) -> None:
    conf = srcdir / "conf.py"
    text = conf.read_text()
    assert old in text
    conf.write_text(text.replace(old, new))


FOLSOM_REPORT = "reports/folsom/san-francisco-design-summit.md"


# -- one record of publication ------------------------------------------------------------------


def test_the_record_alone_says_an_edition_is_published(built_sample_site):
    site = built_sample_site
    assert "status" not in (site / "conf.py").read_text()  # conf.py names cycles; records say what went out
    cycles = run("cycles", cwd=site).stdout
    assert re.search(r"essex .* published 2012-04-12", cycles) and re.search(r"folsom .* open", cycles)
    status = page(site, "editions/essex").select_one(".nl-edition-status")
    assert "Published" in status.get_text() and status.time["datetime"] == "2012-04-12"
    assert "In progress" in page(site, "editions/folsom").select_one(".nl-edition-status").get_text()


@pytest.mark.parametrize(("entry", "message"), [
    ('"end": "2012-04-05"}', 'says the \'essex\' cycle is \'open\', but published/essex.json records its publication '
                             'on 2012-04-12: remove "status" from the \'essex\' entry of newsletter_cycles in conf.py'),
    ('"end": "2012-04-05", "published": "2012-05-01"}',
     'gives the \'essex\' cycle "published": "2012-05-01", but published/essex.json records 2012-04-12: remove '
     '"published" from the \'essex\' entry'),
])
def test_conf_py_contradicting_a_record_is_an_error_that_names_the_file(site, entry, message):
    replacement = entry if "published" in entry else '"end": "2012-04-05", "status": "open"}'
    set_conf(site, '"end": "2012-04-05"}', replacement)
    result = run("check", cwd=site)
    assert result.returncode == 1 and message in result.stderr and "conf.py: error:" in result.stderr
    built = sphinx_build(site)
    assert message in built.stderr and "[newsletter.config]" in built.stderr
    assert "Published" in page(site, "editions/essex").select_one(".nl-edition-status").get_text()


def test_a_record_of_a_cycle_conf_py_does_not_list_is_named(site):
    (site / "published/grizzly.json").write_text(json.dumps({"cycle": "grizzly", "published": "2013-04-10",
                                                             "reports": {}}))
    result = run("check", cwd=site)
    assert ("published/grizzly.json records an edition 'grizzly' that newsletter_cycles does not list: add the "
            "'grizzly' cycle to conf.py") in result.stderr


# -- late reports: advice never points back and forth -----------------------------------------------


LATE = "---\ntitle: A late word on Boston\nauthor: Li Wei\ndate: 2011-10-20\n---\n\nWritten after Essex went out.\n"


def test_a_late_report_goes_into_the_edition_in_progress_and_keeps_its_date(site):
    (site / "reports/essex/late-word.md").write_text(LATE)
    result = run("check", cwd=site)
    assert ("reports/essex/late-word.md:1: error: the Essex edition was published on 2012-04-12 and is frozen: move "
            "it to reports/folsom/ (the open Folsom edition takes late reports; keep its date)") in result.stdout
    (site / "reports/essex/late-word.md").rename(site / "reports/folsom/late-word.md")
    moved = run("check", cwd=site)
    assert moved.returncode == 0 and moved.stdout == "", moved.stdout  # no advice to move it back
    built = sphinx_build(site, "-W")
    assert built.returncode == 0, built.stderr
    assert "A late word on Boston" in page(site, "editions/folsom").get_text()


def test_a_report_in_an_open_edition_dated_in_another_open_one_is_told_where_to_go(site):
    set_conf(site, '{"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},',
             '{"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},\n'
             '    {"name": "grizzly", "title": "Grizzly", "start": "2012-09-27"},')
    (site / "reports/grizzly").mkdir()
    (site / "reports/grizzly/early.md").write_text(LATE.replace("2011-10-20", "2012-06-01"))
    result = run("check", cwd=site)
    assert "falls outside the Grizzly cycle (2012-09-27 to open end): move the file to reports/folsom/" in result.stdout


def test_new_puts_a_report_dated_in_a_published_edition_into_the_one_in_progress(site):
    result = run("new", "A late word on Boston", "--author", "Li Wei", "--date", "2011-10-20", cwd=site)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "reports/folsom/a-late-word-on-boston.md"
    assert ("the Essex edition was published on 2012-04-12; the report goes into the Folsom edition in progress "
            "as a late report (its date stays 2011-10-20)") in result.stderr
    assert "date: 2011-10-20" in (site / "reports/folsom/a-late-word-on-boston.md").read_text()


def test_new_refuses_a_published_cycle_with_the_command_to_use(site):
    result = run("new", "A late word", "--author", "Li Wei", "--date", "2011-10-20", "--cycle", "essex", cwd=site)
    assert result.returncode == 2
    command = result.stderr.split("use: ")[1].strip()
    assert command == "newsletter new 'A late word' --date 2011-10-20 --cycle folsom"
    again = run(*command.split(" ", 1)[1].replace("'A late word'", "A-late-word").split(), "--author", "Li Wei",
                cwd=site)
    assert again.returncode == 0 and again.stdout.startswith("reports/folsom/")


# -- publish, correct, publish again --------------------------------------------------------------


def test_publish_then_correct_then_publish_again(site):
    # publish Folsom: one record, the same date everywhere
    first = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert first.returncode == 0, first.stderr
    for line in ("Checking the Folsom edition…", "Building the Folsom edition (2 reports)…",
                 "Writing the mail-ready issue…"):
        assert line in first.stderr
    record = json.loads((site / "published/folsom.json").read_text())
    assert record["published"] == "2012-10-04" and FOLSOM_REPORT in record["reports"]
    assert "corrections" not in record
    tree = "_build/publish/folsom"
    status = page(site, "editions/folsom", tree).select_one(".nl-edition-status")
    assert "Published" in status.get_text() and status.time["datetime"] == "2012-10-04"
    assert "4 October 2012" in (site / tree / "issue.txt").read_text()
    assert re.search(r"folsom .* published 2012-10-04", run("cycles", cwd=site).stdout)
    assert "Published" in (sphinx_build(site) and page(site, "editions/folsom")).select_one(
        ".nl-edition-status").get_text()

    first_mail = email.message_from_bytes((site / tree / "issue.eml").read_bytes())

    # a silent edit of a published report is an error (not only a warning) that says how to correct it
    report = site / FOLSOM_REPORT
    original = report.read_text()
    report.write_text(original.replace("Folsom Design Summit", "Folsom Design Summit in San Francisco", 1))
    silent = run("check", cwd=site)  # an error: check fails without --strict too
    assert silent.returncode == 1
    assert (f"{FOLSOM_REPORT}:1: error: changed after the Folsom edition was published on 2012-10-04: undo the "
            "edit, or add a correction to its front matter") in silent.stdout
    assert sphinx_build(site, "-W").returncode != 0

    # a correction: the strict build passes, the page says so, the feeds show an update
    text = report.read_text()
    report.write_text(text.replace("\n---\n", "\ncorrections:\n  - date: 2012-10-08\n    note: The summit was in "
                                   "San Francisco, not San Jose.\n---\n", 1))
    checked = run("check", "--strict", cwd=site)
    assert checked.returncode == 0, checked.stdout
    built = sphinx_build(site, "-W")
    assert built.returncode == 0, built.stderr
    correction = page(site, "reports/folsom/san-francisco-design-summit").select_one(".nl-corrections")
    assert "Corrected on 8 October 2012: The summit was in San Francisco, not San Jose." in " ".join(
        correction.get_text().split())
    entry = next(e for e in feedparser.parse((site / "_build/html/feeds/folsom.xml").read_bytes()).entries
                 if e.link.endswith("san-francisco-design-summit.html"))
    assert entry.updated.startswith("2012-10-08") and "Corrected on 2012-10-08" in entry.summary

    # publishing again records the correction and lists it in the issue; the edition keeps its date
    again = run("publish", "folsom", "--date", "2012-10-09", cwd=site)
    assert again.returncode == 0, again.stderr
    assert "1 new correction(s)" in again.stdout
    # the corrected issue is a mail of its own, which says it is a correction and answers the first
    mail = email.message_from_bytes((site / tree / "issue.eml").read_bytes())
    assert mail["Subject"] == "Correction: " + first_mail["Subject"]
    assert mail["Message-ID"] != first_mail["Message-ID"] and mail["In-Reply-To"] == first_mail["Message-ID"]
    assert "9 Oct 2012" in mail["Date"]
    record = json.loads((site / "published/folsom.json").read_text())
    assert record["published"] == "2012-10-04" and record["corrections"] == {FOLSOM_REPORT: 1}
    issue = " ".join((site / tree / "issue.txt").read_text().split())  # wrapped at 72 columns
    assert "Corrections" in issue and "The summit was in San Francisco, not San Jose." in issue
    html_issue = BeautifulSoup((site / tree / "issue.html").read_text(), "html.parser")
    assert "The summit was in San Francisco" in html_issue.select_one(".corrections").get_text()
    # the corrected text is now the record: a further silent edit is an error again
    report.write_text(report.read_text() + "\nOne more line.\n")
    assert "changed after the Folsom edition" in run("check", cwd=site).stdout
    # and a recorded correction cannot be removed
    report.write_text(original)
    assert "1 correction(s) were recorded for this report and corrections stay" in run("check", cwd=site).stdout


def test_a_correction_must_be_dated_after_publication(site):
    report = site / "reports/essex/london-meetup.md"
    report.write_text(report.read_text().replace("\n---\n", "\ncorrections:\n  - date: 2012-01-01\n    note: Typo."
                                                 "\n---\n", 1))
    result = run("check", cwd=site)
    assert "the correction of 2012-01-01 is dated before the Essex edition was published (2012-04-12)" in result.stdout


@pytest.mark.parametrize(("day", "refused"), [("2012-04-11", True), ("2012-04-12", False), ("2012-04-13", False)])
def test_a_correction_dated_on_either_side_of_publication(site, day, refused):
    """Essex was published on 2012-04-12: a correction of the day before is refused, one of that day is not."""
    report = site / "reports/essex/london-meetup.md"
    report.write_text(report.read_text().replace("\n---\n", f"\ncorrections:\n  - date: {day}\n    note: Typo."
                                                 "\n---\n", 1))
    result = run("check", cwd=site)
    assert ("is dated before the Essex edition was published" in result.stdout) is refused, result.stdout


def test_corrections_must_have_a_date_and_a_note(site):
    report = site / "reports/essex/london-meetup.md"
    report.write_text(report.read_text().replace("\n---\n", "\ncorrections:\n  - note: Typo.\n---\n", 1))
    result = run("check", cwd=site)
    assert "corrections must be a list of entries with a date and a note" in result.stdout


# -- the editor's note, sections, the mail-ready issue ---------------------------------------------


NOTE = """Welcome to the **Folsom** edition: two summits and a conference.

Read the [release notes](https://wiki.openstack.example/ReleaseNotes/Folsom), and a
[bad link](javascript:alert(1)) and <script>alert(2)</script> that stay text.
"""


def test_the_editors_note_opens_the_edition_page_the_issue_and_the_feed(site):
    (site / "notes").mkdir(exist_ok=True)
    (site / "notes/folsom.md").write_text(NOTE)
    result = sphinx_build(site)
    assert "notes/folsom.md:3: WARNING: link to 'javascript:alert(1)' is not an http, https or mailto address" in \
        result.stderr.replace(str(site) + "/", "")
    note = page(site, "editions/folsom").select_one(".nl-editors-note")
    assert note.strong.get_text() == "Folsom"
    assert [a["href"] for a in note.select("a")] == ["https://wiki.openstack.example/ReleaseNotes/Folsom"]
    assert note.find("script") is None and "<script>alert(2)</script>" in note.get_text()
    assert page(site, "index").select_one(".nl-editors-note") is not None  # the front page shows the current edition
    feed = feedparser.parse((site / "_build/html/feeds/folsom.xml").read_bytes())
    assert feed.entries[0].title == "Editor's note: Folsom edition"
    assert "<strong>Folsom</strong>" in feed.entries[0].content[0].value
    published = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert published.returncode == 1  # the strict check refuses it, naming the line
    assert "notes/folsom.md:3: warning: link to 'javascript:alert(1)'" in published.stderr
    assert "fix the 1 problem(s) above" in published.stderr
    (site / "notes/folsom.md").write_text(NOTE.split("\n\n")[0] + "\n")
    published = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert published.returncode == 0, published.stderr
    issue = (site / "_build/publish/folsom/issue.txt").read_text()
    assert "Welcome to the Folsom edition: two summits and a conference." in issue
    assert "<strong>Folsom</strong>" in (site / "_build/publish/folsom/issue.html").read_text()
    # the note went out with the edition: the record holds it, and it does not change afterwards
    assert "note" in json.loads((site / "published/folsom.json").read_text())
    (site / "notes/folsom.md").write_text("Welcome, edited afterwards.\n")
    changed = run("check", "--strict", cwd=site)
    assert changed.returncode == 1
    assert ("notes/folsom.md:1: error: the editor's note of the Folsom edition changed after it was published on "
            "2012-10-04") in changed.stdout


def test_a_note_for_no_cycle_is_named(site):
    (site / "notes").mkdir(exist_ok=True)
    (site / "notes/grizly.md").write_text("Typo in the name.\n")
    result = run("check", cwd=site)
    assert "notes/grizly.md:1: warning: an editor's note is notes/<cycle>.md for a cycle in newsletter_cycles" in \
        result.stdout


def test_sections_group_an_edition_and_the_others_follow(built_sample_site):
    essex = page(built_sample_site, "editions/essex")
    sections = [(title.get_text(strip=True), [card.select_one(".nl-card-title a").get_text()
                                              for card in title.find_next_siblings("article")
                                              if card.find_previous_sibling(class_="nl-section-title") is title])
                for title in essex.select(".nl-section-title")]
    assert [title for title, _ in sections] == ["Design summits", "Conferences", "Meetups"]
    assert all(len(cards) == 1 for _, cards in sections)


def test_the_issue_has_list_headers_and_credits_readers(site):
    result = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert result.returncode == 0, result.stderr
    message = email.message_from_bytes((site / "_build/publish/folsom/issue.eml").read_bytes(), policy=policy.default)
    assert message["To"] == "community@lists.openstack.example"
    assert message["List-Id"] == "OpenStack Community Newsletter <newsletter.lists.openstack.example>"
    assert message["List-Unsubscribe"] == "<mailto:community-unsubscribe@lists.openstack.example>"
    text = (site / "_build/publish/folsom/issue.txt").read_text()
    assert "And to the readers who left feedback:" in text


def test_publish_notes_unset_list_settings(site):
    set_conf(site, 'newsletter_list_id = "OpenStack Community Newsletter <newsletter.lists.openstack.example>"', "")
    result = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert result.returncode == 0
    assert "newsletter_list_id is not set in conf.py, so the issue has no List-Id: header" in result.stderr


# -- what readers see ------------------------------------------------------------------------------


def test_report_pages_link_the_previous_and_next_report_of_their_edition(built_sample_site):
    site = built_sample_site
    cards = [a["href"] for a in page(site, "editions/essex").select(".nl-card-title a")]
    names = [href.removeprefix("../").removesuffix(".html") for href in cards]
    first, middle, last = (page(site, name).select_one(".nl-pager") for name in names)
    assert first.select_one(".nl-pager-previous") is None
    assert first.select_one(".nl-pager-next")["href"] == Path(names[1]).name + ".html"
    assert middle.select_one(".nl-pager-previous")["href"] == Path(names[0]).name + ".html"
    assert last.select_one(".nl-pager-next") is None


def test_an_edition_page_has_one_previous_and_one_next_edition(built_sample_site):
    """The table of contents lists the editions newest first, so Sphinx's previous page of Essex would be
    Folsom, the newer one. The page's own pager, the page head's links and the theme's footer all name the
    edition before it as previous; the first edition has none, the newest no next."""
    site = built_sample_site
    expected = {"editions/diablo": (None, "essex.html"), "editions/essex": ("diablo.html", "folsom.html"),
                "editions/folsom": ("essex.html", None)}
    for name, (previous, following) in expected.items():
        shown = page(site, name)
        for rel, target in (("prev", previous), ("next", following)):
            pager = shown.select_one(f".nl-edition-pager a[rel={rel}]")
            head = shown.select_one(f'head link[rel="{rel}"]')
            footer = shown.select_one(f".prev-next-area a.{'left-prev' if rel == 'prev' else 'right-next'}")
            assert [link and link["href"] for link in (pager, head, footer)] == [target] * 3, (name, rel)
    assert page(site, "editions/essex").select_one('head link[rel="prev"]')["title"] == "Diablo edition"
    assert page(site, "index").select_one('head link[rel="next"]')["href"] == "editions/index.html"  # site pages


def test_front_page_and_edition_pages_offer_subscribe(built_sample_site):
    site = built_sample_site
    for name, prefix in (("index", ""), ("editions/essex", "../")):
        links = {a.get_text(): a["href"] for a in page(site, name).select(".nl-subscribe a")}
        assert links[" all reports (Atom feed)".strip()] == f"{prefix}feeds/atom.xml"
        assert links["the mailing list"] == "https://lists.openstack.example/community/subscribe"
        assert (site / "_build/html" / Path(name).parent / links["all reports (Atom feed)"]).resolve().is_file()


def test_the_switcher_links_each_edition_page(built_sample_site):
    site = built_sample_site
    report = page(site, "reports/essex/london-meetup")
    links = report.select(".bd-sidebar-primary .nl-switcher a")
    assert [a.get_text() for a in links] == ["Folsom (current)", "Essex", "Diablo"]
    for link in links:
        assert (site / "_build/html/reports/essex" / link["href"]).resolve().is_file(), link["href"]
    assert report.select_one(".nl-switcher a[aria-current]").get_text() == "Essex"
    assert not (site / "_build/html/_static/switcher.json").exists()


def test_feedback_entries_have_stable_permalinks(site):
    assert sphinx_build(site, "-W").returncode == 0
    report = next(path for path in (site / "reports").rglob("*.md") if "{feedback}" in path.read_text()
                  or (site / "feedback" / path.relative_to(site / "reports")).with_suffix(".yaml").exists())
    name = report.relative_to(site).with_suffix("").as_posix()
    before = {article["id"]: article.select_one(".nl-permalink")["href"]
              for article in page(site, name).select("article.nl-feedback-entry")}
    assert before and all(href == f"#{anchor}" and anchor.startswith("comment-") for anchor, href in before.items())
    feedback = (site / "feedback" / report.relative_to(site / "reports")).with_suffix(".yaml")
    feedback.parent.mkdir(parents=True, exist_ok=True)
    existing = feedback.read_text() if feedback.exists() else ""
    feedback.write_text(existing + "- author: Zoe Newcomer\n  date: 2013-01-01\n  body: Late to the thread.\n")
    assert sphinx_build(site).returncode == 0
    after = {article["id"] for article in page(site, name).select("article.nl-feedback-entry")}
    assert set(before) < after


def test_pages_have_one_viewport_and_no_empty_index_and_a_content_sitemap(built_sample_site):
    site = built_sample_site
    out = site / "_build/html"
    for name in ("index", "editions/essex", "reports/essex/london-meetup", "tags/nova"):
        assert len(page(site, name).find_all("meta", attrs={"name": "viewport"})) == 1, name
    assert not (out / "genindex.html").exists()
    assert "genindex" not in (out / "index.html").read_text()
    import xml.etree.ElementTree as ET

    urls = [loc.text for loc in ET.parse(out / "sitemap.xml").getroot().iter(
        "{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert urls and not any(re.search(r"/(genindex|search|py-modindex)\.html$", url) for url in urls)
    assert all(re.fullmatch(r"[A-Za-z0-9:/._~%-]+", url) for url in urls), urls


def test_html_a_report_leaves_open_cannot_wrap_its_feedback_or_pager(site):
    import html5lib

    report = site / "reports/folsom/trap.md"  # no sections: its text and what follows share one section
    report.write_text('---\ntitle: A trap\nauthor: Mallory\ndate: 2012-07-19\n---\n\nSome text.\n\n'
                      '<a href="https://example.org/trap">\n\n<details open>\n\n'
                      ":::{feedback}\n:author: Li Wei\n:date: 2012-07-20\n\nNice.\n:::\n")
    assert sphinx_build(site).returncode == 0
    document = html5lib.parse((site / "_build/html/reports/folsom/trap.html").read_bytes(),
                              namespaceHTMLElements=False)
    parents = {child: parent for parent in document.iter() for child in parent}
    for selector in ("section", "nav"):
        for element in document.iter(selector):
            if not {"nl-feedback", "nl-pager"} & set((element.get("class") or "").split()):
                continue
            ancestor, chain = element, []
            while ancestor in parents:
                ancestor = parents[ancestor]
                chain.append(ancestor.tag)
            assert not {"a", "details"} & set(chain), (element.get("class"), chain)


def test_a_correction_of_an_earlier_edition_is_listed_in_the_next_issue(site):
    report = site / "reports/essex/london-meetup.md"
    report.write_text(report.read_text().replace("\n---\n", "\ncorrections:\n  - date: 2012-06-01\n    note: The "
                                                 "meetup had sixty people, not fifty.\n---\n", 1))
    assert run("check", "--strict", cwd=site).returncode == 0
    result = run("publish", "folsom", "--date", "2012-10-04", cwd=site)
    assert result.returncode == 0, result.stderr
    issue = " ".join((site / "_build/publish/folsom/issue.txt").read_text().split())
    assert "Corrections" in issue and "(Essex edition), corrected on 1 June 2012: The meetup had sixty people" in issue
    links = [a["href"] for a in BeautifulSoup((site / "_build/publish/folsom/issue.html").read_text(),
                                              "html.parser").select(".corrections a")]
    assert links == ["https://newsletter.openstack.example/reports/essex/london-meetup.html"]
    # the Essex record counts the correction the next time Essex is published, not before
    assert "corrections" not in json.loads((site / "published/essex.json").read_text())


def test_the_sitemap_percent_encodes_addresses(site):
    (site / "reports/folsom/zurich.md").write_text("---\ntitle: Zürich notes\nauthor: Li Wei\ndate: 2012-06-02\n"
                                                   "tags: [café, nova]\n---\n\nNotes.\n")
    assert sphinx_build(site, "-W").returncode == 0
    sitemap = (site / "_build/html/sitemap.xml").read_text()
    assert "/tags/caf%C3%A9.html</loc>" in sitemap and "café" not in sitemap


@pytest.mark.parametrize("kind", ["link", "not json", "other cycle"])
def test_a_record_that_is_not_one_is_named_and_ignored(site, kind):
    record = site / "published/folsom.json"
    if kind == "link":
        record.symlink_to(site / "published/essex.json")
    elif kind == "not json":
        record.write_text("{not json")
    else:
        record.write_text(json.dumps({"cycle": "essex", "published": "2012-10-04", "reports": {}}))
    result = run("check", cwd=site)
    assert "published/folsom.json:1: warning: not a publication record that newsletter publish wrote" in result.stdout
    assert re.search(r"folsom .* open", run("cycles", cwd=site).stdout)
    built = sphinx_build(site)
    assert "published/folsom.json:1: WARNING: not a publication record" in built.stderr.replace(str(site) + "/", "")


@pytest.mark.parametrize("kind", ["huge", "deep"])
def test_a_hostile_record_is_named_and_ignored(site, kind):
    record = site / "published/folsom.json"
    record.write_text('{"cycle": "folsom", "published": "2012-10-04", "reports": {}, "pad": "' + "x" * (5 << 20)
                      + '"}' if kind == "huge" else "[" * 100_000 + "]" * 100_000)
    result = run("check", cwd=site)
    assert "Traceback" not in result.stderr
    assert "published/folsom.json:1: warning: not a publication record" in result.stdout
    assert re.search(r"folsom .* open", run("cycles", cwd=site).stdout)


@pytest.mark.parametrize("kind", ["huge", "link"])
def test_a_hostile_note_is_not_read(site, kind):
    (site / "notes/folsom.md").unlink()
    if kind == "huge":
        (site / "notes/folsom.md").write_text("word " * 20_000)
    else:
        (site / "notes/folsom.md").symlink_to(site / "conf.py")
    result = run("check", cwd=site)
    assert "notes/folsom.md:1: error: not read: " + ("over 64 KiB" if kind == "huge" else "a symbolic link") in \
        result.stdout and "Traceback" not in result.stderr
    built = sphinx_build(site)
    assert "project =" not in page(site, "editions/folsom").get_text()  # conf.py never shown through a link
    assert "word word" not in page(site, "editions/folsom").get_text()
    assert "notes/folsom.md:1: WARNING: not read:" in built.stderr.replace(str(site) + "/", "")


@pytest.mark.parametrize(("setting", "message"), [
    ('newsletter_sections = "Summits"', "newsletter_sections must be a list of dicts"),
    ('newsletter_sections = [{"title": "S", "tags": "summit"}]', "newsletter_sections[0] left out"),
    ('newsletter_repository_url = "https://github.com/../../etc"', "is not a GitHub repository address"),
])
def test_wrong_new_settings_are_named(site, setting, message):
    conf = site / "conf.py"
    conf.write_text(conf.read_text() + f"\n{setting}\n")
    result = run("check", cwd=site)
    assert message in result.stderr and "Traceback" not in result.stderr


def test_the_front_page_names_the_edition_and_the_edition_page_holds_the_whole_note(built_sample_site):
    front = page(built_sample_site, "index").select_one(".nl-edition")
    assert front.select_one("h2.nl-edition-name a")["href"] == "editions/folsom.html"
    assert [title.name for title in front.select(".nl-section-title")] == ["h3", "h3"]
    note = front.select_one(".nl-editors-note")
    assert len(note.select("p")) == 2 and note.select_one(".nl-note-more a")["href"] == "editions/folsom.html#editors-note"
    edition = page(built_sample_site, "editions/folsom").select_one(".nl-edition")
    assert edition.select_one(".nl-edition-name") is None and edition.select_one(".nl-note-more") is None
    assert "Two reports so far" in edition.select_one(".nl-editors-note").get_text()
    assert "Two reports so far" not in note.get_text()
