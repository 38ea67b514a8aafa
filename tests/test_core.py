"""The core without Sphinx: settings, cycles and sections, the report validator, the catalogue, the
publication records. Fixed, hand-written verdicts (this date is in that cycle, this report is
refused with that message), independent of the constants under test; each runs in milliseconds."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import PurePosixPath

import pytest

from sphinx_newsletter.core.catalogue import Catalogue, slugify
from sphinx_newsletter.core.frontmatter import read_front_matter
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import Problem
from sphinx_newsletter.core.publication import pending_corrections
from sphinx_newsletter.core.records import Record
from sphinx_newsletter.core.report import Report, find_duplicates, is_draft, validate_report
from sphinx_newsletter.core.settings import (
    Section,
    Settings,
    apply_records,
    current_cycle,
    cycle_for_date,
    parse_cycles,
    parse_date,
    parse_sections,
)

RAW_CYCLES = [
    {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-21"},
    {"name": "essex", "title": "Essex", "start": dt.date(2011, 9, 22), "end": "2012-04-05"},
    {"name": "folsom", "title": "Folsom", "start": "2012-04-05"},
]


def cycles_of(raw=RAW_CYCLES, told=None):
    return parse_cycles(raw, report=(told.append if told is not None else None))


def test_the_core_imports_no_sphinx_and_no_docutils():
    import subprocess

    code = ("import sys, sphinx_newsletter.core.settings, sphinx_newsletter.core.report, "
            "sphinx_newsletter.core.catalogue, sphinx_newsletter.core.publication\n"
            "print(sorted(name for name in sys.modules if name.split('.')[0] in ('sphinx', 'docutils')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"


# -- dates, cycles, sections ----------------------------------------------------------------------

@pytest.mark.parametrize(("value", "day"), [("2012-04-05", dt.date(2012, 4, 5)), (" 2012-04-05 ", dt.date(2012, 4, 5)),
                                            (dt.date(2012, 4, 5), dt.date(2012, 4, 5)),
                                            (dt.datetime(2012, 4, 5, 23, 59), dt.date(2012, 4, 5))])
def test_parse_date_reads_iso_dates_and_date_values(value, day):
    assert parse_date(value) == day


@pytest.mark.parametrize("value", ["2012-4-5", "05/04/2012", "2012-02-30", 20120405, None, "yesterday"])
def test_parse_date_refuses_anything_else(value):
    with pytest.raises(ValueError):
        parse_date(value)


def test_cycles_are_ordered_by_start_and_a_release_day_opens_the_next():
    cycles = cycles_of(list(reversed(RAW_CYCLES)))
    assert list(cycles) == ["diablo", "essex", "folsom"]
    assert cycle_for_date(cycles, dt.date(2011, 9, 21)).name == "diablo"
    assert cycle_for_date(cycles, dt.date(2011, 9, 22)).name == "essex"
    assert cycle_for_date(cycles, dt.date(2012, 4, 5)).name == "folsom"  # Essex's end, Folsom's start
    assert cycle_for_date(cycles, dt.date(2011, 4, 14)) is None
    assert cycle_for_date(cycles, dt.date(2099, 1, 1)).name == "folsom"  # open end
    assert cycles["folsom"].window == "2012-04-05 to open end"


@pytest.mark.parametrize(("entry", "message"), [
    ({"name": "Grizzly", "start": "2012-09-27"}, "name 'Grizzly' must be lowercase letters"),
    ({"name": "grizzly"}, "cycle 'grizzly' has no start date"),
    ({"name": "grizzly", "start": "2012-09-27", "end": "2012-09-26"}, "ends (2012-09-26) before it starts"),
    ({"name": "grizzly", "start": "2012-09-27", "status": "closed"}, "has status 'closed'; use one of open, published"),
    ({"name": "grizzly", "start": "2012-09-27", "colour": "red"}, "unknown key(s) colour"),
    ("grizzly", "each cycle must be a dict, got str"),
])
def test_a_bad_cycle_is_left_out_and_named(entry, message):
    told: list[str] = []
    cycles = cycles_of([*RAW_CYCLES, entry], told)
    assert list(cycles) == ["diablo", "essex", "folsom"]
    assert len(told) == 1 and told[0].startswith("newsletter_cycles[3] left out: ") and message in told[0], told


def test_a_cycle_listed_twice_is_named_and_the_first_kept():
    told: list[str] = []
    cycles = cycles_of([*RAW_CYCLES, {"name": "essex", "title": "Again", "start": "2013-01-01"}], told)
    assert cycles["essex"].title == "Essex" and told == ["newsletter_cycles[3] left out: cycle 'essex' is listed twice"]


def test_the_current_cycle_is_the_latest_open_one():
    cycles = cycles_of()
    assert current_cycle(cycles).name == "folsom"
    published = apply_records(cycles, {"folsom": dt.date(2012, 10, 1)}, "published", [].append)
    assert published["folsom"].is_published and published["folsom"].recorded
    assert current_cycle(published).name == "essex"  # the latest that is still open
    every = apply_records(cycles, dict.fromkeys(cycles, dt.date(2012, 10, 1)), "published", [].append)
    assert current_cycle(every).name == "folsom"  # none open: the latest
    assert current_cycle({}) is None


def test_a_record_overrules_conf_py_and_a_contradiction_names_the_file():
    told: list[str] = []
    cycles = cycles_of([{**RAW_CYCLES[1], "status": "open"}])
    applied = apply_records(cycles, {"essex": dt.date(2012, 4, 12), "havana": dt.date(2014, 1, 1)}, "published",
                            told.append)
    assert applied["essex"].published == dt.date(2012, 4, 12) and applied["essex"].status == "published"
    assert told == ["conf.py says the 'essex' cycle is 'open', but published/essex.json records its publication "
                    "on 2012-04-12: remove \"status\" from the 'essex' entry of newsletter_cycles in conf.py"]


def test_sections_hold_reports_by_tag_or_event_in_any_case():
    told: list[str] = []
    sections = parse_sections([{"title": "Summits", "tags": ["Design-Summit"], "events": ["PyCon"]},
                               {"title": "", "tags": ["x"]}, {"title": "Odd", "colour": "red"}], told.append)
    assert sections == (Section("Summits", ("Design-Summit",), ("PyCon",)),)
    assert sections[0].holds(("design-summit",), None) and sections[0].holds((), "pycon")
    assert not sections[0].holds(("summit",), "EuroPython")
    assert [message.split(":")[0] for message in told] == ["newsletter_sections[1] left out",
                                                          "newsletter_sections[2] left out"]


def test_settings_take_defaults_and_report_each_bad_value():
    settings = Settings.from_values({"newsletter_cycles": RAW_CYCLES, "newsletter_reports_dir": "/reports/"})
    assert settings.reports_dir == "reports" and settings.feedback_dir == "feedback" and not settings.show_drafts
    assert list(settings.cycles) == ["diablo", "essex", "folsom"] and settings.problems == ()
    empty = Settings.from_values({})
    assert empty.problems == ("newsletter_cycles lists no valid release cycle; every report will be unpublished",)


# -- reports ---------------------------------------------------------------------------------------

def report_of(text: str, where: str = "folsom/summit.md") -> Report:
    return validate_report(f"reports/{where[:-3]}", PurePosixPath(where), read_front_matter(text), cycles_of())


GOOD = "---\ntitle: Summit notes\nauthor: Ann Lee\ndate: 2012-07-02\ntags: [nova, design-summit]\n---\n\nText.\n"


def test_a_good_report_reads_whole():
    report = report_of(GOOD)
    assert report.problems == []
    assert (report.title, report.authors, report.date, report.tags, report.cycle) == (
        "Summit notes", ("Ann Lee",), dt.date(2012, 7, 2), ("nova", "design-summit"), "folsom")


@pytest.mark.parametrize(("text", "where", "subtype", "line", "blocking"), [
    ("No front matter.\n", "folsom/summit.md", "front_matter", 1, True),
    (GOOD.replace("title: Summit notes\n", ""), "folsom/summit.md", "missing_field", 1, True),
    (GOOD.replace("date: 2012-07-02", "date: 2012-13-02"), "folsom/summit.md", "bad_value", 4, True),
    (GOOD.replace("tags:", "tagz:"), "folsom/summit.md", "unknown_key", 5, False),
    (GOOD, "essex/summit.md", "wrong_cycle", 4, False),
    (GOOD, "summit.md", "misplaced", 1, True),
])
def test_a_bad_report_gets_one_problem_at_its_line(text, where, subtype, line, blocking):
    problems = report_of(text, where).problems
    assert [(problem.subtype.value, problem.line, problem.blocking) for problem in problems][:1] == [
        (subtype, line, blocking)], [(p.subtype.value, p.line, p.blocking, p.message) for p in problems]


def test_drafts_are_read_from_front_matter_only():
    assert is_draft(GOOD.replace("tags:", "draft: true\ntags:"))
    assert not is_draft(GOOD.replace("tags:", "draft: false\ntags:"))
    assert not is_draft(GOOD + "\ndraft: true\n")  # in the body, not the front matter
    assert not is_draft(GOOD.replace("tags:", "draft: 'true'\ntags:"))  # the validator reads a boolean


def test_duplicates_are_same_cycle_title_and_date_in_any_case():
    first, second = report_of(GOOD, "folsom/a.md"), report_of(GOOD.replace("Summit notes", "SUMMIT NOTES"),
                                                             "folsom/b.md")
    other_day = report_of(GOOD.replace("2012-07-02", "2012-07-03"), "folsom/c.md")
    assert [(a.docname, b.docname) for a, b in find_duplicates([second, other_day, first])] == [
        ("reports/folsom/a", "reports/folsom/b")]


# -- the catalogue ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "slug"), [("Zürich Meetup", "zürich-meetup"), ("Design_Summit  2012", "design-summit-2012"),
                                            ("index", "index_"), ("!!!", "x" + slugify("!!!")[1:]),
                                            ("ＰｙＣｏｎ", "pycon")])
def test_slugs(text, slug):
    assert slugify(text) == slug
    assert "_" not in slug.rstrip("_") or slug.startswith("x")


def listed(name: str, day: str, **fields) -> Report:
    return Report(docname=f"reports/folsom/{name}", title=fields.pop("title", name.title()), cycle="folsom",
                  date=dt.date.fromisoformat(day), **fields)


def test_the_catalogue_lists_newest_first_groups_by_section_and_links_neighbours():
    cycles = cycles_of()
    reports = [listed("a", "2012-07-01", tags=("nova",)), listed("b", "2012-07-03"),
               listed("c", "2012-07-02", tags=("Nova",)), listed("d", "2012-07-04", draft=True),
               listed("e", "2012-07-05", problems=[Problem(1, W.MISSING_FIELD, "no author", "left out")])]
    catalogue = Catalogue(reports, cycles, sections=(Section("Nova", ("nova",)),))
    assert [report.docname[-1] for report in catalogue.newest_first] == ["b", "c", "a"]  # no draft, no blocked
    assert [(title, [r.docname[-1] for r in members]) for title, members in catalogue.grouped["folsom"]] == [
        ("Nova", ["c", "a"]), (None, ["b"])]
    before, after = catalogue.neighbours("reports/folsom/a")
    assert before.docname.endswith("/c") and after.docname.endswith("/b")
    assert catalogue.neighbours("reports/folsom/x") == (None, None)
    nova = catalogue.term_for("tags", "NOVA")
    assert nova.label == "Nova" and [r.docname[-1] for r in nova.reports] == ["c", "a"]
    with_drafts = Catalogue(reports, cycles, show_drafts=True)
    assert [report.docname[-1] for report in with_drafts.newest_first] == ["d", "b", "c", "a"]


# -- publication records ---------------------------------------------------------------------------

def test_pending_corrections_count_what_the_record_does_not_hold():
    report = report_of(GOOD.replace("tags:", "corrections:\n- date: 2012-11-01\n  note: The date was wrong.\n"
                                             "- date: 2012-11-02\n  note: A name was misspelt.\ntags:"),
                       "essex/summit.md")
    record = Record("essex", dt.date(2012, 4, 12), {"reports/essex/summit.md": "0" * 64},
                    {"reports/essex/summit.md": 1})
    assert len(report.corrections) == 2
    assert pending_corrections(report, "reports/essex/summit.md", record) == 1
    assert pending_corrections(report, "reports/essex/other.md", record) == 2
    assert pending_corrections(report, "reports/essex/summit.md", None) == 0

