"""Bad reports: a typed warning at file:line each, the rest of the site still built, nothing dropped."""

from __future__ import annotations

import re

import pytest
from conftest import build_once, html, warnings_of
from sphinx.cmd.build import build_main

BLOCKED = "(the report is left out of its edition until this is fixed)"
EXPECTED = [
    ("reports/alpha/bad-date.md:4", "date '2020-13-45' is not a valid date: write it as YYYY-MM-DD, "
                                    f"e.g. 'date: 2011-10-08' {BLOCKED}", "bad_value"),
    ("reports/alpha/bad-tags.md:5", "tags must be a list, e.g. 'tags: [nova, design-summit]'; "
                                    "'nova, swift' is ignored", "bad_value"),
    ("reports/alpha/no-author.md:1", f"missing 'author': add e.g. 'author: Jane Doe' {BLOCKED}", "missing_field"),
    ("reports/alpha/no-date.md:1", f"missing 'date': add e.g. 'date: 2011-10-08' {BLOCKED}", "missing_field"),
    ("reports/alpha/no-front-matter.md:1", "no front matter: start the file with a '---' line, the fields title, "
                                           f"author and date, and another '---' line {BLOCKED}", "front_matter"),
    ("reports/alpha/no-title.md:1", f"missing 'title': add e.g. 'title: Back from the summit' {BLOCKED}",
     "missing_field"),
    ("reports/alpha/typo-key.md:5", "unknown front matter key 'sumary' is ignored; did you mean 'summary'?",
     "unknown_key"),
    ("reports/alpha/wrong-cycle.md:4", "date 2020-09-01 falls outside the Alpha cycle (2020-01-01 to 2020-06-30): "
                                       "the Beta edition is published: move the file to reports/gamma/, the edition in progress, "
                                       "which takes late reports (keep the date)", "wrong_cycle"),
    ("reports/alpha/yaml-error.md:3", "YAML syntax error: while parsing a flow sequence did not find expected ',' "
                                      "or ']'; the list opened with [ in 'author: [Ada Lovelace' needs a closing ] "
                                      f"{BLOCKED}", "front_matter"),
    ("reports/loose.md:1", "reports go in reports/<cycle>/<slug>.md; move this file into one of: reports/alpha/, "
                           f"reports/beta/, reports/gamma/ {BLOCKED}", "misplaced"),
    ("reports/unknown/grizzly.md:1", "folder 'unknown' names no release cycle; move the file into one of "
                                     "reports/alpha/, reports/beta/, reports/gamma/ or add 'unknown' to "
                                     f"newsletter_cycles in conf.py {BLOCKED}", "unknown_cycle"),
    # no git history here: which of the two came first cannot be told, so both are named
    ("reports/alpha/dup-two.md:2", "same title and date as reports/alpha/dup-one.md in the same cycle (which came "
                                   "first cannot be told): change the title, or remove one of the two reports",
     "duplicate"),
    ("reports/alpha/dup-one.md:2", "same title and date as reports/alpha/dup-two.md in the same cycle (which came "
                                   "first cannot be told): change the title, or remove one of the two reports",
     "duplicate"),
    ("reports/alpha/notes.txt:1", "not built: reports are MyST markdown files ending in '.md'; "
                                "rename it to 'notes.md'", "misplaced"),
]


@pytest.fixture(scope="module")
def bad_site(project_once):
    app, _ = build_once(project_once("bad"))
    return app


@pytest.mark.parametrize(("location", "message", "subtype"), EXPECTED, ids=[e[0] for e in EXPECTED])
def test_each_mistake_is_a_typed_warning_at_file_and_line(bad_site, location, message, subtype):
    assert f"{location}: WARNING: {message} [newsletter.{subtype}]" in warnings_of(bad_site)


def test_no_other_warnings(bad_site):
    assert len(warnings_of(bad_site)) == len(EXPECTED)


def test_every_report_is_published_or_named_in_an_error(bad_site):
    listed = {a["href"] for a in html(bad_site, "editions/alpha").select(".nl-card-title a")}
    named = {line.split(":")[0] for line in warnings_of(bad_site)}
    for report in sorted((bad_site.srcdir / "reports").rglob("*")):
        if report.is_file():
            relative = str(report.relative_to(bad_site.srcdir))
            page = "../" + relative.rsplit(".", 1)[0] + ".html"
            assert page in listed or relative in named, relative


def test_good_and_non_blocking_reports_are_still_listed(bad_site):
    titles = [a.get_text() for a in html(bad_site, "editions/alpha").select(".nl-card-title a")]
    assert titles == ["Wrong cycle", "Typo key", "Same talk", "Same talk", "Bad tags", "Good report"]


def test_blocked_reports_still_get_a_page(bad_site):
    soup = html(bad_site, "reports/alpha/no-date")
    assert soup.h1.get_text(strip=True).rstrip("#¶") == "No date"
    assert "not listed in an edition" in soup.select_one(".nl-banner").get_text()


def test_strict_build_fails_on_bad_input(project, tmp_path):
    srcdir = project("bad", "strict")
    status = build_main(["-b", "html", "-W", "--keep-going", "-q", str(srcdir), str(tmp_path / "out")])
    assert status != 0


def test_warning_can_be_silenced_by_subtype(project, build):
    app, _ = build(project("bad", "quiet"), confoverrides={"suppress_warnings": ["newsletter.unknown_key"]})
    assert not any(re.search(r"\[newsletter\.unknown_key\]", line) for line in warnings_of(app))
    assert any("[newsletter.missing_field]" in line for line in warnings_of(app))


def test_a_report_that_is_not_utf8_is_named_and_the_rest_still_built(project, build):
    srcdir = project("basic")
    (srcdir / "reports/gamma/latin1.md").write_bytes(b"---\ntitle: Caf\xe9\nauthor: A\ndate: 2021-02-01\n---\n")
    app, _ = build(srcdir)
    assert warnings_of(app) == [
        "reports/gamma/latin1.md:1: WARNING: not UTF-8 text (invalid continuation byte at byte 14): save the file "
        f"as UTF-8 {BLOCKED} [newsletter.front_matter]"]
    assert len(html(app, "editions/gamma").select(".nl-card")) == 2
