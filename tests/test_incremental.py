"""Plain rebuilds (no -E) keep every listing current and rewrite only what changed."""

from __future__ import annotations

import os
import time

from conftest import html


def touch_later(path):
    """Give ``path`` a modification time safely after the last build read it."""
    later = time.time() + 2
    os.utime(path, (later, later))


def titles(app, pagename):
    return [a.get_text(strip=True) for a in html(app, pagename).select(".nl-card-title a")]


def test_noop_rebuild_reads_and_writes_nothing(project, build):
    srcdir = project("basic")
    build(srcdir)
    app, written = build(srcdir)
    assert "0 added, 0 changed, 0 removed" in app.status.getvalue()
    assert written == set()


def test_editing_a_report_updates_every_page_that_lists_it(project, build):
    srcdir = project("basic")
    build(srcdir)
    report = srcdir / "reports/gamma/winter-conf.md"
    report.write_text(report.read_text().replace("title: Winter conference", "title: Winter gathering")
                      .replace("tags: [conference]", "tags: [conference, compute]")
                      .replace("date: 2021-01-20", "date: 2021-03-10"))
    touch_later(report)
    app, written = build(srcdir)

    assert titles(app, "editions/gamma") == ["Winter gathering", "Spring sprint"]
    assert titles(app, "index") == ["Winter gathering", "Spring sprint"]
    assert "Winter gathering" in titles(app, "tags/compute")
    assert "Winter gathering" in titles(app, "authors/grace-hopper")
    assert titles(app, "tags/conference") == ["Winter gathering"]
    # only the report, the pages that show it (its neighbour's pager too: it moved and took a new title),
    # and (Sphinx's rule) the toctree parent of a rewritten page
    assert written == {"reports/gamma/winter-conf", "reports/gamma/spring-sprint", "editions/gamma", "index",
                       "tags/index", "tags/compute", "tags/conference", "authors/grace-hopper",
                       "events/winter-conf", "editions/index"}


def test_adding_a_report_updates_edition_front_page_archive_and_indexes(project, build):
    srcdir = project("basic")
    build(srcdir)
    (srcdir / "reports/gamma/new-meetup.md").write_text(
        "---\ntitle: Brand new meetup\nauthor: Edsger Dijkstra\ndate: 2021-05-01\n"
        "event: New Meetup\ntags: [meetup]\n---\n\nNew body.\n")
    app, written = build(srcdir)

    assert titles(app, "editions/gamma")[0] == "Brand new meetup"
    assert titles(app, "index")[0] == "Brand new meetup"
    archive = {row.th.a.get_text(): row.select_one(".nl-count").get_text()
               for row in html(app, "editions/index").select(".nl-archive tbody tr")}
    assert archive["Gamma"] == "3"
    assert titles(app, "authors/edsger-dijkstra") == ["Brand new meetup"]
    assert "Brand new meetup" in titles(app, "tags/meetup")
    assert "Edsger Dijkstra" in html(app, "authors/index").get_text()
    assert "editions/alpha" not in written and "reports/alpha/kickoff" not in written


def test_deleting_a_report_removes_it_everywhere(project, build):
    srcdir = project("basic")
    build(srcdir)
    (srcdir / "reports/beta/storage-day.md").unlink()
    app, _ = build(srcdir)

    assert titles(app, "editions/beta") == ["Autumn summit"]
    assert "Storage day" not in titles(app, "tags/compute")
    assert "storage" not in html(app, "tags/index").get_text()
    archive = {row.th.a.get_text(): row.select_one(".nl-count").get_text()
               for row in html(app, "index").select(".nl-archive tbody tr")}
    assert archive["Beta"] == "1"


def test_publishing_a_draft_lists_it(project, build):
    srcdir = project("basic")
    build(srcdir)
    draft = srcdir / "reports/gamma/draft-notes.md"
    draft.write_text(draft.read_text().replace("draft: true", "draft: false"))
    touch_later(draft)
    app, _ = build(srcdir)
    assert titles(app, "editions/gamma")[0] == "Unfinished notes"


def test_a_reports_list_of_pages_follows_a_retitled_page(project, build):
    """A report's toctree shows the titles of the pages it lists: when one is retitled, the report's page is
    written again (as Sphinx writes a toctree's page), though the report is in no toctree itself."""
    srcdir = project("basic")
    lister = srcdir / "reports/alpha/kickoff.md"  # another edition's: nothing else of it shows the title
    lister.write_text(lister.read_text() + "\n```{toctree}\n../gamma/winter-conf\n```\n")
    build(srcdir)
    report = srcdir / "reports/gamma/winter-conf.md"
    report.write_text(report.read_text().replace("title: Winter conference", "title: Winter gathering"))
    touch_later(report)
    app, written = build(srcdir)
    assert "reports/alpha/kickoff" in written
    listed = html(app, "reports/alpha/kickoff").select_one("div.toctree-wrapper")
    assert [(a["href"], a.get_text()) for a in listed.find_all("a")] == [("../gamma/winter-conf.html",
                                                                          "Winter gathering")]
    assert "reports/alpha/kickoff" not in app.env.toctree_includes
