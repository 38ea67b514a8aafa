"""Every ``newsletter_*`` setting, declared once: its default, its type, when a change rebuilds, and
what it means. The build registers them from this table and reads them through :class:`Settings`,
built once when the configuration is read; ``newsletter check`` and ``newsletter publish`` build the
same object from ``conf.py`` with the same constructor (:meth:`Settings.from_values`).

Dates in ``newsletter_cycles`` may be ``datetime.date`` values or ISO ``YYYY-MM-DD`` strings.

A cycle's state and publication date come from its publication record (``published/<cycle>.json``,
written by ``newsletter publish``; see ``core.publication``), not from ``conf.py``: a ``"status"`` or
``"published"`` left in a cycle's entry must agree with the record, and a problem names the file to
change when it does not. A cycle without a record is open, unless ``conf.py`` declares it published
(an edition that went out before the site kept records).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Literal

from sphinx_newsletter.core.paths import ASSET_TYPES
from sphinx_newsletter.core.records import recorded_dates
from sphinx_newsletter.core.text import tag_key

CYCLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CYCLE_KEYS = frozenset({"name", "title", "start", "end", "status", "published"})
STATUSES = ("open", "published")


Rebuild = Literal["env", "html"]
"""What Sphinx does when a setting changes: re-read every page, or rewrite them."""


@dataclass(frozen=True)
class Setting:
    """One ``conf.py`` value: ``rebuild`` is Sphinx's ("env": re-read every page, "html": rewrite them);
    ``convert(value, report)`` makes the field's value from it (``report(message)`` hears what is wrong)."""

    name: str
    default: Any
    types: tuple[type, ...]
    rebuild: Rebuild
    help: str
    convert: Callable[[Any, Callable[[str], None]], Any] | None = None


def setting(name: str, default: Any, types: tuple[type, ...], rebuild: Rebuild, help: str,
            convert: Callable[[Any, Callable[[str], None]], Any] | None = None, empty: Callable[[], Any] | None = None
            ) -> Any:
    """A field of ``Settings`` declared with its ``conf.py`` value: the one place a setting is written.
    A list setting defaults to a list in ``conf.py`` and is held as a tuple (or as ``empty()`` makes it)."""
    declared = Setting(name, list(default) if isinstance(default, tuple) else default, types, rebuild, help, convert)
    if empty is not None:
        return field(default_factory=empty, metadata={"setting": declared})
    return field(default=default, metadata={"setting": declared})


def _folder(value: Any, report: Callable[[str], None]) -> str:
    return str(value).strip("/")


def _text(value: Any, report: Callable[[str], None]) -> str:
    return str(value)


SETTINGS_ATTRIBUTE = "_newsletter_settings"
"""Where the site's ``Settings`` are kept on Sphinx's ``Config`` (and on the check's view of it): an
attribute, not a config value."""

SEARCH_ENGINES = ("pagefind", "sphinx")


def _search(value: Any, report: Callable[[str], None]) -> str:
    if value in SEARCH_ENGINES:
        return str(value)
    report(f"newsletter_search must be 'pagefind' or 'sphinx', not {value!r}: the site uses 'pagefind'")
    return "pagefind"


SEARCH_INDEX_REPORTS = 500


def _index_reports(value: Any, report: Callable[[str], None]) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    report(f"newsletter_search_index_reports must be a whole number of reports, 1 or more, not {value!r}: the site "
           f"uses {SEARCH_INDEX_REPORTS}")
    return SEARCH_INDEX_REPORTS


def _titles(value: Any, report: Callable[[str], None]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        report("newsletter_site_titles must be a dict of page names and titles")
        return {}
    return {str(page): " ".join(str(title).split()) for page, title in value.items()}


def _names(value: Any, report: Callable[[str], None]) -> tuple[str, ...]:
    return tuple(value)


@dataclass(frozen=True)
class Cycle:
    """A release cycle; its reports make up one edition."""

    name: str
    title: str
    start: dt.date
    end: dt.date | None
    status: str = "open"
    published: dt.date | None = None
    recorded: bool = False  # published by ``newsletter publish`` (its record exists)
    declared: tuple[str, ...] = ()  # the keys of status and publication that conf.py's entry gives
    provisional: bool = False  # opened by ``newsletter_cadence`` after the declared cycles, named by its start

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def window(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat() if self.end else 'open end'}"


def parse_date(value: object) -> dt.date:
    """A ``date`` from a YAML/Python date or an ISO ``YYYY-MM-DD`` string; ``ValueError`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            raise ValueError(f"{value!r} is not a valid date in YYYY-MM-DD form") from None
    raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")


@dataclass(frozen=True)
class Cadence:
    """How cycles follow the declared ones (``newsletter_cadence``): every so many months, weeks or days,
    or from one release date to the next."""

    months: int = 0
    weeks: int = 0
    days: int = 0
    releases: tuple[dt.date, ...] = ()

    def end_after(self, start: dt.date) -> dt.date | None:
        """The end of a cycle that starts on ``start`` (``None``: open-ended, the release dates run out)."""
        if self.releases:
            return next((day for day in self.releases if day > start), None)
        if self.months:
            month = start.month - 1 + self.months
            year, month = start.year + month // 12, month % 12 + 1
            last = (dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)).day
            return dt.date(year, month, min(start.day, last))
        return start + dt.timedelta(weeks=self.weeks, days=self.days)


CADENCE_UNITS = ("months", "weeks", "days")
MAX_FOLLOWING = 2_000
"""Cycles a cadence opens one after the other at most (each after the one before is published)."""


def parse_cadence(raw: object, report: Callable[[str], None]) -> Cadence | None:
    """``newsletter_cadence``; ``report(message)`` hears why a value is left out."""
    if raw is None:
        return None
    example = "e.g. {'months': 6}, {'weeks': 1} or {'releases': ['2013-04-04', '2013-10-17']}"
    if not isinstance(raw, Mapping) or len(raw) != 1:
        report(f"newsletter_cadence must be a dict with one key, {example}; it is left out")
        return None
    (key, value), = raw.items()
    if key in CADENCE_UNITS:
        if isinstance(value, int) and not isinstance(value, bool) and 0 < value <= 1000:
            return Cadence(months=value if key == "months" else 0, weeks=value if key == "weeks" else 0,
                           days=value if key == "days" else 0)
        report(f"newsletter_cadence['{key}'] must be a whole number from 1 to 1000, not {value!r}; it is left out")
        return None
    if key == "releases":
        try:
            days = tuple(sorted({parse_date(day) for day in value})) if isinstance(value, (list, tuple)) else ()
        except ValueError as error:
            report(f"newsletter_cadence['releases']: {error}; it is left out")
            return None
        if days:
            return Cadence(releases=days)
    report(f"newsletter_cadence: use 'months', 'weeks', 'days' or a list of 'releases', {example}; it is left out")
    return None


def follow_cycles(cycles: dict[str, Cycle], cadence: Cadence | None, records: Mapping[str, dt.date]
                  ) -> dict[str, Cycle]:
    """``cycles`` and, by ``cadence``, the cycles after them: once the last one is published, the next one
    opens by itself, from the day the last one ended, named by that day (a provisional name: the editor
    names it by adding it to ``newsletter_cycles``), published when its record says so."""
    followed = dict(cycles)
    if cadence is None:
        return followed
    for _ in range(MAX_FOLLOWING):
        last = next(reversed(followed.values()), None)
        start = (last.end or last.published) if last is not None and last.is_published else None
        name = start.isoformat() if start is not None else ""
        if start is None or name in followed:
            break
        cycle = Cycle(name=name, title=f"{start.day} {start:%B %Y}", start=start, end=cadence.end_after(start),
                      provisional=True)
        if name in records:
            cycle = replace(cycle, status="published", published=records[name], recorded=True)
        followed[name] = cycle
    return followed


def _parse_cycle(raw: object) -> Cycle:
    if not isinstance(raw, Mapping):
        raise ValueError(f"each cycle must be a dict, got {type(raw).__name__}")
    unknown = sorted(set(raw) - CYCLE_KEYS)
    if unknown:
        raise ValueError(f"unknown key(s) {', '.join(unknown)}; known keys: {', '.join(sorted(CYCLE_KEYS))}")
    name = raw.get("name")
    if not isinstance(name, str) or not CYCLE_NAME.match(name):
        raise ValueError(f"name {name!r} must be lowercase letters, digits, '-' or '_' (it is the folder name)")
    if "start" not in raw:
        raise ValueError(f"cycle {name!r} has no start date")
    start = parse_date(raw["start"])
    end = parse_date(raw["end"]) if raw.get("end") is not None else None
    if end is not None and end < start:
        raise ValueError(f"cycle {name!r} ends ({end}) before it starts ({start})")
    status = raw.get("status", "open")
    if status not in STATUSES:
        raise ValueError(f"cycle {name!r} has status {status!r}; use one of {', '.join(STATUSES)}")
    published = raw.get("published")
    published = parse_date(published) if published is not None else (end if status == "published" else None)
    title = raw.get("title", name.title())
    return Cycle(name=name, title=str(title), start=start, end=end, status=status, published=published,
                 declared=tuple(key for key in ("status", "published") if key in raw))


def parse_cycles(raw_cycles: object, report: Callable[[str], None] | None = None) -> dict[str, Cycle]:
    """Cycles by name, oldest first; ``report(message)`` hears about each entry left out."""
    cycles: dict[str, Cycle] = {}
    if not isinstance(raw_cycles, (list, tuple)):
        if report:
            report("newsletter_cycles must be a list of dicts")
        return cycles
    for index, raw in enumerate(raw_cycles):
        try:
            cycle = _parse_cycle(raw)
        except ValueError as error:
            if report:
                report(f"newsletter_cycles[{index}] left out: {error}")
            continue
        if cycle.name in cycles:
            if report:
                report(f"newsletter_cycles[{index}] left out: cycle {cycle.name!r} is listed twice")
            continue
        cycles[cycle.name] = cycle
    return dict(sorted(cycles.items(), key=lambda item: item[1].start))


@dataclass(frozen=True)
class Section:
    """A part of an edition page: the reports with one of these tags or at one of these events."""

    title: str
    tags: tuple[str, ...] = ()
    events: tuple[str, ...] = ()

    def holds(self, tags: Iterable[str], event: str | None) -> bool:
        """Whether a report with these tags and event belongs here: names compared by their slug
        ('Design Summit' is 'design-summit')."""
        keys = {tag_key(tag) for tag in tags}
        return (any(tag_key(tag) in keys for tag in self.tags)
                or (event is not None and tag_key(event) in {tag_key(name) for name in self.events}))


def parse_sections(raw: object, report: Callable[[str], None]) -> tuple[Section, ...]:
    """``newsletter_sections``; ``report(message)`` hears about each entry left out."""
    sections = []
    for index, entry in enumerate(raw if isinstance(raw, (list, tuple)) else []):
        if (not isinstance(entry, Mapping) or not isinstance(entry.get("title"), str) or not entry["title"].strip()
                or set(entry) - {"title", "tags", "events"}
                or not all(isinstance(entry.get(key, []), (list, tuple)) for key in ("tags", "events"))):
            report(f"newsletter_sections[{index}] left out: give a dict with a 'title' and lists 'tags' and/or "
                   "'events', e.g. {'title': 'Summits', 'tags': ['summit']}")
            continue
        sections.append(Section(entry["title"].strip(), tuple(map(str, entry.get("tags", ()))),
                                tuple(map(str, entry.get("events", ())))))
    if not isinstance(raw, (list, tuple)):
        report("newsletter_sections must be a list of dicts")
    return tuple(sections)


@dataclass(frozen=True)
class Settings:
    """The settings of one site, read once. ``cycles`` holds only the published edition while
    ``newsletter publish`` builds it (``publishing``); ``all_cycles`` holds every cycle."""

    all_cycles: dict[str, Cycle] = setting(  # with the publication records applied (from_values)
        "newsletter_cycles", (), (list, tuple), "env",
        "release cycles, one edition each: name, title, start, end, status (open|published), published",
        lambda value, report: parse_cycles(value, report=report), empty=dict)
    cadence: Cadence | None = setting(
        "newsletter_cadence", None, (dict, type(None)), "env",
        "how cycles follow the declared ones: {'months': 6}, {'weeks': 1}, {'days': N} or {'releases': "
        "['YYYY-MM-DD', ...]}; once the last cycle is published, the next one opens by itself", parse_cadence)
    reports_dir: str = setting("newsletter_reports_dir", "reports", (str,), "env", "where reports live", _folder)
    feedback_dir: str = setting("newsletter_feedback_dir", "feedback", (str,), "env", "where feedback files live",
                                _folder)
    published_dir: str = setting("newsletter_published_dir", "published", (str,), "env",
                                 "where publish manifests live", _folder)
    show_drafts: bool = setting("newsletter_show_drafts", False, (bool,), "env", "list drafts in editions (previews)",
                                lambda value, report: bool(value))
    term_pages: bool = setting("newsletter_term_pages", True, (bool,), "html", "one page per tag, author and event",
                               lambda value, report: bool(value))
    feed_length: int | None = setting("newsletter_feed_length", 50, (int, type(None)), "html",
                                      "reports in the newsletter's feed, newest first (0 or None: every report)")
    email_from: str = setting("newsletter_email_from", "", (str,), "html", "From: of the mail-ready issue", _text)
    email_to: str = setting("newsletter_email_to", "", (str,), "html",
                            "To: of the mail-ready issue (the mailing list's address)", _text)
    list_id: str = setting("newsletter_list_id", "", (str,), "html",
                           "List-Id: of the mail-ready issue, e.g. 'Community newsletter <newsletter.example.org>'",
                           _text)
    list_unsubscribe: str = setting("newsletter_list_unsubscribe", "", (str,), "html",
                                    "List-Unsubscribe: of the mail-ready issue, a mailto: or https: address", _text)
    subscribe_url: str = setting("newsletter_subscribe_url", "", (str,), "html",
                                 "where readers subscribe to the mailing list (shown beside the feeds under "
                                 "'Subscribe')", _text)
    repository_url: str = setting("newsletter_repository_url", "", (str,), "env",
                                  "the site's repository on GitHub (https://github.com/<owner>/<name>): readers "
                                  "leave feedback there", lambda value, report: _repository(str(value), report))
    notes_dir: str = setting("newsletter_notes_dir", "notes", (str,), "env",
                             "where editors' notes live: notes/<cycle>.md opens that edition's page, issue and feed",
                             _folder)
    sections: tuple[Section, ...] = setting(
        "newsletter_sections", (), (list, tuple), "env",
        "sections of an edition page: [{'title': 'Summits', 'tags': [...], 'events': [...]}], in order",
        lambda value, report: parse_sections(value, report))
    site_pages: tuple[str, ...] = setting(
        "newsletter_site_pages", (), (list, tuple), "env",
        "the site's own pages besides the root document and the generated ones (docname patterns)", _names)
    asset_dirs: tuple[str, ...] = setting("newsletter_asset_dirs", (), (list, tuple), "env",
                                          "folders besides a report's own from which its images and downloads may "
                                          "come", _names)
    asset_types: tuple[str, ...] = setting("newsletter_asset_types", ASSET_TYPES, (list, tuple), "env",
                                           "file endings a report may attach",
                                           lambda value, report: tuple(str(t).lower() for t in value))
    search: str = setting("newsletter_search", "pagefind", (str,), "html",
                          "the site's search: 'pagefind' (a static index a query fetches in pieces) or 'sphinx' "
                          "(Sphinx's own, one file every search downloads whole)", _search)
    search_index_reports: int = setting(
        "newsletter_search_index_reports", SEARCH_INDEX_REPORTS, (int,), "html",
        "reports a Pagefind index of editions holds at least (an edition's index takes in the editions after it "
        "until it does): fewer, a query fetches less; more, the build runs Pagefind fewer times", _index_reports)
    publishing: str = setting("newsletter_publish", "", (str,), "env",
                              "set by `newsletter publish`: build this edition alone", _text)
    site_titles: dict[str, str] = setting(
        "newsletter_site_titles", {}, (dict,), "env",
        "set with `newsletter_publish`: the titles of the other editions' reports, by page name, shown by a "
        "link to one that has no text of its own", _titles, empty=dict)
    offline: bool = setting("newsletter_offline", True, (bool,), "html",
                            "each published edition also as EPUB and PDF (editions/<cycle>.epub, .pdf), linked "
                            "from its page and its mail", lambda value, report: bool(value))
    book: tuple[str, ...] = setting("newsletter_book", (), (list, tuple), "env",
                                    "set by the offline build: the edition's reports in order, for its EPUB and PDF",
                                    _names)
    problems: tuple[str, ...] = ()  # what is wrong in conf.py, as messages

    @property
    def cycles(self) -> dict[str, Cycle]:
        if not self.publishing:
            return self.all_cycles
        return {name: cycle for name, cycle in self.all_cycles.items() if name == self.publishing}

    @classmethod
    def from_values(cls, values: object, srcdir: Path | None = None) -> Settings:
        """Settings from ``conf.py``'s values (a Sphinx ``Config`` or the namespace the CLI reads) and,
        given the source folder, the publication records in it; a missing value takes its default."""
        problems: list[str] = []
        found: dict[str, Any] = {}
        for declared in SETTINGS:
            raw = values.get(declared.name, declared.default) if isinstance(values, Mapping) else getattr(
                values, declared.name, declared.default)
            if raw is None and type(None) not in declared.types:
                raw = declared.default
            found[declared.name] = declared.convert(raw, problems.append) if declared.convert else raw
        cycles = found["newsletter_cycles"]
        records = recorded_dates(srcdir / found["newsletter_published_dir"]) if srcdir is not None else {}
        cycles = apply_records(cycles, records, found["newsletter_published_dir"], problems.append)
        cycles = follow_cycles(cycles, found["newsletter_cadence"], records)
        for name in sorted(set(records) - set(cycles)):
            problems.append(f"{found['newsletter_published_dir']}/{name}.json records an edition {name!r} that "
                            f"newsletter_cycles does not list: add the {name!r} cycle to conf.py")
        if not cycles:
            problems.append("newsletter_cycles lists no valid release cycle; every report will be unpublished")
        found["newsletter_cycles"] = cycles
        return cls(**{item.name: found[item.metadata["setting"].name] for item in fields(cls)
                      if "setting" in item.metadata}, problems=tuple(problems))


SETTINGS: tuple[Setting, ...] = tuple(item.metadata["setting"] for item in fields(Settings) if "setting" in item.metadata)
"""The extension's settings, from the fields of ``Settings``; ``setup()`` registers each, and the CLI reads
the same defaults."""


def apply_records(cycles: dict[str, Cycle], records: Mapping[str, dt.date], published_dir: str,
                  report: Callable[[str], None]) -> dict[str, Cycle]:
    """Cycles with the state and date their publication records give; ``report(message)`` hears where
    ``conf.py`` contradicts a record, and of records for cycles ``conf.py`` does not list."""
    applied = {}
    for name, cycle in cycles.items():
        if name not in records:
            applied[name] = cycle
            continue
        published = records[name]
        record = f"{published_dir}/{name}.json"
        if "status" in cycle.declared and cycle.status != "published":
            report(f"conf.py says the {name!r} cycle is {cycle.status!r}, but {record} records its publication "
                   f"on {published}: remove \"status\" from the {name!r} entry of newsletter_cycles in conf.py")
        if "published" in cycle.declared and cycle.published != published:
            report(f"conf.py gives the {name!r} cycle \"published\": \"{cycle.published}\", but {record} records "
                   f"{published}: remove \"published\" from the {name!r} entry of newsletter_cycles in conf.py")
        applied[name] = replace(cycle, status="published", published=published, recorded=True)
    return applied


def _repository(url: str, report: Callable[[str], None]) -> str:
    """The repository address when a forge can take feedback there; else empty, with the reason."""
    from sphinx_newsletter.core.forge import forge_for

    forge, problem = forge_for(url)
    if problem:
        report(problem)
    return url.strip() if forge else ""


def current_cycle(cycles: dict[str, Cycle]) -> Cycle | None:
    """The edition in progress: the latest open cycle, else the latest cycle."""
    ordered = list(cycles.values())
    open_cycles = [cycle for cycle in ordered if not cycle.is_published]
    chosen = open_cycles or ordered
    return chosen[-1] if chosen else None


def cycle_for_date(cycles: dict[str, Cycle], day: dt.date) -> Cycle | None:
    """The latest cycle whose window holds ``day`` (a release day opens the next cycle)."""
    matching = [cycle for cycle in cycles.values() if cycle.contains(day)]
    return matching[-1] if matching else None
