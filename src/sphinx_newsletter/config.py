"""Settings read from ``conf.py``: release cycles and a few switches.

A site lists its cycles, oldest first or in any order::

    newsletter_cycles = [
        {"name": "essex", "title": "Essex", "start": "2011-09-22", "end": "2012-04-05",
         "status": "published", "published": "2012-04-10"},
        {"name": "folsom", "title": "Folsom", "start": "2012-04-05", "end": "2012-09-27"},
    ]

``status`` is ``open`` (the default) or ``published``; ``published`` is the day the
edition went out (defaults to ``end``). Windows include both their first and last day.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING


from .warnings_ import NewsletterWarning, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

CYCLE_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
CYCLE_KEYS = frozenset({"name", "title", "start", "end", "status", "published"})
STATUSES = ("open", "published")


@dataclass(frozen=True)
class Cycle:
    """A release cycle; its reports make up one edition."""

    name: str
    title: str
    start: dt.date
    end: dt.date | None
    status: str = "open"
    published: dt.date | None = None

    def contains(self, day: dt.date) -> bool:
        return self.start <= day and (self.end is None or day <= self.end)

    @property
    def is_published(self) -> bool:
        return self.status == "published"

    @property
    def window(self) -> str:
        return f"{self.start.isoformat()} to {self.end.isoformat() if self.end else 'open end'}"


def parse_date(value) -> dt.date:
    """A ``date`` from a YAML/Python date or an ISO ``YYYY-MM-DD`` string; ``ValueError`` otherwise."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        return dt.date.fromisoformat(value.strip())
    raise ValueError(f"{value!r} is not a date in YYYY-MM-DD form")


def _parse_cycle(raw) -> Cycle:
    if not isinstance(raw, dict):
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
    return Cycle(name=name, title=str(title), start=start, end=end, status=status, published=published)


def parse_cycles(raw_cycles, report=None) -> dict[str, Cycle]:
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


def current_cycle(cycles: dict[str, Cycle]) -> Cycle | None:
    """The edition in progress: the latest open cycle, else the latest cycle."""
    ordered = list(cycles.values())
    open_cycles = [cycle for cycle in ordered if not cycle.is_published]
    return (open_cycles or ordered or [None])[-1]


def cycle_for_date(cycles: dict[str, Cycle], day: dt.date) -> Cycle | None:
    """The latest cycle whose window holds ``day`` (a release day opens the next cycle)."""
    matching = [cycle for cycle in cycles.values() if cycle.contains(day)]
    return matching[-1] if matching else None


def get_cycles(config: Config) -> dict[str, Cycle]:
    """The configured cycles; while publishing one edition (``newsletter_publish``), only that one."""
    return _cycles(repr(config.newsletter_cycles), config.newsletter_publish)


@lru_cache(maxsize=8)
def _cycles(raw: str, publishing: str) -> dict[str, Cycle]:
    """Parsed once per distinct setting: pages ask for the cycles thousands of times a build."""
    cycles = parse_cycles(ast.literal_eval(raw))
    return {name: cycle for name, cycle in cycles.items() if not publishing or name == publishing}


def check_config(app: Sphinx, config: Config) -> None:
    """Report malformed settings once, when the configuration is read."""
    cycles = parse_cycles(config.newsletter_cycles, report=lambda message: warn(message, NewsletterWarning.CONFIG))
    if not cycles:
        warn("newsletter_cycles lists no valid release cycle; every report will be unpublished",
             NewsletterWarning.CONFIG)


def setup_config(app: Sphinx) -> None:
    app.add_config_value("newsletter_cycles", [], "env", types=frozenset({list, tuple}))
    app.add_config_value("newsletter_reports_dir", "reports", "env", types=frozenset({str}))
    app.add_config_value("newsletter_show_drafts", False, "env", types=frozenset({bool}))
    app.add_config_value("newsletter_term_pages", True, "html", types=frozenset({bool}))
    app.add_config_value("newsletter_published_dir", "published", "env", types=frozenset({str}))
    app.add_config_value("newsletter_publish", "", "env", types=frozenset({str}))  # set by `newsletter publish`
    app.add_config_value("newsletter_email_from", "", "html", types=frozenset({str}))
    app.add_config_value("newsletter_email_to", "", "html", types=frozenset({str}))
    app.connect("config-inited", check_config)
