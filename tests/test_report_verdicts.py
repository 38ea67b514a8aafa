"""The report validator with verdicts written by hand: this front matter is read so, that one is refused with
this message at this line. Nothing here builds a site or reads the field table under test; ``make mutation``
mutates the code these tests pin (``core/report.py``, ``core/fields.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import PurePosixPath

import pytest

from sphinx_newsletter.core.fields import Correction
from sphinx_newsletter.core.frontmatter import read_front_matter
from sphinx_newsletter.core.problems import NewsletterWarning as W
from sphinx_newsletter.core.problems import OtherWarning, Problem
from sphinx_newsletter.core.report import (
    Report,
    duplicate_problem,
    find_duplicates,
    is_draft,
    skeleton_problems,
    stray_file_problem,
    undecodable_problem,
    validate_report,
    without_control_characters,
)
from sphinx_newsletter.core.settings import parse_cycles

CYCLES = parse_cycles([
    {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22", "status": "published"},
    {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05"},
    {"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},
])
LEFT_OUT = "the report is left out of its edition until this is fixed"


def read(front: str, path: str = "essex/a.md", cycles=CYCLES, reports_dir: str = "reports") -> Report:
    return validate_report(f"reports/{path[:-3]}", PurePosixPath(path), read_front_matter(f"---\n{front}---\n\nBody.\n"),
                           cycles, reports_dir)


def told(report: Report) -> list[tuple]:
    return [(problem.line, problem.subtype.value, problem.message, problem.consequence) for problem in report.problems]


GOOD = "title: Back from the summit\nauthor: Jane Doe\ndate: 2011-10-08\n"


def test_a_good_report_read_whole():
    report = read(GOOD + "event: Essex Summit\nlocation: Boston\ntags: [nova, Design Summit]\nsummary: Short.\n"
                         "origin: https://blog.example/a\ndraft: false\n")
    assert report.problems == []
    assert (report.docname, report.cycle, report.title, report.authors, report.date) == (
        "reports/essex/a", "essex", "Back from the summit", ("Jane Doe",), dt.date(2011, 10, 8))
    assert (report.event, report.location, report.tags, report.summary, report.origin, report.draft) == (
        "Essex Summit", "Boston", ("nova", "Design Summit"), "Short.", "https://blog.example/a", False)
    assert (report.title_line, report.tags_line) == (2, 7) and not report.blocked


def test_several_authors_and_corrections():
    report = read("title: T\nauthors: [Jane Doe, Li Wei]\ndate: 2011-10-08\n"
                  "corrections:\n  - {date: 2012-05-01, note: Fixed a name.}\n")
    assert report.authors == ("Jane Doe", "Li Wei") and report.corrections_line == 5
    assert report.corrections == (Correction(dt.date(2012, 5, 1), "Fixed a name."),)
    assert read("title: T\nauthors: Jane\ndate: 2011-10-08\n").authors == ("Jane",)


PLACES = [  # (path, folders configured, what is said)
    ("essex/a.txt", CYCLES, [(1, "misplaced", "reports are MyST markdown files ending in '.md'; rename this file to "
                                              "'a.md'", LEFT_OUT)]),
    ("a.md", CYCLES, [(1, "misplaced", "reports go in reports/<cycle>/<slug>.md; move this file into one of: "
                                       "reports/diablo/, reports/essex/, reports/folsom/", LEFT_OUT)]),
    ("essex/x/a.md", CYCLES, [(1, "misplaced", "reports go in reports/<cycle>/<slug>.md; move this file into one of: "
                                               "reports/diablo/, reports/essex/, reports/folsom/", LEFT_OUT)]),
    ("grizzly/a.md", CYCLES, [(1, "unknown_cycle", "folder 'grizzly' names no release cycle; move the file into one of "
                                                   "reports/diablo/, reports/essex/, reports/folsom/ or add 'grizzly' to "
                                                   "newsletter_cycles in conf.py", LEFT_OUT)]),
    ("essex/a.md", {}, [(1, "unknown_cycle", "folder 'essex' names no release cycle; move the file into one of "
                                             "(none configured) or add 'essex' to newsletter_cycles in conf.py",
                         LEFT_OUT)]),
]


@pytest.mark.parametrize(("path", "cycles", "said"), PLACES)
def test_a_report_in_the_wrong_place(path, cycles, said):
    report = read(GOOD, path, cycles)
    assert told(report) == said and report.blocked


def test_the_reports_folder_named_as_configured():
    assert told(read(GOOD, "a.md", reports_dir="trips"))[0][2].startswith(
        "reports go in trips/<cycle>/<slug>.md; move this file into one of: trips/diablo/")


FIELD_MISTAKES = [
    ("author: A\ndate: 2011-10-08\n", [(1, "missing_field", "missing 'title': add e.g. 'title: Back from the summit'",
                                        LEFT_OUT)]),
    ("title: ''\nauthor: A\ndate: 2011-10-08\n", [(2, "missing_field", "missing 'title': add e.g. 'title: Back from "
                                                                        "the summit'", LEFT_OUT)]),
    ("title: [a]\nauthor: A\ndate: 2011-10-08\n", [(2, "bad_value", "title must be text, e.g. 'title: Back from the "
                                                                     "summit'", LEFT_OUT)]),
    ("title: T\ndate: 2011-10-08\n", [(1, "missing_field", "missing 'author': add e.g. 'author: Jane Doe'", LEFT_OUT)]),
    ("title: T\nauthor: []\ndate: 2011-10-08\n", [(3, "missing_field", "missing 'author': add e.g. 'author: Jane Doe'",
                                                   LEFT_OUT)]),
    ("title: T\nauthors: {a: 1}\ndate: 2011-10-08\n", [(3, "bad_value", "'authors' must be a name or a list of names, "
                                                                        "e.g. 'authors: [Jane Doe, Li Wei]'", LEFT_OUT)]),
    ("title: T\nauthor: A\nauthors: [B]\ndate: 2011-10-08\n", [(4, "bad_value", "use either 'author' or 'authors', "
                                                                                "not both", LEFT_OUT)]),
    ("title: T\nauthor: A\n", [(1, "missing_field", "missing 'date': add e.g. 'date: 2011-10-08'", LEFT_OUT)]),
    ("title: T\nauthor: A\ndate: ''\n", [(4, "missing_field", "missing 'date': add e.g. 'date: 2011-10-08'", LEFT_OUT)]),
    ("title: T\nauthor: A\ndate: 2011-13-08\n", [(4, "bad_value", "date '2011-13-08' is not a valid date: write it as "
                                                                  "YYYY-MM-DD, e.g. 'date: 2011-10-08'", LEFT_OUT)]),
    (GOOD + "event: [a]\n", [(5, "bad_value", "'event' must be text; the value is ignored", None)]),
    (GOOD + "tags: nova\n", [(5, "bad_value", "tags must be a list, e.g. 'tags: [nova, design-summit]'; 'nova' is "
                                              "ignored", None)]),
    (GOOD + "tags: [a, '', [b]]\n", [(5, "bad_value", "each tag must be a word or phrase; empty or nested tags are "
                                                      "ignored", None)]),
    (GOOD + "tags: [a, b, a]\n", [(5, "bad_value", "a tag is listed twice; it is kept once", None)]),
    (GOOD + "corrections: [{date: 2012-05-01}]\n", [
        (5, "bad_value", "corrections must be a list of entries with a date and a note, e.g. 'corrections: [{date: "
                         "2012-05-01, note: Fixed the speaker's name}]'".replace("2012-05-01", "2012-10-05"),
         LEFT_OUT)]),
    (GOOD + "draft: yes please\n", [(5, "bad_value", "draft must be true or false, not 'yes please'", None)]),
    (GOOD + "myst: {enable_extensions: [x]}\n", [(5, "unsafe", "'myst' sets MyST parser options for this file and is "
                                                                "ignored in reports; remove it", None)]),
    (GOOD + "html_meta: {x: y}\n", [(5, "unsafe", "'html_meta' writes raw HTML meta tags and is ignored in reports; "
                                                  "remove it", None)]),
    (GOOD + "titel: x\n", [(5, "unknown_key", "unknown front matter key 'titel' is ignored; did you mean 'title'?",
                            None)]),
    (GOOD + "colour: red\n", [(5, "unknown_key", "unknown front matter key 'colour' is ignored; known keys: title, "
                                                 "author, authors, date, event, location, tags, summary, draft, origin, "
                                                 "corrections", None)]),
]


@pytest.mark.parametrize(("front", "said"), FIELD_MISTAKES)
def test_each_front_matter_mistake(front, said):
    assert told(read(front)) == said


def test_empty_optional_fields_are_no_value():
    report = read(GOOD + "event:\nlocation: ''\ntags: []\n")
    assert (report.event, report.location, report.tags) == (None, None, ())
    assert told(report) == [(6, "bad_value", "'location' must be text; the value is ignored", None)]  # as the schema


def test_a_tag_kept_once_in_its_first_spelling():
    assert read(GOOD + "tags: [nova, 2012, nova, '']\n").tags == ("nova", "2012")


def test_text_fields_made_plain_and_bounded_at_their_lines():
    report = read("title: \"A\\u202eB\"\nauthor: [\"Jane\\u200f\", Li]\ndate: 2011-10-08\nevent: " + "e" * 121 + "\n")
    assert (report.title, report.authors, report.event) == ("AB", ("Jane", "Li"), "e" * 119 + "…")
    assert told(report) == [
        (2, "bad_value", "'title': invisible control characters removed (U+202E RIGHT-TO-LEFT OVERRIDE)", None),
        (3, "bad_value", "'author': invisible control characters removed (U+200F RIGHT-TO-LEFT MARK)", None),
        (5, "bad_value", "'event': shortened to 120 characters", None)]
    exact = read(GOOD + "event: " + "e" * 120 + "\n")
    assert exact.event == "e" * 120 and exact.problems == []


def test_no_front_matter_and_broken_front_matter():
    bare = validate_report("reports/essex/a", PurePosixPath("essex/a.md"), read_front_matter("Body only.\n"), CYCLES)
    assert told(bare) == [(1, "front_matter", "no front matter: start the file with a '---' line, the fields title, "
                                              "author and date, and another '---' line", LEFT_OUT)]
    broken = read("title: [x\n")
    assert [(line, subtype, consequence) for line, subtype, _, consequence in told(broken)] == [
        (2, "front_matter", LEFT_OUT)]
    assert broken.title is None and broken.cycle == "essex"
    deep = read("title: " + "[" * 20 + "]" * 20 + "\n")
    assert [subtype for _, subtype, _, _ in told(deep)] == ["limit"]


WINDOWS = [  # (folder, date, what is said about the date)
    ("essex", "2011-09-22", None), ("essex", "2012-04-05", None),
    ("essex", "2012-04-06", "date 2012-04-06 falls outside the Essex cycle (2011-09-22 to 2012-04-05): move the file "
                            "to reports/folsom/"),
    ("essex", "2011-09-21", None),  # a late report of the published Diablo edition, in the edition in progress
    ("folsom", "2011-09-21", None),  # the same, while Essex is open too: the latest open cycle takes it
    ("essex", "2013-01-01", "date 2013-01-01 falls outside the Essex cycle (2011-09-22 to 2012-04-05): no configured "
                            "cycle covers that date; check the date"),
    ("diablo", "2011-10-01", "date 2011-10-01 falls outside the Diablo cycle (2011-04-15 to 2011-09-22): move the file "
                             "to reports/essex/"),
]


@pytest.mark.parametrize(("folder", "day", "said"), WINDOWS)
def test_a_report_dated_outside_its_cycle(folder, day, said):
    report = read(f"title: T\nauthor: A\ndate: {day}\n", f"{folder}/a.md")
    assert told(report) == ([(4, "wrong_cycle", said, None)] if said else [])


def test_a_report_in_a_published_edition_dated_in_an_earlier_one():
    cycles = parse_cycles([
        {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22", "status": "published"},
        {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05", "status": "published"},
        {"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"}])
    report = read("title: T\nauthor: A\ndate: 2011-05-01\n", "essex/a.md", cycles)
    assert told(report) == [(4, "wrong_cycle", "date 2011-05-01 falls outside the Essex cycle (2011-09-22 to "
                                               "2012-04-05): the Diablo edition is published: move the file to "
                                               "reports/folsom/, the edition in progress, which takes late reports "
                                               "(keep the date)", None)]


def test_a_late_report_when_every_edition_is_published():
    closed = parse_cycles([
        {"name": "diablo", "title": "Diablo", "start": "2011-04-15", "end": "2011-09-22", "status": "published"},
        {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05", "status": "published"}])
    report = read("title: T\nauthor: A\ndate: 2011-05-01\n", "essex/a.md", closed)
    assert told(report) == [(4, "wrong_cycle", "date 2011-05-01 falls outside the Essex cycle (2011-09-22 to "
                                               "2012-04-05): the Diablo edition is published; add an open cycle to "
                                               "conf.py for late reports", None)]


def test_an_open_ended_cycle():
    cycles = parse_cycles([{"name": "now", "title": "Now", "start": "2020-01-01"}])
    assert read("title: T\nauthor: A\ndate: 2030-01-01\n", "now/a.md", cycles).problems == []
    report = read("title: T\nauthor: A\ndate: 2019-12-31\n", "now/a.md", cycles)
    assert told(report)[0][2] == ("date 2019-12-31 falls outside the Now cycle (2020-01-01 to open end): no configured "
                                  "cycle covers that date; check the date")


@pytest.mark.parametrize(("text", "draft"), [
    ("---\ndraft: true\n---\n", True), ("---\ntitle: x\ndraft:  true\n---\n", True), ("---\ndraft: false\n---\n", False),
    ("---\ndraft: 'true'\n---\n", False), ("---\ndraft: yes\n---\n", True), ("---\ntitle: x\n---\ndraft: true\n", False),
    ("---\n  draft: true\n---\n", False), ("---\ndraft: true\ntitle: [\n---\n", False), ("no front matter", False),
    ("---\n" + "#" * (64 * 1024) + "\ndraft: true\n---\n", False)])
def test_whether_a_report_is_a_draft(text, draft):
    assert is_draft(text) is draft


def test_the_example_text_left_in_a_report():
    assert skeleton_problems("---\n---\n\nMine.\n") == []
    [problem] = skeleton_problems("---\ntitle: x\n---\n\nMine.\n\nThe sessions, talks or conversations worth sharing. "
                                  "Use\n")
    assert (problem.line, problem.subtype.value, problem.message) == (
        7, "template_text", "the example text that 'newsletter new' wrote is still here: replace it with your report")
    [first] = skeleton_problems("What changes for the project or the community\n")
    assert first.line == 1


def test_control_characters_removed_and_the_first_named():
    assert without_control_characters("clean\ttext\r\n") == ("clean\ttext\r\n", [])
    text, [problem] = without_control_characters("one\ntw\x00o\x1b\x7f\n\x0bx")
    assert text == "one\ntwo\nx" and (problem.line, problem.subtype.value, problem.message) == (
        2, "bad_value", "control character U+0000 and any others are removed from the report")


def test_messages_for_duplicates_stray_files_and_undecodable_reports():
    later = Report("reports/essex/b", title_line=3)
    assert duplicate_problem(later, "reports/essex/a.md").message == (
        "same title and date as reports/essex/a.md in the same cycle: change the title, or remove one of the two "
        "reports")
    unknown = duplicate_problem(later, "reports/essex/a.md", known=False)
    assert (unknown.line, unknown.subtype.value, unknown.message) == (
        3, "duplicate", "same title and date as reports/essex/a.md in the same cycle (which came first cannot be "
                        "told): change the title, or remove one of the two reports")
    stray = stray_file_problem(PurePosixPath("essex/a.markdown"))
    assert (stray.line, stray.subtype.value, stray.message) == (
        1, "misplaced", "not built: reports are MyST markdown files ending in '.md'; rename it to 'a.md'")
    try:
        b"ab\xff".decode("utf-8")
    except UnicodeDecodeError as error:
        problem = undecodable_problem(error)
    assert (problem.line, problem.subtype.value, problem.message, problem.consequence) == (
        1, "front_matter", "not UTF-8 text (invalid start byte at byte 2): save the file as UTF-8", LEFT_OUT)


def dated(docname: str, title: str | None, day: int | None, cycle: str | None = "essex") -> Report:
    return Report(docname, cycle=cycle, title=title, date=dt.date(2011, 10, day) if day else None)


def test_duplicates_are_same_title_and_date_in_one_cycle_whatever_the_case():
    first, later = dated("reports/essex/a", "Summit", 8), dated("reports/essex/b", "SUMMIT", 8)
    others = [dated("reports/essex/0", None, 8), dated("reports/essex/c", "Summit", 9),
              dated("reports/folsom/d", "Summit", 8, "folsom"), dated("reports/essex/e", None, 8),
              dated("reports/essex/f", "Summit", None), dated("reports/essex/g", "Summit", 8, None)]
    assert find_duplicates([later, *others, first]) == [(first, later)]
    third = dated("reports/essex/z", "summit", 8)
    assert find_duplicates([third, later, first]) == [(first, later), (first, third)]


def test_reports_listed_newest_first_then_by_title_and_name():
    reports = [dated("b", "beta", 8), dated("a", "Alpha", 8), dated("c", "alpha", 9), dated("d", None, None),
               dated("e", "Alpha", 8)]
    assert [report.docname for report in sorted(reports, key=lambda report: report.sort_key)] == ["c", "a", "e", "b", "d"]


def test_more_front_matter_mistakes_each_at_its_line():
    assert told(read("title: T\nauthor: ''\ndate: 2011-10-08\n")) == [
        (3, "missing_field", "missing 'author': add e.g. 'author: Jane Doe'", LEFT_OUT)]
    assert [message for _, _, message, _ in told(read(GOOD + "myst: {}\ncolour: red\n"))] == [
        "'myst' sets MyST parser options for this file and is ignored in reports; remove it",
        "unknown front matter key 'colour' is ignored; known keys: title, author, authors, date, event, location, tags, "
        "summary, draft, origin, corrections"]
    assert told(read(GOOD + "corrections: 5\n"))[0][:2] == (5, "bad_value")
    assert told(read(GOOD + "event: \"" + "\\u202e" + "e" * 130 + "\"\n")) == [
        (5, "bad_value", "'event': invisible control characters removed (U+202E RIGHT-TO-LEFT OVERRIDE); shortened to "
                         "120 characters", None)]


@pytest.mark.parametrize(("note", "kept"), [
    ("n" * 500, True), ("n" * 501, False), ("a\u202eb", False), ("a\u200db", True), ("", False)])
def test_a_correction_note(note, kept):
    report = read(GOOD + f"corrections: [{{date: 2012-05-01, note: \"{note}\"}}]\n")
    assert (report.corrections != ()) is kept and bool(report.problems) is not kept


@pytest.mark.parametrize("day", ["20111008", "2011-10-08T10:00", "2011-10-8", "08.10.2011", " 2011-10-08 "])
def test_a_date_not_written_as_yyyy_mm_dd(day):
    report = read(f"title: T\nauthor: A\ndate: '{day}'\n")
    assert report.date is None and [subtype for _, subtype, _, _ in told(report)] == ["bad_value"]


def test_the_reports_folder_by_default():
    report = validate_report("a", PurePosixPath("a.md"), read_front_matter(f"---\n{GOOD}---\n"), CYCLES)
    assert told(report)[0][2].startswith("reports go in reports/<cycle>/<slug>.md")


def test_broken_front_matter_is_told_exactly():
    assert told(read("title: [x\n")) == [
        (2, "front_matter", "YAML syntax error: while parsing a flow sequence did not find expected ',' or ']'; the "
                            "list opened with [ in 'title: [x' needs a closing ]", LEFT_OUT)]
    assert read("title: [x\n").problems[0].column == 7


def test_where_the_example_text_and_a_control_character_are():
    twice = "\nThe sessions, talks or conversations worth sharing.\n\nThe sessions, talks or conversations worth sharing."
    assert [problem.line for problem in skeleton_problems(twice)] == [2]
    _, [problem] = without_control_characters("\n\x01\n\n\nend")
    assert problem.line == 2


@pytest.mark.parametrize(("subtype", "setting", "silenced"), [
    (W.UNKNOWN_KEY, ["newsletter.unknown_key"], True),
    (W.UNKNOWN_KEY, ["newsletter"], True),
    (W.UNKNOWN_KEY, ["newsletter.*"], True),
    (W.UNKNOWN_KEY, ["newsletter.unsafe", "myst.header"], False),
    (W.UNKNOWN_KEY, ["newsletter.unknown"], False),
    (OtherWarning("myst", "header"), ["myst.header"], True),
    (OtherWarning("myst", "header"), ["myst.*"], True),
    (OtherWarning("myst", "header"), ["myst.head"], False),
    (OtherWarning("docutils", ""), ["docutils"], True),
    (OtherWarning("", ""), ["", ".", ".*"], False),  # an untyped warning: Sphinx never silences one
])
def test_a_sites_suppress_warnings_is_read_as_sphinx_reads_it(subtype, setting, silenced):
    assert Problem(3, subtype, "told").suppressed_by(setting) is silenced
