"""The site's settings with verdicts written by hand: this cycle list is read so, that cadence opens the next
edition on this day, this value is refused with that message. No site is built; ``make mutation`` mutates the
code these tests pin (``core/settings.py``)."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

import pytest

from sphinx_newsletter.core.settings import (
    SETTINGS,
    Cadence,
    Cycle,
    Section,
    Settings,
    apply_records,
    current_cycle,
    cycle_for_date,
    follow_cycles,
    parse_cadence,
    parse_cycles,
    parse_date,
    parse_sections,
)

D = dt.date
CADENCE_EXAMPLE = "e.g. {'months': 6}, {'weeks': 1} or {'releases': ['2013-04-04', '2013-10-17']}"
KNOWN_KEYS = "known keys: end, name, published, start, status, title"


def heard(call, *args):
    """What ``call(*args, report)`` returns, and the messages it reported."""
    messages: list[str] = []
    return call(*args, messages.append), messages


def cycle(name, start, end=None, **more):
    return Cycle(name=name, title=name.title(), start=start, end=end, **more)


# Cycles


def test_a_cycle_holds_the_days_of_its_window_both_ends_included():
    essex = cycle("essex", D(2011, 9, 22), D(2012, 4, 5))
    assert [essex.contains(day) for day in (D(2011, 9, 21), D(2011, 9, 22), D(2012, 4, 5), D(2012, 4, 6))] == [
        False, True, True, False]
    folsom = cycle("folsom", D(2012, 4, 5))
    assert folsom.contains(D(2099, 1, 1)) and not folsom.contains(D(2012, 4, 4))
    assert essex.window == "2011-09-22 to 2012-04-05"
    assert folsom.window == "2012-04-05 to open end"
    assert not essex.is_published and cycle("d", D(2011, 1, 1), status="published").is_published


@pytest.mark.parametrize(("value", "day"), [
    (D(2011, 9, 22), D(2011, 9, 22)),
    (dt.datetime(2011, 9, 22, 23, 59), D(2011, 9, 22)),
    ("2011-09-22", D(2011, 9, 22)),
    (" 2011-09-22\n", D(2011, 9, 22)),
])
def test_dates_are_read_from_dates_and_iso_text(value, day):
    assert parse_date(value) == day
    assert type(parse_date(value)) is dt.date


@pytest.mark.parametrize(("value", "message"), [
    ("2011-02-30", "'2011-02-30' is not a valid date in YYYY-MM-DD form"),
    ("2011-9-22", "'2011-9-22' is not a date in YYYY-MM-DD form"),
    ("22.09.2011", "'22.09.2011' is not a date in YYYY-MM-DD form"),
    ("2011-09-22x", "'2011-09-22x' is not a date in YYYY-MM-DD form"),
    (20110922, "20110922 is not a date in YYYY-MM-DD form"),
    (None, "None is not a date in YYYY-MM-DD form"),
])
def test_other_dates_are_refused_with_the_form_to_use(value, message):
    with pytest.raises(ValueError) as error:
        parse_date(value)
    assert str(error.value) == message


def test_cycles_are_read_oldest_first_with_their_defaults():
    cycles, messages = heard(parse_cycles, [
        {"name": "essex", "start": "2011-09-22", "end": D(2012, 4, 5)},
        {"name": "diablo", "title": "Diablo!", "start": D(2011, 4, 15), "end": "2011-09-22", "status": "published"},
        {"name": "folsom_2", "start": "2012-04-05", "published": "2012-10-01", "status": "open"},
    ])
    assert messages == []
    assert list(cycles) == ["diablo", "essex", "folsom_2"]
    assert list(parse_cycles([{"name": "b", "start": "2011-01-01"}, {"name": "a", "start": "2012-01-01"},
                              {"name": "c", "start": "2010-01-01"}])) == ["c", "b", "a"]  # by start, not by name
    assert cycles["diablo"] == Cycle(name="diablo", title="Diablo!", start=D(2011, 4, 15), end=D(2011, 9, 22),
                                     status="published", published=D(2011, 9, 22), declared=("status",))
    assert cycles["essex"] == Cycle(name="essex", title="Essex", start=D(2011, 9, 22), end=D(2012, 4, 5))
    assert cycles["folsom_2"] == Cycle(name="folsom_2", title="Folsom_2", start=D(2012, 4, 5), end=None,
                                       status="open", published=D(2012, 10, 1), declared=("status", "published"))
    one_day, messages = heard(parse_cycles, [{"name": "x", "title": 7, "start": "2011-01-01", "end": "2011-01-01"}])
    assert messages == [] and one_day["x"].title == "7" and one_day["x"].end == D(2011, 1, 1)
    published_open_end, _ = heard(parse_cycles, [{"name": "y", "start": "2011-01-01", "status": "published"}])
    assert published_open_end["y"].published is None


@pytest.mark.parametrize(("entry", "message"), [
    (["essex"], "each cycle must be a dict, got list"),
    ({"name": "essex", "start": "2011-01-01", "stat": "open", "ended": 1},
     f"unknown key(s) ended, stat; {KNOWN_KEYS}"),
    ({"name": "Essex", "start": "2011-01-01"},
     "name 'Essex' must be lowercase letters, digits, '-' or '_' (it is the folder name)"),
    ({"name": "-essex", "start": "2011-01-01"},
     "name '-essex' must be lowercase letters, digits, '-' or '_' (it is the folder name)"),
    ({"name": "es sex", "start": "2011-01-01"},
     "name 'es sex' must be lowercase letters, digits, '-' or '_' (it is the folder name)"),
    ({"start": "2011-01-01"}, "name None must be lowercase letters, digits, '-' or '_' (it is the folder name)"),
    ({"name": "essex"}, "cycle 'essex' has no start date"),
    ({"name": "essex", "start": "2011-01-02", "end": "2011-01-01"},
     "cycle 'essex' ends (2011-01-01) before it starts (2011-01-02)"),
    ({"name": "essex", "start": "2011-01-01", "status": "closed"},
     "cycle 'essex' has status 'closed'; use one of open, published"),
    ({"name": "essex", "start": "2011-13-01"}, "'2011-13-01' is not a valid date in YYYY-MM-DD form"),
])
def test_a_wrong_cycle_is_left_out_with_its_index_and_reason(entry, message):
    cycles, messages = heard(parse_cycles, [{"name": "good", "start": "2010-01-01"}, entry,
                                            {"name": "after", "start": "2010-02-01"}])
    assert list(cycles) == ["good", "after"]
    assert messages == [f"newsletter_cycles[1] left out: {message}"]


def test_a_cycle_listed_twice_keeps_its_first_entry():
    cycles, messages = heard(parse_cycles, [{"name": "a", "start": "2011-01-01"}, {"name": "a", "start": "2012-01-01"},
                                            {"name": "b", "start": "2012-01-01"}])
    assert cycles["a"].start == D(2011, 1, 1) and list(cycles) == ["a", "b"]
    assert messages == ["newsletter_cycles[1] left out: cycle 'a' is listed twice"]


def test_cycles_that_are_not_a_list_are_refused_and_nobody_need_listen():
    assert heard(parse_cycles, {"name": "a", "start": "2011-01-01"}) == ({}, ["newsletter_cycles must be a list of dicts"])
    assert heard(parse_cycles, ({"name": "a", "start": "2011-01-01"},))[0]["a"].start == D(2011, 1, 1)
    assert parse_cycles("a") == {}
    assert list(parse_cycles([{"name": "a", "start": "2011-01-01"}, {"name": "a", "start": "2011-01-01"}, 3])) == ["a"]


def test_the_edition_in_progress_is_the_latest_open_cycle_else_the_latest():
    first = cycle("a", D(2011, 1, 1), D(2011, 6, 1))
    second = cycle("b", D(2011, 6, 1), D(2012, 1, 1), status="published")
    third = cycle("c", D(2012, 1, 1), status="published")
    assert current_cycle({"a": first, "b": second, "c": third}) is first
    assert current_cycle({"b": second, "c": third}) is third
    assert current_cycle({}) is None
    assert cycle_for_date({"a": first, "b": second}, D(2011, 6, 1)) is second  # a release day opens the next cycle
    assert cycle_for_date({"a": first, "b": second}, D(2011, 5, 31)) is first
    assert cycle_for_date({"a": first, "b": second}, D(2012, 1, 2)) is None


# Cadence


@pytest.mark.parametrize(("cadence", "start", "end"), [
    (Cadence(months=1), D(2020, 1, 31), D(2020, 2, 29)),
    (Cadence(months=1), D(2021, 1, 31), D(2021, 2, 28)),
    (Cadence(months=1), D(2020, 12, 31), D(2021, 1, 31)),
    (Cadence(months=1), D(2020, 11, 30), D(2020, 12, 30)),
    (Cadence(months=2), D(2020, 11, 15), D(2021, 1, 15)),
    (Cadence(months=6), D(2013, 4, 4), D(2013, 10, 4)),
    (Cadence(months=12), D(2020, 2, 29), D(2021, 2, 28)),
    (Cadence(months=13), D(2020, 3, 31), D(2021, 4, 30)),
    (Cadence(months=24), D(2020, 12, 1), D(2022, 12, 1)),
    (Cadence(weeks=1), D(2020, 12, 28), D(2021, 1, 4)),
    (Cadence(weeks=2), D(2020, 1, 1), D(2020, 1, 15)),
    (Cadence(days=3), D(2020, 2, 27), D(2020, 3, 1)),
    (Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17))), D(2013, 1, 1), D(2013, 4, 4)),
    (Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17))), D(2013, 4, 4), D(2013, 10, 17)),
    (Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17))), D(2013, 10, 17), None),
])
def test_a_cadence_ends_a_cycle_on_the_day_it_gives(cadence, start, end):
    assert cadence.end_after(start) == end


@pytest.mark.parametrize(("raw", "cadence"), [
    ({"months": 6}, Cadence(months=6)),
    ({"weeks": 1}, Cadence(weeks=1)),
    ({"days": 1000}, Cadence(days=1000)),
    ({"releases": ["2013-10-17", D(2013, 4, 4), "2013-04-04"]}, Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17)))),
    ({"releases": ("2013-10-17",)}, Cadence(releases=(D(2013, 10, 17),))),
])
def test_a_cadence_is_read_from_its_one_key(raw, cadence):
    assert heard(parse_cadence, raw) == (cadence, [])


def test_no_cadence_is_no_cadence():
    assert heard(parse_cadence, None) == (None, [])


@pytest.mark.parametrize(("raw", "message"), [
    ({"months": 0}, "newsletter_cadence['months'] must be a whole number from 1 to 1000, not 0; it is left out"),
    ({"weeks": 1001}, "newsletter_cadence['weeks'] must be a whole number from 1 to 1000, not 1001; it is left out"),
    ({"days": True}, "newsletter_cadence['days'] must be a whole number from 1 to 1000, not True; it is left out"),
    ({"days": 1.0}, "newsletter_cadence['days'] must be a whole number from 1 to 1000, not 1.0; it is left out"),
    ({"months": "6"}, "newsletter_cadence['months'] must be a whole number from 1 to 1000, not '6'; it is left out"),
    ({"months": 6, "weeks": 1}, f"newsletter_cadence must be a dict with one key, {CADENCE_EXAMPLE}; it is left out"),
    ({}, f"newsletter_cadence must be a dict with one key, {CADENCE_EXAMPLE}; it is left out"),
    ([("months", 6)], f"newsletter_cadence must be a dict with one key, {CADENCE_EXAMPLE}; it is left out"),
    ({"releases": ["2013-04-04", "soon"]},
     "newsletter_cadence['releases']: 'soon' is not a date in YYYY-MM-DD form; it is left out"),
    ({"releases": []},
     f"newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases', {CADENCE_EXAMPLE}; it is left out"),
    ({"releases": "2013-04-04"},
     f"newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases', {CADENCE_EXAMPLE}; it is left out"),
    ({"years": 1},
     f"newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases', {CADENCE_EXAMPLE}; it is left out"),
])
def test_a_wrong_cadence_is_left_out_with_the_reason(raw, message):
    assert heard(parse_cadence, raw) == (None, [message])


def test_a_published_last_cycle_is_followed_by_the_next_one_from_its_end():
    cycles = parse_cycles([{"name": "a", "start": "2013-04-04", "end": "2013-10-17", "status": "published"}])
    followed = follow_cycles(cycles, Cadence(months=6), {})
    assert list(followed) == ["a", "2013-10-17"]
    assert followed["2013-10-17"] == Cycle(name="2013-10-17", title="17 October 2013", start=D(2013, 10, 17),
                                           end=D(2014, 4, 17), provisional=True)
    assert cycles == {"a": followed["a"]}  # the declared cycles are left as they are


def test_a_followed_cycle_with_a_record_is_published_and_followed_in_turn():
    cycles = parse_cycles([{"name": "a", "start": "2013-01-01", "end": "2013-01-08", "status": "published"}])
    followed = follow_cycles(cycles, Cadence(weeks=1), {"2013-01-08": D(2013, 1, 16)})
    assert list(followed) == ["a", "2013-01-08", "2013-01-15"]
    assert followed["2013-01-08"] == Cycle(name="2013-01-08", title="8 January 2013", start=D(2013, 1, 8),
                                           end=D(2013, 1, 15), status="published", published=D(2013, 1, 16),
                                           recorded=True, provisional=True)
    assert not followed["2013-01-15"].is_published and followed["2013-01-15"].end == D(2013, 1, 22)


def test_a_cycle_published_without_an_end_is_followed_from_its_publication():
    cycles = parse_cycles([{"name": "a", "start": "2013-01-01", "status": "published", "published": "2013-02-03"}])
    assert list(follow_cycles(cycles, Cadence(days=10), {})) == ["a", "2013-02-03"]


def test_nothing_follows_an_open_cycle_no_cadence_or_no_cycle():
    open_cycles = parse_cycles([{"name": "a", "start": "2013-01-01", "end": "2013-02-01"}])
    assert list(follow_cycles(open_cycles, Cadence(days=10), {})) == ["a"]
    published = parse_cycles([{"name": "a", "start": "2013-01-01", "end": "2013-02-01", "status": "published"}])
    assert list(follow_cycles(published, None, {"2013-02-01": D(2013, 2, 2)})) == ["a"]
    assert follow_cycles({}, Cadence(days=10), {}) == {}


def test_releases_that_run_out_leave_the_last_cycle_open_ended():
    cycles = parse_cycles([{"name": "a", "start": "2013-01-01", "end": "2013-04-04", "status": "published"}])
    cadence = Cadence(releases=(D(2013, 4, 4), D(2013, 10, 17)))
    followed = follow_cycles(cycles, cadence, {"2013-04-04": D(2013, 10, 20), "2013-10-17": D(2014, 1, 1)})
    assert [(c.name, c.end, c.published) for c in followed.values()] == [
        ("a", D(2013, 4, 4), D(2013, 4, 4)), ("2013-04-04", D(2013, 10, 17), D(2013, 10, 20)),
        ("2013-10-17", None, D(2014, 1, 1)), ("2014-01-01", None, None)]


def test_a_cadence_opens_at_most_two_thousand_cycles_one_after_the_other():
    cycles = parse_cycles([{"name": "a", "start": "2000-01-01", "end": "2000-01-02", "status": "published"}])
    records = {(D(2000, 1, 2) + dt.timedelta(days=n)).isoformat(): D(2000, 1, 2) for n in range(2_500)}
    followed = follow_cycles(cycles, Cadence(days=1), records)
    assert len(followed) == 1 + 2_000
    assert list(followed)[-1] == "2005-06-23"


# Sections


def test_a_section_holds_reports_by_tag_or_event_slug():
    summits = Section("Summits", tags=("Design Summit",), events=("PyCon US",))
    assert summits.holds(["design-summit"], None)
    assert summits.holds(["other", "DESIGN  summit"], "x")
    assert summits.holds([], "pycon-us")
    assert not summits.holds(["design"], None)
    assert not summits.holds(["pycon-us"], None)  # an event is not a tag
    assert not summits.holds([], "Design Summit")  # nor a tag an event
    assert not Section("Empty").holds(["a"], "a")


def test_sections_are_read_in_order():
    sections, messages = heard(parse_sections, [
        {"title": " Summits ", "tags": ["summit", 2]}, {"title": "Meetups", "events": ("Local",)},
        {"title": "Both", "tags": [], "events": []}])
    assert messages == []
    assert sections == (Section("Summits", ("summit", "2")), Section("Meetups", (), ("Local",)), Section("Both"))


ENTRY_ADVICE = ("left out: give a dict with a 'title' and lists 'tags' and/or 'events', "
                "e.g. {'title': 'Summits', 'tags': ['summit']}")


@pytest.mark.parametrize("entry", [
    "Summits", {"tags": ["summit"]}, {"title": 3}, {"title": "  "}, {"title": "S", "tag": ["summit"]},
    {"title": "S", "tags": "summit"}, {"title": "S", "events": "x"},
])
def test_a_wrong_section_is_left_out_with_its_index_and_an_example(entry):
    sections, messages = heard(parse_sections, [{"title": "Kept"}, entry, {"title": "After"}])
    assert sections == (Section("Kept"), Section("After"))
    assert messages == [f"newsletter_sections[1] {ENTRY_ADVICE}"]


def test_sections_that_are_not_a_list_are_refused():
    assert heard(parse_sections, {"title": "S"}) == ((), ["newsletter_sections must be a list of dicts"])
    assert heard(parse_sections, ({"title": "S"},)) == ((Section("S"),), [])


# The settings of a site


NAMES = ["newsletter_cycles", "newsletter_cadence", "newsletter_reports_dir", "newsletter_feedback_dir",
         "newsletter_published_dir", "newsletter_show_drafts", "newsletter_term_pages", "newsletter_feed_length",
         "newsletter_email_from", "newsletter_email_to", "newsletter_list_id", "newsletter_list_unsubscribe",
         "newsletter_subscribe_url", "newsletter_repository_url", "newsletter_notes_dir", "newsletter_sections",
         "newsletter_site_pages", "newsletter_asset_dirs", "newsletter_asset_types", "newsletter_search",
         "newsletter_search_index_reports", "newsletter_publish", "newsletter_site_titles", "newsletter_offline",
         "newsletter_book"]
ONE_CYCLE = [{"name": "essex", "start": "2011-09-22"}]


def test_every_setting_is_declared_once_with_its_default_and_rebuild():
    assert [s.name for s in SETTINGS] == NAMES
    by_name = {s.name: s for s in SETTINGS}
    assert [(name, by_name[name].default) for name in ["newsletter_cycles", "newsletter_cadence",
            "newsletter_reports_dir", "newsletter_show_drafts", "newsletter_term_pages", "newsletter_feed_length",
            "newsletter_search", "newsletter_offline", "newsletter_site_pages"]] == [
        ("newsletter_cycles", []), ("newsletter_cadence", None), ("newsletter_reports_dir", "reports"),
        ("newsletter_show_drafts", False), ("newsletter_term_pages", True), ("newsletter_feed_length", 50),
        ("newsletter_search", "pagefind"), ("newsletter_offline", True), ("newsletter_site_pages", [])]
    assert {name for name, s in by_name.items() if s.rebuild == "html"} == {
        "newsletter_term_pages", "newsletter_feed_length", "newsletter_email_from", "newsletter_email_to",
        "newsletter_list_id", "newsletter_list_unsubscribe", "newsletter_subscribe_url", "newsletter_search",
        "newsletter_search_index_reports", "newsletter_offline"}
    assert by_name["newsletter_feed_length"].types == (int, type(None))
    assert by_name["newsletter_cadence"].types == (dict, type(None))
    assert by_name["newsletter_asset_types"].default[:3] == [".png", ".jpg", ".jpeg"]


def test_settings_made_directly_take_the_declared_defaults():
    settings = Settings()
    assert (settings.all_cycles, settings.reports_dir, settings.feed_length, settings.search, settings.site_pages,
            settings.problems) == ({}, "reports", 50, "pagefind", (), ())
    assert settings.asset_types == tuple({s.name: s for s in SETTINGS}["newsletter_asset_types"].default)
    assert Settings().all_cycles is not settings.all_cycles  # each its own table
    helps = {s.name: s.help for s in SETTINGS}
    assert helps["newsletter_reports_dir"] == "where reports live"
    assert helps["newsletter_asset_types"] == "file endings a report may attach"


def test_a_site_without_settings_gets_the_defaults_and_one_problem():
    settings = Settings.from_values({})
    assert settings.all_cycles == {} and settings.cycles == {}
    assert settings.problems == ("newsletter_cycles lists no valid release cycle; every report will be unpublished",)
    assert (settings.cadence, settings.reports_dir, settings.feedback_dir, settings.published_dir,
            settings.notes_dir) == (None, "reports", "feedback", "published", "notes")
    assert (settings.show_drafts, settings.term_pages, settings.feed_length, settings.offline) == (False, True, 50, True)
    assert (settings.email_from, settings.email_to, settings.list_id, settings.list_unsubscribe,
            settings.subscribe_url, settings.repository_url, settings.publishing) == ("",) * 7
    assert (settings.sections, settings.site_pages, settings.asset_dirs, settings.book) == ((), (), (), ())
    assert settings.search == "pagefind"
    assert settings.asset_types[:3] == (".png", ".jpg", ".jpeg")


def test_settings_are_read_from_a_mapping_or_a_config_alike():
    values = {"newsletter_cycles": ONE_CYCLE, "newsletter_reports_dir": "/Xmas/trips/", "newsletter_show_drafts": 1,
              "newsletter_term_pages": 0, "newsletter_feed_length": None, "newsletter_email_from": 7,
              "newsletter_site_pages": ["about", "team/*"], "newsletter_asset_types": [".PNG", ".Pdf"],
              "newsletter_search": "sphinx", "newsletter_offline": [], "newsletter_cadence": {"weeks": 2},
              "newsletter_repository_url": " https://github.com/o/n ", "newsletter_sections": [{"title": "S"}]}
    for source in (values, SimpleNamespace(**values)):
        settings = Settings.from_values(source)
        assert settings.problems == ()
        assert list(settings.cycles) == ["essex"]
        assert settings.reports_dir == "Xmas/trips"
        assert (settings.show_drafts, settings.term_pages, settings.feed_length) == (True, False, None)
        assert settings.email_from == "7"
        assert settings.site_pages == ("about", "team/*")
        assert settings.asset_types == (".png", ".pdf")
        assert (settings.search, settings.offline) == ("sphinx", False)
        assert settings.cadence == Cadence(weeks=2)
        assert settings.repository_url == "https://github.com/o/n"
        assert settings.sections == (Section("S"),)


def test_none_takes_the_default_unless_the_setting_allows_none():
    settings = Settings.from_values({"newsletter_cycles": None, "newsletter_reports_dir": None,
                                     "newsletter_term_pages": None, "newsletter_cadence": None})
    assert (settings.reports_dir, settings.term_pages, settings.cadence) == ("reports", True, None)
    read = Settings.from_values(SimpleNamespace(newsletter_offline=None))  # a value not given at all: its default
    assert (read.offline, read.feed_length, read.reports_dir, read.search) == (True, 50, "reports", "pagefind")


def test_wrong_settings_are_reported_and_replaced():
    settings = Settings.from_values({"newsletter_cycles": [{"name": "Bad", "start": "2011-01-01"}],
                                     "newsletter_search": "google", "newsletter_repository_url": "https://gitlab.com/o/n",
                                     "newsletter_cadence": {"years": 1}, "newsletter_sections": "S"})
    assert settings.search == "pagefind" and settings.repository_url == "" and settings.cadence is None
    assert settings.problems == (
        "newsletter_cycles[0] left out: name 'Bad' must be lowercase letters, digits, '-' or '_' (it is the folder name)",
        f"newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases', {CADENCE_EXAMPLE}; it is left out",
        "newsletter_repository_url 'https://gitlab.com/o/n' is not a GitHub repository address: write it as "
        "https://github.com/<owner>/<name> (other forges are not supported yet)",
        "newsletter_sections must be a list of dicts",
        "newsletter_search must be 'pagefind' or 'sphinx', not 'google': the site uses 'pagefind'",
        "newsletter_cycles lists no valid release cycle; every report will be unpublished")


def test_publishing_one_edition_leaves_the_others_out():
    settings = Settings.from_values({"newsletter_cycles": [*ONE_CYCLE, {"name": "folsom", "start": "2012-04-05"}],
                                     "newsletter_publish": "essex"})
    assert list(settings.cycles) == ["essex"] and list(settings.all_cycles) == ["essex", "folsom"]
    assert Settings.from_values({"newsletter_cycles": ONE_CYCLE, "newsletter_publish": "x"}).cycles == {}


def test_the_other_editions_titles_are_read_as_one_line_each_and_anything_else_is_refused():
    settings = Settings.from_values({"newsletter_cycles": ONE_CYCLE, "newsletter_site_titles": {
        "reports/folsom/summit": "  A summit\n in   Boston ", "reports/folsom/meetup": 7}})
    assert settings.site_titles == {"reports/folsom/summit": "A summit in Boston", "reports/folsom/meetup": "7"}
    assert not settings.problems
    refused = Settings.from_values({"newsletter_cycles": ONE_CYCLE, "newsletter_site_titles": ["A summit"]})
    assert refused.site_titles == {}
    assert refused.problems == ("newsletter_site_titles must be a dict of page names and titles",)
    assert Settings.from_values({"newsletter_cycles": ONE_CYCLE}).site_titles == {}


def write_record_file(folder, name, published, cycle=None):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.json").write_text(json.dumps({"cycle": cycle or name, "published": published, "reports": {}}),
                                         encoding="utf-8")


def test_publication_records_publish_their_cycles(tmp_path):
    write_record_file(tmp_path / "records", "essex", "2012-04-10")
    write_record_file(tmp_path / "records", "grizzly", "2013-01-01")
    write_record_file(tmp_path / "records", "other", "2013-01-01", cycle="folsom")  # a record of another name
    settings = Settings.from_values({"newsletter_cycles": [*ONE_CYCLE, {"name": "folsom", "start": "2012-04-05"}],
                                     "newsletter_published_dir": "records/"}, tmp_path)
    essex = settings.cycles["essex"]
    assert (essex.status, essex.published, essex.recorded) == ("published", D(2012, 4, 10), True)
    assert not settings.cycles["folsom"].is_published
    assert settings.problems == ("records/grizzly.json records an edition 'grizzly' that newsletter_cycles does not "
                                 "list: add the 'grizzly' cycle to conf.py",)
    assert not Settings.from_values({"newsletter_cycles": ONE_CYCLE}).cycles["essex"].is_published  # no folder given
    contradicted = Settings.from_values({"newsletter_cycles": [{"name": "essex", "start": "2011-09-22", "status": "open"}],
                                         "newsletter_published_dir": "records"}, tmp_path)
    assert contradicted.problems[0] == (
        "conf.py says the 'essex' cycle is 'open', but records/essex.json records its publication on 2012-04-10: "
        "remove \"status\" from the 'essex' entry of newsletter_cycles in conf.py")


def test_a_cadence_follows_the_recorded_cycles(tmp_path):
    write_record_file(tmp_path / "published", "essex", "2012-04-10")
    settings = Settings.from_values({"newsletter_cycles": [{"name": "essex", "start": "2011-09-22", "end": "2012-04-05"}],
                                     "newsletter_cadence": {"months": 6}}, tmp_path)
    assert [(c.name, c.start, c.end) for c in settings.cycles.values()] == [
        ("essex", D(2011, 9, 22), D(2012, 4, 5)), ("2012-04-05", D(2012, 4, 5), D(2012, 10, 5))]
    assert settings.problems == ()


def test_conf_py_that_contradicts_a_record_is_told_what_to_remove():
    cycles = parse_cycles([{"name": "a", "start": "2011-01-01", "status": "open", "published": "2011-05-05"},
                           {"name": "b", "start": "2011-06-01", "status": "published", "published": "2011-07-01"},
                           {"name": "c", "start": "2011-08-01"}])
    applied, messages = heard(apply_records, cycles, {"a": D(2011, 6, 1), "b": D(2011, 7, 1)}, "pub")
    assert messages == [
        "conf.py says the 'a' cycle is 'open', but pub/a.json records its publication on 2011-06-01: remove "
        "\"status\" from the 'a' entry of newsletter_cycles in conf.py",
        "conf.py gives the 'a' cycle \"published\": \"2011-05-05\", but pub/a.json records 2011-06-01: remove "
        "\"published\" from the 'a' entry of newsletter_cycles in conf.py"]
    assert [(c.status, c.published, c.recorded) for c in applied.values()] == [
        ("published", D(2011, 6, 1), True), ("published", D(2011, 7, 1), True), ("open", None, False)]
    assert applied["c"] is cycles["c"]


@pytest.mark.parametrize(("value", "kept"), [(1, 1), (500, 500), (20_000, 20_000)])
def test_an_index_of_one_report_or_more_is_kept(value, kept):
    settings = Settings.from_values({"newsletter_cycles": ONE_CYCLE, "newsletter_search_index_reports": value})
    assert (settings.search_index_reports, settings.problems) == (kept, ())


@pytest.mark.parametrize("value", [0, -3, True, 2.5, "100"])
def test_an_index_size_that_is_not_a_count_of_reports_is_named(value):
    settings = Settings.from_values({"newsletter_cycles": ONE_CYCLE, "newsletter_search_index_reports": value})
    assert settings.search_index_reports == 500
    assert settings.problems == (f"newsletter_search_index_reports must be a whole number of reports, 1 or more, "
                                 f"not {value!r}: the site uses 500",)
